import { type ClassifiedGroup, complianceLine, emptyCounts, summariseCompliance, workingDayIndex } from './compliance-summary';

const group = (over: Partial<ClassifiedGroup>): ClassifiedGroup => ({
  agencyCode: 'SXD',
  sectionKey: 'V',
  rowKey: 'V.7',
  classification: 'done-on-time',
  count: 1,
  lateWorkingDays: 0,
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
  it('adds counts per agency, row, section and plan; lateness is averaged over the late tasks', () => {
    const result = summariseCompliance([
      group({ count: 3 }),
      group({ agencyCode: 'BHXH', rowKey: 'V.1', classification: 'done-late', count: 2, lateWorkingDays: 6 }),
      group({ agencyCode: 'BHXH', rowKey: 'V.1', classification: 'overdue-not-done', count: 1, lateWorkingDays: 10 }),
      group({ agencyCode: 'BHXH', sectionKey: 'VI', rowKey: 'VI.1', classification: 'in-progress-on-time' }),
      group({ agencyCode: 'BHXH', sectionKey: 'VI', rowKey: 'VI.1', classification: 'waived' }),
    ]);
    expect(result.plan.counts).toEqual({ doneOnTime: 3, doneLate: 2, inProgressOnTime: 1, overdueNotDone: 1, waived: 1, cancelled: 0 });
    expect(result.plan.total).toBe(7);
    expect(result.plan.onTimeRate).toBe(60);
    // (6 + 10) / 3 late tasks
    expect(result.plan.averageWorkingDaysLate).toBe(5.3);
    expect(result.byAgency.get('SXD')).toMatchObject({ total: 3, onTimeRate: 100, averageWorkingDaysLate: null });
    expect(result.byAgency.get('BHXH')).toMatchObject({ total: 4, onTimeRate: 0, averageWorkingDaysLate: 5.3 });
    expect(result.byRow.get('V.1')?.counts).toMatchObject({ doneLate: 2, overdueNotDone: 1 });
    expect(result.bySection.get('V')?.total).toBe(6);
    expect(result.bySection.get('VI')).toMatchObject({ total: 1, counts: expect.objectContaining({ waived: 1 }) });
  });

  it('gives empty maps and null rates for no tasks', () => {
    const result = summariseCompliance([]);
    expect(result.plan).toEqual({ counts: emptyCounts(), total: 0, onTimeRate: null, averageWorkingDaysLate: null });
    expect(result.byAgency.size).toBe(0);
  });
});

describe('workingDayIndex', () => {
  // Weekends off: Friday 2026-06-12 … Monday 2026-06-22.
  const weekdays = (d: string) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
  const index = workingDayIndex('2026-06-01', '2026-06-30', weekdays);

  it.each([
    ['same day', '2026-06-15', '2026-06-15', 0],
    ['Friday to Monday', '2026-06-12', '2026-06-15', 1],
    ['Monday to next Monday', '2026-06-15', '2026-06-22', 5],
    ['from a Saturday', '2026-06-13', '2026-06-16', 2],
    ['backwards', '2026-06-22', '2026-06-15', -5],
    ['outside the index: calendar days', '2026-05-30', '2026-06-02', 3],
  ])('%s', (_name, a, b, expected) => {
    expect(index.between(a, b)).toBe(expected);
  });

  it('holds one running count per day', () => {
    expect(index.dates).toHaveLength(30);
    expect(index.counts[0]).toBe(0);
    expect(index.counts[29]).toBe(21); // working days after 01/06 up to 30/06
  });
});
