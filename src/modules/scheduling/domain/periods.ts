/**
 * Periods and due dates of one appendix row: from its parsed timing, the plan's horizon and
 * settings, and the working calendar, the list of periods for which a task instance exists.
 *
 *   computePeriods({ timing: parseTiming('Định kỳ, trước ngày 25/12 hằng năm'), horizon, settings, calendar })
 *   → periods 2026 … 2030; 2026: window 01/01–31/12/2026, nominal due 24/12/2026,
 *     due 24/12/2026, dueAt '2026-12-24T16:59:59.999Z', opens 01/01/2026 (horizon start)
 *
 * Keys (stable, unique within one row; the database's unique key uses them):
 *   year '2026' · half '2026-H1' · quarter '2026-Q2' · month '2026-05' ·
 *   window: its two ends joined by '-', each end written as a year '2026', half '2026H2',
 *   quarter '2025Q4' or month '2026M03' → '2026-2028', '2025Q4-2026Q2', '2026M03-2026M08' ·
 *   one-off with an exact date: that date as the words wrote it, '2031-01-31'.
 *   The shapes cannot collide: 'YYYY', 'YYYY-H#', 'YYYY-Q#', 'YYYY-MM', 'YYYY-MM-DD', and windows
 *   have four digits after their dash or a letter right after their first year.
 *
 * Rules:
 * - Recurring parts (and the reports of "Thường xuyên") give one period per year/half/quarter/month
 *   whose window lies inside the horizon. A period cut by the horizon (a plan that starts in
 *   March) is kept too when its nominal due date lies inside the horizon, with a note, so a plan
 *   issued mid-year still reports on its first year. Horizon 2026-01-01 … 2031-01-31: "Hằng năm"
 *   gives 2026 … 2030 (2031 is due after the horizon), "Hằng tháng" gives 2026-01 … 2031-01.
 *   fromYear/toYear of the words narrow the years further (by the period's calendar year).
 * - "Tháng 5 (hằng năm)" gives month periods '2026-05' …: the window is May, so the period is a
 *   month (label "Tháng 5/2026", monthly rules), not a year. "Quý I hằng năm" likewise gives quarters.
 * - One-offs ("Năm 2026", "Quý II/2026", windows) are kept when their window overlaps the horizon,
 *   with a note when it is not wholly inside.
 * - A one-off with an exact date ("Trước ngày 31/01/2031") is kind 'once': its window runs from
 *   1 January of its due year (or the horizon's start, if later) to its nominal due date, so a
 *   final report due in January 2031 opens in December 2030 rather than showing "in progress" for
 *   five years. It is dropped when that date is before the horizon's start.
 * - A window part is one deliverable due on the window's last day; windows and exact-date one-offs
 *   have no data cut-off.
 * - Due date: a deadline in the words wins ("trước ngày D": D−1 with beforeDateRule 'previous-day',
 *   D with 'same-day'; "chậm nhất ngày D": D); otherwise settings.defaultDue for the period's kind;
 *   otherwise the period's last day. A day past the month's end means the month's last day.
 *   Then settings.nonWorkingDue moves it off weekends and days off (default: previous working day).
 *   dueAt is the last millisecond of the due date in Asia/Ho_Chi_Minh, as a UTC ISO string.
 *   When the calendar does not cover the year, the nominal date is kept and a note says so.
 * - opensOn = windowStart − settings.openLeadDays calendar days, but never before the horizon's
 *   start and never after the due date.
 * - Roadmap, ad-hoc and unscheduled parts give no period, only a note ("Theo lộ trình: …").
 * - Two parts giving the same key: the first part's period is kept, with a note.
 * - Output is sorted by due date, then window start, then key.
 */
import {
  addDays,
  daysInMonth,
  formatVietnamese,
  isAfter,
  isBefore,
  lastDayOfMonth,
  localDate,
  toParts,
  type LocalDate,
} from './local-date';
import { periodLabels as label, periodNotes as note } from './periods.messages';
import type { PlanSchedulingSettings, PlanTimezone, ReportCadence } from './plan-settings';
import {
  explain,
  type DeadlineRule,
  type Half,
  type OncePart,
  type ParsedTiming,
  type PeriodPoint,
  type Quarter,
  type RecurringPart,
  type TimingPart,
  type WindowPart,
  type YearBounds,
} from './timing-parser';
import type { WorkingCalendar } from './working-calendar';

