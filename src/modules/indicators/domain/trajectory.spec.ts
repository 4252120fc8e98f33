/**
 * Expected values were worked out by hand: day counts from a wall calendar (2026 has 365 days,
 * 2028 is a leap year) and the interpolation done on paper, e.g. 31/12/2025 → 30/06/2026 is
 * 31+28+31+30+31+30 = 181 days, 1.100.000 + 84.000 × 181 / 365 = 1.141.654,79 → 1.141.655.
 * Targets are those of workflows/hp-bhxh-2030/plan.yaml.
 */
import {
  assessProgress,
  baselineFor,
  expectedOn,
  isTargetMet,
  percentOfTarget,
  trajectoryFor,
  type Measurement,
  type Progress,
  type ProgressInput,
  type TargetKind,
  type TrajectoryLine,
} from './trajectory';

const at = (date: string, value: number): Measurement => ({ date, value });

describe('isTargetMet', () => {
  it.each<[TargetKind, number, number, boolean]>([
    ['target', 1_184_000, 1_184_000, true],
    ['target', 1_184_001, 1_184_000, true],
    ['target', 1_183_999, 1_184_000, false],
    ['minimum', 99_000, 99_000, true],
    ['minimum', 98_999, 99_000, false],
    ['minimum', 125_000, 99_000, true],
    ['maximum', 5, 5, true],
    ['maximum', 4, 5, true],
    ['maximum', 6, 5, false],
    ['maximum', 0, 0, true],
  ])('%s: actual %d against %d → %s', (kind, actual, target, met) => {
    expect(isTargetMet(kind, actual, target)).toBe(met);
  });
});

describe('percentOfTarget', () => {
  it.each<[number | null, number | null, number | null]>([
    [1_130_000, 1_184_000, 95.4], // 95,439…
    [1_184_000, 1_184_000, 100],
    [1_300_000, 1_184_000, 109.8], // 109,797…
    [2, 3, 66.7],
    [1, 8, 12.5],
    [1, 16, 6.3], // 6,25 → half up
    [0, 99_000, 0],
    [100, 0, null],
    [0, 0, null],
    [null, 1_184_000, null],
    [1_130_000, null, null],
  ])('%p of %p → %p', (actual, target, percent) => {
    expect(percentOfTarget(actual, target)).toBe(percent);
  });

  it('never answers −0', () => {
    expect(Object.is(percentOfTarget(0, 5), 0)).toBe(true);
  });
});

describe('expectedOn', () => {
  const year2026: TrajectoryLine = { start: at('2025-12-31', 1_100_000), end: at('2026-12-31', 1_184_000) };
  const leap2028: TrajectoryLine = { start: at('2027-12-31', 1_267_000), end: at('2028-12-31', 1_355_000) };
  const falling: TrajectoryLine = { start: at('2025-12-31', 100), end: at('2026-12-31', 0) };
  const halfway: TrajectoryLine = { start: at('2026-01-01', 0), end: at('2026-01-05', 1) };
  const point: TrajectoryLine = { start: at('2026-12-31', 5), end: at('2026-12-31', 7) };

  it.each<[string, TrajectoryLine, string, number]>([
    ['the start', year2026, '2025-12-31', 1_100_000],
    ['before the start (clamped)', year2026, '2025-06-30', 1_100_000],
    ['the day after the start: 84.000/365 = 230,14', year2026, '2026-01-01', 1_100_230],
    ['30/06: 181 days', year2026, '2026-06-30', 1_141_655],
    ['02/07: 183 days, 42.115,07', year2026, '2026-07-02', 1_142_115],
    ['the end', year2026, '2026-12-31', 1_184_000],
    ['after the end (clamped)', year2026, '2027-03-01', 1_184_000],
    ['29/02 of a leap year: 60 of 366 days, 14.426,23', leap2028, '2028-02-29', 1_281_426],
    ['a falling line: 100 − 50,14 = 49,86', falling, '2026-07-02', 50],
    ['exactly half a unit rounds up', halfway, '2026-01-03', 1],
    ['a one-day line on its day expects its end', point, '2026-12-31', 7],
    ['a one-day line before its day expects its start', point, '2026-12-30', 5],
  ])('%s', (_label, line, date, expected) => {
    expect(expectedOn(date, line)).toBe(expected);
  });

  it('refuses a line that ends before it starts', () => {
    expect(() => expectedOn('2026-06-30', { start: at('2026-12-31', 1), end: at('2026-01-01', 2) })).toThrow(RangeError);
  });
});

