import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ActingUser } from '../../common/acting-user';
import { DomainError } from '../../common/domain-error';
import { ACCOUNT_JSON, type AccountView, toActingUser } from './account-json';
import { returnedRows } from '../../database/sql';
import { accessMessages as say } from './access.messages';
import { ActingUserCache } from './acting-user-cache';
import { newSecret } from './passwords';
import { secretHash } from './secret-hash';

export const TOKEN_PREFIX = 'phuluc_';

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/**
 * API tokens for other systems and scripts, sent as `Authorization: Bearer phuluc_…`. Stored
 * hashed; a token acts with its account's roles as they are now (or a moment ago, from another
 * process: ActingUserCache), and stops working when revoked or when the account is disabled.
 */
@Injectable()
export class TokensService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cache: ActingUserCache,
  ) {}

  async create(userId: string, name: string): Promise<{ token: string; view: TokenView }> {
    const token = `${TOKEN_PREFIX}${newSecret()}`;
    const [row]: TokenView[] = await this.db.query(
      `INSERT INTO api_token (user_id, name, token_hash, prefix) VALUES ($1, $2, $3, $4)
       RETURNING id, name, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`,
      [userId, name, secretHash(token), token.slice(0, TOKEN_PREFIX.length + 6)],
    );
    return { token, view: row };
  }

  /**
   * The acting user of a live token, in one query with the account and its roles, reused for a
   * moment (ActingUserCache). Its last use is written at most once a minute (not on every request).
   */
  async resolve(token: string): Promise<ActingUser | undefined> {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined;
    const hash = secretHash(token);
    const cached = this.cache.get(hash);
    if (cached) return cached;
    const startedAt = this.cache.begin();
    const rows: { item: AccountView }[] = await this.db.query(
      `WITH live AS (
         SELECT t.id, t.user_id, t.last_used_at FROM api_token t
          WHERE t.token_hash = $1 AND t.revoked_at IS NULL),
       touched AS (
         UPDATE api_token SET last_used_at = now()
          WHERE id IN (SELECT id FROM live WHERE last_used_at IS NULL OR last_used_at < now() - interval '1 minute'))
       SELECT ${ACCOUNT_JSON} AS item FROM live JOIN user_account u ON u.id = live.user_id WHERE u.disabled_at IS NULL`,
      [hash],
    );
    if (!rows[0]) return undefined;
    const user = toActingUser(rows[0].item);
    this.cache.set(hash, user, startedAt);
    return user;
  }

  async list(userId: string): Promise<TokenView[]> {
    return this.db.query(
      `SELECT id, name, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
         FROM api_token WHERE user_id = $1 ORDER BY created_at DESC`,
      [userId],
    );
  }

  /** Revokes a token of `userId` (or any token when userId is undefined: the admin). */
  async revoke(id: string, userId: string | undefined): Promise<void> {
    const rows = returnedRows(
      await this.db.query(
        `UPDATE api_token SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2) RETURNING id`,
        [id, userId ?? null],
      ),
    );
    if (!rows.length) throw new DomainError('NOT_FOUND', say.tokenNotFound(id));
    this.cache.forget();
  }
}
