import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { LocalDate } from './domain/local-date';
import { computePeriods, PeriodSpec, supportDueDate, endOfDayInstant } from './domain/periods';
import { PlanSchedulingSettings, resolvePlanSettings } from './domain/plan-settings';
import { ParsedTiming, parseTiming } from './domain/timing-parser';
import { WorkingCalendar } from './domain/working-calendar';
import { generationMessages as say } from './scheduling.messages';
import { WorkingCalendarProvider } from './working-calendar.provider';

export interface RowGeneration {
  key: string;
  timing: { text: string; kind: string };
  /** Periods of the schedule that have opened by `until`. */
  periods: number;
  /** Responsible agencies after fanning out groups (lead and support). */
  agencies: { lead: number; support: number };
  created: number;
  existing: number;
  warnings: string[];
}

export interface PlanGeneration {
  plan: string;
  until: LocalDate;
  created: number;
  existing: number;
  rows: RowGeneration[];
}

interface PlanRow {
  id: string;
  code: string;
  status: string;
  horizon_start: string;
  horizon_end: string;
  settings: unknown;
}

interface DefinitionRow {
  definition_id: string;
  version_id: string;
  key: string;
  timing_text: string;
  schedule: ParsedTiming | null;
  lead_agencies: number;
  support_agencies: number;
  /** Distinct active agencies responsible for the row (lead or support), after fan-out. */
  parties: number;
  empty_groups: { name: string; role: 'lead' | 'support' }[] | null;
}

/**
 * Opens task instances: for every current row of an active plan, every period of its schedule
 * that has opened by `until`, and every responsible agency (a group fans out to its members).
 * Idempotent (unique keys, ON CONFLICT DO NOTHING); one transaction per row, so a killed run
 * leaves whole periods or nothing; safe with several generators (an advisory lock per row).
 */
@Injectable()
export class GenerationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: WorkingCalendarProvider,
  ) {}

  async generate(options: { until: LocalDate; plan?: string }): Promise<PlanGeneration[]> {
    const plans: PlanRow[] = await this.db.query(
      `SELECT id, code, status, to_char(horizon_start, 'YYYY-MM-DD') AS horizon_start,
              to_char(horizon_end, 'YYYY-MM-DD') AS horizon_end, settings
         FROM plan WHERE ($1::text IS NULL AND status = 'active') OR code = $1 ORDER BY code`,
      [options.plan ?? null],
    );
    if (options.plan && plans.length === 0) throw new DomainError('PLAN_NOT_FOUND', say.planNotFound(options.plan));
    const out: PlanGeneration[] = [];
    for (const plan of plans) {
      if (plan.status !== 'active') throw new DomainError('PLAN_NOT_ACTIVE', say.planNotActive(plan.code, plan.status));
      out.push(await this.generatePlan(plan, options.until));
    }
    return out;
  }

  private async generatePlan(plan: PlanRow, until: LocalDate): Promise<PlanGeneration> {
    const { settings, errors } = resolvePlanSettings(plan.settings);
    if (errors.length) throw new DomainError('DEFINITIONS_INVALID', say.invalidSettings(plan.code, errors));
    const horizon = { start: plan.horizon_start, end: plan.horizon_end };
    const calendar = await this.calendars.forYears(Number(horizon.start.slice(0, 4)) - 1, Number(horizon.end.slice(0, 4)) + 1);
    const rows: DefinitionRow[] = await this.db.query(
      `SELECT d.id AS definition_id, v.id AS version_id, d.key, v.timing_text, v.schedule,
              (SELECT count(DISTINCT COALESCE(p.agency_code, m.agency_code))::int FROM workflow_party p
                 LEFT JOIN agency_group_member m ON m.group_code = p.group_code
                WHERE p.version_id = v.id AND p.role = 'lead') AS lead_agencies,
              (SELECT count(DISTINCT COALESCE(p.agency_code, m.agency_code))::int FROM workflow_party p
                 LEFT JOIN agency_group_member m ON m.group_code = p.group_code
                WHERE p.version_id = v.id AND p.role = 'support') AS support_agencies,
              (SELECT count(DISTINCT a.code)::int FROM workflow_party p
                 LEFT JOIN agency_group_member m ON m.group_code = p.group_code
                 JOIN agency a ON a.code = COALESCE(p.agency_code, m.agency_code) AND a.retired_at IS NULL
                WHERE p.version_id = v.id) AS parties,
              (SELECT jsonb_agg(jsonb_build_object('name', g.name, 'role', p.role) ORDER BY p.role, p.position)
                 FROM workflow_party p JOIN agency_group g ON g.code = p.group_code
                WHERE p.version_id = v.id AND NOT EXISTS (SELECT 1 FROM agency_group_member m WHERE m.group_code = g.code)) AS empty_groups
         FROM workflow_definition d
         JOIN workflow_definition_version v ON v.definition_id = d.id AND v.version = d.current_version
        WHERE d.plan_id = $1 AND d.retired_at IS NULL
        ORDER BY d.position`,
      [plan.id],
    );
    const result: PlanGeneration = { plan: plan.code, until, created: 0, existing: 0, rows: [] };
    for (const row of rows) {
      const summary = await this.generateRow(plan, row, { horizon, settings, calendar, until });
      result.created += summary.created;
      result.existing += summary.existing;
      result.rows.push(summary);
    }
    return result;
  }

  private async generateRow(
    plan: PlanRow,
    row: DefinitionRow,
    ctx: { horizon: { start: LocalDate; end: LocalDate }; settings: PlanSchedulingSettings; calendar: WorkingCalendar; until: LocalDate },
  ): Promise<RowGeneration> {
    const timing = row.schedule ?? parseTiming(row.timing_text);
    const { periods, notes } = computePeriods({ timing, horizon: ctx.horizon, settings: ctx.settings, calendar: ctx.calendar });
    const open = periods.filter((p) => p.opensOn <= ctx.until);
    const warnings = [...notes, ...(row.empty_groups ?? []).map((g) => say.emptyGroup(g.name, g.role))];
    if (row.lead_agencies === 0) warnings.push(say.noResponsibleAgency);
    const summary: RowGeneration = {
      key: row.key,
      timing: { text: row.timing_text, kind: timing.kind },
      periods: open.length,
      agencies: { lead: row.lead_agencies, support: row.support_agencies },
      created: 0,
      existing: 0,
      warnings,
    };
    if (open.length === 0 || row.parties === 0) return summary;
    // Periods already complete (one instance per responsible agency) need no write: a tick every
    // minute then costs one indexed count per row, not an insert of every candidate.
    const counts: { period_key: string; n: number }[] = await this.db.query(
      `SELECT t.period_key, count(*)::int AS n FROM task_instance t
        WHERE t.definition_id = $1 AND t.period_key = ANY($2::text[])
          AND t.agency_code IN (SELECT COALESCE(p.agency_code, m.agency_code) FROM workflow_party p
                                  LEFT JOIN agency_group_member m ON m.group_code = p.group_code WHERE p.version_id = $3)
        GROUP BY t.period_key`,
      [row.definition_id, open.map((p) => p.key), row.version_id],
    );
    const present = new Map(counts.map((c) => [c.period_key, c.n]));
    const missing = open.filter((p) => (present.get(p.key) ?? 0) < row.parties);
    summary.existing = open.filter((p) => !missing.includes(p)).reduce((n, p) => n + (present.get(p.key) ?? 0), 0);
    if (missing.length === 0) return summary;
    const records = missing.map((p) => this.periodRecord(p, ctx.settings, ctx.calendar));
    const [inserted]: { candidates: number; created: number }[] = await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [row.definition_id]);
      return tx.query(INSERT_INSTANCES, [plan.id, row.definition_id, row.version_id, JSON.stringify(records)]);
    });
    summary.created = inserted.created;
    summary.existing += inserted.candidates - inserted.created;
    return summary;
  }

  private periodRecord(p: PeriodSpec, settings: PlanSchedulingSettings, calendar: WorkingCalendar) {
    const supportDue = supportDueDate(p.dueDate, settings, calendar);
    return {
      key: p.key,
      kind: p.kind,
      label: p.label,
      window_start: p.windowStart,
      window_end: p.windowEnd,
      cutoff_from: p.cutoff?.from ?? null,
      cutoff_to: p.cutoff?.to ?? null,
      nominal_due: p.nominalDue,
      due_date: p.dueDate,
      due_at: p.dueAt,
      support_due_date: supportDue,
      support_due_at: endOfDayInstant(supportDue, settings.timezone),
      opens_on: p.opensOn,
      is_update: p.update === true,
    };
  }
}

