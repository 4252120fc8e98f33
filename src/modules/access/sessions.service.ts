import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { type ActingUser } from '../../common/acting-user';
import { ACCOUNT_JSON, type AccountView, toActingUser } from './account-json';
import { newSecret } from './passwords';
import { secretHash } from './secret-hash';

export const SESSION_COOKIE = 'phuluc_session';

export interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
}

export interface LiveSession extends SessionRow {
  user: ActingUser;
}

/**
 * Sessions in PostgreSQL (shared by every app process): the cookie holds a random token, the
 * table its SHA-256. A session ends after `sessionIdleMinutes` without a request or
 * `sessionMaxHours` after sign-in, at sign-out, and when the account is disabled. Times are the
 * database's clock, the same for every process.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(userId: string, ip: string | undefined, userAgent: string | undefined): Promise<{ token: string; csrfToken: string }> {
    const token = newSecret();
    const csrfToken = newSecret(24);
    await this.db.query(
      `INSERT INTO user_session (id, user_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, now() + make_interval(hours => $4), $5, $6)`,
      [secretHash(token), userId, csrfToken, this.config.sessionMaxHours, ip ?? null, userAgent?.slice(0, 300) ?? null],
    );
    return { token, csrfToken };
  }

  /**
   * The live session of a cookie token; using it keeps it alive. The last use is written at most
   * once a minute (the idle timeout counts in minutes), not on every request.
   */
  async resolve(token: string): Promise<LiveSession | undefined> {
    const rows: (SessionRow & { item: AccountView })[] = await this.db.query(
      `WITH live AS (
         SELECT s.id, s.user_id, s.csrf_token, s.last_seen_at FROM user_session s
          WHERE s.id = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $2)),
       touched AS (
         UPDATE user_session SET last_seen_at = now() WHERE id IN (SELECT id FROM live WHERE last_seen_at < now() - interval '1 minute'))
       SELECT live.id, live.user_id, live.csrf_token, ${ACCOUNT_JSON} AS item
         FROM live JOIN user_account u ON u.id = live.user_id WHERE u.disabled_at IS NULL`,
      [secretHash(token), this.config.sessionIdleMinutes],
    );
    const row = rows[0];
    return row ? { id: row.id, user_id: row.user_id, csrf_token: row.csrf_token, user: toActingUser(row.item) } : undefined;
  }

  async destroy(token: string): Promise<void> {
    await this.db.query(`DELETE FROM user_session WHERE id = $1`, [secretHash(token)]);
  }

  /** Expired sessions are only garbage: removed now and then. */
  async purgeExpired(): Promise<void> {
    await this.db.query(`DELETE FROM user_session WHERE expires_at < now() OR last_seen_at < now() - make_interval(mins => $1)`, [this.config.sessionIdleMinutes]);
  }
}