export type PeriodKind = 'year' | 'half' | 'quarter' | 'month' | 'window' | 'once';

export interface Horizon {
  start: LocalDate;
  end: LocalDate;
}

export interface DateRange {
  from: LocalDate;
  to: LocalDate;
}

export interface PeriodSpec {
  /** Stable and unique within one row: '2026', '2026-H1', '2026-Q2', '2026-05', '2026-2028', '2031-01-31'. */
  key: string;
  kind: PeriodKind;
  /** Vietnamese: "Năm 2026", "6 tháng đầu năm 2026", "Quý II/2026", "Tháng 5/2026", "Giai đoạn 2026–2028". */
  label: string;
  windowStart: LocalDate;
  windowEnd: LocalDate;
  /** Data cut-off (Nghị định 09/2019) of year/half/quarter/month periods, when the plan uses it. */
  cutoff?: DateRange;
  /** The due date the words and settings give, before any working-day move. */
  nominalDue: LocalDate;
  /** The due date after the working-day move. */
  dueDate: LocalDate;
  /** The end of dueDate in the plan's time zone, as a UTC ISO instant ('2026-12-24T16:59:59.999Z'). */
  dueAt: string;
  /** The day the instance opens (becomes visible and countable). */
  opensOn: LocalDate;
  /** Index in timing.parts of the part that produced the period. */
  partIndex: number;
  /** "cập nhật hằng năm": the instance updates an earlier deliverable. */
  update?: true;
}

export interface PeriodsInput {
  timing: ParsedTiming;
  horizon: Horizon;
  settings: PlanSchedulingSettings;
  calendar: WorkingCalendar;
}

export interface PeriodsResult {
  periods: PeriodSpec[];
  /** Vietnamese notes for the person reviewing the schedule; empty when all is plain. */
  notes: string[];
}

/** UTC offsets of the supported plan time zones (Vietnam has no daylight saving time). */
const UTC_OFFSETS: Record<PlanTimezone, string> = { 'Asia/Ho_Chi_Minh': '+07:00' };

/** The last millisecond of a calendar day in the given zone, as a UTC ISO string. */
export function endOfDayInstant(date: LocalDate, timezone: PlanTimezone = 'Asia/Ho_Chi_Minh'): string {
  toParts(date); // throws a RangeError for a malformed date
  return new Date(`${date}T23:59:59.999${UTC_OFFSETS[timezone]}`).toISOString();
}

/** Due date of a supporting agency's contribution: `supportLeadWorkingDays` working days before the lead's. */
export function supportDueDate(
  leadDue: LocalDate,
  settings: Pick<PlanSchedulingSettings, 'supportLeadWorkingDays'>,
  calendar: WorkingCalendar,
): LocalDate {
  const n = settings.supportLeadWorkingDays;
  return n === 0 ? leadDue : calendar.addWorkingDays(leadDue, -n);
}

/**
 * Nghị định 09/2019/NĐ-CP cut-off of a reporting period (see shared/reference/nd09_reporting_periods.csv):
 * month: 15th of the previous month → 14th; quarter: 15th of the month before the quarter → 14th of
 * its last month; half 1: 15/12 of the previous year → 14/6; half 2: 15/6 → 14/12; year: 15/12 of the
 * previous year → 14/12.
 */
