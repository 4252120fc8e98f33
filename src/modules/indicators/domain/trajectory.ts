/**
 * Progress of an indicator (chỉ tiêu) towards its yearly target, for one scope (the whole city,
 * one agency or one commune). Actuals ("thực hiện") are stocks measured at a date, e.g. the
 * number of people taking part in social insurance at 30/06/2026.
 *
 *   assessProgress({ kind: 'target', year: 2026, target: 1_184_000, asOf: '2026-07-15',
 *                    actuals: [{ date: '2025-12-31', value: 1_100_000 }, { date: '2026-06-30', value: 1_130_000 }] })
 *   → latest 30/06/2026 1.130.000; baseline 31/12/2025 1.100.000; expected on 30/06/2026 1.141.655
 *     (181 of 365 days along the line); percentOfTarget 95.4; met null (the year is not over);
 *     behind true; gap −11.655
 *
 * Rules:
 * - Met: 'target' and 'minimum' are met when actual ≥ target, 'maximum' when actual ≤ target.
 * - Percent of target: actual / target × 100, one decimal (half up); null when the target is
 *   missing or 0 (a share of nothing means nothing) or the actual is missing.
 * - Trajectory of a year: a straight line from the baseline to the target on 31/12 of the year.
 *   The baseline is the latest actual on or before 31/12 of the previous year, however old; when
 *   there is none, the first actual of the year, at its own date. No actual, no target, or a
 *   baseline after 31/12 of the year: no trajectory.
 * - Expected value on a date: linear by calendar days between the two ends, clamped to them
 *   (before the start: the start value; on or after the end: the end value, so a line whose two
 *   ends fall on the same day expects its end), rounded half up to a whole unit, since the
 *   indicators count people. "Behind" compares the actual with this rounded value, the one the
 *   user sees.
 * - assessProgress only knows actuals dated on or before asOf. Two actuals of the same date:
 *   the one listed last wins (a correction entered later). Actuals are trusted to be valid
 *   LocalDates; an invalid date throws RangeError.
 *   - latest: the latest known actual dated within the year; null when there is none (an actual
 *     of another year never stands for this one).
 *   - expected: the trajectory's value on latest.date; null when there is no target, no latest,
 *     or the baseline is the latest itself (the line would just repeat the actual).
 *   - gap: latest − expected, signed (negative = under the line); null when expected is null.
 *   - behind: 'target'/'minimum' when latest < expected, 'maximum' when latest > expected;
 *     null when expected is null. On 31/12 expected is the target, so behind = not met.
 *   - met: decided only once the year is over (asOf on or after 31/12 of the year), on the latest
 *     actual of the year whatever its date (latest.date tells whether it is a year-end figure);
 *     null before, and null when there is no target or no actual in the year.
 */
import { compareLocalDates, daysBetween, localDate, type LocalDate } from '../../scheduling/domain/local-date';

