import { shippedYearAdjustments } from '../../../../test/support/shipped-calendar';
/**
 * Every expected date below was derived by hand from a wall calendar and the holiday rules
 * (weekday noted beside it), not copied from the code's output; each expected due date is also
 * checked to be a working day of the calendar built here.
 */
import { computePeriods, endOfDayInstant, nd09Cutoff, supportDueDate, type Horizon, type PeriodSpec } from './periods';
import { DEFAULT_PLAN_SETTINGS, type PlanSchedulingSettings } from './plan-settings';
import { parseTiming } from './timing-parser';
import { buildWorkingCalendar, type WorkingCalendar } from './working-calendar';

const calendar = buildWorkingCalendar({ years: { from: 2025, to: 2031 }, adjustments: shippedYearAdjustments() });
const HAI_PHONG: Horizon = { start: '2026-01-01', end: '2031-01-31' };
const YEAR_2025: Horizon = { start: '2025-01-01', end: '2025-12-31' };

function settingsWith(overrides: Partial<PlanSchedulingSettings> = {}): PlanSchedulingSettings {
  return { ...DEFAULT_PLAN_SETTINGS, defaultDue: {}, ...overrides };
}

function run(
  text: string,
  options: { horizon?: Horizon; settings?: Partial<PlanSchedulingSettings>; calendar?: WorkingCalendar } = {},
): { periods: PeriodSpec[]; notes: string[] } {
  return computePeriods({
    timing: parseTiming(text),
    horizon: options.horizon ?? HAI_PHONG,
    settings: settingsWith(options.settings),
    calendar: options.calendar ?? calendar,
  });
}

/** [key, nominal due, due date] of each period. */
type Due = [key: string, nominalDue: string, dueDate: string];

function dues(periods: readonly PeriodSpec[]): Due[] {
  return periods.map((p) => [p.key, p.nominalDue, p.dueDate]);
}

function expectWorkingDays(expected: readonly Due[]): void {
  for (const [, , dueDate] of expected) expect(calendar.isWorkingDay(dueDate)).toBe(true);
}

// Hand-derived due dates shared by several rows.
const YEAR_ENDS: Due[] = [
  ['2026', '2026-12-31', '2026-12-31'], // Thursday
  ['2027', '2027-12-31', '2027-12-31'], // Friday
  ['2028', '2028-12-31', '2028-12-29'], // Sunday → Friday 29/12
  ['2029', '2029-12-31', '2029-12-31'], // Monday
  ['2030', '2030-12-31', '2030-12-31'], // Tuesday
];
const HALF_YEARS: Due[] = [
  ['2026-H1', '2026-06-30', '2026-06-30'], // Tuesday
  ['2026-H2', '2026-12-31', '2026-12-31'], // Thursday
  ['2027-H1', '2027-06-30', '2027-06-30'], // Wednesday
  ['2027-H2', '2027-12-31', '2027-12-31'], // Friday
  ['2028-H1', '2028-06-30', '2028-06-30'], // Friday
  ['2028-H2', '2028-12-31', '2028-12-29'], // Sunday → Friday
  ['2029-H1', '2029-06-30', '2029-06-29'], // Saturday → Friday
  ['2029-H2', '2029-12-31', '2029-12-31'], // Monday
  ['2030-H1', '2030-06-30', '2030-06-28'], // Sunday → Friday
  ['2030-H2', '2030-12-31', '2030-12-31'], // Tuesday
];
const ROADMAP = 'Theo lộ trình: các mốc sẽ được nhập sau';
const AD_HOC = 'Đột xuất: nhiệm vụ được tạo khi có yêu cầu';
const NEEDS_SCHEDULE = 'Cần nhập lịch thực hiện';