export function nd09Cutoff(
  period: { kind: 'year'; year: number } | { kind: 'half'; year: number; half: Half } | { kind: 'quarter'; year: number; quarter: Quarter } | { kind: 'month'; year: number; month: number },
): DateRange {
  const fromMonthBefore = (year: number, month: number): LocalDate =>
    month === 1 ? localDate(year - 1, 12, 15) : localDate(year, month - 1, 15);
  switch (period.kind) {
    case 'year':
      return { from: localDate(period.year - 1, 12, 15), to: localDate(period.year, 12, 14) };
    case 'half':
      return period.half === 1
        ? { from: localDate(period.year - 1, 12, 15), to: localDate(period.year, 6, 14) }
        : { from: localDate(period.year, 6, 15), to: localDate(period.year, 12, 14) };
    case 'quarter': {
      const first = period.quarter * 3 - 2;
      return { from: fromMonthBefore(period.year, first), to: localDate(period.year, first + 2, 14) };
    }
    case 'month':
      return { from: fromMonthBefore(period.year, period.month), to: localDate(period.year, period.month, 14) };
    default: {
      const exhaustive: never = period;
      return exhaustive;
    }
  }
}

export function computePeriods(input: PeriodsInput): PeriodsResult {
  const { timing, horizon, settings, calendar } = input;
  const notes: string[] = [];
  const byKey = new Map<string, PeriodSpec>();
  const context: Context = { horizon, settings, calendar, notes };

  timing.parts.forEach((part, partIndex) => {
    const drafts = draftsOf(part, context);
    if (drafts === 'none') return;
    if (drafts.length === 0) {
      notes.push(note.noPeriodInHorizon(explain(part), formatVietnamese(horizon.start), formatVietnamese(horizon.end)));
      return;
    }
    for (const draft of drafts) {
      if (byKey.has(draft.key)) {
        notes.push(note.duplicateKey(draft.key, draft.label));
        continue;
      }
      if (isBefore(draft.windowStart, horizon.start) || isAfter(draft.windowEnd, horizon.end)) {
        notes.push(note.partlyOutsideHorizon(draft.label, formatVietnamese(horizon.start), formatVietnamese(horizon.end)));
      }
      byKey.set(draft.key, finish(draft, partIndex, context));
    }
  });

  const periods = [...byKey.values()].sort(
    (a, b) => a.dueDate.localeCompare(b.dueDate) || a.windowStart.localeCompare(b.windowStart) || a.key.localeCompare(b.key),
  );
  return { periods, notes: [...new Set(notes)] };
}

// ---------------------------------------------------------------------------------------------
// Drafts: a period before its due date is moved and its opening day computed

interface Context {
  horizon: Horizon;
  settings: PlanSchedulingSettings;
  calendar: WorkingCalendar;
  notes: string[];
}

/** A period before its due date is moved and its opening day computed. */
type Draft = Pick<PeriodSpec, 'key' | 'kind' | 'label' | 'windowStart' | 'windowEnd' | 'cutoff' | 'nominalDue' | 'update'>;

/** A calendar period (year, half, quarter, month) before its due date is known. */
type Base = Omit<Draft, 'nominalDue' | 'update'> & { kind: 'year' | 'half' | 'quarter' | 'month'; year: number };

function finish(draft: Draft, partIndex: number, { horizon, settings, calendar, notes }: Context): PeriodSpec {
  const dueDate = moveOffNonWorkingDay(draft.nominalDue, settings, calendar, notes);
  const lead = addDays(draft.windowStart, -settings.openLeadDays);
  const notBeforeHorizon = isBefore(lead, horizon.start) ? horizon.start : lead;
  const opensOn = isAfter(notBeforeHorizon, dueDate) ? dueDate : notBeforeHorizon;
  return {
    key: draft.key,
    kind: draft.kind,
    label: draft.label,
    windowStart: draft.windowStart,
    windowEnd: draft.windowEnd,
    ...(draft.cutoff ? { cutoff: draft.cutoff } : {}),
    nominalDue: draft.nominalDue,
    dueDate,
    dueAt: endOfDayInstant(dueDate, settings.timezone),
    opensOn,
    partIndex,
    ...(draft.update ? { update: true as const } : {}),
  };
}

function moveOffNonWorkingDay(
  date: LocalDate,
  settings: PlanSchedulingSettings,
  calendar: WorkingCalendar,
  notes: string[],
): LocalDate {
  try {
    switch (settings.nonWorkingDue) {
      case 'previous-working-day':
        return calendar.previousWorkingDay(date);
      case 'next-working-day':
        return calendar.nextWorkingDay(date);
      case 'keep':
        return date;
      default: {
        const exhaustive: never = settings.nonWorkingDue;
        return exhaustive;
      }
    }
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    notes.push(note.calendarMissing(formatVietnamese(date)));
    return date;
  }
}

