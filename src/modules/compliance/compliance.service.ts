import { Inject, Injectable } from '@nestjs/common';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import type { AgencyCompliance, ComplianceLine, LateItem } from '../reports/report.model';
import { localDate, type LocalDate } from '../scheduling/domain/local-date';
import { endOfDayInstant, nd09Cutoff } from '../scheduling/domain/periods';
import { WorkingCalendarProvider } from '../scheduling/working-calendar.provider';
import { complianceMessages as say } from './compliance.messages';
import { ComplianceQueries, type ComplianceScope } from './compliance.queries';
import { type ClassifiedGroup, summariseCompliance, workingDayIndex } from './domain/compliance-summary';

export interface ComplianceRequest {
  plan?: string;
  year: number;
  /** An instant; absent: now, or the snapshot at the cut-off once the year's cut-off has passed. */
  asOf?: Date;
  /** The agencies the caller may read ('all' for the monitor). */
  scope: 'all' | readonly string[];
  section?: string;
  group?: string;
  period?: string;
}

export interface ComplianceReport {
  plan: { code: string; title: string };
  year: number;
  asOf: string;
  /** The year's data cut-off (Nghị định 09/2019: 14/12). */
  cutoff: LocalDate;
  /** Set when the figures are the stored snapshot taken at the cut-off. */
  snapshot: { takenAt: string } | null;
  total: ComplianceLine;
  sections: ({ key: string; title: string } & ComplianceLine)[];
  rows: ({ key: string; section: string; task: string } & ComplianceLine)[];
  agencies: AgencyCompliance[];
  late: (LateItem & { instanceId: string; deliverable: string | null })[];
}

/** The end of the year's data cut-off day (14/12) in Hà Nội time. */
export function cutoffOf(year: number): { date: LocalDate; instant: Date } {
  const date = nd09Cutoff({ kind: 'year', year }).to;
  return { date, instant: new Date(endOfDayInstant(date)) };
}

/**
 * Compliance figures as of any instant, for a plan's year (the lead tasks whose period starts in
 * it): per agency, row, section and for the plan, with the late list. Once the year's cut-off
 * has passed, the figures at the cut-off are stored (compliance_snapshot) and the year's
 * figures are read from there, so a report regenerated later reads the same.
 */
