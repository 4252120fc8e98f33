/**
 * Compliance figures from classified task counts: the four classifications of Vietnamese task
 * tracking (hoàn thành đúng hạn, hoàn thành quá hạn, đang thực hiện trong hạn, quá hạn chưa hoàn
 * thành) with waived and cancelled kept apart, the on-time rate, and the average working days
 * late, added up per agency, per appendix row, per section and for the plan.
 *
 * Rules:
 * - The total counts the four classes only; waived and cancelled tasks are not owed.
 * - On-time rate = done on time / (done on time + done late), in percent with one decimal; null
 *   when nothing is done yet. Tasks still open do not lower it: they are reported beside it.
 * - Working days late: for a task done late, from its due date to the day it was submitted; for a
 *   task overdue and not done, from its due date to the as-of day. The average is over those late
 *   tasks, one decimal; null when none is late.
 */
import type { ClassificationCounts, ComplianceLine } from '../../reports/report.model';
import { fromDayNumber, type LocalDate, toDayNumber } from '../../scheduling/domain/local-date';

export const CLASSIFICATIONS = ['done-on-time', 'done-late', 'in-progress-on-time', 'overdue-not-done', 'waived', 'cancelled'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

const COUNT_FIELD: Record<Classification, keyof ClassificationCounts> = {
  'done-on-time': 'doneOnTime',
  'done-late': 'doneLate',
  'in-progress-on-time': 'inProgressOnTime',
  'overdue-not-done': 'overdueNotDone',
  waived: 'waived',
  cancelled: 'cancelled',
};

/** Instances sharing agency, row and classification, with the working days late they add up to. */
export interface ClassifiedGroup {
  agencyCode: string;
  sectionKey: string;
  rowKey: string;
  classification: Classification;
  count: number;
  /** Done late and overdue: the sum over the group's tasks of their working days late; 0 otherwise. */
  lateWorkingDays: number;
}

/**
 * Working days as a running count, so that the working days between two dates is one
 * subtraction: counts[i] = working days d with dates[0] < d ≤ dates[i]. It covers every day
 * from `from` to `to`; the database joins on it to add lateness up without a row per task.
 */
export interface WorkingDayIndex {
  dates: LocalDate[];
  counts: number[];
  /** Working days d with a < d ≤ b (negative when b is before a); calendar days outside the index. */
  between(a: LocalDate, b: LocalDate): number;
}

export function workingDayIndex(from: LocalDate, to: LocalDate, isWorkingDay: (date: LocalDate) => boolean): WorkingDayIndex {
  const dates: LocalDate[] = [];
  const counts: number[] = [];
  let count = 0;
  for (let day = toDayNumber(from); day <= toDayNumber(to); day++) {
    const date = fromDayNumber(day);
    if (dates.length && isWorkingDay(date)) count++;
    dates.push(date);
    counts.push(count);
  }
  const at = new Map(dates.map((d, i) => [d, counts[i]]));
  return {
    dates,
    counts,
    between: (a, b) => {
      const [x, y] = [at.get(a), at.get(b)];
      return x !== undefined && y !== undefined ? y - x : toDayNumber(b) - toDayNumber(a);
    },
  };
}

export interface ComplianceBreakdown {
  plan: ComplianceLine;
  byAgency: Map<string, ComplianceLine>;
  byRow: Map<string, ComplianceLine>;
  bySection: Map<string, ComplianceLine>;
}

export function emptyCounts(): ClassificationCounts {
  return { doneOnTime: 0, doneLate: 0, inProgressOnTime: 0, overdueNotDone: 0, waived: 0, cancelled: 0 };
}

class LineBuilder {
  readonly counts = emptyCounts();
  private lateDays = 0;
  private lateTasks = 0;

  add(group: ClassifiedGroup): void {
    this.counts[COUNT_FIELD[group.classification]] += group.count;
    if (group.classification === 'done-late' || group.classification === 'overdue-not-done') {
      this.lateDays += group.lateWorkingDays;
      this.lateTasks += group.count;
    }
  }

  build(): ComplianceLine {
    return complianceLine(this.counts, this.lateTasks ? this.lateDays / this.lateTasks : null);
  }
}

/** A line from its counts and the mean working days late (rounded here to one decimal). */
export function complianceLine(counts: ClassificationCounts, averageWorkingDaysLate: number | null): ComplianceLine {
  const done = counts.doneOnTime + counts.doneLate;
  return {
    counts: { ...counts },
    total: done + counts.inProgressOnTime + counts.overdueNotDone,
    onTimeRate: done ? roundOne((counts.doneOnTime / done) * 100) : null,
    averageWorkingDaysLate: averageWorkingDaysLate === null ? null : roundOne(averageWorkingDaysLate),
  };
}

function roundOne(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Adds the groups up at every level. Lateness counts working days d with due < d ≤ the day it
 * was submitted (or the as-of day), so a task submitted the working day after its due date is
 * one working day late.
 */
export function summariseCompliance(groups: readonly ClassifiedGroup[]): ComplianceBreakdown {
  const plan = new LineBuilder();
  const levels = { byAgency: new Map<string, LineBuilder>(), byRow: new Map<string, LineBuilder>(), bySection: new Map<string, LineBuilder>() };
  const at = (map: Map<string, LineBuilder>, key: string) => map.get(key) ?? map.set(key, new LineBuilder()).get(key)!;
  for (const group of groups) {
    plan.add(group);
    at(levels.byAgency, group.agencyCode).add(group);
    at(levels.byRow, group.rowKey).add(group);
    at(levels.bySection, group.sectionKey).add(group);
  }
  const built = (map: Map<string, LineBuilder>) => new Map([...map].map(([key, line]) => [key, line.build()]));
  return { plan: plan.build(), byAgency: built(levels.byAgency), byRow: built(levels.byRow), bySection: built(levels.bySection) };
}
