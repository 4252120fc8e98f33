import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { httpMessages } from '../../common/messages';

const PARTY_JSON = (role: 'lead' | 'support') => `
  COALESCE((SELECT jsonb_agg(jsonb_build_object(
            'code', COALESCE(p.agency_code, p.group_code),
            'type', CASE WHEN p.agency_code IS NOT NULL THEN 'agency' ELSE 'group' END,
            'name', COALESCE(a.name, g.name),
            'membership', g.membership,
            'memberCount', CASE WHEN g.code IS NULL THEN NULL
                                ELSE (SELECT count(*) FROM agency_group_member m WHERE m.group_code = g.code) END)
            ORDER BY p.position)
     FROM workflow_party p
     LEFT JOIN agency a ON a.code = p.agency_code
     LEFT JOIN agency_group g ON g.code = p.group_code
    WHERE p.version_id = v.id AND p.role = '${role}'), '[]'::jsonb)`;

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

  async listWorkflows(code: string, options: { includeRetired?: boolean } = {}) {
    const [plan] = await this.db.query(`SELECT id FROM plan WHERE code = $1`, [code]);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', httpMessages.planNotFound(code));
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT d.key, v.section_key AS section, substring(d.key FROM '[^.]+$') AS number, d.position,
              v.task,
              jsonb_build_object('text', v.lead_text, 'parties', ${PARTY_JSON('lead')}) AS lead,
              CASE WHEN v.support_text IS NULL THEN NULL
                   ELSE jsonb_build_object('text', v.support_text, 'parties', ${PARTY_JSON('support')}) END AS support,
              v.deliverable,
              jsonb_build_object('text', v.timing_text, 'schedule', v.schedule) AS timing,
              jsonb_build_object('mark', v.provenance, 'notes', v.provenance_notes) AS provenance,
              v.version, v.created_at AS "versionCreatedAt", d.retired_at AS "retiredAt"
         FROM workflow_definition d
         JOIN workflow_definition_version v ON v.definition_id = d.id AND v.version = d.current_version
        WHERE d.plan_id = $1 AND ($2::boolean OR d.retired_at IS NULL)
        ORDER BY d.retired_at IS NOT NULL, d.position`,
      [plan.id, options.includeRetired ?? false],
    );
    return rows;
  }
}
