import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { returnedRows } from '../../database/sql';
import { mailDomainOf, messageIdFor } from '../mail/mail-transport';
import { accessMessages as say } from './access.messages';
import { AccountsService } from './accounts.service';
import { checkNewPassword } from './domain/password-policy';
import { decideSignin, DEFAULT_THROTTLE_POLICY, type SigninAttempt, vietnameseRetryMessage } from './domain/signin-throttle';
import { decoyHash, newSecret, verifyPassword } from './passwords';
import { secretHash } from './secret-hash';
import { SessionsService } from './sessions.service';

const RESET_LINK_MINUTES = 60;

/**
 * Sign-in with e-mail and password, throttled per (e-mail, source address) and per address so
 * an attacker elsewhere cannot lock a person out; every attempt is recorded and failures are
 * logged. Password reset by a one-time link sent through the outbox.
 */
@Injectable()
export class SigninService {
  private readonly logger = new Logger('Signin');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async signIn(email: string, password: string, ip: string, userAgent?: string): Promise<{ userId: string; token: string; csrfToken: string }> {
    const address = email.trim();
    const window = DEFAULT_THROTTLE_POLICY.windowSeconds;
    const attempts: SigninAttempt[] = await this.db.query(
      `SELECT email, ip, succeeded, at FROM signin_attempt
        WHERE at > now() - make_interval(secs => $3) AND (ip = $2 OR lower(email) = lower($1))
        ORDER BY at`,
      [address, ip, window],
    );
    const [{ now }]: { now: Date }[] = await this.db.query(`SELECT now() AS now`);
    const decision = decideSignin({ email: address, ip, now, attempts });
    if (!decision.allowed) {
      this.logger.warn({ msg: 'sign-in throttled', email: address, ip, scope: decision.scope, retryAfterSeconds: decision.retryAfterSeconds });
      throw new DomainError('TOO_MANY_ATTEMPTS', vietnameseRetryMessage(decision.retryAfterSeconds), { retryAfterSeconds: decision.retryAfterSeconds });
    }
    const [account]: { id: string; password_hash: string | null; disabled_at: Date | null }[] = await this.db.query(
      `SELECT id, password_hash, disabled_at FROM user_account WHERE lower(email) = lower($1)`,
      [address],
    );
    // The same work whether or not the account exists, so timing tells nothing.
    const ok = (await verifyPassword(account?.password_hash ?? (await decoyHash()), password)) && !!account?.password_hash && !account.disabled_at;
    await this.db.query(`INSERT INTO signin_attempt (email, ip, succeeded) VALUES ($1, $2, $3)`, [address.toLowerCase(), ip, ok]);
    if (!ok) {
      this.logger.warn({ msg: 'sign-in failed', email: address, ip, reason: !account ? 'unknown-email' : account.disabled_at ? 'disabled' : 'wrong-password' });
      throw new DomainError('UNAUTHENTICATED', say.signinFailed);
    }
    const session = await this.sessions.create(account.id, ip, userAgent);
    return { userId: account.id, ...session };
  }

  /** Whether `password` is the account's current one (asked again before changing it). */
  async passwordMatches(accountId: string, password: string): Promise<boolean> {
    const [account]: { password_hash: string | null }[] = await this.db.query(`SELECT password_hash FROM user_account WHERE id = $1 AND disabled_at IS NULL`, [accountId]);
    return !!account?.password_hash && (await verifyPassword(account.password_hash, password));
  }

  /** Always answers the same (whether the e-mail is known must not leak); sends a link when it is. */
  async requestReset(email: string): Promise<void> {
    const [account]: { id: string; email: string; name: string }[] = await this.db.query(
      `SELECT id, email, name FROM user_account WHERE lower(email) = lower($1) AND disabled_at IS NULL`,
      [email.trim()],
    );
    if (!account) {
      this.logger.warn({ msg: 'password reset for unknown e-mail', email });
      return;
    }
    const token = newSecret();
    const tokenHash = secretHash(token);
    await this.db.transaction(async (tx) => {
      const [row]: { expires_at: Date }[] = await tx.query(
        `INSERT INTO password_reset (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3)) RETURNING expires_at`,
        [tokenHash, account.id, RESET_LINK_MINUTES],
      );
      const [monitor]: { name: string }[] = await tx.query(
        `SELECT a.name FROM plan p JOIN agency a ON a.code = p.monitoring_agency_code ORDER BY p.created_at LIMIT 1`,
      );
      const view = {
        monitoringAgencyName: monitor?.name ?? 'Sở Nội vụ',
        recipientName: account.name,
        link: `${this.config.publicUrl}/dat-lai-mat-khau?ma=${token}`,
        expiresAt: row.expires_at.toISOString(),
      };
      const key = `reset:${tokenHash}`;
      await tx.query(
        `INSERT INTO outbox_message (idempotency_key, template, to_email, to_name, view, message_id) VALUES ($1, 'password-reset', $2, $3, $4, $5)`,
        [key, account.email, account.name, JSON.stringify(view), messageIdFor(key, mailDomainOf(this.config.mailFrom, this.config.publicUrl))],
      );
    });
  }

  /** Whether a reset link can still be used (the page asks before showing the form). */
  async resetLinkValid(token: string): Promise<boolean> {
    const [row] = await this.db.query(
      `SELECT 1 FROM password_reset WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`,
      [secretHash(token)],
    );
    return !!row;
  }

  /** Uses a reset link once: sets the password and ends every session of the account. */
  async reset(token: string, password: string): Promise<void> {
    const [link]: { user_id: string; email: string; name: string }[] = await this.db.query(
      `SELECT r.user_id, u.email, u.name FROM password_reset r JOIN user_account u ON u.id = r.user_id
        WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now()`,
      [secretHash(token)],
    );
    if (!link) throw new DomainError('VALIDATION_FAILED', say.resetInvalid, { errors: [{ field: 'token', message: say.resetInvalid }] });
    // A password the policy refuses leaves the link usable for another try.
    const problems = checkNewPassword(password, link);
    if (problems.length) throw new DomainError('VALIDATION_FAILED', problems.join(' '), { errors: problems.map((message) => ({ field: 'password', message })) });
    const used = returnedRows(
      await this.db.query(`UPDATE password_reset SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING token_hash`, [secretHash(token)]),
    );
    if (!used.length) throw new DomainError('VALIDATION_FAILED', say.resetInvalid);
    await this.accounts.changePassword(link.user_id, password);
  }
}
