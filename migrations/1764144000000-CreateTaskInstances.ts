import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Task instances: one per (definition version, period, responsible agency), with their
 * lifecycle history; and the working calendar's yearly announcements (days off, make-up days).
 */
export class CreateTaskInstances1764144000000 implements MigrationInterface {
  name = 'CreateTaskInstances1764144000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_year (
        year        integer PRIMARY KEY CHECK (year BETWEEN 1900 AND 2199),
        adjustments jsonb NOT NULL,
        source_file text NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE task_instance (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- plan_id and definition_id are copies of the version's, written with it by the generator:
        -- one foreign key (version_id) guards all three, and millions of rows skip two checks each.
        plan_id            uuid NOT NULL,
        definition_id      uuid NOT NULL,
        version_id         uuid NOT NULL REFERENCES workflow_definition_version (id) ON DELETE CASCADE,
        period_key         text NOT NULL,
        period_kind        text NOT NULL CHECK (period_kind IN ('year', 'half', 'quarter', 'month', 'window', 'once', 'ad-hoc')),
        period_label       text NOT NULL,
        window_start       date NOT NULL,
        window_end         date NOT NULL,
        cutoff_from        date,
        cutoff_to          date,
        agency_code        text NOT NULL REFERENCES agency (code),
        role               text NOT NULL CHECK (role IN ('lead', 'support')),
        via_group          text,
        status             text NOT NULL DEFAULT 'open'
                           CHECK (status IN ('open', 'submitted', 'accepted', 'returned', 'waived', 'cancelled')),
        nominal_due_date   date NOT NULL,
        due_date           date NOT NULL,
        due_at             timestamptz NOT NULL,
        opens_on           date NOT NULL,
        is_update          boolean NOT NULL DEFAULT false,
        ad_hoc             boolean NOT NULL DEFAULT false,
        title              text,
        original_due_date  date,
        submission_count   integer NOT NULL DEFAULT 0 CHECK (submission_count >= 0),
        first_submitted_at timestamptz,
        submitted_at       timestamptz,
        accepted_at        timestamptz,
        returned_at        timestamptz,
        closed_at          timestamptz,
        closed_reason      text,
        status_changed_at  timestamptz NOT NULL DEFAULT now(),
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        CHECK (window_end >= window_start),
        UNIQUE (version_id, period_key, agency_code)
      )`);
    // One instance per row, period and agency across versions: a new version does not duplicate work.
    await q.query(`CREATE INDEX task_instance_definition_period_idx ON task_instance (definition_id, period_key, agency_code)`);
    await q.query(`CREATE INDEX task_instance_plan_due_idx ON task_instance (plan_id, due_date)`);
    await q.query(`CREATE INDEX task_instance_agency_due_idx ON task_instance (agency_code, due_date)`);
    await q.query(`CREATE INDEX task_instance_status_due_idx ON task_instance (status, due_at)`);

    // The Vietnamese task-tracking classification as of an instant; mirrors classifyTask() in
    // src/modules/scheduling/domain/task-lifecycle.ts (a test keeps the two in step).
    await q.query(`
      CREATE FUNCTION task_classification(status text, submitted_at timestamptz, due_at timestamptz, as_of timestamptz)
      RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
          WHEN status IN ('waived', 'cancelled') THEN status
          WHEN status IN ('submitted', 'accepted') THEN
            CASE WHEN COALESCE(submitted_at, as_of) <= due_at THEN 'done-on-time' ELSE 'done-late' END
          WHEN as_of <= due_at THEN 'in-progress-on-time'
          ELSE 'overdue-not-done'
        END
      $$`);

    await q.query(`
      CREATE TABLE task_transition (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        instance_id uuid NOT NULL REFERENCES task_instance (id) ON DELETE CASCADE,
        event       text NOT NULL,
        from_status text,
        to_status   text NOT NULL,
        actor       text NOT NULL,
        reason      text,
        details     jsonb NOT NULL DEFAULT '{}',
        at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX task_transition_instance_idx ON task_transition (instance_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_transition`);
    await q.query(`DROP FUNCTION task_classification(text, timestamptz, timestamptz, timestamptz)`);
    await q.query(`DROP TABLE task_instance`);
    await q.query(`DROP TABLE calendar_year`);
  }
}
