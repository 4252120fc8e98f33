import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { LocalDate } from '../scheduling/domain/local-date';
import type { Classification } from './domain/compliance-summary';

/** Which lead instances a compliance figure counts: a plan's tasks whose period starts in [from, to). */
export interface ComplianceScope {
  planId: string;
  from: LocalDate;
  to: LocalDate;
  asOf: Date;
  asOfDate: LocalDate;
  /** Null: every agency. */
  agencies: string[] | null;
  section?: string;
  group?: string;
  period?: string;
  /** True when asOf is before now: the state is replayed from the stored transitions. */
  replay: boolean;
  /** The working-day running count (see workingDayIndex) the lateness sums are read from. */
  workingDays: { dates: LocalDate[]; counts: number[] };
}

export interface GroupRow {
  agency_code: string;
  row_key: string;
  section_key: string;
  classification: Classification;
  n: number;
  /** The sum of the group's working days late (done late and overdue), as text (bigint). */
  late_days: string;
}

export interface LateRow {
  agency_code: string;
  agency_name: string;
  head_name: string | null;
  row_key: string;
  task: string;
  deliverable_name: string | null;
  period_label: string;
  due_date: LocalDate;
  instance_id: string;
}

/**
 * The instances in scope with their state as of the instant. Now or later: the instance's own
 * columns. Earlier: replayed from task_transition (the last status reached by then, the last
 * submission's time if it was in hand, and the due date with the extensions granted by then),
 * each a lookup by the (instance_id, at) index.
 */
function instancesAsOf(replay: boolean): string {
  const state = replay
    ? `COALESCE(last.to_status, 'open') AS status,
       CASE WHEN last.to_status IN ('submitted', 'accepted') THEN sub.at END AS submitted_at,
       GREATEST(COALESCE(t.original_due_date, t.due_date), ext.due) AS due_date`
    : `t.status, t.submitted_at, t.due_date`;
  const joins = replay
    ? `LEFT JOIN LATERAL (SELECT x.to_status FROM task_transition x WHERE x.instance_id = t.id AND x.at <= $4 ORDER BY x.at DESC, x.id DESC LIMIT 1) last ON true
       LEFT JOIN LATERAL (SELECT x.at FROM task_transition x WHERE x.instance_id = t.id AND x.at <= $4 AND x.event = 'submit' ORDER BY x.at DESC, x.id DESC LIMIT 1) sub ON true
       LEFT JOIN LATERAL (SELECT max((x.details->>'dueDate')::date) AS due FROM task_transition x
                           WHERE x.instance_id = t.id AND x.at <= $4 AND x.event IN ('extend', 'return') AND x.details ? 'dueDate') ext ON true`
    : '';
  return `
    SELECT t.id, t.agency_code, t.definition_id, t.version_id, t.period_label, t.period_key, ${state}
      FROM task_instance t ${joins}
     WHERE t.plan_id = $1 AND t.window_start >= $2::date AND t.window_start < $3::date AND t.role = 'lead' AND t.opens_on <= $5::date
       AND ($6::text[] IS NULL OR t.agency_code = ANY($6))
       AND ($9::text IS NULL OR t.period_key = $9)
       AND ($8::text IS NULL OR EXISTS (SELECT 1 FROM agency_group_member m WHERE m.group_code = $8 AND m.agency_code = t.agency_code))`;
}

/** The due moment of a due date: the end of that day in Hà Nội time. */
const DUE_AT = `((s.due_date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' - interval '1 millisecond')`;

@Injectable()
export class ComplianceQueries {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  params(scope: ComplianceScope): unknown[] {
    return [scope.planId, scope.from, scope.to, scope.asOf, scope.asOfDate, scope.agencies, scope.section ?? null, scope.group ?? null, scope.period ?? null];
  }

  /** The group query's parameters: the scope's, then the working-day index. */
  groupParams(scope: ComplianceScope): unknown[] {
    return [...this.params(scope), scope.workingDays.dates, scope.workingDays.counts];
  }

