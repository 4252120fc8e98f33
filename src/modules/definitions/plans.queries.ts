import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { httpMessages } from '../../common/messages';

/** An instant as JavaScript's toISOString() writes it (UTC, milliseconds, "Z"), as the API gave it when pg parsed it into a Date. */
const isoInstant = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The current row versions of the plan coded $1, each with its parties and the size of each group; $2: with retired rows. */
const WORKFLOWS_SQL = `WITH group_size AS (SELECT group_code, count(*)::int AS members FROM agency_group_member GROUP BY group_code),
      rows AS (
        SELECT d.key, v.section_key AS section, substring(d.key FROM '[^.]+$') AS number, d.position, v.task,
               v.lead_text, v.support_text, v.deliverable, v.timing_text, v.schedule, v.provenance,
               v.provenance_notes, v.version, v.created_at, d.retired_at, v.id AS version_id
          FROM workflow_definition d
          JOIN workflow_definition_version v ON v.definition_id = d.id AND v.version = d.current_version
         WHERE d.plan_id = (SELECT id FROM plan WHERE code = $1) AND ($2::boolean OR d.retired_at IS NULL)),
      parties AS (
        SELECT wp.version_id, wp.role,
               jsonb_agg(jsonb_build_object(
                 'code', COALESCE(wp.agency_code, wp.group_code),
                 'type', CASE WHEN wp.agency_code IS NOT NULL THEN 'agency' ELSE 'group' END,
                 'name', COALESCE(a.name, g.name),
                 'membership', g.membership,
                 'memberCount', CASE WHEN g.code IS NULL THEN NULL ELSE COALESCE(gs.members, 0) END)
                 ORDER BY wp.position) AS list
          FROM workflow_party wp
          LEFT JOIN agency a ON a.code = wp.agency_code
          LEFT JOIN agency_group g ON g.code = wp.group_code
          LEFT JOIN group_size gs ON gs.group_code = wp.group_code
         WHERE wp.version_id IN (SELECT version_id FROM rows)
         GROUP BY wp.version_id, wp.role)
 SELECT r.key, r.section, r.number, r.position, r.task,
        jsonb_build_object('text', r.lead_text, 'parties', COALESCE(lp.list, '[]'::jsonb)) AS lead,
        CASE WHEN r.support_text IS NULL THEN NULL
             ELSE jsonb_build_object('text', r.support_text, 'parties', COALESCE(sp.list, '[]'::jsonb)) END AS support,
        r.deliverable,
        jsonb_build_object('text', r.timing_text, 'schedule', r.schedule) AS timing,
        jsonb_build_object('mark', r.provenance, 'notes', r.provenance_notes) AS provenance,
        r.version, ${isoInstant('r.created_at')} AS "versionCreatedAt", ${isoInstant('r.retired_at')} AS "retiredAt"
   FROM rows r
   LEFT JOIN parties lp ON lp.version_id = r.version_id AND lp.role = 'lead'
   LEFT JOIN parties sp ON sp.version_id = r.version_id AND sp.role = 'support'
  ORDER BY r.retired_at IS NOT NULL, r.position`;

/** Read side of plans and their workflow definitions, shaped for the API. */
@Injectable()
export class PlansQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async listPlans() {
    return this.db.query(
      `SELECT p.code, p.title, p.status, p.issuer, p.document_number AS "documentNumber",
              to_char(p.issued_on, 'YYYY-MM-DD') AS "issuedOn",
              jsonb_build_object('code', a.code, 'name', a.name) AS "monitoringAgency",
              jsonb_build_object('start', to_char(p.horizon_start, 'YYYY-MM-DD'), 'end', to_char(p.horizon_end, 'YYYY-MM-DD')) AS horizon,
              (SELECT count(*)::int FROM workflow_definition d WHERE d.plan_id = p.id AND d.retired_at IS NULL) AS "workflowCount"
         FROM plan p JOIN agency a ON a.code = p.monitoring_agency_code
        ORDER BY p.code`,
    );
  }

  async getPlan(code: string) {
    const [plan] = await this.db.query(
      `SELECT p.id, p.code, p.title, p.status, p.document_number AS "documentNumber",
              to_char(p.issued_on, 'YYYY-MM-DD') AS "issuedOn", p.issuer, p.signer,
              jsonb_build_object('code', a.code, 'name', a.name) AS "monitoringAgency",
              jsonb_build_object('start', to_char(p.horizon_start, 'YYYY-MM-DD'), 'end', to_char(p.horizon_end, 'YYYY-MM-DD')) AS horizon,
              p.legal_bases AS "legalBases", p.settings, p.notes, p.source_file AS "sourceFile",
              p.updated_at AS "updatedAt",
              (SELECT count(*)::int FROM workflow_definition d WHERE d.plan_id = p.id AND d.retired_at IS NULL) AS "workflowCount",
              COALESCE((SELECT jsonb_agg(jsonb_build_object(
                        'key', s.key, 'title', s.title, 'provenance', s.provenance,
                        'rowsInSource', s.rows_in_source, 'rowsNotInSource', to_jsonb(s.rows_not_in_source), 'note', s.note,
                        'workflowCount', (SELECT count(*) FROM workflow_definition d
                                            JOIN workflow_definition_version v ON v.definition_id = d.id AND v.version = d.current_version
                                           WHERE d.plan_id = p.id AND d.retired_at IS NULL AND v.section_key = s.key))
                        ORDER BY s.position) FROM plan_section s WHERE s.plan_id = p.id), '[]'::jsonb) AS sections,
              COALESCE((SELECT jsonb_agg(jsonb_build_object(
                        'code', i.code, 'name', i.name, 'unit', i.unit, 'targetKind', i.target_kind, 'partOf', i.part_of, 'note', i.note,
                        'targets', COALESCE((SELECT jsonb_agg(jsonb_build_object('year', t.year, 'value', t.value, 'provenance', t.provenance, 'note', t.note)
                                             ORDER BY t.year) FROM indicator_target t WHERE t.indicator_id = i.id), '[]'::jsonb))
                        ORDER BY i.position) FROM indicator i WHERE i.plan_id = p.id), '[]'::jsonb) AS indicators
         FROM plan p JOIN agency a ON a.code = p.monitoring_agency_code
        WHERE p.code = $1`,
      [code],
    );
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', httpMessages.planNotFound(code));
    const { id: _id, ...rest } = plan;
    return rest;
  }

  /** The plan's current workflow rows (the API's shape), for pages. */
  async listWorkflows(code: string, options: { includeRetired?: boolean } = {}): Promise<Record<string, unknown>[]> {
    return JSON.parse(await this.listWorkflowsJson(code, options));
  }

  /**
   * The same rows as one JSON array, built by PostgreSQL in one statement with the plan's lookup,
   * for the API to send as it is: the list is the largest answer the API gives on every visit (24 KB
   * for the Hải Phòng plan), and parsing it into objects only to serialise them again allocated 104
   * of the request's 233 KB (Node 24).
   */
  async listWorkflowsJson(code: string, options: { includeRetired?: boolean } = {}): Promise<string> {
    const [{ found, json }] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM plan WHERE code = $1) AS found,
              (SELECT COALESCE(json_agg(w ORDER BY w."retiredAt" IS NOT NULL, w.position), '[]')::text FROM (${WORKFLOWS_SQL}) w) AS json`,
      [code, options.includeRetired ?? false],
    );
    if (!found) throw new DomainError('PLAN_NOT_FOUND', httpMessages.planNotFound(code));
    return json;
  }
}
