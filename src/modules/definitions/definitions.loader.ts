import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../../database/sql';
import { parseTiming } from '../scheduling/domain/timing-parser';
import { contentHash } from './domain/content-hash';
import { DefinitionSet, PlanDefinition, RowContent, RowDefinition } from './domain/definition-set';

export interface Counts {
  added: number;
  updated: number;
  unchanged: number;
  retired: number;
}

export interface PlanLoadSummary {
  code: string;
  created: boolean;
  updated: boolean;
  rows: { added: number; newVersions: number; unchanged: number; retired: number; total: number } | null;
  indicators: number;
}

export interface LoadSummary {
  agencies: Counts;
  groups: Counts;
  calendarYears: Counts;
  plans: PlanLoadSummary[];
}

/** Serialises loads: two processes loading at once run one after the other. */
const LOAD_LOCK_KEY = 0x706c6f61;

const zero = (): Counts => ({ added: 0, updated: 0, unchanged: 0, retired: 0 });

export function rowContent(row: RowDefinition): RowContent {
  return {
    section: row.section,
    task: row.task,
    lead: row.lead,
    support: row.support,
    deliverable: row.deliverable,
    timing: row.timing,
    provenance: row.provenance,
    provenanceNotes: row.provenanceNotes,
    ...(row.reminders ? { reminders: row.reminders } : {}),
  };
}

/**
 * Writes a checked definition set into PostgreSQL in one transaction. Idempotent: loading the
 * same files twice changes nothing. A row whose content changed gets a new immutable version;
 * a row that left its file is retired, never deleted.
 */
export class DefinitionsLoader {
  constructor(private readonly dataSource: DataSource) {}

