import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { returnedRows } from '../../database/sql';
import { accessMessages as say } from './access.messages';
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
 * hashed; a token acts with its account's roles as they are at each request, and stops working
 * when revoked or when the account is disabled.
 */
@Injectable()
export class TokensService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(userId: string, name: string): Promise<{ token: string; view: TokenView }> {
    const token = `${TOKEN_PREFIX}${newSecret()}`;
    const [row]: TokenView[] = await this.db.query(
      `INSERT INTO api_token (user_id, name, token_hash, prefix) VALUES ($1, $2, $3, $4)
       RETURNING id, name, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`,
      [userId, name, secretHash(token), token.slice(0, TOKEN_PREFIX.length + 6)],
    );
    return { token, view: row };
  }

  /** The account id of a live token. */
  async resolve(token: string): Promise<string | undefined> {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined;
    const rows = returnedRows<{ user_id: string }>(
      await this.db.query(
        `UPDATE api_token t SET last_used_at = now() FROM user_account u
          WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.id = t.user_id AND u.disabled_at IS NULL
          RETURNING t.user_id`,
        [secretHash(token)],
      ),
    );
    return rows[0]?.user_id;
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
  }
}
