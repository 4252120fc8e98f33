import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ACCOUNT_ROLES, type AccountRole, type ActingUser } from '../../common/acting-user';
import { DomainError } from '../../common/domain-error';
import { returnedRows } from '../../database/sql';
import { accessMessages as say } from './access.messages';
import { ActingUserCache } from './acting-user-cache';
import { ACCOUNT_JSON, type AccountView, toActingUser } from './account-json';
import { checkNewPassword } from './domain/password-policy';
import { generatePassword, hashPassword } from './passwords';

export interface AccountInput {
  email: string;
  name: string;
  roles?: AccountRole[];
  /** Absent: a password is generated and returned once. */
  password?: string;
  /** Agency roles: the directory's contacts with this e-mail (they also receive the reminders). */
  focalPointOf?: string[];
  headOf?: string[];
}

export type { AccountView };

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/u;
/** Serializes the first-admin check across processes ("adm1"). */
const FIRST_ADMIN_LOCK_KEY = 0x61646d31;

/** Accounts and their roles: created by the admin (pages, API, `phuluc user add`) or at first start. */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger('Accounts');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly actingUsers: ActingUserCache,
  ) {}

  /** Creates an account, or updates the one with this e-mail (name, roles added, agencies added). */
  async upsert(input: AccountInput): Promise<{ account: AccountView; created: boolean; generatedPassword?: string }> {
    const checked = this.checkInput(input);
    const result = await this.db.transaction((tx) => this.upsertIn(tx, checked));
    this.actingUsers.forget();
    return result;
  }

  private checkInput(input: AccountInput): AccountInput {
    const email = input.email.trim();
    const name = input.name.normalize('NFC').trim();
    if (!EMAIL.test(email)) throw new DomainError('VALIDATION_FAILED', say.emailInvalid(email), { errors: [{ field: 'email', message: say.emailInvalid(email) }] });
    if (!name) throw new DomainError('VALIDATION_FAILED', say.nameRequired, { errors: [{ field: 'name', message: say.nameRequired }] });
    const roles = [...new Set(input.roles ?? [])];
    for (const role of roles) if (!ACCOUNT_ROLES.includes(role)) throw new DomainError('VALIDATION_FAILED', say.roleUnknown(role));
    if (input.password !== undefined) {
      const problems = checkNewPassword(input.password, { email, name });
      if (problems.length) throw new DomainError('VALIDATION_FAILED', problems.join(' '), { errors: problems.map((message) => ({ field: 'password', message })) });
    }
    return { ...input, email, name, roles };
  }

  private async upsertIn(tx: EntityManager, input: AccountInput): Promise<{ account: AccountView; created: boolean; generatedPassword?: string }> {
    const { email, name } = input;
    const roles = input.roles ?? [];
    let generatedPassword: string | undefined;
    let password = input.password;
    const [existing]: { id: string }[] = await tx.query(`SELECT id FROM user_account WHERE lower(email) = lower($1) FOR UPDATE`, [email]);
    let id = existing?.id;
    if (!id) {
      if (password === undefined) password = generatedPassword = generatePassword();
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO user_account (email, name, password_hash, password_changed_at) VALUES ($1, $2, $3, now()) RETURNING id`,
        [email, name, await hashPassword(password)],
      );
      id = row.id;
    } else {
      await tx.query(`UPDATE user_account SET name = $2, updated_at = now() WHERE id = $1`, [id, name]);
      if (password !== undefined) await this.storePassword(tx, id, password);
    }
    if (roles.length) {
      await tx.query(`INSERT INTO user_role (user_id, role) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [id, roles]);
    }
    await this.addAgencyRoles(tx, email, name, 'focal-point', input.focalPointOf ?? []);
    await this.addAgencyRoles(tx, email, name, 'head', input.headOf ?? []);
    return { account: await this.view(tx, id), created: !existing, ...(generatedPassword ? { generatedPassword } : {}) };
  }

  /** Replaces the account-wide roles and the agency roles. */
  async setRoles(id: string, roles: AccountRole[], agencies: { focalPointOf: string[]; headOf: string[] }): Promise<AccountView> {
    for (const role of roles) if (!ACCOUNT_ROLES.includes(role)) throw new DomainError('VALIDATION_FAILED', say.roleUnknown(role));
    const view = await this.db.transaction(async (tx) => {
      const [account]: { email: string; name: string }[] = await tx.query(`SELECT email, name FROM user_account WHERE id = $1 FOR UPDATE`, [id]);
      if (!account) throw new DomainError('NOT_FOUND', say.accountNotFound(id));
      await tx.query(`DELETE FROM user_role WHERE user_id = $1`, [id]);
      if (roles.length) await tx.query(`INSERT INTO user_role (user_id, role) SELECT $1, unnest($2::text[])`, [id, [...new Set(roles)]]);
      // Agency roles live in the directory: contacts no longer held are deactivated, never deleted.
      await tx.query(
        `UPDATE person SET active = false, updated_at = now()
          WHERE lower(email) = lower($1) AND active
            AND NOT ((role = 'focal-point' AND agency_code = ANY($2::text[])) OR (role = 'head' AND agency_code = ANY($3::text[])))`,
        [account.email, agencies.focalPointOf, agencies.headOf],
      );
      await this.addAgencyRoles(tx, account.email, account.name, 'focal-point', agencies.focalPointOf);
      await this.addAgencyRoles(tx, account.email, account.name, 'head', agencies.headOf);
      return this.view(tx, id);
    });
    this.actingUsers.forget();
    return view;
  }

  /** Disabling ends every session and stops every token at once. */
  async setDisabled(id: string, disabled: boolean): Promise<AccountView> {
    const view = await this.db.transaction(async (tx) => {
      const rows = returnedRows(
        await tx.query(
          `UPDATE user_account SET disabled_at = CASE WHEN $2 THEN COALESCE(disabled_at, now()) END, updated_at = now() WHERE id = $1 RETURNING id`,
          [id, disabled],
        ),
      );
      if (!rows.length) throw new DomainError('NOT_FOUND', say.accountNotFound(id));
      if (disabled) await tx.query(`DELETE FROM user_session WHERE user_id = $1`, [id]);
      return this.view(tx, id);
    });
    this.actingUsers.forget();
    return view;
  }

  /** Sets a new password (checked against the policy) and ends the account's other sessions. */
  async changePassword(id: string, password: string, keepSession?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [account]: { email: string; name: string }[] = await tx.query(`SELECT email, name FROM user_account WHERE id = $1 FOR UPDATE`, [id]);
      if (!account) throw new DomainError('NOT_FOUND', say.accountNotFound(id));
      const problems = checkNewPassword(password, account);
      if (problems.length) throw new DomainError('VALIDATION_FAILED', problems.join(' '), { errors: problems.map((message) => ({ field: 'password', message })) });
      await this.storePassword(tx, id, password);
      await tx.query(`DELETE FROM user_session WHERE user_id = $1 AND id IS DISTINCT FROM $2`, [id, keepSession ?? null]);
    });
  }

  async list(): Promise<AccountView[]> {
    const rows: { item: AccountView }[] = await this.db.query(`SELECT ${ACCOUNT_JSON} AS item FROM user_account u ORDER BY lower(u.email)`);
    return rows.map((r) => r.item);
  }

  async get(id: string): Promise<AccountView> {
    return this.view(this.db.manager, id);
  }

  /** The acting user of an account, or undefined when it is disabled or gone. */
  async actingUser(id: string): Promise<ActingUser | undefined> {
    const [row]: { item: AccountView }[] = await this.db.query(`SELECT ${ACCOUNT_JSON} AS item FROM user_account u WHERE u.id = $1 AND u.disabled_at IS NULL`, [id]);
    return row ? toActingUser(row.item) : undefined;
  }

  /**
   * At the first start on an empty database: one admin, from ADMIN_EMAIL/ADMIN_PASSWORD or with a
   * generated password returned here (the caller prints it once). Nothing when any account exists.
   */
  async ensureFirstAdmin(email: string | undefined, password: string | undefined): Promise<{ email: string; generatedPassword?: string } | undefined> {
    const input = this.checkInput({ email: email ?? 'admin@phuluc.local', name: 'Quản trị viên', roles: ['admin'], password });
    // Several processes may start at once on an empty database: the check and the insert happen
    // under one lock, so exactly one of them finds no account and creates the admin.
    const result = await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [FIRST_ADMIN_LOCK_KEY]);
      const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM user_account`);
      return n > 0 ? undefined : this.upsertIn(tx, input);
    });
    if (!result) return undefined;
    this.logger.log({ msg: 'first admin created', email: result.account.email });
    return { email: result.account.email, ...(result.generatedPassword ? { generatedPassword: result.generatedPassword } : {}) };
  }

  private async storePassword(tx: EntityManager, id: string, password: string): Promise<void> {
    await tx.query(`UPDATE user_account SET password_hash = $2, password_changed_at = now(), updated_at = now() WHERE id = $1`, [id, await hashPassword(password)]);
  }

  private async addAgencyRoles(tx: EntityManager, email: string, name: string, role: 'focal-point' | 'head', agencies: string[]): Promise<void> {
    if (!agencies.length) return;
    const known: { code: string }[] = await tx.query(`SELECT code FROM agency WHERE code = ANY($1::text[])`, [agencies]);
    const unknown = agencies.filter((a) => !known.some((k) => k.code === a));
    if (unknown.length) throw new DomainError('VALIDATION_FAILED', say.agencyUnknown(unknown.join(', ')));
    await tx.query(
      `INSERT INTO person (agency_code, role, name, email) SELECT unnest($1::text[]), $2, $3, $4
       ON CONFLICT (agency_code, role, lower(email)) DO UPDATE SET active = true, updated_at = now()`,
      [agencies, role, name, email],
    );
  }

  private async view(tx: EntityManager, id: string): Promise<AccountView> {
    const [row]: { item: AccountView }[] = await tx.query(`SELECT ${ACCOUNT_JSON} AS item FROM user_account u WHERE u.id = $1`, [id]);
    if (!row) throw new DomainError('NOT_FOUND', say.accountNotFound(id));
    return row.item;
  }
}