describe('computePeriods: the 21 timing strings of the Hải Phòng appendix (horizon 01/01/2026 – 31/01/2031, defaults)', () => {
  const rows: ReadonlyArray<[row: string, text: string, expected: Due[], notes: string[]]> = [
    ['III.6', 'Hằng năm', YEAR_ENDS, []],
    [
      'III.7',
      'Năm 2026 và cập nhật hằng năm',
      YEAR_ENDS, // 2026 from the one-off, 2027 … 2030 from the yearly update
      [],
    ],
    ['III.8', 'Năm 2026', [['2026', '2026-12-31', '2026-12-31']], []],
    ['III.9', 'Hằng năm', YEAR_ENDS, []],
    ['III.10', 'Thường xuyên', HALF_YEARS, []],
    ['III.11', 'Thường xuyên', HALF_YEARS, []],
    [
      'III.12',
      'Tháng 5 (hằng năm)',
      [
        ['2026-05', '2026-05-31', '2026-05-29'], // Sunday → Friday 29/5
        ['2027-05', '2027-05-31', '2027-05-31'], // Monday
        ['2028-05', '2028-05-31', '2028-05-31'], // Wednesday
        ['2029-05', '2029-05-31', '2029-05-31'], // Thursday
        ['2030-05', '2030-05-31', '2030-05-31'], // Friday
      ],
      [],
    ],
    ['IV.1', 'Theo lộ trình', [], [ROADMAP]],
    ['IV.2', 'Thường xuyên', HALF_YEARS, []],
    [
      'IV.3',
      'Năm 2026, năm 2027',
      [
        ['2026', '2026-12-31', '2026-12-31'],
        ['2027', '2027-12-31', '2027-12-31'],
      ],
      [],
    ],
    ['IV.4', 'Thường xuyên', HALF_YEARS, []],
    ['IV.5', 'Từ năm 2026 đến năm 2028', [['2026-2028', '2028-12-31', '2028-12-29']], []],
    ['V.1', 'Hằng năm', YEAR_ENDS, []],
    ['V.2', 'Hằng năm', YEAR_ENDS, []],
    ['V.3', 'Hằng năm', YEAR_ENDS, []],
    ['V.4', 'Hằng năm', YEAR_ENDS, []],
    ['V.5', 'Theo kế hoạch và đột xuất', [], [NEEDS_SCHEDULE, AD_HOC]],
    ['V.6', 'Hằng năm', YEAR_ENDS, []],
    ['V.7', 'Thường xuyên', HALF_YEARS, []],
    [
      'VI.1',
      'Định kỳ, trước ngày 25/12 hằng năm',
      [
        ['2026', '2026-12-24', '2026-12-24'], // Thursday
        ['2027', '2027-12-24', '2027-12-24'], // Friday
        ['2028', '2028-12-24', '2028-12-22'], // Sunday → Friday 22/12
        ['2029', '2029-12-24', '2029-12-24'], // Monday
        ['2030', '2030-12-24', '2030-12-24'], // Tuesday
      ],
      [],
    ],
    // 31/01/2031 is a Friday; the day before, Thursday 30/01, is after the Tết 2031 days off (22–28/01).
    ['VI.2', 'Trước ngày 31/01/2031', [['2031-01-31', '2031-01-30', '2031-01-30']], []],
  ];

  it('covers all 21 rows', () => {
    expect(rows).toHaveLength(21);
  });

  it.each(rows)('%s "%s"', (_row, text, expected, notes) => {
    const result = run(text);
    expect(dues(result.periods)).toEqual(expected);
    expect(result.notes).toEqual(notes);
    expectWorkingDays(expected);
  });

  it('VI.1 2026: window, ND09 cut-off, due moment, opening day', () => {
    const [first, second] = run('Định kỳ, trước ngày 25/12 hằng năm').periods;
    expect(first).toEqual({
      key: '2026',
      kind: 'year',
      label: 'Năm 2026',
      windowStart: '2026-01-01',
      windowEnd: '2026-12-31',
      cutoff: { from: '2025-12-15', to: '2026-12-14' },
      nominalDue: '2026-12-24',
      dueDate: '2026-12-24',
      dueAt: '2026-12-24T16:59:59.999Z',
      opensOn: '2026-01-01', // 02/12/2025 is before the horizon
      partIndex: 0,
    });
    expect(second).toMatchObject({
      key: '2027',
      cutoff: { from: '2026-12-15', to: '2027-12-14' },
      dueAt: '2027-12-24T16:59:59.999Z',
      opensOn: '2026-12-02', // 01/01/2027 − 30 days
    });
  });

  it('VI.2: a one-off with an exact date, from the start of its year, no cut-off', () => {
    expect(run('Trước ngày 31/01/2031').periods).toEqual([
      {
        key: '2031-01-31',
        kind: 'once',
        label: 'Hạn trước ngày 31/01/2031',
        windowStart: '2031-01-01',
        windowEnd: '2031-01-30',
        nominalDue: '2031-01-30',
        dueDate: '2031-01-30',
        dueAt: '2031-01-30T16:59:59.999Z',
        opensOn: '2030-12-02',
        partIndex: 0,
      },
    ]);
  });

  it('IV.5: one window 2026–2028', () => {
    expect(run('Từ năm 2026 đến năm 2028').periods).toEqual([
      {
        key: '2026-2028',
        kind: 'window',
        label: 'Giai đoạn 2026–2028',
        windowStart: '2026-01-01',
        windowEnd: '2028-12-31',
        nominalDue: '2028-12-31',
        dueDate: '2028-12-29',
        dueAt: '2028-12-29T16:59:59.999Z',
        opensOn: '2026-01-01',
        partIndex: 0,
      },
    ]);
  });

  it('III.7: the one-off first, then yearly updates from the second part', () => {
    const periods = run('Năm 2026 và cập nhật hằng năm').periods;
    expect(periods.map((p) => [p.key, p.partIndex, p.update ?? false])).toEqual([
      ['2026', 0, false],
      ['2027', 1, true],
      ['2028', 1, true],
      ['2029', 1, true],
      ['2030', 1, true],
    ]);
  });

  it('III.12: month periods in May, opening on 1 April', () => {
    expect(run('Tháng 5 (hằng năm)').periods[1]).toEqual({
      key: '2027-05',
      kind: 'month',
      label: 'Tháng 5/2027',
      windowStart: '2027-05-01',
      windowEnd: '2027-05-31',
      cutoff: { from: '2027-04-15', to: '2027-05-14' },
      nominalDue: '2027-05-31',
      dueDate: '2027-05-31',
      dueAt: '2027-05-31T16:59:59.999Z',
      opensOn: '2027-04-01',
      partIndex: 0,
    });
  });

  it('"Thường xuyên": half-years with labels and ND09 cut-offs', () => {
    const [h1, h2] = run('Thường xuyên').periods;
    expect(h1).toMatchObject({
      label: '6 tháng đầu năm 2026',
      windowStart: '2026-01-01',
      windowEnd: '2026-06-30',
      cutoff: { from: '2025-12-15', to: '2026-06-14' },
      opensOn: '2026-01-01',
    });
    expect(h2).toMatchObject({
      label: '6 tháng cuối năm 2026',
      windowStart: '2026-07-01',
      windowEnd: '2026-12-31',
      cutoff: { from: '2026-06-15', to: '2026-12-14' },
      opensOn: '2026-06-01',
    });
  });
});

