import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Targets and reporting:
 * - indicator_actual: the value an indicator reached at a date, city-wide (agency_code NULL) or
 *   for one agency or commune, with its source; a correction replaces the value of that day.
 * - indicator_allocation: a year's target assigned to an agency or commune: imported from a
 *   table, or proposed by the commune and approved by the monitor.
 * - compliance_snapshot: the compliance figures of a plan's year frozen at the data cut-off, so
 *   a report for that year reads the same whenever it is regenerated.
 * - generated_document: drafts phuluc writes (annual and final reports, reminder letters), kept
 *   in file storage and attached to the task they serve (VI.1 for the annual report).
 * - An index on (plan, window start) so compliance for a year reads instances by index.
 */
export class CreateIndicatorsAndReports1764576000000 implements MigrationInterface {
  name = 'CreateIndicatorsAndReports1764576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX task_instance_plan_window_idx ON task_instance (plan_id, window_start)`);

    await q.query(`
      CREATE TABLE indicator_actual (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        indicator_id uuid NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
        agency_code  text REFERENCES agency (code),
        as_of        date NOT NULL,
        value        numeric NOT NULL CHECK (value >= 0),
        source       text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
        entered_by   text NOT NULL,
        entered_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX indicator_actual_scope_day_idx ON indicator_actual (indicator_id, COALESCE(agency_code, ''), as_of)`);

    await q.query(`
      CREATE TABLE indicator_allocation (
        indicator_id    uuid NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
        year            integer NOT NULL CHECK (year BETWEEN 1900 AND 2200),
        agency_code     text NOT NULL REFERENCES agency (code),
        value           numeric CHECK (value >= 0),
        source          text,
        note            text,
        decided_by      text,
        decided_at      timestamptz,
        proposed_value  numeric CHECK (proposed_value >= 0),
        proposed_by     text,
        proposed_at     timestamptz,
        proposal_note   text,
        CHECK (value IS NOT NULL OR proposed_value IS NOT NULL),
        PRIMARY KEY (indicator_id, year, agency_code)
      )`);

    await q.query(`
      CREATE TABLE compliance_snapshot (
        plan_id   uuid NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
        year      integer NOT NULL CHECK (year BETWEEN 1900 AND 2200),
        as_of     timestamptz NOT NULL,
        taken_at  timestamptz NOT NULL DEFAULT now(),
        figures   jsonb NOT NULL,
        PRIMARY KEY (plan_id, year)
      )`);

    await q.query(`
      CREATE TABLE generated_document (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id        uuid NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
        instance_id    uuid REFERENCES task_instance (id) ON DELETE SET NULL,
        agency_code    text REFERENCES agency (code),
        kind           text NOT NULL CHECK (kind IN ('annual-report', 'final-report', 'reminder-letter')),
        year           integer NOT NULL,
        format         text NOT NULL CHECK (format IN ('docx', 'html', 'xlsx')),
        file_name      text NOT NULL,
        storage_driver text NOT NULL,
        storage_key    text NOT NULL UNIQUE,
        size           bigint NOT NULL CHECK (size > 0),
        sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        generated_by   text NOT NULL,
        generated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX generated_document_instance_idx ON generated_document (instance_id, generated_at)`);
    await q.query(`CREATE INDEX generated_document_plan_idx ON generated_document (plan_id, kind, year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE generated_document`);
    await q.query(`DROP TABLE compliance_snapshot`);
    await q.query(`DROP TABLE indicator_allocation`);
    await q.query(`DROP TABLE indicator_actual`);
    await q.query(`DROP INDEX task_instance_plan_window_idx`);
  }
}