export const TARGET_KINDS = ['target', 'minimum', 'maximum'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** A value measured at a date (a stock). */
export interface Measurement {
  date: LocalDate;
  value: number;
}

export interface TrajectoryLine {
  start: Measurement;
  end: Measurement;
}

export interface ProgressInput {
  kind: TargetKind;
  year: number;
  target: number | null;
  /** All actuals of the scope, across years, in any order. */
  actuals: readonly Measurement[];
  asOf: LocalDate;
}

export interface Progress {
  latest: Measurement | null;
  baseline: Measurement | null;
  expected: number | null;
  percentOfTarget: number | null;
  met: boolean | null;
  behind: boolean | null;
  gap: number | null;
}

export function isTargetMet(kind: TargetKind, actual: number, target: number): boolean {
  switch (kind) {
    case 'target':
    case 'minimum':
      return actual >= target;
    case 'maximum':
      return actual <= target;
  }
}

export function percentOfTarget(actual: number | null, target: number | null): number | null {
  if (actual === null || target === null || target === 0) return null;
  // ×1000 before dividing keeps 1/8 → 12.5 exact; +0 turns −0 into 0.
  return Math.round((actual * 1000) / target) / 10 + 0;
}

/** 31 December of the year. */
export function yearEnd(year: number): LocalDate {
  return localDate(year, 12, 31);
}

/** The line's value on `date`, clamped to its two ends and rounded to a whole unit. */
export function expectedOn(date: LocalDate, line: TrajectoryLine): number {
  const { start, end } = line;
  const span = daysBetween(start.date, end.date);
  if (span < 0) throw new RangeError(`Trajectory ends (${end.date}) before it starts (${start.date})`);
  if (compareLocalDates(date, end.date) >= 0) return roundUnit(end.value);
  if (compareLocalDates(date, start.date) <= 0) return roundUnit(start.value);
  const elapsed = daysBetween(start.date, date);
  return roundUnit(start.value + ((end.value - start.value) * elapsed) / span);
}

/**
 * The baseline of a year: the latest actual on or before 31/12 of the previous year, else the
 * first actual of the year; null when neither exists. Actuals after the year are ignored.
 */
export function baselineFor(year: number, actuals: readonly Measurement[]): Measurement | null {
  const known = byDate(actuals);
  const previousYearEnd = yearEnd(year - 1);
  const before = known.filter((a) => compareLocalDates(a.date, previousYearEnd) <= 0);
  if (before.length > 0) return before[before.length - 1];
  return known.find((a) => inYear(a.date, year)) ?? null;
}

/** The line from the baseline to the target on 31/12 of the year; null without either. */
export function trajectoryFor(year: number, target: number | null, baseline: Measurement | null): TrajectoryLine | null {
  if (target === null || baseline === null) return null;
  const end = { date: yearEnd(year), value: target };
  if (compareLocalDates(baseline.date, end.date) > 0) return null;
  return { start: { date: baseline.date, value: baseline.value }, end };
}

export function assessProgress(input: ProgressInput): Progress {
  const { kind, year, target, asOf } = input;
  const known = byDate(input.actuals).filter((a) => compareLocalDates(a.date, asOf) <= 0);
  const inTheYear = known.filter((a) => inYear(a.date, year));
  const latest = inTheYear.length > 0 ? inTheYear[inTheYear.length - 1] : null;
  const baseline = baselineFor(year, known);
  const line = trajectoryFor(year, target, baseline);
  const comparable = latest !== null && line !== null && baseline !== null && baseline.date !== latest.date;
  const expected = comparable ? expectedOn(latest.date, line) : null;
  const yearOver = compareLocalDates(asOf, yearEnd(year)) >= 0;
  return {
    latest,
    baseline,
    expected,
    percentOfTarget: percentOfTarget(latest?.value ?? null, target),
    met: yearOver && latest !== null && target !== null ? isTargetMet(kind, latest.value, target) : null,
    behind: latest !== null && expected !== null ? isBehind(kind, latest.value, expected) : null,
    gap: latest !== null && expected !== null ? latest.value - expected : null,
  };
}

function isBehind(kind: TargetKind, actual: number, expected: number): boolean {
  switch (kind) {
    case 'target':
    case 'minimum':
      return actual < expected;
    case 'maximum':
      return actual > expected;
  }
}

/** Sorted by date, one per date (the last listed wins), copied so callers' objects stay theirs. */
function byDate(actuals: readonly Measurement[]): Measurement[] {
  const perDate = new Map<LocalDate, Measurement>();
  for (const { date, value } of actuals) perDate.set(date, { date, value });
  return [...perDate.values()].sort((a, b) => compareLocalDates(a.date, b.date));
}

function inYear(date: LocalDate, year: number): boolean {
  return date.startsWith(`${String(year).padStart(4, '0')}-`);
}

function roundUnit(value: number): number {
  return Math.round(value) + 0;
}
