import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Clock, CLOCK } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import type { PlanReportDefinition } from '../definitions/domain/definition-set';
import { ComplianceService, type ComplianceReport, cutoffOf } from '../compliance/compliance.service';
import { complianceLine, emptyCounts } from '../compliance/domain/compliance-summary';
import { IndicatorsService } from '../indicators/indicators.service';
import { localDate, type LocalDate } from '../scheduling/domain/local-date';
import { taskClassificationLabels, taskStatusLabels } from '../tasks/domain/task-lifecycle.messages';
import type { AllocationProgress, AnnualReportModel, FigureTotal, ReportSection, RowInstance } from './report.model';
import { reportText as say } from './reports.messages';

interface PlanRow {
  id: string;
  code: string;
  title: string;
  document_number: string | null;
  issued_on: LocalDate | null;
  issuer: string;
  signer: string | null;
  /** plan.yaml `report:`; '{}' for a plan loaded before it was stored. */
  report: Partial<PlanReportDefinition>;
  legal_bases: string[];
  horizon_start: LocalDate;
  horizon_end: LocalDate;
}

/**
 * Gathers what the city's report on the plan says, as plain data (AnnualReportModel): the
 * year's targets and results, the state of every appendix row with its agencies' deliverables,
 * the figures added up, compliance per agency (the snapshot at the 14/12 cut-off once it has
 * passed, else as of now), the late list and the difficulties the agencies wrote. The final
 * report covers every year of the plan.
 */
@Injectable()
export class AnnualReportBuilder {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly compliance: ComplianceService,
    private readonly indicators: IndicatorsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async build(request: { plan?: string; year: number; kind?: 'annual' | 'final' }): Promise<AnnualReportModel> {
    const kind = request.kind ?? 'annual';
    const [plan]: PlanRow[] = await this.db.query(
      `SELECT id, code, title, document_number, to_char(issued_on, 'YYYY-MM-DD') AS issued_on, issuer, signer, report, legal_bases,
              to_char(horizon_start, 'YYYY-MM-DD') AS horizon_start, to_char(horizon_end, 'YYYY-MM-DD') AS horizon_end
         FROM plan WHERE ($1::text IS NULL OR code = $1) ORDER BY created_at LIMIT 1`,
      [request.plan ?? null],
    );
    if (!plan) throw new DomainError('NOT_FOUND', request.plan ? say.noSuchPlan(request.plan) : say.noPlan);
    const firstYear = Number(plan.horizon_start.slice(0, 4));
    const lastYear = Math.max(firstYear, Number(plan.horizon_end.slice(0, 4)) - (plan.horizon_end.slice(5) <= '06-30' ? 1 : 0));
    if (request.year < firstYear || request.year > lastYear) throw new DomainError('VALIDATION_FAILED', say.yearOutside(request.year, firstYear, lastYear));
    const years = kind === 'final' ? { from: firstYear, to: lastYear } : { from: request.year, to: request.year };

    const figuresByYear: ComplianceReport[] = [];
    for (let year = years.from; year <= years.to; year++) figuresByYear.push(await this.compliance.figures({ plan: plan.code, year, scope: 'all' }));
    const latest = figuresByYear[figuresByYear.length - 1];
    const cutoff = cutoffOf(years.to).date;
    const range = { from: localDate(years.from, 1, 1), to: localDate(years.to + 1, 1, 1) };

    const [targets, allocations, sections, figures, difficulties] = await Promise.all([
      this.indicators.yearResults({ plan: plan.code, years }),
      this.allocations(plan.code, years.to, cutoff),
      this.sections(plan.id, range, figuresByYear),
      this.figureTotals(plan.id, range),
      this.difficulties(plan.id, range),
    ]);
    return {
      kind,
      plan: { code: plan.code, title: plan.title, documentNumber: plan.document_number, issuedOn: plan.issued_on, issuer: plan.issuer },
      year: years.to,
      years,
      heading: { issuingBody: say.issuingBody(plan.issuer), numberSymbol: plan.report.numberSymbol ?? say.numberSymbol, place: say.placeOf(plan.issuer), date: null },
      title: kind === 'final' ? say.finalTitle(plan.title, years.from, years.to) : say.annualTitle(plan.title, years.to),
      legalBases: plan.legal_bases,
      cutoff,
      snapshotTakenAt: latest.snapshot?.takenAt ?? null,
      generatedAt: this.clock.now().toISOString(),
      targets,
      allocations,
      sections,
      figures,
      compliance: merge(figuresByYear.map((f) => f.total)),
      agencies: mergeAgencies(figuresByYear),
      late: latest.late.map(({ instanceId: _id, deliverable: _d, ...item }) => item),
      difficulties,
      recipients: plan.report.recipients ?? say.recipients,
      signature: { capacity: say.signatureCapacity(plan.signer), name: null },
    };
  }

