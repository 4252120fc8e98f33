import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type ActingUser } from '../../common/acting-user';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { readSpreadsheetGrid } from '../definitions/import/read-appendix-table';
import { parseVietnameseNumber } from '../deliverables/domain/figures';
import { parseVietnameseDate } from '../deliverables/domain/submission-content';
import { isLocalDate, type LocalDate } from '../scheduling/domain/local-date';
import { type AllocationError, readAllocationTable, sumAllocations } from './domain/allocation-file';
import { assessProgress, isTargetMet, type Measurement, percentOfTarget, type Progress, type TargetKind, trajectoryFor, baselineFor } from './domain/trajectory';
import { indicatorServiceMessages as say } from './indicators.messages';

interface PlanRow {
  id: string;
  code: string;
  title: string;
  from: number;
  to: number;
  reporters: string[];
}

interface IndicatorRow {
  id: string;
  code: string;
  name: string;
  unit: string;
  target_kind: TargetKind;
  part_of: string | null;
  note: string | null;
}

export interface ActualInput {
  agency?: string | null;
  asOf: string;
  value: string | number;
  source: string;
}

/** An indicator's target in one year, with the city-wide result reached by the year's data cut-off (14/12). */
export interface IndicatorYearResult {
  indicatorCode: string;
  indicatorName: string;
  unit: string;
  /** 'target' (đạt), 'minimum' (tối thiểu), 'maximum' (tối đa). */
  targetKind: TargetKind;
  year: number;
  target: number | null;
  /** 'verbatim' | 'uncertain' | 'inferred': the plan's own mark on the target. */
  targetProvenance: string | null;
  targetNote: string | null;
  actual: number | null;
  actualAsOf: LocalDate | null;
  actualSource: string | null;
  /** actual / target in percent, one decimal; null when either is missing. */
  percentOfTarget: number | null;
  /** Whether the actual meets the target under its kind; null when unknown. */
  met: boolean | null;
}