describe('computePeriods: month ends, leap year, year boundaries', () => {
  it('"Hằng tháng" gives 2026-01 … 2031-01 (61 months)', () => {
    const periods = run('Hằng tháng').periods;
    expect(periods).toHaveLength(61);
    expect(periods[0].key).toBe('2026-01');
    expect(periods[60].key).toBe('2031-01');
  });

  const months2026: Due[] = [
    ['2026-01', '2026-01-31', '2026-01-30'], // Saturday → Friday
    ['2026-02', '2026-02-28', '2026-02-27'], // Saturday → Friday
    ['2026-03', '2026-03-31', '2026-03-31'], // Tuesday
    ['2026-04', '2026-04-30', '2026-04-29'], // 30/4 holiday (Thursday) → Wednesday
    ['2026-05', '2026-05-31', '2026-05-29'], // Sunday → Friday
    ['2026-06', '2026-06-30', '2026-06-30'], // Tuesday
    ['2026-07', '2026-07-31', '2026-07-31'], // Friday
    ['2026-08', '2026-08-31', '2026-08-28'], // Monday, inside Quốc khánh 29/8–2/9 → Friday 28/8
    ['2026-09', '2026-09-30', '2026-09-30'], // Wednesday
    ['2026-10', '2026-10-31', '2026-10-30'], // Saturday → Friday
    ['2026-11', '2026-11-30', '2026-11-30'], // Monday
    ['2026-12', '2026-12-31', '2026-12-31'], // Thursday
  ];
  it.each(months2026)('%s: nominal %s, due %s', (key, nominalDue, dueDate) => {
    const period = run('Hằng tháng').periods.find((p) => p.key === key);
    expect(period && [period.nominalDue, period.dueDate]).toEqual([nominalDue, dueDate]);
    expectWorkingDays([[key, nominalDue, dueDate]]);
  });

  it.each<Due>([
    ['2027-02', '2027-02-28', '2027-02-26'], // Sunday → Friday
    ['2028-02', '2028-02-29', '2028-02-29'], // leap day, Tuesday
    ['2031-01', '2031-01-31', '2031-01-31'], // Friday, last month inside the horizon
  ])('%s: nominal %s, due %s', (key, nominalDue, dueDate) => {
    const period = run('Hằng tháng').periods.find((p) => p.key === key);
    expect(period && [period.nominalDue, period.dueDate]).toEqual([nominalDue, dueDate]);
    expectWorkingDays([[key, nominalDue, dueDate]]);
  });

  it('a month period across the year boundary: cut-off from 15/12 of the year before', () => {
    const january = run('Hằng tháng').periods.find((p) => p.key === '2027-01');
    expect(january).toMatchObject({
      label: 'Tháng 1/2027',
      cutoff: { from: '2026-12-15', to: '2027-01-14' },
      opensOn: '2026-12-02',
    });
  });

  it('"Hằng quý" gives 20 quarters 2026-Q1 … 2030-Q4 (2031-Q1 ends after the horizon)', () => {
    const periods = run('Hằng quý').periods;
    expect(periods.map((p) => p.key)).toEqual(
      [2026, 2027, 2028, 2029, 2030].flatMap((y) => [1, 2, 3, 4].map((q) => `${y}-Q${q}`)),
    );
    expect(dues(periods.slice(0, 4))).toEqual([
      ['2026-Q1', '2026-03-31', '2026-03-31'], // Tuesday
      ['2026-Q2', '2026-06-30', '2026-06-30'], // Tuesday
      ['2026-Q3', '2026-09-30', '2026-09-30'], // Wednesday
      ['2026-Q4', '2026-12-31', '2026-12-31'], // Thursday
    ]);
    expect(periods[0]).toMatchObject({ label: 'Quý I/2026', cutoff: { from: '2025-12-15', to: '2026-03-14' } });
    expect(periods[2]).toMatchObject({ label: 'Quý III/2026', cutoff: { from: '2026-06-15', to: '2026-09-14' } });
  });

  it('"Quý I hằng năm": quarter periods, 31/03 moved off weekends', () => {
    const expected: Due[] = [
      ['2026-Q1', '2026-03-31', '2026-03-31'], // Tuesday
      ['2027-Q1', '2027-03-31', '2027-03-31'], // Wednesday
      ['2028-Q1', '2028-03-31', '2028-03-31'], // Friday
      ['2029-Q1', '2029-03-31', '2029-03-30'], // Saturday → Friday
      ['2030-Q1', '2030-03-31', '2030-03-29'], // Sunday → Friday
    ];
    expect(dues(run('Quý I hằng năm').periods)).toEqual(expected);
    expectWorkingDays(expected);
  });
});