  /**
   * The SQL of the classified counts per agency, row and classification, with the working days
   * late summed through the working-day index ($10 dates, $11 running counts): a subtraction per
   * task instead of a row per task (exported for the EXPLAIN test and the benchmark).
   */
  groupsSql(replay: boolean): string {
    return `
      WITH s AS (${instancesAsOf(replay)}),
      c AS (
        SELECT s.definition_id, s.version_id, s.agency_code, s.due_date,
               task_classification(s.status, s.submitted_at, ${DUE_AT}, $4) AS classification, s.submitted_at
          FROM s),
      l AS (
        SELECT c.*, CASE c.classification WHEN 'done-late' THEN (c.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                                          WHEN 'overdue-not-done' THEN $5::date END AS late_until
          FROM c),
      w AS (SELECT * FROM unnest($10::date[], $11::int[]) AS w(day, n))
      SELECT l.agency_code, d.key AS row_key, v.section_key, l.classification, count(*)::int AS n,
             COALESCE(sum(GREATEST(0, COALESCE(lu.n - du.n, l.late_until - l.due_date))) FILTER (WHERE l.late_until IS NOT NULL), 0)::text AS late_days
        FROM l JOIN workflow_definition d ON d.id = l.definition_id JOIN workflow_definition_version v ON v.id = l.version_id
        LEFT JOIN w du ON du.day = l.due_date LEFT JOIN w lu ON lu.day = l.late_until
       WHERE ($7::text IS NULL OR v.section_key = $7)
       GROUP BY 1, 2, 3, 4`;
  }

  async groups(scope: ComplianceScope): Promise<GroupRow[]> {
    return this.db.query(this.groupsSql(scope.replay), this.groupParams(scope));
  }

  /** Tasks overdue and not done as of the instant, oldest due first. */
  async late(scope: ComplianceScope, limit = 5000): Promise<LateRow[]> {
    return this.db.query(
      `WITH s AS (${instancesAsOf(scope.replay)})
       SELECT s.id AS instance_id, s.agency_code, a.name AS agency_name,
              (SELECT p.name FROM person p WHERE p.agency_code = s.agency_code AND p.role = 'head' AND p.active ORDER BY p.created_at LIMIT 1) AS head_name,
              d.key AS row_key, v.task, v.deliverable->>'name' AS deliverable_name, s.period_label, to_char(s.due_date, 'YYYY-MM-DD') AS due_date
         FROM s JOIN agency a ON a.code = s.agency_code
         JOIN workflow_definition d ON d.id = s.definition_id JOIN workflow_definition_version v ON v.id = s.version_id
        WHERE ($7::text IS NULL OR v.section_key = $7)
          AND task_classification(s.status, s.submitted_at, ${DUE_AT}, $4) = 'overdue-not-done'
        ORDER BY s.due_date, d.position, a.name
        LIMIT ${Number(limit)}`,
      this.params(scope),
    );
  }

  async plan(code: string | undefined): Promise<{ id: string; code: string; title: string; settings: Record<string, unknown> } | undefined> {
    const [plan] = await this.db.query(
      `SELECT id, code, title, settings FROM plan WHERE ($1::text IS NULL OR code = $1) ORDER BY created_at LIMIT 1`,
      [code ?? null],
    );
    return plan;
  }

  async names(planId: string): Promise<{ agencies: Map<string, string>; sections: { key: string; title: string }[]; rows: { key: string; section: string; task: string }[] }> {
    const [agencies, sections, rows] = await Promise.all([
      this.db.query(`SELECT code, name FROM agency`),
      this.db.query(`SELECT key, title FROM plan_section WHERE plan_id = $1 ORDER BY position`, [planId]),
      this.db.query(
        `SELECT d.key, v.section_key AS section, v.task FROM workflow_definition d
           JOIN workflow_definition_version v ON v.definition_id = d.id AND v.version = d.current_version
          WHERE d.plan_id = $1 ORDER BY d.position`,
        [planId],
      ),
    ]);
    return { agencies: new Map((agencies as { code: string; name: string }[]).map((a) => [a.code, a.name])), sections, rows };
  }
}
