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
import type { LocalDate } from '../../scheduling/domain/local-date';

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

/** Instances sharing agency, row, classification, due date and the day lateness is counted to. */
export interface ClassifiedGroup {
  agencyCode: string;
  sectionKey: string;
  rowKey: string;
  classification: Classification;
  dueDate: LocalDate;
  /** The submission day (done late) or the as-of day (overdue); null for the other classes. */
  lateUntil: LocalDate | null;
  count: number;
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

  add(group: ClassifiedGroup, daysLate: number): void {
    this.counts[COUNT_FIELD[group.classification]] += group.count;
    if (group.lateUntil !== null && (group.classification === 'done-late' || group.classification === 'overdue-not-done')) {
      this.lateDays += daysLate * group.count;
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
 * Adds the groups up at every level. `workingDaysBetween(a, b)` counts working days d with
 * a < d ≤ b (the working calendar's rule), so a task submitted the working day after its due
 * date is one working day late.
 */
export function summariseCompliance(groups: readonly ClassifiedGroup[], workingDaysBetween: (a: LocalDate, b: LocalDate) => number): ComplianceBreakdown {
  const plan = new LineBuilder();
  const levels = { byAgency: new Map<string, LineBuilder>(), byRow: new Map<string, LineBuilder>(), bySection: new Map<string, LineBuilder>() };
  const at = (map: Map<string, LineBuilder>, key: string) => map.get(key) ?? map.set(key, new LineBuilder()).get(key)!;
  const lateness = new Map<string, number>();
  for (const group of groups) {
    let days = 0;
    if (group.lateUntil !== null) {
      const key = `${group.dueDate}|${group.lateUntil}`;
      days = lateness.get(key) ?? Math.max(0, workingDaysBetween(group.dueDate, group.lateUntil));
      lateness.set(key, days);
    }
    plan.add(group, days);
    at(levels.byAgency, group.agencyCode).add(group, days);
    at(levels.byRow, group.rowKey).add(group, days);
    at(levels.bySection, group.sectionKey).add(group, days);
  }
  const built = (map: Map<string, LineBuilder>) => new Map([...map].map(([key, line]) => [key, line.build()]));
  return { plan: plan.build(), byAgency: built(levels.byAgency), byRow: built(levels.byRow), bySection: built(levels.bySection) };
}