describe('computePeriods: "trước ngày", Tết and make-up days', () => {
  it.each<[string, Horizon, Due[]]>([
    // Tết Bính Ngọ: days off 14–22/02/2026; nominal Thursday 19/02 → Friday 13/02.
    ['Trước ngày 20/02/2026', HAI_PHONG, [['2026-02-20', '2026-02-19', '2026-02-13']]],
    // Nominal Saturday 29/06/2030 → Friday 28/06.
    ['Trước ngày 30/6/2030', HAI_PHONG, [['2030-06-30', '2030-06-29', '2030-06-28']]],
    // Saturday 26/04/2025 is a make-up working day: the due date stays there.
    ['Trước ngày 27/4/2025', YEAR_2025, [['2025-04-27', '2025-04-26', '2025-04-26']]],
    // An ordinary Saturday (19/04/2025) → Friday 18/04.
    ['Trước ngày 20/4/2025', YEAR_2025, [['2025-04-20', '2025-04-19', '2025-04-18']]],
    // Friday 02/05/2025 was swapped into the 30/4–4/5 block → Tuesday 29/04.
    ['Trước ngày 3/5/2025', YEAR_2025, [['2025-05-03', '2025-05-02', '2025-04-29']]],
    // "chậm nhất ngày" is due on the day itself.
    ['Chậm nhất ngày 15/12/2026', HAI_PHONG, [['2026-12-15', '2026-12-15', '2026-12-15']]],
  ])('"%s"', (text, horizon, expected) => {
    expect(dues(run(text, { horizon }).periods)).toEqual(expected);
    expectWorkingDays(expected);
  });

  it('"Trước ngày 20 hằng tháng": February 2026 falls in Tết', () => {
    const periods = run('Trước ngày 20 hằng tháng').periods;
    expect(dues(periods.slice(0, 3))).toEqual([
      ['2026-01', '2026-01-19', '2026-01-19'], // Monday
      ['2026-02', '2026-02-19', '2026-02-13'], // Tết → Friday 13/02
      ['2026-03', '2026-03-19', '2026-03-19'], // Thursday
    ]);
  });

  it('"Chậm nhất ngày 15/12 hằng năm": due on the day, moved off weekends', () => {
    const expected: Due[] = [
      ['2026', '2026-12-15', '2026-12-15'], // Tuesday
      ['2027', '2027-12-15', '2027-12-15'], // Wednesday
      ['2028', '2028-12-15', '2028-12-15'], // Friday
      ['2029', '2029-12-15', '2029-12-14'], // Saturday → Friday
      ['2030', '2030-12-15', '2030-12-13'], // Sunday → Friday
    ];
    expect(dues(run('Chậm nhất ngày 15/12 hằng năm').periods)).toEqual(expected);
    expectWorkingDays(expected);
  });

  it('a one-off month with a deadline keeps the month as its period', () => {
    expect(run('Tháng 2/2028, trước ngày 20/2').periods).toEqual([
      expect.objectContaining({
        key: '2028-02',
        kind: 'month',
        label: 'Tháng 2/2028',
        windowStart: '2028-02-01',
        windowEnd: '2028-02-29',
        nominalDue: '2028-02-19', // Saturday
        dueDate: '2028-02-18', // Friday
      }),
    ]);
  });
});