@Injectable()
export class ComplianceService {
  constructor(
    private readonly queries: ComplianceQueries,
    private readonly calendars: WorkingCalendarProvider,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async figures(request: ComplianceRequest): Promise<ComplianceReport> {
    const plan = await this.queries.plan(request.plan);
    if (!plan) throw new DomainError('NOT_FOUND', request.plan ? say.noSuchPlan(request.plan) : say.noPlan);
    const cutoff = cutoffOf(request.year);
    const wholePlan = request.scope === 'all' && !request.section && !request.group && !request.period;
    if (!request.asOf && wholePlan && this.clock.now() >= cutoff.instant) return this.snapshot(plan, request.year);
    return this.compute(plan, request, request.asOf ?? this.clock.now());
  }

  /** The year's snapshot at the cut-off, taken now (as of the cut-off) when it is missing. */
  async snapshot(plan: { id: string; code: string; title: string }, year: number): Promise<ComplianceReport> {
    const cutoff = cutoffOf(year);
    const [stored]: { figures: ComplianceReport }[] = await this.queries.db.query(`SELECT figures FROM compliance_snapshot WHERE plan_id = $1 AND year = $2`, [plan.id, year]);
    if (stored) return stored.figures;
    const figures = await this.compute(plan, { year, scope: 'all' }, cutoff.instant);
    const takenAt = this.clock.now().toISOString();
    const frozen: ComplianceReport = { ...figures, snapshot: { takenAt } };
    // Two processes may take it at once: the first one stored wins, and both answer with it.
    const [row]: { figures: ComplianceReport }[] = await this.queries.db.query(
      `INSERT INTO compliance_snapshot (plan_id, year, as_of, taken_at, figures) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (plan_id, year) DO UPDATE SET plan_id = compliance_snapshot.plan_id
       RETURNING figures`,
      [plan.id, year, cutoff.instant, takenAt, JSON.stringify(frozen)],
    );
    return row.figures;
  }

  /** Takes the snapshots whose cut-off has passed (the tick calls this); returns how many were taken. */
  async takeDueSnapshots(now: Date = this.clock.now()): Promise<number> {
    const due: { id: string; code: string; title: string; year: number }[] = await this.queries.db.query(
      `SELECT p.id, p.code, p.title, y.year
         FROM plan p CROSS JOIN LATERAL generate_series(extract(year FROM p.horizon_start)::int, extract(year FROM p.horizon_end)::int) AS y(year)
        WHERE p.status = 'active'
          AND ((make_date(y.year, 12, 15))::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') <= $1
          AND NOT EXISTS (SELECT 1 FROM compliance_snapshot s WHERE s.plan_id = p.id AND s.year = y.year)
          AND EXISTS (SELECT 1 FROM task_instance t WHERE t.plan_id = p.id AND t.window_start >= make_date(y.year, 1, 1) AND t.window_start < make_date(y.year + 1, 1, 1))`,
      [now],
    );
    for (const plan of due) await this.snapshot(plan, plan.year);
    return due.length;
  }

  private async compute(plan: { id: string; code: string; title: string }, request: ComplianceRequest, asOf: Date): Promise<ComplianceReport> {
    const asOfDate = vietnamDate(asOf);
    // Lateness runs from due dates (in the year or shortly after) to the as-of day.
    const span = { from: request.year - 1, to: Math.max(request.year + 2, Number(asOfDate.slice(0, 4))) };
    const calendar = await this.calendars.forYears(span.from, span.to);
    const days = workingDayIndex(localDate(span.from, 1, 1), localDate(span.to, 12, 31), (d) => calendar.isWorkingDay(d));
    const scope: ComplianceScope = {
      planId: plan.id,
      from: localDate(request.year, 1, 1),
      to: localDate(request.year + 1, 1, 1),
      asOf,
      asOfDate,
      agencies: request.scope === 'all' ? null : [...request.scope],
      section: request.section,
      group: request.group,
      period: request.period,
      replay: asOf.getTime() < this.clock.now().getTime(),
      workingDays: { dates: days.dates, counts: days.counts },
    };
    const [groups, lateRows, names] = await Promise.all([this.queries.groups(scope), this.queries.late(scope), this.queries.names(plan.id)]);
    const classified: ClassifiedGroup[] = groups.map((g) => ({
      agencyCode: g.agency_code,
      sectionKey: g.section_key,
      rowKey: g.row_key,
      classification: g.classification,
      count: g.n,
      lateWorkingDays: Number(g.late_days),
    }));
    const breakdown = summariseCompliance(classified);
    const sectionTitles = new Map(names.sections.map((s) => [s.key, s.title]));
    return {
      plan: { code: plan.code, title: plan.title },
      year: request.year,
      asOf: asOf.toISOString(),
      cutoff: cutoffOf(request.year).date,
      snapshot: null,
      total: breakdown.plan,
      sections: names.sections.filter((s) => breakdown.bySection.has(s.key)).map((s) => ({ key: s.key, title: sectionTitles.get(s.key)!, ...breakdown.bySection.get(s.key)! })),
      rows: names.rows.filter((r) => breakdown.byRow.has(r.key)).map((r) => ({ ...r, ...breakdown.byRow.get(r.key)! })),
      agencies: [...breakdown.byAgency]
        .map(([code, line]) => ({ code, name: names.agencies.get(code) ?? code, ...line }))
        .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
      late: lateRows.map((r) => ({
        instanceId: r.instance_id,
        agencyCode: r.agency_code,
        agencyName: r.agency_name,
        headName: r.head_name,
        rowKey: r.row_key,
        task: r.task,
        deliverable: r.deliverable_name,
        periodLabel: r.period_label,
        dueDate: r.due_date,
        workingDaysLate: Math.max(0, days.between(r.due_date, asOfDate)),
      })),
    };
  }
}
