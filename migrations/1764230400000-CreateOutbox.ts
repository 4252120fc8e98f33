import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mail outbox. A message is one e-mail to one recipient (a digest covers several reminders);
 * its items say which reminder steps it carries, under a unique key per (instance, step,
 * occurrence, ladder due date, recipient) so each reminder is planned once. Dispatchers claim
 * messages with FOR UPDATE SKIP LOCKED and a lease; every attempt is kept. One row holds the
 * global send rate (a token bucket) and the pause after an SMTP authentication failure.
 */
export class CreateOutbox1764230400000 implements MigrationInterface {
  name = 'CreateOutbox1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_message (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key text NOT NULL UNIQUE,
        template        text NOT NULL,
        to_email        text NOT NULL,
        to_name         text,
        cc              jsonb NOT NULL DEFAULT '[]',
        view            jsonb NOT NULL,
        state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'dead', 'cancelled')),
        attempts        integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until     timestamptz,
        claimed_by      text,
        message_id      text NOT NULL UNIQUE,
        smtp_response   text,
        last_error      text,
        sent_at         timestamptz,
        dead_at         timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    // The dispatcher's queue: only what can still be sent, in order.
    await q.query(`CREATE INDEX outbox_message_due_idx ON outbox_message (next_attempt_at) WHERE state IN ('pending', 'sending')`);
    await q.query(`CREATE INDEX outbox_message_state_idx ON outbox_message (state, created_at)`);

    await q.query(`
      CREATE TABLE outbox_item (
        message_id  uuid NOT NULL REFERENCES outbox_message (id) ON DELETE CASCADE,
        instance_id uuid NOT NULL REFERENCES task_instance (id) ON DELETE CASCADE,
        step        text NOT NULL,
        occurrence  integer NOT NULL DEFAULT 0,
        ladder_due  date NOT NULL,
        recipient   text NOT NULL,
        send_on     date NOT NULL,
        PRIMARY KEY (instance_id, step, occurrence, ladder_due, recipient)
      )`);
    await q.query(`CREATE INDEX outbox_item_message_idx ON outbox_item (message_id)`);

    await q.query(`
      CREATE TABLE outbox_attempt (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        message_id  uuid NOT NULL REFERENCES outbox_message (id) ON DELETE CASCADE,
        attempt     integer NOT NULL,
        worker      text NOT NULL,
        started_at  timestamptz NOT NULL,
        finished_at timestamptz NOT NULL DEFAULT now(),
        outcome     text NOT NULL CHECK (outcome IN ('sent', 'retry', 'dead', 'paused')),
        smtp_code   integer,
        response    text,
        error       text
      )`);
    await q.query(`CREATE INDEX outbox_attempt_message_idx ON outbox_attempt (message_id, attempt)`);

    await q.query(`
      CREATE TABLE mail_control (
        id            integer PRIMARY KEY CHECK (id = 1),
        tokens        double precision NOT NULL,
        refilled_at   timestamptz NOT NULL DEFAULT now(),
        paused_until  timestamptz,
        paused_reason text
      )`);
    await q.query(`INSERT INTO mail_control (id, tokens) VALUES (1, 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mail_control`);
    await q.query(`DROP TABLE outbox_attempt`);
    await q.query(`DROP TABLE outbox_item`);
    await q.query(`DROP TABLE outbox_message`);
  }
}