describe('computePeriods: plan settings', () => {
  it('beforeDateRule same-day: "trước ngày 25/12" is due on 25/12', () => {
    const expected: Due[] = [
      ['2026', '2026-12-25', '2026-12-25'], // Friday
      ['2027', '2027-12-25', '2027-12-24'], // Saturday → Friday
      ['2028', '2028-12-25', '2028-12-25'], // Monday
      ['2029', '2029-12-25', '2029-12-25'], // Tuesday
      ['2030', '2030-12-25', '2030-12-25'], // Wednesday
    ];
    const result = run('Định kỳ, trước ngày 25/12 hằng năm', { settings: { beforeDateRule: 'same-day' } });
    expect(dues(result.periods)).toEqual(expected);
    expectWorkingDays(expected);
  });

  it('nonWorkingDue next-working-day: Sunday 31/12/2028 → Tuesday 02/01/2029 (01/01 is a holiday)', () => {
    const periods = run('Hằng năm', { settings: { nonWorkingDue: 'next-working-day' } }).periods;
    expect(dues(periods)[2]).toEqual(['2028', '2028-12-31', '2029-01-02']);
    expect(periods[2].dueAt).toBe('2029-01-02T16:59:59.999Z');
  });

  it('nonWorkingDue keep: Sunday 31/12/2028 stays', () => {
    expect(dues(run('Hằng năm', { settings: { nonWorkingDue: 'keep' } }).periods)[2]).toEqual([
      '2028',
      '2028-12-31',
      '2028-12-31',
    ]);
  });

  it('defaultDue yearly 10/12 (so Sở Nội vụ can compile before 25/12)', () => {
    const expected: Due[] = [
      ['2026', '2026-12-10', '2026-12-10'], // Thursday
      ['2027', '2027-12-10', '2027-12-10'], // Friday
      ['2028', '2028-12-10', '2028-12-08'], // Sunday → Friday
      ['2029', '2029-12-10', '2029-12-10'], // Monday
      ['2030', '2030-12-10', '2030-12-10'], // Tuesday
    ];
    const result = run('Hằng năm', { settings: { defaultDue: { yearly: { day: 10, month: 12 } } } });
    expect(dues(result.periods)).toEqual(expected);
    expectWorkingDays(expected);
  });

  it('defaultDue yearly 29/02 means the last day of February', () => {
    const periods = run('Hằng năm', { settings: { defaultDue: { yearly: { day: 29, month: 2 } } } }).periods;
    expect(dues(periods).slice(1, 3)).toEqual([
      ['2027', '2027-02-28', '2027-02-26'], // Sunday → Friday
      ['2028', '2028-02-29', '2028-02-29'], // Tuesday
    ]);
  });

  it('the words win over defaultDue: VI.1 stays due 24/12', () => {
    const periods = run('Định kỳ, trước ngày 25/12 hằng năm', {
      settings: { defaultDue: { yearly: { day: 10, month: 12 } } },
    }).periods;
    expect(periods[0].dueDate).toBe('2026-12-24');
  });

  it('defaultDue ND09 style (the 25th of the last month) for quarters and halves', () => {
    const settings = { defaultDue: { quarterly: { day: 25 }, 'half-yearly': { day: 25 } } };
    expect(dues(run('Hằng quý', { settings }).periods.slice(0, 4))).toEqual([
      ['2026-Q1', '2026-03-25', '2026-03-25'], // Wednesday
      ['2026-Q2', '2026-06-25', '2026-06-25'], // Thursday
      ['2026-Q3', '2026-09-25', '2026-09-25'], // Friday
      ['2026-Q4', '2026-12-25', '2026-12-25'], // Friday
    ]);
    expect(dues(run('Thường xuyên', { settings }).periods.slice(0, 2))).toEqual([
      ['2026-H1', '2026-06-25', '2026-06-25'],
      ['2026-H2', '2026-12-25', '2026-12-25'],
    ]);
  });

  it('defaultDue monthly day 31 means each month’s last day', () => {
    const periods = run('Hằng tháng', { settings: { defaultDue: { monthly: { day: 31 } } } }).periods;
    expect(dues(periods.slice(1, 4))).toEqual([
      ['2026-02', '2026-02-28', '2026-02-27'],
      ['2026-03', '2026-03-31', '2026-03-31'],
      ['2026-04', '2026-04-30', '2026-04-29'],
    ]);
  });

  it('the monthly default applies to a month-anchored yearly row ("Tháng 5")', () => {
    const periods = run('Tháng 5 (hằng năm)', {
      settings: { defaultDue: { monthly: { day: 25 }, yearly: { day: 10, month: 12 } } },
    }).periods;
    expect(dues(periods)[0]).toEqual(['2026-05', '2026-05-25', '2026-05-25']); // Monday
  });

  it('ongoingCadence quarterly: "Thường xuyên" reports every quarter', () => {
    const periods = run('Thường xuyên', { settings: { ongoingCadence: 'quarterly' } }).periods;
    expect(periods).toHaveLength(20);
    expect(periods[0].key).toBe('2026-Q1');
  });

  it('ongoingCadence yearly and monthly', () => {
    expect(dues(run('Thường xuyên', { settings: { ongoingCadence: 'yearly' } }).periods)).toEqual(YEAR_ENDS);
    expect(run('Thường xuyên', { settings: { ongoingCadence: 'monthly' } }).periods).toHaveLength(61);
  });

  it('the words choose the report cadence over the setting', () => {
    const periods = run('Thường xuyên, hằng quý', { settings: { ongoingCadence: 'yearly' } }).periods;
    expect(periods.map((p) => p.key).slice(0, 2)).toEqual(['2026-Q1', '2026-Q2']);
    expect(periods).toHaveLength(20);
  });

  it('"Thường xuyên, từ năm 2027" starts in 2027', () => {
    expect(dues(run('Thường xuyên, từ năm 2027').periods)).toEqual(HALF_YEARS.slice(2));
  });

  it('openLeadDays 0: an instance opens on its window start', () => {
    const periods = run('Hằng năm', { settings: { openLeadDays: 0 } }).periods;
    expect(periods.map((p) => p.opensOn)).toEqual(['2026-01-01', '2027-01-01', '2028-01-01', '2029-01-01', '2030-01-01']);
  });

  it('openLeadDays 30 crosses February: a window from 01/03/2026 opens on 30/01/2026', () => {
    expect(run('Từ tháng 3 đến tháng 8/2026').periods[0].opensOn).toBe('2026-01-30');
  });

  it('cutoff none: no cut-off on any period', () => {
    const periods = run('Hằng quý', { settings: { cutoff: 'none' } }).periods;
    expect(periods.every((p) => !('cutoff' in p))).toBe(true);
    expect(periods).toHaveLength(20);
  });
});