/** The drafts a part gives inside the horizon, or 'none' for parts that never give periods. */
function draftsOf(part: TimingPart, context: Context): Draft[] | 'none' {
  switch (part.kind) {
    case 'yearly':
    case 'half-yearly':
    case 'quarterly':
    case 'monthly':
      return recurringDrafts(part, part, context);
    case 'ongoing': {
      const report: RecurringPart = part.report ?? cadencePart(context.settings.ongoingCadence);
      const bounds: YearBounds = {
        fromYear: report.fromYear ?? part.fromYear,
        toYear: report.toYear ?? part.toYear,
      };
      return recurringDrafts(report, bounds, context);
    }
    case 'once':
      return onceDrafts(part, context);
    case 'window':
      return [windowDraft(part)].filter((d) => overlaps(d, context.horizon));
    case 'roadmap':
      context.notes.push(note.roadmap);
      return 'none';
    case 'ad-hoc':
      context.notes.push(note.adHoc);
      return 'none';
    case 'unscheduled':
      context.notes.push(note.needsSchedule);
      return 'none';
    default: {
      const exhaustive: never = part;
      return exhaustive;
    }
  }
}

function cadencePart(cadence: ReportCadence): RecurringPart {
  switch (cadence) {
    case 'yearly':
      return { kind: 'yearly' };
    case 'half-yearly':
      return { kind: 'half-yearly' };
    case 'quarterly':
      return { kind: 'quarterly' };
    case 'monthly':
      return { kind: 'monthly' };
    default: {
      const exhaustive: never = cadence;
      return exhaustive;
    }
  }
}

function recurringDrafts(part: RecurringPart, bounds: YearBounds, context: Context): Draft[] {
  const { horizon, settings } = context;
  const firstYear = Math.max(toParts(horizon.start).year, bounds.fromYear ?? -Infinity);
  const lastYear = Math.min(toParts(horizon.end).year, bounds.toYear ?? Infinity);
  const drafts: Draft[] = [];
  for (let year = firstYear; year <= lastYear; year++) {
    for (const draft of recurringInYear(part, year, settings)) {
      const inside = !isBefore(draft.windowStart, horizon.start) && !isAfter(draft.windowEnd, horizon.end);
      const cutButDueInside = overlaps(draft, horizon) && within(draft.nominalDue, horizon);
      if (inside || cutButDueInside) drafts.push(draft);
    }
  }
  return drafts;
}

function recurringInYear(part: RecurringPart, year: number, settings: PlanSchedulingSettings): Draft[] {
  const update = part.update ? { update: true as const } : {};
  switch (part.kind) {
    case 'yearly': {
      const base =
        part.month !== undefined
          ? monthBase(year, part.month, settings)
          : part.quarter !== undefined
            ? quarterBase(year, part.quarter, settings)
            : yearBase(year, settings);
      const nominalDue = part.deadline
        ? applyRule(dayIn(year, part.deadline.month, part.deadline.day), part.deadline.rule, settings)
        : defaultDue(base, settings);
      return [{ ...strip(base), nominalDue, ...update }];
    }
    case 'half-yearly':
      return (part.half !== undefined ? [part.half] : ([1, 2] as const)).map((half) => {
        const base = halfBase(year, half, settings);
        return { ...strip(base), nominalDue: defaultDue(base, settings), ...update };
      });
    case 'quarterly':
      return ([1, 2, 3, 4] as const).map((quarter) => {
        const base = quarterBase(year, quarter, settings);
        return { ...strip(base), nominalDue: defaultDue(base, settings), ...update };
      });
    case 'monthly': {
      const deadline = part.deadline;
      return MONTHS.map((month) => {
        const base = monthBase(year, month, settings);
        const nominalDue = deadline
          ? applyRule(dayIn(year, month, deadline.day), deadline.rule, settings)
          : defaultDue(base, settings);
        return { ...strip(base), nominalDue, ...update };
      });
    }
    default: {
      const exhaustive: never = part;
      return exhaustive;
    }
  }
}

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

