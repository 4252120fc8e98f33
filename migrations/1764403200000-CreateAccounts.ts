import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may sign in. An account is one person (one e-mail); its roles are the account-wide ones
 * here (admin, monitor, viewer) plus, for each agency, the roles the directory's `person` rows
 * with the same e-mail give (focal point, head): one list of contacts serves reminders and
 * access alike. Sessions, API tokens, sign-in attempts and password-reset links live here too,
 * so several app processes share them; only hashes of secrets are stored.
 */
export class CreateAccounts1764403200000 implements MigrationInterface {
  name = 'CreateAccounts1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_account (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email               text NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
        name                text NOT NULL,
        password_hash       text,
        password_changed_at timestamptz,
        disabled_at         timestamptz,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX user_account_email_key ON user_account (lower(email))`);
    await q.query(`
      CREATE TABLE user_role (
        user_id uuid NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
        role    text NOT NULL CHECK (role IN ('admin', 'monitor', 'viewer')),
        PRIMARY KEY (user_id, role)
      )`);
    await q.query(`
      CREATE TABLE user_session (
        id           text PRIMARY KEY,
        user_id      uuid NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
        csrf_token   text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz NOT NULL,
        ip           text,
        user_agent   text
      )`);
    await q.query(`CREATE INDEX user_session_user_idx ON user_session (user_id)`);
    await q.query(`
      CREATE TABLE api_token (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id      uuid NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
        name         text NOT NULL,
        token_hash   text NOT NULL UNIQUE,
        prefix       text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at   timestamptz
      )`);
    await q.query(`
      CREATE TABLE signin_attempt (
        id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email     text NOT NULL,
        ip        text NOT NULL,
        succeeded boolean NOT NULL,
        at        timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX signin_attempt_email_ip_idx ON signin_attempt (lower(email), ip, at)`);
    await q.query(`CREATE INDEX signin_attempt_ip_idx ON signin_attempt (ip, at)`);
    await q.query(`
      CREATE TABLE password_reset (
        token_hash text PRIMARY KEY,
        user_id    uuid NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at    timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE password_reset`);
    await q.query(`DROP TABLE signin_attempt`);
    await q.query(`DROP TABLE api_token`);
    await q.query(`DROP TABLE user_session`);
    await q.query(`DROP TABLE user_role`);
    await q.query(`DROP TABLE user_account`);
  }
}