  /** Each indicator's allocations in the year, and those behind their trajectory at the cut-off. */
  private async allocations(plan: string, year: number, cutoff: LocalDate): Promise<AllocationProgress[]> {
    const overview = await this.indicators.overview({ plan, year, asOf: cutoff, scope: 'all' });
    return overview.indicators
      .filter((i) => i.allocations.agencies.some((a) => a.value !== null))
      .map((i) => {
        const allocated = i.allocations.agencies.filter((a) => a.value !== null);
        return {
          indicatorCode: i.code,
          indicatorName: i.name,
          unit: i.unit,
          year,
          allocated: allocated.length,
          assessed: allocated.filter((a) => a.progress.behind !== null).length,
          behind: allocated
            .filter((a) => a.progress.behind === true && a.progress.latest && a.progress.expected !== null)
            .map((a) => ({ agencyName: a.name, target: a.value!, latest: a.progress.latest!.value, latestDate: a.progress.latest!.date, expected: a.progress.expected! })),
        };
      });
  }

  /** Every section and appendix row (current versions), with the row's instances and their deliverables. */
  private async sections(planId: string, range: { from: LocalDate; to: LocalDate }, figures: ComplianceReport[]): Promise<ReportSection[]> {
    const sections: { key: string; title: string; provenance: string; note: string | null }[] = await this.db.query(
      `SELECT key, title, provenance, note FROM plan_section WHERE plan_id = $1 ORDER BY position`,
      [planId],
    );
    const rows: { id: string; key: string; section: string; task: string; deliverable: string; timing: string; provenance: string; lead: string; support: string | null }[] =
      await this.db.query(
        `SELECT d.id, d.key, v.section_key AS section, v.task, v.deliverable->>'name' AS deliverable, v.timing_text AS timing, v.provenance,
                v.lead_text AS lead, v.support_text AS support
           FROM workflow_definition d JOIN workflow_definition_version v ON v.definition_id = d.id AND v.version = d.current_version
          WHERE d.plan_id = $1 AND d.retired_at IS NULL ORDER BY d.position`,
        [planId],
      );
    const instances: {
      definition_id: string;
      agency_code: string;
      agency_name: string;
      role: string;
      period_label: string;
      due_date: LocalDate;
      status: keyof typeof taskStatusLabels;
      classification: keyof typeof taskClassificationLabels;
      submissions: RowInstance['submissions'];
    }[] = await this.db.query(
      `SELECT t.definition_id, t.agency_code, a.name AS agency_name, t.role, t.period_label, to_char(t.due_date, 'YYYY-MM-DD') AS due_date, t.status,
              task_classification(t.status, t.submitted_at, t.due_at, $4) AS classification,
              COALESCE((SELECT json_agg(json_build_object(
                        'version', s.version, 'submittedAt', s.submitted_at, 'reviewStatus', s.review_status,
                        'documentNumber', s.document->>'number', 'issuedOn', s.document->>'issuedOn', 'link', s.link,
                        'fileNames', COALESCE((SELECT json_agg(f.original_name ORDER BY f.position) FROM submission_file f WHERE f.submission_id = s.id), '[]'::json))
                        ORDER BY s.version)
                   FROM submission s WHERE s.instance_id = t.id), '[]'::json) AS submissions
         FROM task_instance t JOIN agency a ON a.code = t.agency_code
        WHERE t.plan_id = $1 AND t.window_start >= $2::date AND t.window_start < $3::date AND t.opens_on <= ($4::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
        ORDER BY t.role, t.due_date, a.name`,
      [planId, range.from, range.to, this.clock.now()],
    );
    const byDefinition = new Map<string, RowInstance[]>();
    for (const i of instances) {
      const list = byDefinition.get(i.definition_id) ?? byDefinition.set(i.definition_id, []).get(i.definition_id)!;
      list.push({
        agencyCode: i.agency_code,
        agencyName: i.agency_name,
        role: i.role,
        periodLabel: i.period_label,
        dueDate: i.due_date,
        statusLabel: taskStatusLabels[i.status],
        classificationLabel: taskClassificationLabels[i.classification],
        submissions: i.submissions,
      });
    }
    return sections.map((s) => ({
      key: s.key,
      title: s.title,
      provenance: s.provenance,
      note: s.note,
      compliance: merge(figures.map((f) => f.sections.find((x) => x.key === s.key)).filter((x) => x !== undefined)),
      rows: rows
        .filter((r) => r.section === s.key)
        .map((r) => {
          const list = byDefinition.get(r.id) ?? [];
          return {
            key: r.key,
            task: r.task,
            deliverable: r.deliverable,
            timing: r.timing,
            provenance: r.provenance === 'verbatim' ? null : r.provenance,
            leadAgencies: splitParties(r.lead),
            supportAgencies: r.support ? splitParties(r.support) : [],
            compliance: merge(figures.map((f) => f.rows.find((x) => x.key === r.key)).filter((x) => x !== undefined)),
            instances: list,
          };
        }),
    }));
  }

