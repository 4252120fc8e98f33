import { DEFAULT_PLAN_SETTINGS, resolvePlanSettings, type PlanSchedulingSettings } from './plan-settings';

const DEFAULTS: PlanSchedulingSettings = {
  beforeDateRule: 'previous-day',
  nonWorkingDue: 'previous-working-day',
  defaultDue: {},
  ongoingCadence: 'half-yearly',
  openLeadDays: 30,
  supportLeadWorkingDays: 5,
  timezone: 'Asia/Ho_Chi_Minh',
  cutoff: 'nd09',
};

describe('resolvePlanSettings: defaults', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty object', {}],
    ['the Hải Phòng plan settings', { timezone: 'Asia/Ho_Chi_Minh' }],
    ['settings of other modules only', { reminders: { steps: [-7, -1, 1] }, reportTemplate: 'x' }],
  ])('%s gives every default and no error', (_name, raw) => {
    expect(resolvePlanSettings(raw)).toEqual({ settings: DEFAULTS, errors: [] });
  });

  it('exports the same defaults, frozen', () => {
    expect(DEFAULT_PLAN_SETTINGS).toEqual(DEFAULTS);
    expect(Object.isFrozen(DEFAULT_PLAN_SETTINGS)).toBe(true);
  });

  it('never hands out the shared defaultDue object', () => {
    const { settings } = resolvePlanSettings(undefined);
    expect(settings.defaultDue).not.toBe(DEFAULT_PLAN_SETTINGS.defaultDue);
  });
});

describe('resolvePlanSettings: valid values', () => {
  it.each<[string, Record<string, unknown>, Partial<PlanSchedulingSettings>]>([
    ['same-day rule', { beforeDateRule: 'same-day' }, { beforeDateRule: 'same-day' }],
    ['next working day', { nonWorkingDue: 'next-working-day' }, { nonWorkingDue: 'next-working-day' }],
    ['keep', { nonWorkingDue: 'keep' }, { nonWorkingDue: 'keep' }],
    ['quarterly ongoing reports', { ongoingCadence: 'quarterly' }, { ongoingCadence: 'quarterly' }],
    ['yearly ongoing reports', { ongoingCadence: 'yearly' }, { ongoingCadence: 'yearly' }],
    ['monthly ongoing reports', { ongoingCadence: 'monthly' }, { ongoingCadence: 'monthly' }],
    ['no lead time', { openLeadDays: 0 }, { openLeadDays: 0 }],
    ['a year of lead time', { openLeadDays: 366 }, { openLeadDays: 366 }],
    ['support due with the lead', { supportLeadWorkingDays: 0 }, { supportLeadWorkingDays: 0 }],
    ['support 10 working days earlier', { supportLeadWorkingDays: 10 }, { supportLeadWorkingDays: 10 }],
    ['no cut-off', { cutoff: 'none' }, { cutoff: 'none' }],
    ['yearly reports due 10/12', { defaultDue: { yearly: { day: 10, month: 12 } } }, { defaultDue: { yearly: { day: 10, month: 12 } } }],
    ['29/02 allowed (last day of February)', { defaultDue: { yearly: { day: 29, month: 2 } } }, { defaultDue: { yearly: { day: 29, month: 2 } } }],
    [
      'ND09 style: the 25th of the last month',
      { defaultDue: { 'half-yearly': { day: 25 }, quarterly: { day: 25 }, monthly: { day: 25 } } },
      { defaultDue: { 'half-yearly': { day: 25 }, quarterly: { day: 25 }, monthly: { day: 25 } } },
    ],
    ['day 31 for months (= last day)', { defaultDue: { monthly: { day: 31 } } }, { defaultDue: { monthly: { day: 31 } } }],
  ])('%s', (_name, raw, expected) => {
    expect(resolvePlanSettings(raw)).toEqual({ settings: { ...DEFAULTS, ...expected }, errors: [] });
  });
});