describe('computePeriods: one-offs, windows and their keys', () => {
  it.each<[string, Partial<PeriodSpec>]>([
    ['Quý II/2026', { key: '2026-Q2', kind: 'quarter', label: 'Quý II/2026', dueDate: '2026-06-30' }],
    ['Tháng 3/2027', { key: '2027-03', kind: 'month', label: 'Tháng 3/2027', dueDate: '2027-03-31' }],
    ['6 tháng cuối năm 2026', { key: '2026-H2', kind: 'half', label: '6 tháng cuối năm 2026', dueDate: '2026-12-31' }],
    [
      'Từ tháng 3 đến tháng 8/2026',
      {
        key: '2026M03-2026M08',
        kind: 'window',
        label: 'Từ tháng 3/2026 đến tháng 8/2026',
        windowStart: '2026-03-01',
        windowEnd: '2026-08-31',
        nominalDue: '2026-08-31',
        dueDate: '2026-08-28', // Monday 31/08 inside the Quốc khánh days off → Friday 28/08
      },
    ],
  ])('"%s"', (text, expected) => {
    const { periods, notes } = run(text);
    expect(periods).toHaveLength(1);
    expect(periods[0]).toMatchObject(expected);
    expect(notes).toEqual([]);
  });

  it('a window of quarters starting before the horizon: kept, with a note', () => {
    const { periods, notes } = run('Quý IV/2025 - Quý II/2026');
    expect(periods).toEqual([
      expect.objectContaining({
        key: '2025Q4-2026Q2',
        label: 'Từ quý IV/2025 đến quý II/2026',
        windowStart: '2025-10-01',
        windowEnd: '2026-06-30',
        dueDate: '2026-06-30',
        opensOn: '2026-01-01',
      }),
    ]);
    expect(notes).toEqual([
      'Từ quý IV/2025 đến quý II/2026: không nằm trọn trong thời hạn của kế hoạch (01/01/2026 – 31/01/2031)',
    ]);
  });

  it.each([
    ['Năm 2025', 'Một lần trong năm 2025'],
    ['Trước ngày 15/12/2025', 'Một lần, hạn trước ngày 15/12/2025'],
    ['Hằng năm, giai đoạn 2032-2035', 'Hằng năm, từ năm 2032 đến năm 2035'],
  ])('"%s" outside the horizon gives no period and a note', (text, part) => {
    expect(run(text)).toEqual({
      periods: [],
      notes: [`${part}: không có kỳ nào nằm trong thời hạn của kế hoạch (01/01/2026 – 31/01/2031)`],
    });
  });

  it('"Hằng năm, giai đoạn 2027-2029" keeps to its years', () => {
    expect(run('Hằng năm, giai đoạn 2027-2029').periods.map((p) => p.key)).toEqual(['2027', '2028', '2029']);
  });

  it('two parts giving the same key: the first is kept, with a note', () => {
    const { periods, notes } = run('Năm 2026 và hằng năm');
    expect(periods.map((p) => [p.key, p.partIndex])).toEqual([
      ['2026', 0],
      ['2027', 1],
      ['2028', 1],
      ['2029', 1],
      ['2030', 1],
    ]);
    expect(notes).toEqual([
      'Kỳ 2026 (Năm 2026) đã có từ một phần trước của thời gian thực hiện: giữ kỳ đầu tiên, bỏ kỳ trùng',
    ]);
  });

  it('periods come sorted by due date whatever the order of the words', () => {
    expect(run('Năm 2027, năm 2026').periods.map((p) => [p.key, p.partIndex])).toEqual([
      ['2026', 1],
      ['2027', 0],
    ]);
  });

  it.each([
    ['Đột xuất', [AD_HOC]],
    ['Theo kế hoạch', [NEEDS_SCHEDULE]],
    ['Sau khi có hướng dẫn của Bộ Nội vụ', [NEEDS_SCHEDULE]],
    ['', [NEEDS_SCHEDULE]],
    ['abc xyz', [NEEDS_SCHEDULE]],
  ])('"%s" gives no period, only a note', (text, notes) => {
    expect(run(text)).toEqual({ periods: [], notes });
  });
});