  /**
   * Per row and metric, each agency's latest figure in the years (its last submission not sent
   * back), added up across agencies; percentages are averaged.
   */
  private async figureTotals(planId: string, range: { from: LocalDate; to: LocalDate }): Promise<FigureTotal[]> {
    const rows: { row_key: string; metric_code: string; metric_name: string; unit: string; type: string; total: string; mean: string; agencies: number }[] = await this.db.query(
      `WITH latest AS (
         SELECT DISTINCT ON (t.agency_code, t.definition_id, g.metric_code)
                t.agency_code, t.definition_id, g.metric_code, g.metric_name, g.unit, g.type, g.value
           FROM task_instance t JOIN submission s ON s.instance_id = t.id AND s.review_status <> 'returned'
           JOIN submission_figure g ON g.submission_id = s.id
          WHERE t.plan_id = $1 AND t.window_start >= $2::date AND t.window_start < $3::date AND t.role = 'lead'
          ORDER BY t.agency_code, t.definition_id, g.metric_code, t.window_start DESC, s.version DESC)
       SELECT d.key AS row_key, l.metric_code, min(l.metric_name) AS metric_name, min(l.unit) AS unit, min(l.type) AS type,
              sum(l.value)::text AS total, round(avg(l.value), 1)::text AS mean, count(*)::int AS agencies
         FROM latest l JOIN workflow_definition d ON d.id = l.definition_id
        GROUP BY d.key, d.position, l.metric_code ORDER BY d.position, l.metric_code`,
      [planId, range.from, range.to],
    );
    return rows.map((r) => ({
      rowKey: r.row_key,
      metricCode: r.metric_code,
      metricName: r.metric_name,
      unit: r.unit,
      aggregation: r.type === 'percentage' ? 'mean' : 'sum',
      total: Number(r.type === 'percentage' ? r.mean : r.total),
      agencyCount: r.agencies,
    }));
  }

  /** The notes agencies wrote with their submissions of the years: what got in their way. */
  private async difficulties(planId: string, range: { from: LocalDate; to: LocalDate }): Promise<AnnualReportModel['difficulties']> {
    const rows: { agency_name: string; row_key: string; submitted_at: Date; note: string }[] = await this.db.query(
      `SELECT DISTINCT ON (t.agency_code, d.key, btrim(s.note)) a.name AS agency_name, d.key AS row_key, s.submitted_at, btrim(s.note) AS note
         FROM submission s JOIN task_instance t ON t.id = s.instance_id JOIN agency a ON a.code = t.agency_code
         JOIN workflow_definition d ON d.id = t.definition_id
        WHERE t.plan_id = $1 AND t.window_start >= $2::date AND t.window_start < $3::date AND s.note IS NOT NULL AND btrim(s.note) <> ''
        ORDER BY t.agency_code, d.key, btrim(s.note), s.submitted_at DESC
        LIMIT 500`,
      [planId, range.from, range.to],
    );
    return rows
      .map((r) => ({ agencyName: r.agency_name, rowKey: r.row_key, submittedAt: new Date(r.submitted_at).toISOString(), note: r.note }))
      .sort((a, b) => a.rowKey.localeCompare(b.rowKey, 'vi', { numeric: true }) || a.agencyName.localeCompare(b.agencyName, 'vi'));
  }
}

/** "BHXH thành phố; BHXH cơ sở" → its parties as written. */
function splitParties(text: string): string[] {
  return text
    .split(/;/u)
    .map((p) => p.trim())
    .filter(Boolean);
}

type Line = AnnualReportModel['compliance'];

/** Lines of several years added up (the mean working days late weighted by late tasks). */
function merge(lines: Line[]): Line {
  const counts = emptyCounts();
  let lateDays = 0;
  let lateTasks = 0;
  for (const line of lines) {
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] += line.counts[key];
    const late = line.counts.doneLate + line.counts.overdueNotDone;
    if (line.averageWorkingDaysLate !== null) {
      lateDays += line.averageWorkingDaysLate * late;
      lateTasks += late;
    }
  }
  return complianceLine(counts, lateTasks ? lateDays / lateTasks : null);
}

function mergeAgencies(years: ComplianceReport[]): AnnualReportModel['agencies'] {
  const byCode = new Map<string, { name: string; lines: Line[] }>();
  for (const year of years) for (const a of year.agencies) (byCode.get(a.code) ?? byCode.set(a.code, { name: a.name, lines: [] }).get(a.code)!).lines.push(a);
  return [...byCode]
    .map(([code, { name, lines }]) => ({ code, name, ...(lines.length === 1 ? lines[0] : merge(lines)) }))
    .map(({ code, name, counts, total, onTimeRate, averageWorkingDaysLate }) => ({ code, name, counts, total, onTimeRate, averageWorkingDaysLate }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}
