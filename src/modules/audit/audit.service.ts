import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Actions the audit log records. */
export const AUDIT_ACTIONS = [
  'submission.create',
  'submission.accept',
  'submission.return',
  'figures.update',
  'task.waive',
  'task.reopen',
  'task.create-ad-hoc',
  'task.chase',
  'plan.publish',
  'report.draft',
  'indicator.actual',
  'indicator.allocate',
  'indicator.propose',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  actor: string;
  action: AuditAction;
  at: string | Date;
  planId?: string | null;
  instanceId?: string | null;
  agencyCode?: string | null;
  subjectType: 'instance' | 'submission' | 'plan' | 'document' | 'indicator';
  subjectId: string;
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

export interface AuditFilter {
  instance?: string;
  agency?: string;
  actor?: string;
  action?: string;
  /** First and last day (YYYY-MM-DD, Hà Nội days), both included. */
  from?: string;
  to?: string;
  page: number;
  limit: number;
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** Writes audit entries inside the caller's transaction, and reads them back with filters. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(tx: EntityManager, entries: AuditEntry | AuditEntry[]): Promise<void> {
    const list = Array.isArray(entries) ? entries : [entries];
    if (!list.length) return;
    await tx.query(
      `INSERT INTO audit_event (at, actor, action, plan_id, instance_id, agency_code, subject_type, subject_id, before, after, details)
       SELECT x.at, x.actor, x.action, x.plan_id, x.instance_id, x.agency_code, x.subject_type, x.subject_id, x.before, x.after, COALESCE(x.details, '{}')
         FROM jsonb_to_recordset($1::jsonb) AS x(at timestamptz, actor text, action text, plan_id uuid, instance_id uuid, agency_code text,
                                                subject_type text, subject_id text, before jsonb, after jsonb, details jsonb)`,
      [
        JSON.stringify(
          list.map((e) => ({
            at: e.at instanceof Date ? e.at.toISOString() : e.at,
            actor: e.actor,
            action: e.action,
            plan_id: e.planId ?? null,
            instance_id: e.instanceId ?? null,
            agency_code: e.agencyCode ?? null,
            subject_type: e.subjectType,
            subject_id: e.subjectId,
            before: e.before === undefined ? null : JSON.parse(json(e.before) ?? 'null'),
            after: e.after === undefined ? null : JSON.parse(json(e.after) ?? 'null'),
            details: e.details ?? {},
          })),
        ),
      ],
    );
  }

  /** Newest first. `agencies` limits the result to those agencies (a focal point's scope); 'all' for the monitor. */
  async list(filter: AuditFilter, agencies: readonly string[] | 'all') {
    const params = [
      filter.instance ?? null,
      filter.agency ?? null,
      filter.actor ?? null,
      filter.action ?? null,
      filter.from ?? null,
      filter.to ?? null,
      agencies === 'all' ? null : [...agencies],
    ];
    const where = `
      WHERE ($1::uuid IS NULL OR instance_id = $1) AND ($2::text IS NULL OR agency_code = $2) AND ($3::text IS NULL OR actor = $3)
        AND ($4::text IS NULL OR action = $4) AND ($5::date IS NULL OR at >= $5::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')
        AND ($6::date IS NULL OR at < ($6::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')
        AND ($7::text[] IS NULL OR agency_code = ANY($7))`;
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM audit_event ${where}`, params);
    const items = await this.db.query(
      `SELECT id::text, at, actor, action, instance_id AS "instanceId", agency_code AS "agencyCode", subject_type AS "subjectType",
              subject_id AS "subjectId", before, after, details
         FROM audit_event ${where} ORDER BY at DESC, id DESC LIMIT $8 OFFSET $9`,
      [...params, filter.limit, (filter.page - 1) * filter.limit],
    );
    return { total, page: filter.page, limit: filter.limit, items };
  }
}