describe('resolvePlanSettings: wrong values fall back to the default, with an error naming the field', () => {
  it.each<[string, unknown, string[]]>([
    ['settings not an object', 'x', ['settings: phải là một đối tượng (các cặp khóa: giá trị); dùng giá trị mặc định']],
    ['settings a list', [], ['settings: phải là một đối tượng (các cặp khóa: giá trị); dùng giá trị mặc định']],
    [
      'unknown before-date rule',
      { beforeDateRule: 'day-before' },
      ['beforeDateRule: phải là một trong: previous-day, same-day; dùng giá trị mặc định'],
    ],
    [
      'non-working rule of the wrong type',
      { nonWorkingDue: 1 },
      ['nonWorkingDue: phải là một trong: previous-working-day, next-working-day, keep; dùng giá trị mặc định'],
    ],
    [
      'unknown cadence',
      { ongoingCadence: 'weekly' },
      ['ongoingCadence: phải là một trong: yearly, half-yearly, quarterly, monthly; dùng giá trị mặc định'],
    ],
    ['negative lead', { openLeadDays: -1 }, ['openLeadDays: phải là số nguyên từ 0 đến 366; dùng giá trị mặc định']],
    ['fractional lead', { openLeadDays: 1.5 }, ['openLeadDays: phải là số nguyên từ 0 đến 366; dùng giá trị mặc định']],
    ['lead as text', { openLeadDays: '30' }, ['openLeadDays: phải là số nguyên từ 0 đến 366; dùng giá trị mặc định']],
    [
      'support lead too long',
      { supportLeadWorkingDays: 61 },
      ['supportLeadWorkingDays: phải là số nguyên từ 0 đến 60; dùng giá trị mặc định'],
    ],
    ['other time zone', { timezone: 'Asia/Bangkok' }, ['timezone: phải là một trong: Asia/Ho_Chi_Minh; dùng giá trị mặc định']],
    ['unknown cut-off', { cutoff: 'nd70' }, ['cutoff: phải là một trong: nd09, none; dùng giá trị mặc định']],
    [
      'defaultDue not an object',
      { defaultDue: 25 },
      ['defaultDue: phải là một đối tượng (các cặp khóa: giá trị); dùng giá trị mặc định'],
    ],
    [
      'defaultDue with an unknown cadence',
      { defaultDue: { weekly: { day: 1 } } },
      ['defaultDue.weekly: khóa không được hỗ trợ (chỉ dùng: yearly, half-yearly, quarterly, monthly)'],
    ],
    [
      'yearly without a month',
      { defaultDue: { yearly: { day: 10 } } },
      ['defaultDue.yearly.month: phải là số nguyên từ 1 đến 12; dùng giá trị mặc định'],
    ],
    [
      'yearly with day 0',
      { defaultDue: { yearly: { day: 0, month: 12 } } },
      ['defaultDue.yearly.day: phải là số nguyên từ 1 đến 31; dùng giá trị mặc định'],
    ],
    [
      'yearly 31/04',
      { defaultDue: { yearly: { day: 31, month: 4 } } },
      ['defaultDue.yearly.day: ngày 31 không có trong tháng 4; dùng giá trị mặc định'],
    ],
    [
      'yearly 30/02',
      { defaultDue: { yearly: { day: 30, month: 2 } } },
      ['defaultDue.yearly.day: ngày 30 không có trong tháng 2; dùng giá trị mặc định'],
    ],
    [
      'yearly with an extra key',
      { defaultDue: { yearly: { day: 10, month: 12, year: 2026 } } },
      ['defaultDue.yearly.year: khóa không được hỗ trợ (chỉ dùng: day, month)'],
    ],
    [
      'quarterly day 32',
      { defaultDue: { quarterly: { day: 32 } } },
      ['defaultDue.quarterly.day: phải là số nguyên từ 1 đến 31; dùng giá trị mặc định'],
    ],
    [
      'monthly as a number',
      { defaultDue: { monthly: 25 } },
      ['defaultDue.monthly: phải là một đối tượng (các cặp khóa: giá trị); dùng giá trị mặc định'],
    ],
    [
      'half-yearly with a month',
      { defaultDue: { 'half-yearly': { day: 25, month: 6 } } },
      ['defaultDue.half-yearly.month: khóa không được hỗ trợ (chỉ dùng: day)'],
    ],
  ])('%s', (_name, raw, errors) => {
    const reading = resolvePlanSettings(raw);
    expect(reading.errors).toEqual(errors);
  });

  it('keeps the good fields when others are wrong (errors in the order of the fields)', () => {
    const reading = resolvePlanSettings({
      beforeDateRule: 'same-day',
      openLeadDays: 'soon',
      defaultDue: { yearly: { day: 10, month: 12 }, quarterly: { day: 40 } },
    });
    expect(reading.settings).toEqual({
      ...DEFAULTS,
      beforeDateRule: 'same-day',
      defaultDue: { yearly: { day: 10, month: 12 } },
    });
    expect(reading.errors).toEqual([
      'defaultDue.quarterly.day: phải là số nguyên từ 1 đến 31; dùng giá trị mặc định',
      'openLeadDays: phải là số nguyên từ 0 đến 366; dùng giá trị mặc định',
    ]);
  });

  it('keeps a valid day with an extra key, reporting the key', () => {
    const reading = resolvePlanSettings({ defaultDue: { monthly: { day: 20, note: 'x' } } });
    expect(reading.settings.defaultDue).toEqual({ monthly: { day: 20 } });
    expect(reading.errors).toEqual(['defaultDue.monthly.note: khóa không được hỗ trợ (chỉ dùng: day)']);
  });
});