describe('computePeriods: a horizon that starts or ends mid-period', () => {
  const MARCH_START: Horizon = { start: '2026-03-01', end: '2031-01-31' };

  it('a plan starting in March still reports on its first year, with a note', () => {
    const { periods, notes } = run('Hằng năm', { horizon: MARCH_START });
    expect(periods.map((p) => p.key)).toEqual(['2026', '2027', '2028', '2029', '2030']);
    expect(periods[0]).toMatchObject({ windowStart: '2026-01-01', opensOn: '2026-03-01', dueDate: '2026-12-31' });
    expect(notes).toEqual(['Năm 2026: không nằm trọn trong thời hạn của kế hoạch (01/03/2026 – 31/01/2031)']);
  });

  it('months before the start give nothing', () => {
    expect(run('Hằng tháng', { horizon: MARCH_START }).periods[0].key).toBe('2026-03');
  });

  it('a horizon ending mid-year drops the year whose due date is after it', () => {
    const horizon: Horizon = { start: '2026-01-01', end: '2030-12-20' };
    expect(run('Định kỳ, trước ngày 25/12 hằng năm', { horizon }).periods.map((p) => p.key)).toEqual([
      '2026',
      '2027',
      '2028',
      '2029',
    ]);
  });
});

describe('computePeriods: a calendar that does not cover the year', () => {
  it('keeps the nominal date and says so', () => {
    const short = buildWorkingCalendar({ years: { from: 2026, to: 2026 }, adjustments: shippedYearAdjustments() });
    const horizon: Horizon = { start: '2026-01-01', end: '2027-12-31' };
    const { periods, notes } = run('Hằng năm', { horizon, calendar: short });
    expect(dues(periods)).toEqual([
      ['2026', '2026-12-31', '2026-12-31'],
      ['2027', '2027-12-31', '2027-12-31'],
    ]);
    expect(notes).toEqual(['Lịch làm việc chưa có năm của ngày 31/12/2027: hạn giữ nguyên, chưa dời sang ngày làm việc']);
  });
});