/**
 * The plan's indicators (chỉ tiêu): yearly targets with their "at least" semantics, actual values
 * at dates (city-wide or per agency/commune) with their source, allocations of a year's target
 * to agencies or communes (imported from a table, or proposed by the agency and approved by the
 * monitor), and progress against the straight-line trajectory with the "behind" flag.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private async plan(code?: string): Promise<PlanRow> {
    const [plan]: PlanRow[] = await this.db.query(
      `SELECT id, code, title, extract(year FROM horizon_start)::int AS "from",
              (extract(year FROM horizon_end)::int - CASE WHEN to_char(horizon_end, 'MM-DD') <= '06-30' THEN 1 ELSE 0 END) AS "to",
              COALESCE(ARRAY(SELECT jsonb_array_elements_text(CASE jsonb_typeof(settings->'indicators'->'reportedBy') WHEN 'array' THEN settings->'indicators'->'reportedBy'
                                                                   WHEN 'string' THEN jsonb_build_array(settings->'indicators'->'reportedBy') ELSE '[]'::jsonb END)), '{}') AS reporters
         FROM plan WHERE ($1::text IS NULL OR code = $1) ORDER BY created_at LIMIT 1`,
      [code ?? null],
    );
    if (!plan) throw new DomainError('NOT_FOUND', code ? say.noSuchPlan(code) : say.noPlan);
    return plan;
  }

  private async indicator(planId: string, code: string): Promise<IndicatorRow> {
    const [row]: IndicatorRow[] = await this.db.query(`SELECT id, code, name, unit, target_kind, part_of, note FROM indicator WHERE plan_id = $1 AND code = $2`, [planId, code]);
    if (!row) throw new DomainError('NOT_FOUND', say.noIndicator(code));
    return row;
  }

  /** Targets, actuals, allocations and progress of every indicator for a year, as of a day. */
  async overview(request: { plan?: string; year?: number; asOf?: LocalDate; scope: 'all' | readonly string[] }) {
    const plan = await this.plan(request.plan);
    const asOf = request.asOf ?? vietnamDate(this.clock.now());
    const year = request.year ?? Number(asOf.slice(0, 4));
    if (year < plan.from || year > plan.to) throw new DomainError('VALIDATION_FAILED', say.yearOutside(year, plan.from, plan.to));
    const agencies = request.scope === 'all' ? null : [...request.scope];
    const [indicators, targets, actuals, allocations]: [
      IndicatorRow[],
      { indicator_id: string; year: number; value: string; provenance: string; note: string | null }[],
      { indicator_id: string; agency_code: string | null; as_of: LocalDate; value: string; source: string; entered_by: string; entered_at: Date }[],
      { indicator_id: string; agency_code: string; name: string; value: string | null; source: string | null; decided_at: Date | null; proposed_value: string | null; proposed_by: string | null; proposed_at: Date | null; proposal_note: string | null }[],
    ] = await Promise.all([
      this.db.query(`SELECT id, code, name, unit, target_kind, part_of, note FROM indicator WHERE plan_id = $1 ORDER BY position`, [plan.id]),
      this.db.query(`SELECT t.indicator_id, t.year, t.value::text, t.provenance, t.note FROM indicator_target t JOIN indicator i ON i.id = t.indicator_id WHERE i.plan_id = $1 ORDER BY t.year`, [plan.id]),
      this.db.query(
        `SELECT a.indicator_id, a.agency_code, to_char(a.as_of, 'YYYY-MM-DD') AS as_of, a.value::text, a.source, a.entered_by, a.entered_at
           FROM indicator_actual a JOIN indicator i ON i.id = a.indicator_id
          WHERE i.plan_id = $1 AND a.as_of <= $2 AND (a.agency_code IS NULL OR $3::text[] IS NULL OR a.agency_code = ANY($3))
          ORDER BY a.as_of`,
        [plan.id, asOf, agencies],
      ),
      this.db.query(
        `SELECT l.indicator_id, l.agency_code, a.name, l.value::text, l.source, l.decided_at, l.proposed_value::text, l.proposed_by, l.proposed_at, l.proposal_note
           FROM indicator_allocation l JOIN indicator i ON i.id = l.indicator_id JOIN agency a ON a.code = l.agency_code
          WHERE i.plan_id = $1 AND l.year = $2 AND ($3::text[] IS NULL OR l.agency_code = ANY($3))
          ORDER BY a.name`,
        [plan.id, year, agencies],
      ),
    ]);
    const measurements = (indicatorId: string, agency: string | null): Measurement[] =>
      actuals.filter((a) => a.indicator_id === indicatorId && a.agency_code === agency).map((a) => ({ date: a.as_of, value: Number(a.value) }));
    const progressOf = (kind: TargetKind, target: number | null, list: Measurement[]): Progress & { trajectory: ReturnType<typeof trajectoryFor> } => ({
      ...assessProgress({ kind, year, target, actuals: list, asOf }),
      trajectory: trajectoryFor(year, target, baselineFor(year, list)),
    });
    return {
      plan: { code: plan.code, title: plan.title },
      year,
      asOf,
      reportedBy: plan.reporters,
      indicators: indicators.map((i) => {
        const yearTarget = targets.find((t) => t.indicator_id === i.id && t.year === year);
        const cityTarget = yearTarget ? Number(yearTarget.value) : null;
        const mine = allocations.filter((a) => a.indicator_id === i.id);
        const approved = mine.filter((a) => a.value !== null).map((a) => ({ indicatorCode: i.code, year, value: Number(a.value) }));
        return {
          code: i.code,
          name: i.name,
          unit: i.unit,
          targetKind: i.target_kind,
          partOf: i.part_of,
          note: i.note,
          targets: targets.filter((t) => t.indicator_id === i.id).map((t) => ({ year: t.year, value: Number(t.value), provenance: t.provenance, note: t.note })),
          city: {
            target: cityTarget,
            targetProvenance: yearTarget?.provenance ?? null,
            actuals: actuals
              .filter((a) => a.indicator_id === i.id && a.agency_code === null && a.as_of.startsWith(String(year)))
              .map((a) => ({ asOf: a.as_of, value: Number(a.value), source: a.source, enteredBy: a.entered_by, enteredAt: a.entered_at })),
            progress: progressOf(i.target_kind, cityTarget, measurements(i.id, null)),
          },
          allocations: {
            sum: sumAllocations(approved, [{ indicatorCode: i.code, year, value: cityTarget }])[0] ?? null,
            agencies: mine.map((a) => {
              const target = a.value === null ? null : Number(a.value);
              return {
                code: a.agency_code,
                name: a.name,
                value: target,
                source: a.source,
                decidedAt: a.decided_at,
                proposal: a.proposed_value === null ? null : { value: Number(a.proposed_value), by: a.proposed_by, at: a.proposed_at, note: a.proposal_note },
                progress: progressOf(i.target_kind, target, measurements(i.id, a.agency_code)),
              };
            }),
          },
        };
      }),
    };
  }

  /**
   * Each indicator's target in each of the years (every indicator, every year, target or not),
   * with the latest city-wide actual dated from 1/1 to the year's cut-off 14/12: what the city's
   * report on the plan states. Ordered by indicator, then year.
   */
  async yearResults(request: { plan?: string; years: { from: number; to: number } }): Promise<IndicatorYearResult[]> {
    const plan = await this.plan(request.plan);
    const rows: {
      code: string;
      name: string;
      unit: string;
      target_kind: TargetKind;
      year: number;
      target: string | null;
      provenance: string | null;
      note: string | null;
      actual: string | null;
      actual_as_of: LocalDate | null;
      source: string | null;
    }[] = await this.db.query(
      `SELECT i.code, i.name, i.unit, i.target_kind, y.year, t.value::text AS target, t.provenance, t.note,
              a.value::text AS actual, to_char(a.as_of, 'YYYY-MM-DD') AS actual_as_of, a.source
         FROM indicator i CROSS JOIN generate_series($2::int, $3::int) AS y(year)
         LEFT JOIN indicator_target t ON t.indicator_id = i.id AND t.year = y.year
         LEFT JOIN LATERAL (SELECT x.value, x.as_of, x.source FROM indicator_actual x
                             WHERE x.indicator_id = i.id AND x.agency_code IS NULL
                               AND x.as_of BETWEEN make_date(y.year, 1, 1) AND make_date(y.year, 12, 14)
                             ORDER BY x.as_of DESC LIMIT 1) a ON true
        WHERE i.plan_id = $1
        ORDER BY i.position, y.year`,
      [plan.id, request.years.from, request.years.to],
    );
    return rows.map((r) => {
      const target = r.target === null ? null : Number(r.target);
      const actual = r.actual === null ? null : Number(r.actual);
      return {
        indicatorCode: r.code,
        indicatorName: r.name,
        unit: r.unit,
        targetKind: r.target_kind,
        year: r.year,
        target,
        targetProvenance: r.provenance,
        targetNote: r.note,
        actual,
        actualAsOf: r.actual_as_of,
        actualSource: r.source,
        percentOfTarget: percentOfTarget(actual, target),
        met: target === null || actual === null ? null : isTargetMet(r.target_kind, actual, target),
      };
    });
  }

  /**
   * Records an actual value at a date (a correction of the same day replaces it). The monitor and
   * the plan's reporting agency (settings.indicators.reportedBy: BHXH thành phố) enter any scope;
   * an agency's focal point enters its own agency's.
   */
  async recordActual(user: ActingUser, code: string, input: ActualInput, planCode?: string) {
    const plan = await this.plan(planCode);
    const indicator = await this.indicator(plan.id, code);
    const agency = input.agency ?? null;
    if (agency !== null) {
      const [known] = await this.db.query(`SELECT 1 FROM agency WHERE code = $1`, [agency]);
      if (!known) throw new DomainError('NOT_FOUND', say.noAgency(agency));
    }
    const reporter = user.monitor || (user.focalPointOf !== 'all' ? user.focalPointOf.some((a) => plan.reporters.includes(a)) : true);
    const own = agency !== null && (user.focalPointOf === 'all' || user.focalPointOf.includes(agency));
    if (!reporter && !own) throw new DomainError('FORBIDDEN', say.notReporter(plan.reporters.join(', ') || '—'));
    const asOf = readDay(input.asOf);
    if (asOf > vietnamDate(this.clock.now())) throw new DomainError('VALIDATION_FAILED', say.futureDate(asOf));
    const value = readValue(input.value);
    const source = String(input.source ?? '').trim();
    if (!source) throw new DomainError('VALIDATION_FAILED', say.sourceRequired);
    if (source.length > 500) throw new DomainError('VALIDATION_FAILED', say.sourceTooLong);
    return this.db.transaction(async (tx) => {
      const [before]: { value: string; source: string }[] = await tx.query(
        `SELECT value::text, source FROM indicator_actual WHERE indicator_id = $1 AND COALESCE(agency_code, '') = COALESCE($2, '') AND as_of = $3`,
        [indicator.id, agency, asOf],
      );
      const [row] = await tx.query(
        `INSERT INTO indicator_actual (indicator_id, agency_code, as_of, value, source, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (indicator_id, COALESCE(agency_code, ''), as_of) DO UPDATE SET value = EXCLUDED.value, source = EXCLUDED.source, entered_by = EXCLUDED.entered_by, entered_at = EXCLUDED.entered_at
         RETURNING id, to_char(as_of, 'YYYY-MM-DD') AS "asOf", value::float8 AS value, source, agency_code AS agency, entered_by AS "enteredBy", entered_at AS "enteredAt"`,
        [indicator.id, agency, asOf, value, source, user.id, this.clock.now()],
      );
      await this.audit.record(tx, {
        actor: user.id,
        action: 'indicator.actual',
        at: this.clock.now(),
        planId: plan.id,
        agencyCode: agency,
        subjectType: 'indicator',
        subjectId: indicator.code,
        before: before ?? null,
        after: { asOf, value, source, agency },
      });
      return { indicator: indicator.code, ...row, replaced: Boolean(before) };
    });
  }

  /** Imports a table of allocations (agency × indicator × year); all or nothing. */
  async importAllocations(user: ActingUser, file: { name: string; bytes: Buffer }, planCode?: string) {
    const plan = await this.plan(planCode);
    const grid = await readSpreadsheetGrid(file.bytes, file.name);
    if (!grid.ok) throw new DomainError('IMPORT_FILE_INVALID', grid.error.message);
    const [agencies, indicators]: [{ code: string }[], IndicatorRow[]] = await Promise.all([
      this.db.query(`SELECT code FROM agency`),
      this.db.query(`SELECT id, code, name, unit, target_kind, part_of, note FROM indicator WHERE plan_id = $1`, [plan.id]),
    ]);
    const read = readAllocationTable(
      { fileName: file.name, rows: grid.rows },
      { agencyCodes: new Set(agencies.map((a) => a.code)), indicators: new Set(indicators.map((i) => i.code)), years: { from: plan.from, to: plan.to } },
    );
    if (!read.ok) throw new DomainError('IMPORT_FILE_INVALID', say.allocationInvalid(file.name, read.errors.length), { errors: read.errors satisfies AllocationError[] });
    const ids = new Map(indicators.map((i) => [i.code, i.id]));
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO indicator_allocation (indicator_id, year, agency_code, value, source, note, decided_by, decided_at)
         SELECT x.indicator_id, x.year, x.agency_code, x.value, $2, x.note, $3, $4
           FROM jsonb_to_recordset($1::jsonb) AS x(indicator_id uuid, year int, agency_code text, value numeric, note text)
         ON CONFLICT (indicator_id, year, agency_code) DO UPDATE
            SET value = EXCLUDED.value, source = EXCLUDED.source, note = EXCLUDED.note, decided_by = EXCLUDED.decided_by, decided_at = EXCLUDED.decided_at`,
        [
          JSON.stringify(read.allocations.map((a) => ({ indicator_id: ids.get(a.indicatorCode), year: a.year, agency_code: a.agencyCode, value: a.value, note: a.note }))),
          say.importSource(file.name),
          user.id,
          now,
        ],
      );
      await this.audit.record(tx, {
        actor: user.id,
        action: 'indicator.allocate',
        at: now,
        planId: plan.id,
        subjectType: 'indicator',
        subjectId: [...new Set(read.allocations.map((a) => a.indicatorCode))].join(','),
        after: { file: file.name, allocations: read.allocations.length },
      });
    });
    const targets: { code: string; year: number; value: string }[] = await this.db.query(
      `SELECT i.code, t.year, t.value::text FROM indicator_target t JOIN indicator i ON i.id = t.indicator_id WHERE i.plan_id = $1`,
      [plan.id],
    );
    const totals: { code: string; year: number; total: string; n: number }[] = await this.db.query(
      `SELECT i.code, l.year, sum(l.value)::text AS total, count(*)::int AS n FROM indicator_allocation l JOIN indicator i ON i.id = l.indicator_id
        WHERE i.plan_id = $1 AND l.value IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
      [plan.id],
    );
    return {
      imported: read.allocations.length,
      totals: totals.map((t) => {
        const target = targets.find((x) => x.code === t.code && x.year === t.year);
        return { indicator: t.code, year: t.year, allocated: Number(t.total), agencies: t.n, target: target ? Number(target.value) : null, difference: target ? Number(t.total) - Number(target.value) : null };
      }),
    };
  }

  /** An agency's focal point proposes its targets for a year (plan section IV). */
  async propose(user: ActingUser, input: { year: number; agency?: string; values: Record<string, string | number>; note?: string }, planCode?: string) {
    const plan = await this.plan(planCode);
    if (input.year < plan.from || input.year > plan.to) throw new DomainError('VALIDATION_FAILED', say.yearOutside(input.year, plan.from, plan.to));
    const mine = user.focalPointOf === 'all' ? null : user.focalPointOf;
    const agency = input.agency ?? (mine && mine.length === 1 ? mine[0] : undefined);
    if (!agency || (mine && !mine.includes(agency))) throw new DomainError('FORBIDDEN', say.proposalNeedsAgency);
    const entries = Object.entries(input.values ?? {});
    if (!entries.length) throw new DomainError('VALIDATION_FAILED', say.proposalEmpty);
    const indicators = await Promise.all(entries.map(([code]) => this.indicator(plan.id, code)));
    const values = entries.map(([, v]) => readValue(v));
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      for (const [n, indicator] of indicators.entries()) {
        await tx.query(
          `INSERT INTO indicator_allocation (indicator_id, year, agency_code, proposed_value, proposed_by, proposed_at, proposal_note) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (indicator_id, year, agency_code) DO UPDATE
              SET proposed_value = EXCLUDED.proposed_value, proposed_by = EXCLUDED.proposed_by, proposed_at = EXCLUDED.proposed_at, proposal_note = EXCLUDED.proposal_note`,
          [indicator.id, input.year, agency, values[n], user.id, now, input.note?.trim() || null],
        );
      }
      await this.audit.record(tx, {
        actor: user.id,
        action: 'indicator.propose',
        at: now,
        planId: plan.id,
        agencyCode: agency,
        subjectType: 'indicator',
        subjectId: indicators.map((i) => i.code).join(','),
        after: { year: input.year, values: Object.fromEntries(indicators.map((i, n) => [i.code, values[n]])) },
      });
    });
    return { agency, year: input.year, proposed: Object.fromEntries(indicators.map((i, n) => [i.code, values[n]])) };
  }

  /** The monitor approves pending proposals: the proposed value becomes the allocation. */
  async approve(user: ActingUser, input: { year: number; agencies?: string[]; indicator?: string }, planCode?: string) {
    const plan = await this.plan(planCode);
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const approved: { agency_code: string; code: string; value: string }[] = await tx.query(
        // Through a CTE: an UPDATE's rows come back as a plain list (TypeORM wraps a bare UPDATE's result).
        `WITH approved AS (UPDATE indicator_allocation l SET value = l.proposed_value, source = $5, decided_by = $6, decided_at = $7
           FROM indicator i
          WHERE i.id = l.indicator_id AND i.plan_id = $1 AND l.year = $2 AND l.proposed_value IS NOT NULL
            AND (l.value IS DISTINCT FROM l.proposed_value OR l.decided_at IS NULL OR l.decided_at < l.proposed_at)
            AND ($3::text[] IS NULL OR l.agency_code = ANY($3)) AND ($4::text IS NULL OR i.code = $4)
          RETURNING l.agency_code, i.code, l.value::text)
         SELECT * FROM approved ORDER BY agency_code, code`,
        [plan.id, input.year, input.agencies?.length ? input.agencies : null, input.indicator ?? null, say.proposalSource, user.id, now],
      );
      if (!approved.length) throw new DomainError('NOTHING_TO_DO', say.nothingToApprove);
      await this.audit.record(
        tx,
        approved.map((a) => ({
          actor: user.id,
          action: 'indicator.allocate' as const,
          at: now,
          planId: plan.id,
          agencyCode: a.agency_code,
          subjectType: 'indicator' as const,
          subjectId: a.code,
          after: { year: input.year, value: Number(a.value), from: 'proposal' },
        })),
      );
      return { approved: approved.map((a) => ({ agency: a.agency_code, indicator: a.code, value: Number(a.value) })) };
    });
  }
}

function readDay(text: string): LocalDate {
  const value = String(text ?? '').trim();
  if (isLocalDate(value)) return value;
  const parsed = parseVietnameseDate(value);
  if (parsed) return parsed;
  throw new DomainError('VALIDATION_FAILED', say.badDate(value));
}

function readValue(input: string | number): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) throw new DomainError('VALIDATION_FAILED', say.badValue(String(input)));
    return input;
  }
  const parsed = parseVietnameseNumber(String(input ?? ''));
  if (!parsed || parsed.percent || parsed.value < 0) throw new DomainError('VALIDATION_FAILED', say.badValue(String(input)));
  return parsed.value;
}