describe('baselineFor', () => {
  it.each<[string, number, Measurement[], Measurement | null]>([
    ['the latest actual of the years before, in any order', 2026,
      [at('2026-03-31', 1_120_000), at('2024-12-31', 1_000_000), at('2025-12-31', 1_100_000), at('2025-06-30', 1_050_000)],
      at('2025-12-31', 1_100_000)],
    ['an old one when nothing is more recent', 2026, [at('2024-12-31', 1_000_000), at('2026-06-30', 1_130_000)], at('2024-12-31', 1_000_000)],
    ['otherwise the first actual of the year', 2026, [at('2026-09-30', 1_150_000), at('2026-03-31', 1_120_000)], at('2026-03-31', 1_120_000)],
    ['none from later years', 2026, [at('2027-03-31', 1_200_000)], null],
    ['none without actuals', 2026, [], null],
    ['the last listed of two on the same date', 2026, [at('2025-12-31', 1), at('2025-12-31', 2)], at('2025-12-31', 2)],
  ])('%s', (_label, year, actuals, baseline) => {
    expect(baselineFor(year, actuals)).toEqual(baseline);
  });
});

describe('trajectoryFor', () => {
  it.each<[string, number | null, Measurement | null, TrajectoryLine | null]>([
    ['from the previous year end to the target', 1_184_000, at('2025-12-31', 1_100_000),
      { start: at('2025-12-31', 1_100_000), end: at('2026-12-31', 1_184_000) }],
    ['from a baseline inside the year', 1_184_000, at('2026-03-31', 1_120_000),
      { start: at('2026-03-31', 1_120_000), end: at('2026-12-31', 1_184_000) }],
    ['none without a target', null, at('2025-12-31', 1_100_000), null],
    ['none without a baseline', 1_184_000, null, null],
    ['none from a baseline after the year', 1_184_000, at('2027-01-05', 1_190_000), null],
  ])('%s', (_label, target, baseline, line) => {
    expect(trajectoryFor(2026, target, baseline)).toEqual(line);
  });
});