function onceDrafts(part: OncePart, context: Context): Draft[] {
  const { horizon, settings } = context;
  const narrowed =
    part.month !== undefined
      ? monthBase(part.year, part.month, settings)
      : part.quarter !== undefined
        ? quarterBase(part.year, part.quarter, settings)
        : part.half !== undefined
          ? halfBase(part.year, part.half, settings)
          : undefined;
  if (part.deadline) {
    const nominalDue = applyRule(part.deadline.date, part.deadline.rule, settings);
    if (narrowed) return [{ ...strip(narrowed), nominalDue }].filter((d) => overlaps(d, horizon));
    if (isBefore(nominalDue, horizon.start)) return [];
    const written = formatVietnamese(part.deadline.date);
    // The work of a dated one-off belongs to the year of its deadline: a final report due in
    // January 2031 opens a month before, not at the start of a five-year plan.
    const yearStart = localDate(toParts(nominalDue).year, 1, 1);
    return [
      {
        key: part.deadline.date,
        kind: 'once',
        label: part.deadline.rule === 'before' ? label.deadlineBefore(written) : label.deadlineBy(written),
        windowStart: isBefore(yearStart, horizon.start) ? horizon.start : yearStart,
        windowEnd: nominalDue,
        nominalDue,
      },
    ];
  }
  const base = narrowed ?? yearBase(part.year, settings);
  return [{ ...strip(base), nominalDue: defaultDue(base, settings) }].filter((d) => overlaps(d, horizon));
}

function windowDraft(part: WindowPart): Draft {
  const yearsOnly = isYearOnly(part.from) && isYearOnly(part.to);
  const windowEnd = lastDayOf(part.to);
  return {
    key: `${pointToken(part.from)}-${pointToken(part.to)}`,
    kind: 'window',
    label: yearsOnly
      ? label.yearWindow(part.from.year, part.to.year)
      : label.window(pointLabel(part.from), pointLabel(part.to)),
    windowStart: firstDayOf(part.from),
    windowEnd,
    nominalDue: windowEnd,
  };
}

// ---------------------------------------------------------------------------------------------
// Calendar periods

function yearBase(year: number, settings: PlanSchedulingSettings): Base {
  return withCutoff(
    {
      kind: 'year',
      year,
      key: String(year),
      label: label.year(year),
      windowStart: localDate(year, 1, 1),
      windowEnd: localDate(year, 12, 31),
    },
    settings,
    () => nd09Cutoff({ kind: 'year', year }),
  );
}

function halfBase(year: number, half: Half, settings: PlanSchedulingSettings): Base {
  return withCutoff(
    {
      kind: 'half',
      year,
      key: `${year}-H${half}`,
      label: label.half(half, year),
      windowStart: localDate(year, half === 1 ? 1 : 7, 1),
      windowEnd: half === 1 ? localDate(year, 6, 30) : localDate(year, 12, 31),
    },
    settings,
    () => nd09Cutoff({ kind: 'half', year, half }),
  );
}

function quarterBase(year: number, quarter: Quarter, settings: PlanSchedulingSettings): Base {
  const first = quarter * 3 - 2;
  return withCutoff(
    {
      kind: 'quarter',
      year,
      key: `${year}-Q${quarter}`,
      label: label.quarter(quarter, year),
      windowStart: localDate(year, first, 1),
      windowEnd: lastDayOfMonth(year, first + 2),
    },
    settings,
    () => nd09Cutoff({ kind: 'quarter', year, quarter }),
  );
}

function monthBase(year: number, month: number, settings: PlanSchedulingSettings): Base {
  return withCutoff(
    {
      kind: 'month',
      year,
      key: `${year}-${String(month).padStart(2, '0')}`,
      label: label.month(month, year),
      windowStart: localDate(year, month, 1),
      windowEnd: lastDayOfMonth(year, month),
    },
    settings,
    () => nd09Cutoff({ kind: 'month', year, month }),
  );
}