describe('nd09Cutoff', () => {
  it.each<[Parameters<typeof nd09Cutoff>[0], string, string]>([
    [{ kind: 'year', year: 2026 }, '2025-12-15', '2026-12-14'],
    [{ kind: 'half', year: 2026, half: 1 }, '2025-12-15', '2026-06-14'],
    [{ kind: 'half', year: 2026, half: 2 }, '2026-06-15', '2026-12-14'],
    [{ kind: 'quarter', year: 2026, quarter: 1 }, '2025-12-15', '2026-03-14'],
    [{ kind: 'quarter', year: 2026, quarter: 2 }, '2026-03-15', '2026-06-14'],
    [{ kind: 'quarter', year: 2026, quarter: 3 }, '2026-06-15', '2026-09-14'],
    [{ kind: 'quarter', year: 2026, quarter: 4 }, '2026-09-15', '2026-12-14'],
    [{ kind: 'month', year: 2026, month: 1 }, '2025-12-15', '2026-01-14'],
    [{ kind: 'month', year: 2028, month: 3 }, '2028-02-15', '2028-03-14'],
    [{ kind: 'month', year: 2026, month: 12 }, '2026-11-15', '2026-12-14'],
  ])('%j: %s – %s', (period, from, to) => {
    expect(nd09Cutoff(period)).toEqual({ from, to });
  });
});

describe('endOfDayInstant', () => {
  it.each([
    ['2026-12-24', '2026-12-24T16:59:59.999Z'],
    ['2026-12-31', '2026-12-31T16:59:59.999Z'],
    ['2028-02-29', '2028-02-29T16:59:59.999Z'],
    ['2031-01-30', '2031-01-30T16:59:59.999Z'],
  ])('%s ends at %s', (date, instant) => {
    expect(endOfDayInstant(date)).toBe(instant);
    expect(endOfDayInstant(date, 'Asia/Ho_Chi_Minh')).toBe(instant);
  });

  it('refuses a malformed date', () => {
    expect(() => endOfDayInstant('2026-02-30')).toThrow(RangeError);
  });
});

describe('supportDueDate', () => {
  it.each<[string, number, string]>([
    // Thu 24/12/2026 − 5 working days: 23, 22, 21, 18, 17 → Thursday 17/12.
    ['2026-12-24', 5, '2026-12-17'],
    // Fri 27/02/2026: 26, 25, 24, 23, then Tết 14–22/02 is skipped → Friday 13/02.
    ['2026-02-27', 5, '2026-02-13'],
    // Tue 29/04/2025: 28, (Sat 26/04 make-up day) 26, 25, 24, 23 → Wednesday 23/04.
    ['2025-04-29', 5, '2025-04-23'],
    // Tue 05/01/2027: 04, (01/01 holiday) 31/12, 30, 29, 28 → Monday 28/12/2026.
    ['2027-01-05', 5, '2026-12-28'],
    // Thu 08/01/2026: 07, 06, 05, (01–04/01 off) 31/12/2025, 30/12 → Tuesday 30/12/2025.
    ['2026-01-08', 5, '2025-12-30'],
    ['2026-12-24', 0, '2026-12-24'],
    ['2026-12-24', 1, '2026-12-23'],
  ])('lead due %s, %i working days before → %s', (leadDue, days, expected) => {
    expect(supportDueDate(leadDue, settingsWith({ supportLeadWorkingDays: days }), calendar)).toBe(expected);
    expect(calendar.isWorkingDay(expected)).toBe(true);
  });
});