  async load(set: DefinitionSet): Promise<LoadSummary> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOAD_LOCK_KEY]);
      const agencies = await this.loadAgencies(tx, set);
      const groups = await this.loadGroups(tx, set);
      const calendarYears = await this.loadCalendar(tx, set);
      const plans: PlanLoadSummary[] = [];
      for (const plan of set.plans) plans.push(await this.loadPlan(tx, plan));
      return { agencies, groups, calendarYears, plans };
    });
  }

  private async loadAgencies(tx: EntityManager, set: DefinitionSet): Promise<Counts> {
    const counts = zero();
    if (set.agencies.length) {
      const rows: { inserted: boolean }[] = await tx.query(
        `INSERT INTO agency AS a (code, name, short_name, kind, level, official_code, unit_name, unit_type, confirmation, source_file)
         SELECT code, name, short_name, kind, level, official_code, unit_name, unit_type, confirmation, source_file
           FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, short_name text, kind text, level text,
                official_code text, unit_name text, unit_type text, confirmation text, source_file text)
         ON CONFLICT (code) DO UPDATE SET
           name = EXCLUDED.name, short_name = EXCLUDED.short_name, kind = EXCLUDED.kind, level = EXCLUDED.level,
           official_code = EXCLUDED.official_code, unit_name = EXCLUDED.unit_name, unit_type = EXCLUDED.unit_type,
           confirmation = EXCLUDED.confirmation, source_file = EXCLUDED.source_file, retired_at = NULL, updated_at = now()
         WHERE (a.name, a.short_name, a.kind, a.level, a.official_code, a.unit_name, a.unit_type, a.confirmation, a.source_file)
               IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.short_name, EXCLUDED.kind, EXCLUDED.level, EXCLUDED.official_code,
                                 EXCLUDED.unit_name, EXCLUDED.unit_type, EXCLUDED.confirmation, EXCLUDED.source_file)
            OR a.retired_at IS NOT NULL
         RETURNING (xmax = 0) AS inserted`,
        [
          JSON.stringify(
            set.agencies.map((a) => ({
              code: a.code,
              name: a.name,
              short_name: a.shortName,
              kind: a.kind,
              level: a.level,
              official_code: a.officialCode,
              unit_name: a.unitName,
              unit_type: a.unitType,
              confirmation: a.confirmation,
              source_file: a.sourceFile,
            })),
          ),
        ],
      );
      counts.added = rows.filter((r) => r.inserted).length;
      counts.updated = rows.length - counts.added;
      counts.unchanged = set.agencies.length - rows.length;
      // Contacts written in the files are added; contacts entered in the application are kept.
      const contacts = set.agencies.flatMap((a) => [
        ...(a.head ? [{ agency_code: a.code, role: 'head', ...a.head }] : []),
        ...a.focalPoints.map((c) => ({ agency_code: a.code, role: 'focal-point', ...c })),
      ]);
      if (contacts.length) {
        await tx.query(
          `INSERT INTO person (agency_code, role, name, title, email, phone, source)
           SELECT agency_code, role, name, title, email, phone, 'definitions'
             FROM jsonb_to_recordset($1::jsonb) AS x(agency_code text, role text, name text, title text, email text, phone text)
           ON CONFLICT (agency_code, role, lower(email)) DO NOTHING`,
          [JSON.stringify(contacts)],
        );
      }
    }
    counts.retired = await this.retireMissing(tx, 'agency', set.directoryFiles, set.agencies.map((a) => a.code));
    return counts;
  }

  private async loadGroups(tx: EntityManager, set: DefinitionSet): Promise<Counts> {
    const counts = zero();
    if (set.groups.length) {
      const rows: { code: string; inserted: boolean }[] = await tx.query(
        `INSERT INTO agency_group AS g (code, name, description, membership, confirmation, source_file)
         SELECT code, name, description, membership, confirmation, source_file
           FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, description text, membership text, confirmation text, source_file text)
         ON CONFLICT (code) DO UPDATE SET
           name = EXCLUDED.name, description = EXCLUDED.description, membership = EXCLUDED.membership,
           confirmation = EXCLUDED.confirmation, source_file = EXCLUDED.source_file, retired_at = NULL, updated_at = now()
         WHERE (g.name, g.description, g.membership, g.confirmation, g.source_file)
               IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description, EXCLUDED.membership, EXCLUDED.confirmation, EXCLUDED.source_file)
            OR g.retired_at IS NOT NULL
         RETURNING code, (xmax = 0) AS inserted`,
        [
          JSON.stringify(
            set.groups.map((g) => ({
              code: g.code,
              name: g.name,
              description: g.description,
              membership: g.membership,
              confirmation: g.confirmation,
              source_file: g.sourceFile,
            })),
          ),
        ],
      );
      const changed = new Set(rows.map((r) => r.code));
      const members = set.groups.flatMap((g) => g.members.map((agency_code) => ({ group_code: g.code, agency_code })));
      const removed: { group_code: string }[] = returnedRows(await tx.query(
        `DELETE FROM agency_group_member m
          WHERE m.group_code = ANY($1::text[])
            AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($2::jsonb) AS x(group_code text, agency_code text)
                             WHERE x.group_code = m.group_code AND x.agency_code = m.agency_code)
          RETURNING group_code`,
        [set.groups.map((g) => g.code), JSON.stringify(members)],
      ));
      const added: { group_code: string }[] = await tx.query(
        `INSERT INTO agency_group_member (group_code, agency_code)
         SELECT group_code, agency_code FROM jsonb_to_recordset($1::jsonb) AS x(group_code text, agency_code text)
         ON CONFLICT DO NOTHING
         RETURNING group_code`,
        [JSON.stringify(members)],
      );
      [...removed, ...added].forEach((r) => changed.add(r.group_code));
      counts.added = rows.filter((r) => r.inserted).length;
      counts.updated = changed.size - counts.added;
      counts.unchanged = set.groups.length - changed.size;
    }
    counts.retired = await this.retireMissing(tx, 'agency_group', set.directoryFiles, set.groups.map((g) => g.code));
    return counts;
  }

  private async loadCalendar(tx: EntityManager, set: DefinitionSet): Promise<Counts> {
    const counts = zero();
    if (set.calendarYears.length) {
      const rows: { inserted: boolean }[] = await tx.query(
        `INSERT INTO calendar_year AS c (year, adjustments, source_file)
         SELECT year, adjustments, source_file FROM jsonb_to_recordset($1::jsonb) AS x(year int, adjustments jsonb, source_file text)
         ON CONFLICT (year) DO UPDATE SET adjustments = EXCLUDED.adjustments, source_file = EXCLUDED.source_file, updated_at = now()
         WHERE (c.adjustments, c.source_file) IS DISTINCT FROM (EXCLUDED.adjustments, EXCLUDED.source_file)
         RETURNING (xmax = 0) AS inserted`,
        [JSON.stringify(set.calendarYears.map((y) => ({ year: y.year, adjustments: y.adjustments, source_file: y.sourceFile })))],
      );
      counts.added = rows.filter((r) => r.inserted).length;
      counts.updated = rows.length - counts.added;
      counts.unchanged = set.calendarYears.length - rows.length;
    }
    if (set.calendarFiles.length) {
      const removed: unknown[] = returnedRows(await tx.query(
        `DELETE FROM calendar_year WHERE source_file = ANY($1::text[]) AND year <> ALL($2::int[]) RETURNING year`,
        [set.calendarFiles, set.calendarYears.map((y) => y.year)],
      ));
      counts.retired = removed.length;
    }
    return counts;
  }

  private async retireMissing(tx: EntityManager, table: 'agency' | 'agency_group', files: string[], present: string[]): Promise<number> {
    if (!files.length) return 0;
    const rows: unknown[] = returnedRows(await tx.query(
      `UPDATE ${table} SET retired_at = now(), updated_at = now()
        WHERE source_file = ANY($1::text[]) AND code <> ALL($2::text[]) AND retired_at IS NULL
        RETURNING code`,
      [files, present],
    ));
    return rows.length;
  }

  private async loadPlan(tx: EntityManager, plan: PlanDefinition): Promise<PlanLoadSummary> {
    const { appendix, sourceFile, status, code, ...metadata } = plan;
    const hash = contentHash(metadata);
    const [existing]: { id: string; content_hash: string; source_file: string }[] = await tx.query(
      `SELECT id, content_hash, source_file FROM plan WHERE code = $1 FOR UPDATE`,
      [code],
    );
    let planId = existing?.id;
    const changed = !!existing && (existing.content_hash !== hash || existing.source_file !== sourceFile);
    const values = [
      plan.title,
      plan.documentNumber,
      plan.issuedOn,
      plan.issuer,
      plan.signer,
      plan.monitoringAgency,
      plan.horizon.start,
      plan.horizon.end,
      JSON.stringify(plan.legalBases),
      JSON.stringify(plan.settings),
      JSON.stringify(plan.notes),
      sourceFile,
      hash,
      JSON.stringify(plan.report),
    ];
    if (!existing) {
      // The status in the file is the status of a new plan; afterwards it is an operational decision.
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO plan (title, document_number, issued_on, issuer, signer, monitoring_agency_code, horizon_start,
                           horizon_end, legal_bases, settings, notes, source_file, content_hash, report, code, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
        [...values, code, status],
      );
      planId = row.id;
    } else if (changed) {
      await tx.query(
        `UPDATE plan SET title = $1, document_number = $2, issued_on = $3, issuer = $4, signer = $5,
                monitoring_agency_code = $6, horizon_start = $7, horizon_end = $8, legal_bases = $9, settings = $10,
                notes = $11, source_file = $12, content_hash = $13, report = $14, updated_at = now()
          WHERE id = $15`,
        [...values, planId],
      );
    }
    if (!existing || changed) await this.writeSectionsAndIndicators(tx, planId!, plan);
    const rows = appendix ? await this.loadRows(tx, planId!, appendix.rows) : null;
    return { code, created: !existing, updated: changed, rows, indicators: plan.indicators.length };
  }

  private async writeSectionsAndIndicators(tx: EntityManager, planId: string, plan: PlanDefinition): Promise<void> {
    await tx.query(`DELETE FROM plan_section WHERE plan_id = $1`, [planId]);
    await tx.query(
      `INSERT INTO plan_section (plan_id, key, position, title, provenance, rows_in_source, rows_not_in_source, note)
       SELECT $1, key, position, title, provenance, rows_in_source,
              ARRAY(SELECT jsonb_array_elements_text(rows_not_in_source)), note
         FROM jsonb_to_recordset($2::jsonb) AS x(key text, position int, title text, provenance text,
              rows_in_source boolean, rows_not_in_source jsonb, note text)`,
      [
        planId,
        JSON.stringify(
          plan.sections.map((s, i) => ({
            key: s.key,
            position: i + 1,
            title: s.title,
            provenance: s.provenance,
            rows_in_source: s.rowsInSource,
            rows_not_in_source: s.rowsNotInSource,
            note: s.note,
          })),
        ),
      ],
    );
    // Indicators keep their ids (figures entered later refer to them); targets are rewritten.
    await tx.query(`DELETE FROM indicator WHERE plan_id = $1 AND code <> ALL($2::text[])`, [planId, plan.indicators.map((i) => i.code)]);
    await tx.query(
      `INSERT INTO indicator AS i (plan_id, code, position, name, unit, target_kind, part_of, note)
       SELECT $1, code, position, name, unit, target_kind, part_of, note
         FROM jsonb_to_recordset($2::jsonb) AS x(code text, position int, name text, unit text, target_kind text, part_of text, note text)
       ON CONFLICT (plan_id, code) DO UPDATE SET position = EXCLUDED.position, name = EXCLUDED.name, unit = EXCLUDED.unit,
         target_kind = EXCLUDED.target_kind, part_of = EXCLUDED.part_of, note = EXCLUDED.note`,
      [
        planId,
        JSON.stringify(
          plan.indicators.map((i, n) => ({
            code: i.code,
            position: n + 1,
            name: i.name,
            unit: i.unit,
            target_kind: i.targetKind,
            part_of: i.partOf,
            note: i.note,
          })),
        ),
      ],
    );
    await tx.query(`DELETE FROM indicator_target t USING indicator i WHERE t.indicator_id = i.id AND i.plan_id = $1`, [planId]);
    await tx.query(
      `INSERT INTO indicator_target (indicator_id, year, value, provenance, note)
       SELECT i.id, x.year, x.value, x.provenance, x.note
         FROM jsonb_to_recordset($2::jsonb) AS x(code text, year int, value numeric, provenance text, note text)
         JOIN indicator i ON i.plan_id = $1 AND i.code = x.code`,
      [planId, JSON.stringify(plan.indicators.flatMap((i) => i.targets.map((t) => ({ code: i.code, ...t }))))],
    );
  }

  private async loadRows(tx: EntityManager, planId: string, rows: RowDefinition[]): Promise<NonNullable<PlanLoadSummary['rows']>> {
    const summary = { added: 0, newVersions: 0, unchanged: 0, retired: 0, total: rows.length };
    const existing: { id: string; key: string; position: number; current_version: number; retired: boolean; content_hash: string }[] =
      await tx.query(
        `SELECT d.id, d.key, d.position, d.current_version, d.retired_at IS NOT NULL AS retired, v.content_hash
           FROM workflow_definition d
           JOIN workflow_definition_version v ON v.definition_id = d.id AND v.version = d.current_version
          WHERE d.plan_id = $1
          FOR UPDATE OF d`,
        [planId],
      );
    const byKey = new Map(existing.map((d) => [d.key, d]));
    for (const row of rows) {
      const content = rowContent(row);
      const hash = contentHash(content);
      const current = byKey.get(row.key);
      if (!current) {
        const [created]: { id: string }[] = await tx.query(
          `INSERT INTO workflow_definition (plan_id, key, position, current_version) VALUES ($1, $2, $3, 1) RETURNING id`,
          [planId, row.key, row.position],
        );
        await this.insertVersion(tx, created.id, 1, content, hash);
        summary.added++;
        continue;
      }
      const contentChanged = current.content_hash !== hash;
      if (contentChanged) {
        await this.insertVersion(tx, current.id, current.current_version + 1, content, hash);
        summary.newVersions++;
      } else {
        summary.unchanged++;
      }
      if (contentChanged || current.position !== row.position || current.retired) {
        await tx.query(
          `UPDATE workflow_definition SET position = $2, current_version = $3, retired_at = NULL, updated_at = now() WHERE id = $1`,
          [current.id, row.position, current.current_version + (contentChanged ? 1 : 0)],
        );
      }
    }
    const keys = rows.map((r) => r.key);
    const retired: unknown[] = returnedRows(await tx.query(
      `UPDATE workflow_definition SET retired_at = now(), updated_at = now()
        WHERE plan_id = $1 AND key <> ALL($2::text[]) AND retired_at IS NULL RETURNING id`,
      [planId, keys],
    ));
    summary.retired = retired.length;
    return summary;
  }

  private async insertVersion(tx: EntityManager, definitionId: string, version: number, content: RowContent, hash: string): Promise<void> {
    const [saved]: { id: string }[] = await tx.query(
      `INSERT INTO workflow_definition_version
         (definition_id, version, section_key, task, lead_text, support_text, deliverable, timing_text, schedule,
          provenance, provenance_notes, reminders, content_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        definitionId,
        version,
        content.section,
        content.task,
        content.lead.text,
        content.support?.text ?? null,
        JSON.stringify(content.deliverable),
        content.timing,
        // The reading of the words is frozen with the version it belongs to.
        JSON.stringify(parseTiming(content.timing)),
        content.provenance,
        JSON.stringify(content.provenanceNotes),
        content.reminders ? JSON.stringify(content.reminders) : null,
        hash,
      ],
    );
    const parties = [
      ...content.lead.parties.map((code, i) => ({ role: 'lead', position: i + 1, code })),
      ...(content.support?.parties ?? []).map((code, i) => ({ role: 'support', position: i + 1, code })),
    ];
    await tx.query(
      `INSERT INTO workflow_party (version_id, role, position, agency_code, group_code)
       SELECT $1, x.role, x.position, a.code, g.code
         FROM jsonb_to_recordset($2::jsonb) AS x(role text, position int, code text)
         LEFT JOIN agency a ON a.code = x.code
         LEFT JOIN agency_group g ON g.code = x.code`,
      [saved.id, JSON.stringify(parties)],
    );
  }
}
