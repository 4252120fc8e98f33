import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deliverables: a submission is one version of what an agency sent for a task instance (files,
 * figures, a note, a link, an official document's metadata); resubmissions add versions and
 * never change old ones, except for their review. Files are stored under server-generated keys;
 * the rows here are their only record (a stored file without a row is an orphan for cleanup).
 * The audit log keeps every change with actor, time, action, before and after; it is append-only.
 */
export class CreateSubmissions1764316800000 implements MigrationInterface {
  name = 'CreateSubmissions1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE submission (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        instance_id     uuid NOT NULL REFERENCES task_instance (id) ON DELETE CASCADE,
        version         integer NOT NULL CHECK (version >= 1),
        period_key      text NOT NULL,
        submitted_by    text NOT NULL,
        submitted_at    timestamptz NOT NULL,
        due_at          timestamptz NOT NULL,
        cutoff_to       date,
        after_due       boolean NOT NULL,
        after_cutoff    boolean NOT NULL,
        note            text,
        link            text,
        document        jsonb,
        review_status   text NOT NULL DEFAULT 'pending' CHECK (review_status IN ('pending', 'accepted', 'returned')),
        reviewed_by     text,
        reviewed_at     timestamptz,
        review_comment  text,
        revision_due_date date,
        created_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (instance_id, version)
      )`);
    await q.query(`
      CREATE TABLE submission_file (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        submission_id  uuid NOT NULL REFERENCES submission (id) ON DELETE CASCADE,
        position       integer NOT NULL,
        storage_driver text NOT NULL,
        storage_key    text NOT NULL UNIQUE,
        size           bigint NOT NULL CHECK (size > 0),
        sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        kind           text NOT NULL,
        mime           text NOT NULL,
        original_name  text NOT NULL,
        declared_type  text,
        scan           text NOT NULL CHECK (scan IN ('clean', 'not-scanned')),
        uploaded_at    timestamptz NOT NULL,
        UNIQUE (submission_id, position)
      )`);
    await q.query(`
      CREATE TABLE submission_figure (
        submission_id uuid NOT NULL REFERENCES submission (id) ON DELETE CASCADE,
        metric_code   text NOT NULL,
        metric_name   text NOT NULL,
        unit          text NOT NULL,
        type          text NOT NULL CHECK (type IN ('integer', 'decimal', 'percentage')),
        value         numeric NOT NULL,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (submission_id, metric_code)
      )`);
    // Roll-ups read the figures of one metric across a row's instances.
    await q.query(`CREATE INDEX submission_figure_metric_idx ON submission_figure (metric_code)`);

    await q.query(`
      CREATE TABLE audit_event (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at           timestamptz NOT NULL DEFAULT now(),
        actor        text NOT NULL,
        action       text NOT NULL,
        plan_id      uuid,
        instance_id  uuid,
        agency_code  text,
        subject_type text NOT NULL,
        subject_id   text NOT NULL,
        before       jsonb,
        after        jsonb,
        details      jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_event_instance_idx ON audit_event (instance_id, at)`);
    await q.query(`CREATE INDEX audit_event_at_idx ON audit_event (at)`);
    await q.query(`CREATE INDEX audit_event_actor_idx ON audit_event (actor, at)`);
    await q.query(`CREATE INDEX audit_event_agency_idx ON audit_event (agency_code, at)`);
    // The record of who did what is never rewritten.
    await q.query(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_event`);
    await q.query(`DROP FUNCTION audit_event_append_only()`);
    await q.query(`DROP TABLE submission_figure`);
    await q.query(`DROP TABLE submission_file`);
    await q.query(`DROP TABLE submission`);
  }
}