/**
 * $1 plan id, $2 definition id, $3 version id, $4 the periods as JSON. Each responsible agency
 * once per period (lead wins over support); nothing for an agency that already has an instance
 * of this row and period under any version of the row.
 */
const INSERT_INSTANCES = `
  WITH periods AS (
    SELECT * FROM jsonb_to_recordset($4::jsonb) AS p(
      key text, kind text, label text, window_start date, window_end date, cutoff_from date, cutoff_to date,
      nominal_due date, due_date date, due_at timestamptz, support_due_date date, support_due_at timestamptz,
      opens_on date, is_update boolean)),
  parties AS (
    SELECT DISTINCT ON (agency_code) agency_code, role, via_group
      FROM (SELECT COALESCE(wp.agency_code, m.agency_code) AS agency_code, wp.role, wp.group_code AS via_group, wp.position
              FROM workflow_party wp
              LEFT JOIN agency_group_member m ON m.group_code = wp.group_code
             WHERE wp.version_id = $3) x
      JOIN agency a ON a.code = x.agency_code AND a.retired_at IS NULL
     ORDER BY agency_code, role = 'lead' DESC, position),
  candidates AS (
    SELECT p.*, r.agency_code, r.role, r.via_group FROM periods p CROSS JOIN parties r),
  inserted AS (
    INSERT INTO task_instance (plan_id, definition_id, version_id, period_key, period_kind, period_label,
                               window_start, window_end, cutoff_from, cutoff_to, agency_code, role, via_group,
                               nominal_due_date, due_date, due_at, opens_on, is_update)
    SELECT $1, $2, $3, c.key, c.kind, c.label, c.window_start, c.window_end, c.cutoff_from, c.cutoff_to,
           c.agency_code, c.role, c.via_group,
           CASE WHEN c.role = 'lead' THEN c.nominal_due ELSE c.support_due_date END,
           CASE WHEN c.role = 'lead' THEN c.due_date ELSE c.support_due_date END,
           CASE WHEN c.role = 'lead' THEN c.due_at ELSE c.support_due_at END,
           c.opens_on, c.is_update
      FROM candidates c
     WHERE NOT EXISTS (SELECT 1 FROM task_instance t
                        WHERE t.definition_id = $2 AND t.period_key = c.key AND t.agency_code = c.agency_code)
    ON CONFLICT (version_id, period_key, agency_code) DO NOTHING
    RETURNING 1)
  SELECT (SELECT count(*)::int FROM candidates) AS candidates, (SELECT count(*)::int FROM inserted) AS created`;
