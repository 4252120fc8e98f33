import { type ClassifiedGroup, complianceLine, emptyCounts, summariseCompliance } from './compliance-summary';

/** Calendar days as working days: enough to check the arithmetic, the real calendar is tested elsewhere. */
const calendarDays = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

const group = (over: Partial<ClassifiedGroup>): ClassifiedGroup => ({
  agencyCode: 'SXD',
  sectionKey: 'V',
  rowKey: 'V.7',
  classification: 'done-on-time',
  dueDate: '2026-06-15',
  lateUntil: null,
  count: 1,
  ...over,
});

describe('complianceLine', () => {
  it.each([
    ['nothing done', { doneOnTime: 0, doneLate: 0, inProgressOnTime: 3 }, null, 3],
    ['all on time', { doneOnTime: 4, doneLate: 0 }, 100, 4],
    ['two of three on time', { doneOnTime: 2, doneLate: 1 }, 66.7, 3],
    ['waived and cancelled left out of the total', { doneOnTime: 1, waived: 5, cancelled: 2 }, 100, 1],
  ])('%s', (_name, counts, rate, total) => {
    const line = complianceLine({ ...emptyCounts(), ...counts }, null);
    expect(line.onTimeRate).toBe(rate);
    expect(line.total).toBe(total);
  });
});

describe('summariseCompliance', () => {
  it('adds counts per agency, row, section and plan', () => {
    const result = summariseCompliance(
      [
        group({ count: 3 }),
        group({ agencyCode: 'BHXH', rowKey: 'V.1', classification: 'done-late', lateUntil: '2026-06-18', count: 2 }),
        group({ agencyCode: 'BHXH', rowKey: 'V.1', classification: 'overdue-not-done', lateUntil: '2026-06-25', count: 1 }),
        group({ agencyCode: 'BHXH', sectionKey: 'VI', rowKey: 'VI.1', classification: 'in-progress-on-time', dueDate: '2026-12-24' }),
        group({ agencyCode: 'BHXH', sectionKey: 'VI', rowKey: 'VI.1', classification: 'waived' }),
      ],
      calendarDays,
    );
    expect(result.plan.counts).toEqual({ doneOnTime: 3, doneLate: 2, inProgressOnTime: 1, overdueNotDone: 1, waived: 1, cancelled: 0 });
    expect(result.plan.total).toBe(7);
    expect(result.plan.onTimeRate).toBe(60);
    // (3 + 3 + 10) / 3 late tasks
    expect(result.plan.averageWorkingDaysLate).toBe(5.3);
    expect(result.byAgency.get('SXD')).toMatchObject({ total: 3, onTimeRate: 100, averageWorkingDaysLate: null });
    expect(result.byAgency.get('BHXH')).toMatchObject({ total: 4, onTimeRate: 0, averageWorkingDaysLate: 5.3 });
    expect(result.byRow.get('V.1')?.counts).toMatchObject({ doneLate: 2, overdueNotDone: 1 });
    expect(result.bySection.get('V')?.total).toBe(6);
    expect(result.bySection.get('VI')).toMatchObject({ total: 1, counts: expect.objectContaining({ waived: 1 }) });
  });

  it('counts a submission on the due date as no day late', () => {
    const result = summariseCompliance([group({ classification: 'done-late', lateUntil: '2026-06-15' })], calendarDays);
    expect(result.plan.averageWorkingDaysLate).toBe(0);
  });

  it('gives empty maps and null rates for no tasks', () => {
    const result = summariseCompliance([], calendarDays);
    expect(result.plan).toEqual({ counts: emptyCounts(), total: 0, onTimeRate: null, averageWorkingDaysLate: null });
    expect(result.byAgency.size).toBe(0);
  });
});