describe('assessProgress', () => {
  const total2026 = (actuals: Measurement[], asOf: string, target: number | null = 1_184_000): ProgressInput => ({
    kind: 'target',
    year: 2026,
    target,
    actuals,
    asOf,
  });
  const end2025 = at('2025-12-31', 1_100_000);
  const none: Progress = { latest: null, baseline: null, expected: null, percentOfTarget: null, met: null, behind: null, gap: null };

  it.each<[string, ProgressInput, Progress]>([
    ['mid-year, under the line', total2026([end2025, at('2026-06-30', 1_130_000)], '2026-07-15'), {
      latest: at('2026-06-30', 1_130_000), baseline: end2025, expected: 1_141_655, percentOfTarget: 95.4, met: null, behind: true, gap: -11_655,
    }],
    ['mid-year, above the line', total2026([at('2026-06-30', 1_150_000), end2025], '2026-07-15'), {
      latest: at('2026-06-30', 1_150_000), baseline: end2025, expected: 1_141_655, percentOfTarget: 97.1, met: null, behind: false, gap: 8_345,
    }],
    ['exactly on the line is not behind', total2026([end2025, at('2026-06-30', 1_141_655)], '2026-06-30'), {
      latest: at('2026-06-30', 1_141_655), baseline: end2025, expected: 1_141_655, percentOfTarget: 96.4, met: null, behind: false, gap: 0,
    }],
    ['an actual after asOf is not known yet', total2026([end2025, at('2026-06-30', 1_130_000)], '2026-06-29'), {
      ...none, baseline: end2025,
    }],
    ['asOf before the year: the previous year end is not known either', total2026([at('2025-06-30', 1_090_000), end2025], '2025-11-01'), {
      ...none, baseline: at('2025-06-30', 1_090_000),
    }],
    ['the year is over and the year-end figure meets the target', total2026([end2025, at('2026-12-31', 1_190_000)], '2027-01-20'), {
      latest: at('2026-12-31', 1_190_000), baseline: end2025, expected: 1_184_000, percentOfTarget: 100.5, met: true, behind: false, gap: 6_000,
    }],
    ['asOf 31/12 closes the year: short of the target is behind and not met', total2026([end2025, at('2026-12-31', 1_180_000)], '2026-12-31'), {
      latest: at('2026-12-31', 1_180_000), baseline: end2025, expected: 1_184_000, percentOfTarget: 99.7, met: false, behind: true, gap: -4_000,
    }],
    ['the year is over: judged on its latest figure (30/09, 273 days), later years ignored',
      total2026([end2025, at('2026-09-30', 1_170_000), at('2027-03-31', 1_300_000)], '2027-05-01'), {
        latest: at('2026-09-30', 1_170_000), baseline: end2025, expected: 1_162_827, percentOfTarget: 98.8, met: false, behind: false, gap: 7_173,
      }],
    ['no actual before the year: the line starts at the first one (31/03, 183 of 275 days)',
      total2026([at('2026-09-30', 1_150_000), at('2026-03-31', 1_120_000)], '2026-10-10'), {
        latest: at('2026-09-30', 1_150_000), baseline: at('2026-03-31', 1_120_000), expected: 1_162_589, percentOfTarget: 97.1, met: null, behind: true, gap: -12_589,
      }],
    ['the only actual is its own baseline: behind cannot be told', total2026([at('2026-06-30', 1_130_000)], '2026-07-01'), {
      ...none, latest: at('2026-06-30', 1_130_000), baseline: at('2026-06-30', 1_130_000), percentOfTarget: 95.4,
    }],
    ['an old baseline (31/12/2024): 546 of 730 days', total2026([at('2024-12-31', 1_000_000), at('2026-06-30', 1_130_000)], '2026-07-01'), {
      latest: at('2026-06-30', 1_130_000), baseline: at('2024-12-31', 1_000_000), expected: 1_137_622, percentOfTarget: 95.4, met: null, behind: true, gap: -7_622,
    }],
    ['no target: nothing to compare, not even after the year', total2026([end2025, at('2026-12-31', 1_190_000)], '2027-01-20', null), {
      ...none, latest: at('2026-12-31', 1_190_000), baseline: end2025,
    }],
    ['no actual at all', total2026([], '2026-07-01'), none],
    ['a correction of the same date wins', total2026([end2025, at('2026-06-30', 1_120_000), at('2026-06-30', 1_130_000)], '2026-07-15'), {
      latest: at('2026-06-30', 1_130_000), baseline: end2025, expected: 1_141_655, percentOfTarget: 95.4, met: null, behind: true, gap: -11_655,
    }],
    ['minimum (voluntary): 90.000 + 9.000 × 181/365 = 94.463,01',
      { kind: 'minimum', year: 2026, target: 99_000, actuals: [at('2025-12-31', 90_000), at('2026-06-30', 95_000)], asOf: '2026-07-01' }, {
        latest: at('2026-06-30', 95_000), baseline: at('2025-12-31', 90_000), expected: 94_463, percentOfTarget: 96, met: null, behind: false, gap: 537,
      }],
    ['maximum: above a falling line is behind',
      { kind: 'maximum', year: 2026, target: 0, actuals: [at('2025-12-31', 100), at('2026-07-02', 60)], asOf: '2026-07-10' }, {
        latest: at('2026-07-02', 60), baseline: at('2025-12-31', 100), expected: 50, percentOfTarget: null, met: null, behind: true, gap: 10,
      }],
    ['maximum: under a falling line is not behind',
      { kind: 'maximum', year: 2026, target: 50, actuals: [at('2025-12-31', 100), at('2026-07-02', 70)], asOf: '2026-07-10' }, {
        latest: at('2026-07-02', 70), baseline: at('2025-12-31', 100), expected: 75, percentOfTarget: 140, met: null, behind: false, gap: -5,
      }],
    ['maximum: at most the target at year end is met',
      { kind: 'maximum', year: 2026, target: 50, actuals: [at('2025-12-31', 100), at('2026-12-31', 50)], asOf: '2027-01-02' }, {
        latest: at('2026-12-31', 50), baseline: at('2025-12-31', 100), expected: 50, percentOfTarget: 100, met: true, behind: false, gap: 0,
      }],
  ])('%s', (_label, input, progress) => {
    expect(assessProgress(input)).toEqual(progress);
  });

  it('does not change or share the caller’s actuals', () => {
    const actuals = [at('2026-06-30', 1_130_000), end2025];
    const result = assessProgress(total2026(actuals, '2026-07-15'));
    expect(actuals).toEqual([at('2026-06-30', 1_130_000), at('2025-12-31', 1_100_000)]);
    expect(result.latest).not.toBe(actuals[0]);
  });

  it('refuses an actual whose date is not a LocalDate', () => {
    expect(() => assessProgress(total2026([at('30/06/2026', 1_130_000)], '2026-07-15'))).toThrow(RangeError);
  });
});
