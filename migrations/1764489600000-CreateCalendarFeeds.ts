import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Private iCalendar feeds of due dates: a secret URL (stored hashed) that calendar programs poll
 * without signing in. A feed covers one agency, or the person's own agencies; it answers with
 * its owner's current reach, and stops when revoked or when the owner is disabled.
 */
export class CreateCalendarFeeds1764489600000 implements MigrationInterface {
  name = 'CreateCalendarFeeds1764489600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_feed (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id      uuid NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
        agency_code  text REFERENCES agency (code),
        token_hash   text NOT NULL UNIQUE,
        created_at   timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at   timestamptz
      )`);
    await q.query(`CREATE INDEX calendar_feed_user_idx ON calendar_feed (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_feed`);
  }
}