function withCutoff(base: Base, settings: PlanSchedulingSettings, cutoff: () => DateRange): Base {
  switch (settings.cutoff) {
    case 'nd09':
      return { ...base, cutoff: cutoff() };
    case 'none':
      return base;
    default: {
      const exhaustive: never = settings.cutoff;
      return exhaustive;
    }
  }
}

function strip(base: Base): Omit<Draft, 'nominalDue'> {
  return {
    key: base.key,
    kind: base.kind,
    label: base.label,
    windowStart: base.windowStart,
    windowEnd: base.windowEnd,
    ...(base.cutoff ? { cutoff: base.cutoff } : {}),
  };
}

/** Due date of a period whose words give no date: settings.defaultDue for its kind, else its last day. */
function defaultDue(base: Base, settings: PlanSchedulingSettings): LocalDate {
  const rules = settings.defaultDue;
  const lastMonth = toParts(base.windowEnd).month;
  switch (base.kind) {
    case 'year':
      return rules.yearly ? dayIn(base.year, rules.yearly.month, rules.yearly.day) : base.windowEnd;
    case 'half': {
      const rule = rules['half-yearly'];
      return rule ? dayIn(base.year, lastMonth, rule.day) : base.windowEnd;
    }
    case 'quarter':
      return rules.quarterly ? dayIn(base.year, lastMonth, rules.quarterly.day) : base.windowEnd;
    case 'month':
      return rules.monthly ? dayIn(base.year, lastMonth, rules.monthly.day) : base.windowEnd;
    default: {
      const exhaustive: never = base.kind;
      return exhaustive;
    }
  }
}

/** The day of a month, or the month's last day when the month is shorter. */
function dayIn(year: number, month: number, day: number): LocalDate {
  return localDate(year, month, Math.min(day, daysInMonth(year, month)));
}

/** The due day a deadline D gives: "trước ngày D" per settings.beforeDateRule, "chậm nhất ngày D" = D. */
function applyRule(date: LocalDate, rule: DeadlineRule, settings: PlanSchedulingSettings): LocalDate {
  switch (rule) {
    case 'by':
      return date;
    case 'before':
      return settings.beforeDateRule === 'previous-day' ? addDays(date, -1) : date;
    default: {
      const exhaustive: never = rule;
      return exhaustive;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Window points and small helpers

function isYearOnly(point: PeriodPoint): boolean {
  return point.month === undefined && point.quarter === undefined && point.half === undefined;
}

function pointToken(point: PeriodPoint): string {
  if (point.month !== undefined) return `${point.year}M${String(point.month).padStart(2, '0')}`;
  if (point.quarter !== undefined) return `${point.year}Q${point.quarter}`;
  if (point.half !== undefined) return `${point.year}H${point.half}`;
  return String(point.year);
}

function pointLabel(point: PeriodPoint): string {
  if (point.month !== undefined) return label.pointMonth(point.month, point.year);
  if (point.quarter !== undefined) return label.pointQuarter(point.quarter, point.year);
  if (point.half !== undefined) return label.pointHalf(point.half, point.year);
  return label.pointYear(point.year);
}

function firstMonthOf(point: PeriodPoint): number {
  return point.month ?? (point.quarter !== undefined ? point.quarter * 3 - 2 : point.half === 2 ? 7 : 1);
}

function lastMonthOf(point: PeriodPoint): number {
  return point.month ?? (point.quarter !== undefined ? point.quarter * 3 : point.half === 1 ? 6 : 12);
}

function firstDayOf(point: PeriodPoint): LocalDate {
  return localDate(point.year, firstMonthOf(point), 1);
}

function lastDayOf(point: PeriodPoint): LocalDate {
  return lastDayOfMonth(point.year, lastMonthOf(point));
}

function overlaps(range: { windowStart: LocalDate; windowEnd: LocalDate }, horizon: Horizon): boolean {
  return !isAfter(range.windowStart, horizon.end) && !isBefore(range.windowEnd, horizon.start);
}

function within(date: LocalDate, horizon: Horizon): boolean {
  return !isBefore(date, horizon.start) && !isAfter(date, horizon.end);
}
