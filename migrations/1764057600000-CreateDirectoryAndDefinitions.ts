import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agency directory, plans, and versioned workflow definitions (one per appendix row).
 * Versions are immutable: a changed row gets a new version, so later task instances that
 * reference a version are never rewritten.
 */
export class CreateDirectoryAndDefinitions1764057600000 implements MigrationInterface {
  name = 'CreateDirectoryAndDefinitions1764057600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agency (
        code          text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]*$'),
        name          text NOT NULL CHECK (btrim(name) <> ''),
        short_name    text,
        kind          text NOT NULL,
        level         text NOT NULL CHECK (level IN ('city', 'commune')),
        official_code text,
        unit_name     text,
        unit_type     text CHECK (unit_type IN ('xa', 'phuong', 'dac_khu')),
        confirmation  text NOT NULL CHECK (confirmation IN ('official', 'to_be_confirmed')),
        source_file   text NOT NULL,
        retired_at    timestamptz,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX agency_official_code_key ON agency (official_code) WHERE official_code IS NOT NULL`);

    // The people of an agency who get its tasks (focal points) and escalations (the head);
    // the same records will sign in. Those written in workflows/ have source 'definitions'.
    await q.query(`
      CREATE TABLE person (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_code text NOT NULL REFERENCES agency (code),
        role        text NOT NULL CHECK (role IN ('head', 'focal-point')),
        name        text,
        title       text,
        email       text NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
        phone       text,
        active      boolean NOT NULL DEFAULT true,
        source      text NOT NULL DEFAULT 'manual' CHECK (source IN ('definitions', 'manual')),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX person_agency_role_email_key ON person (agency_code, role, lower(email))`);
    await q.query(`CREATE INDEX person_email_idx ON person (lower(email))`);

    await q.query(`
      CREATE TABLE agency_group (
        code        text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]*$'),
        name        text NOT NULL CHECK (btrim(name) <> ''),
        description text,
        membership  text NOT NULL CHECK (membership IN ('listed', 'pending', 'per_row')),
        confirmation text NOT NULL CHECK (confirmation IN ('official', 'to_be_confirmed')),
        source_file text NOT NULL,
        retired_at  timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE agency_group_member (
        group_code  text NOT NULL REFERENCES agency_group (code) ON DELETE CASCADE,
        agency_code text NOT NULL REFERENCES agency (code),
        PRIMARY KEY (group_code, agency_code)
      )`);
    await q.query(`CREATE INDEX agency_group_member_agency_idx ON agency_group_member (agency_code)`);

    await q.query(`
      CREATE TABLE plan (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code                   text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]*$'),
        title                  text NOT NULL CHECK (btrim(title) <> ''),
        document_number        text,
        issued_on              date,
        issuer                 text NOT NULL,
        signer                 text,
        monitoring_agency_code text NOT NULL REFERENCES agency (code),
        horizon_start          date NOT NULL,
        horizon_end            date NOT NULL,
        status                 text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'closed')),
        legal_bases            jsonb NOT NULL DEFAULT '[]',
        settings               jsonb NOT NULL DEFAULT '{}',
        notes                  jsonb NOT NULL DEFAULT '[]',
        source_file            text NOT NULL,
        content_hash           text NOT NULL,
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now(),
        CHECK (horizon_end >= horizon_start)
      )`);

    await q.query(`
      CREATE TABLE plan_section (
        plan_id           uuid NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
        key               text NOT NULL,
        position          integer NOT NULL,
        title             text NOT NULL,
        provenance        text NOT NULL CHECK (provenance IN ('verbatim', 'uncertain', 'inferred')),
        rows_in_source    boolean NOT NULL DEFAULT true,
        rows_not_in_source text[] NOT NULL DEFAULT '{}',
        note              text,
        PRIMARY KEY (plan_id, key)
      )`);

    await q.query(`
      CREATE TABLE workflow_definition (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id         uuid NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
        key             text NOT NULL,
        position        integer NOT NULL,
        current_version integer NOT NULL CHECK (current_version >= 1),
        retired_at      timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (plan_id, key)
      )`);

    await q.query(`
      CREATE TABLE workflow_definition_version (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        definition_id    uuid NOT NULL REFERENCES workflow_definition (id) ON DELETE CASCADE,
        version          integer NOT NULL CHECK (version >= 1),
        section_key      text NOT NULL,
        task             text NOT NULL CHECK (btrim(task) <> ''),
        lead_text        text NOT NULL,
        support_text     text,
        deliverable      jsonb NOT NULL,
        timing_text      text NOT NULL CHECK (btrim(timing_text) <> ''),
        schedule         jsonb,
        provenance       text NOT NULL CHECK (provenance IN ('verbatim', 'uncertain', 'inferred')),
        provenance_notes jsonb NOT NULL DEFAULT '[]',
        reminders        jsonb,
        content_hash     text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        UNIQUE (definition_id, version)
      )`);

    await q.query(`
      CREATE TABLE workflow_party (
        version_id  uuid NOT NULL REFERENCES workflow_definition_version (id) ON DELETE CASCADE,
        role        text NOT NULL CHECK (role IN ('lead', 'support')),
        position    integer NOT NULL,
        agency_code text REFERENCES agency (code),
        group_code  text REFERENCES agency_group (code),
        PRIMARY KEY (version_id, role, position),
        CHECK ((agency_code IS NULL) <> (group_code IS NULL))
      )`);
    await q.query(`CREATE INDEX workflow_party_agency_idx ON workflow_party (agency_code) WHERE agency_code IS NOT NULL`);
    await q.query(`CREATE INDEX workflow_party_group_idx ON workflow_party (group_code) WHERE group_code IS NOT NULL`);

    await q.query(`
      CREATE TABLE indicator (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id     uuid NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
        code        text NOT NULL,
        position    integer NOT NULL,
        name        text NOT NULL,
        unit        text NOT NULL,
        target_kind text NOT NULL CHECK (target_kind IN ('target', 'minimum', 'maximum')),
        part_of     text,
        note        text,
        UNIQUE (plan_id, code)
      )`);
    await q.query(`
      CREATE TABLE indicator_target (
        indicator_id uuid NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
        year         integer NOT NULL CHECK (year BETWEEN 1900 AND 2200),
        value        numeric NOT NULL,
        provenance   text NOT NULL CHECK (provenance IN ('verbatim', 'uncertain', 'inferred')),
        note         text,
        PRIMARY KEY (indicator_id, year)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'indicator_target',
      'indicator',
      'workflow_party',
      'workflow_definition_version',
      'workflow_definition',
      'plan_section',
      'plan',
      'agency_group_member',
      'agency_group',
      'person',
      'agency',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
