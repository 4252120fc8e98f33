import {
  clockMinutes,
  DEFAULT_REMINDER_POLICY,
  resolveReminderPolicy,
  type ReminderPolicy,
  type ReminderStep,
} from './reminder-policy';

const DEFAULT_STEPS: ReminderStep[] = [
  { code: 'before-10', offset: -10, to: ['focal-points'], cc: [], template: 'upcoming' },
  { code: 'before-3', offset: -3, to: ['focal-points'], cc: [], template: 'upcoming' },
  { code: 'due', offset: 0, to: ['focal-points'], cc: [], template: 'due-today' },
  { code: 'late-1', offset: 1, to: ['focal-points'], cc: ['head'], template: 'late' },
  { code: 'late-5', offset: 5, to: ['head'], cc: [], template: 'escalation-head' },
  { code: 'late-10', offset: 10, to: ['monitor'], cc: ['head'], template: 'escalation-monitor' },
];

const DEFAULTS: ReminderPolicy = {
  steps: DEFAULT_STEPS,
  repeat: { every: 10, max: 6, to: ['monitor'], cc: ['head'], template: 'escalation-monitor' },
  workingHours: { start: '07:30', end: '17:00' },
  digest: true,
};

const DEFAULT_USED = 'dùng giá trị mặc định';

describe('resolveReminderPolicy: defaults', () => {
  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['an empty settings object', {}],
    ['settings of other modules only', { defaultDue: { yearly: { day: 15, month: 12 } }, openLeadDays: 30 }],
    ['reminders: null', { reminders: null }],
    ['reminders: {}', { reminders: {} }],
    ['settings that are not an object (reported by resolvePlanSettings)', 'oops'],
  ])('%s gives the default ladder and no error', (_name, raw) => {
    expect(resolveReminderPolicy(raw)).toEqual({ policy: DEFAULTS, errors: [] });
  });

  it('exports the same defaults, frozen all the way down', () => {
    expect(DEFAULT_REMINDER_POLICY).toEqual(DEFAULTS);
    expect(Object.isFrozen(DEFAULT_REMINDER_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_REMINDER_POLICY.steps[3].cc)).toBe(true);
    expect(Object.isFrozen(DEFAULT_REMINDER_POLICY.repeat)).toBe(true);
  });

  it('never hands out the shared default objects', () => {
    const { policy } = resolveReminderPolicy(undefined);
    policy.steps[0].to.push('head');
    policy.workingHours.start = '08:00';
    expect(resolveReminderPolicy(undefined).policy).toEqual(DEFAULTS);
  });
});

describe('resolveReminderPolicy: plan values', () => {
  const twoSteps = [
    { code: 'before-5', offset: -5, to: ['focal-points'], template: 'upcoming' },
    { code: 'late-2', offset: 2, to: 'head', cc: 'monitor', template: 'escalation-head' },
  ];
  it.each<[string, Record<string, unknown>, Partial<ReminderPolicy>]>([
    [
      'a ladder of two steps (cc optional, one audience without brackets)',
      { steps: twoSteps },
      {
        steps: [
          { code: 'before-5', offset: -5, to: ['focal-points'], cc: [], template: 'upcoming' },
          { code: 'late-2', offset: 2, to: ['head'], cc: ['monitor'], template: 'escalation-head' },
        ],
      },
    ],
    ['no repeats', { repeat: null }, { repeat: null }],
    [
      'repeats every 5 working days, 3 times, every and max given',
      { repeat: { every: 5, max: 3, to: ['monitor', 'head'], template: 'escalation-monitor' } },
      { repeat: { every: 5, max: 3, to: ['monitor', 'head'], cc: [], template: 'escalation-monitor' } },
    ],
    [
      'repeats with every and max left to their defaults',
      { repeat: { to: ['head'], template: 'escalation-head' } },
      { repeat: { every: 10, max: 6, to: ['head'], cc: [], template: 'escalation-head' } },
    ],
    ['office hours 08:00–11:30', { workingHours: { start: '08:00', end: '11:30' } }, { workingHours: { start: '08:00', end: '11:30' } }],
    ['no digest', { digest: false }, { digest: false }],
    ['no reminders at all', { steps: [], repeat: null }, { steps: [], repeat: null }],
  ])('%s', (_name, reminders, expected) => {
    expect(resolveReminderPolicy({ reminders })).toEqual({ policy: { ...DEFAULTS, ...expected }, errors: [] });
  });
});

describe('resolveReminderPolicy: errors name the field, the default is used', () => {
  const step = (overrides: Record<string, unknown>) => ({ code: 'x', offset: 0, to: ['focal-points'], template: 'upcoming', ...overrides });
  it.each<[string, unknown, string[]]>([
    ['reminders not an object', 'often', [`reminders: phải là một đối tượng (các cặp khóa: giá trị); ${DEFAULT_USED}`]],
    ['steps not a list', { steps: { code: 'x' } }, [`reminders.steps: phải là một danh sách; ${DEFAULT_USED}`]],
    ['a step not an object', { steps: [-10] }, [`reminders.steps[0]: phải là một đối tượng (các cặp khóa: giá trị); ${DEFAULT_USED}`]],
    [
      'duplicate step codes',
      { steps: [step({ code: 'a', offset: -1 }), step({ code: 'a', offset: 1 })] },
      [`reminders.steps[1].code: mã "a" trùng với reminders.steps[0]; ${DEFAULT_USED}`],
    ],
    [
      'a code that cannot go in a key',
      { steps: [step({ code: 'Trễ 1 ngày' })] },
      [
        `reminders.steps[0].code: mã bước phải gồm chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ: before-10, late-1); ${DEFAULT_USED}`,
      ],
    ],
    ['a missing code', { steps: [step({ code: undefined })] }, [`reminders.steps[0].code: bắt buộc phải có; ${DEFAULT_USED}`]],
    [
      'the reserved code repeat',
      { steps: [step({ code: 'repeat' })] },
      [`reminders.steps[0].code: mã "repeat" dành cho các lần nhắc lặp lại (repeat), hãy đặt mã khác; ${DEFAULT_USED}`],
    ],
    [
      'offsets not strictly increasing',
      { steps: [step({ code: 'a', offset: 1 }), step({ code: 'b', offset: 1 }), step({ code: 'c', offset: -3 })] },
      [
        `reminders.steps[1].offset: các bước phải theo thứ tự tăng dần của offset (1 không lớn hơn 1 của bước trước); ${DEFAULT_USED}`,
        `reminders.steps[2].offset: các bước phải theo thứ tự tăng dần của offset (-3 không lớn hơn 1 của bước trước); ${DEFAULT_USED}`,
      ],
    ],
    ['a fractional offset', { steps: [step({ offset: 1.5 })] }, [`reminders.steps[0].offset: phải là số nguyên từ -250 đến 250; ${DEFAULT_USED}`]],
    ['an offset out of range', { steps: [step({ offset: 300 })] }, [`reminders.steps[0].offset: phải là số nguyên từ -250 đến 250; ${DEFAULT_USED}`]],
    ['an offset as text', { steps: [step({ offset: '-3' })] }, [`reminders.steps[0].offset: phải là số nguyên từ -250 đến 250; ${DEFAULT_USED}`]],
    [
      'an unknown audience',
      { steps: [step({ to: ['focal-points', 'director'] })] },
      [`reminders.steps[0].to: người nhận "director" không hợp lệ (chỉ dùng: focal-points, head, monitor); ${DEFAULT_USED}`],
    ],
    ['a repeated audience', { steps: [step({ cc: ['head', 'head'] })] }, [`reminders.steps[0].cc: người nhận "head" bị lặp; ${DEFAULT_USED}`]],
    [
      'cc repeating to',
      { steps: [step({ to: ['head'], cc: ['head'] })] },
      [`reminders.steps[0].cc: "head" đã là người nhận chính (to), không đồng gửi (cc) lại; ${DEFAULT_USED}`],
    ],
    ['nobody to send to', { steps: [step({ to: [] })] }, [`reminders.steps[0].to: cần ít nhất một người nhận; ${DEFAULT_USED}`]],
    ['to missing', { steps: [step({ to: undefined })] }, [`reminders.steps[0].to: bắt buộc phải có; ${DEFAULT_USED}`]],
    ['to not a list', { steps: [step({ to: 3 })] }, [`reminders.steps[0].to: phải là một danh sách; ${DEFAULT_USED}`]],
    [
      'an unknown template',
      { steps: [step({ template: 'reminder' })] },
      [
        `reminders.steps[0].template: mẫu thư "reminder" không hợp lệ (chỉ dùng: upcoming, due-today, late, escalation-head, escalation-monitor); ${DEFAULT_USED}`,
      ],
    ],
    [
      'a start time without its leading zero',
      { workingHours: { start: '7:30', end: '17:00' } },
      [`reminders.workingHours.start: phải là giờ dạng HH:MM trong dấu nháy, ví dụ '07:30'; ${DEFAULT_USED}`],
    ],
    [
      'a time read as a number (YAML 1.1 sexagesimal 07:30 = 450)',
      { workingHours: { start: 450, end: '17:00' } },
      [`reminders.workingHours.start: phải là giờ dạng HH:MM trong dấu nháy, ví dụ '07:30'; ${DEFAULT_USED}`],
    ],
    ['24:00', { workingHours: { start: '07:30', end: '24:00' } }, [`reminders.workingHours.end: phải là giờ dạng HH:MM trong dấu nháy, ví dụ '07:30'; ${DEFAULT_USED}`]],
    ['a missing end', { workingHours: { start: '07:30' } }, [`reminders.workingHours.end: bắt buộc phải có; ${DEFAULT_USED}`]],
    [
      'start after end',
      { workingHours: { start: '17:00', end: '07:30' } },
      [`reminders.workingHours: giờ bắt đầu 17:00 phải trước giờ kết thúc 07:30; ${DEFAULT_USED}`],
    ],
    [
      'start equal to end',
      { workingHours: { start: '08:00', end: '08:00' } },
      [`reminders.workingHours: giờ bắt đầu 08:00 phải trước giờ kết thúc 08:00; ${DEFAULT_USED}`],
    ],
    ['working hours not an object', { workingHours: '07:30-17:00' }, [`reminders.workingHours: phải là một đối tượng (các cặp khóa: giá trị); ${DEFAULT_USED}`]],
    [
      'repeat every 0',
      { repeat: { every: 0, to: 'monitor', template: 'escalation-monitor' } },
      [`reminders.repeat.every: phải là số nguyên từ 1 đến 250; ${DEFAULT_USED}`],
    ],
    [
      'repeat max negative and fractional every',
      { repeat: { every: 2.5, max: -1, to: 'monitor', template: 'escalation-monitor' } },
      [`reminders.repeat.every: phải là số nguyên từ 1 đến 250; ${DEFAULT_USED}`, `reminders.repeat.max: phải là số nguyên từ 1 đến 100; ${DEFAULT_USED}`],
    ],
    [
      'repeat without to and template',
      { repeat: { every: 5 } },
      [`reminders.repeat.to: bắt buộc phải có; ${DEFAULT_USED}`, `reminders.repeat.template: bắt buộc phải có; ${DEFAULT_USED}`],
    ],
    [
      'repeat as a word',
      { repeat: 'weekly' },
      [`reminders.repeat: phải là một đối tượng (các cặp khóa: giá trị) hoặc null (không nhắc lặp lại); ${DEFAULT_USED}`],
    ],
    ['digest as text', { digest: 'yes' }, [`reminders.digest: phải là true hoặc false; ${DEFAULT_USED}`]],
  ])('%s', (_name, reminders, errors) => {
    expect(resolveReminderPolicy({ reminders })).toEqual({ policy: DEFAULTS, errors });
  });

  it('reports several wrong fields at once, keeping the good ones', () => {
    const reading = resolveReminderPolicy({ reminders: { digest: false, repeat: { every: 0, to: 'monitor', template: 'late' }, steps: 'x' } });
    expect(reading.policy).toEqual({ ...DEFAULTS, digest: false });
    expect(reading.errors).toEqual([
      `reminders.steps: phải là một danh sách; ${DEFAULT_USED}`,
      `reminders.repeat.every: phải là số nguyên từ 1 đến 250; ${DEFAULT_USED}`,
    ]);
  });

  it('reports unknown keys and ignores them', () => {
    const reading = resolveReminderPolicy({
      reminders: {
        ladder: [],
        steps: [{ code: 'due', offset: 0, to: 'focal-points', template: 'due-today', note: 'x' }],
        workingHours: { start: '08:00', end: '16:00', tz: 'UTC' },
      },
    });
    expect(reading.policy).toEqual({
      ...DEFAULTS,
      steps: [{ code: 'due', offset: 0, to: ['focal-points'], cc: [], template: 'due-today' }],
      workingHours: { start: '08:00', end: '16:00' },
    });
    expect(reading.errors).toEqual([
      'reminders.ladder: khóa không được hỗ trợ (chỉ dùng: steps, repeat, workingHours, digest)',
      'reminders.steps[0].note: khóa không được hỗ trợ (chỉ dùng: code, offset, to, cc, template)',
      'reminders.workingHours.tz: khóa không được hỗ trợ (chỉ dùng: start, end)',
    ]);
  });
});

describe('resolveReminderPolicy: a row override replaces whole fields', () => {
  const plan = {
    reminders: {
      steps: [
        { code: 'before-5', offset: -5, to: ['focal-points'], template: 'upcoming' },
        { code: 'late-1', offset: 1, to: ['focal-points'], cc: ['head'], template: 'late' },
      ],
      repeat: { every: 5, max: 2, to: ['head'], template: 'escalation-head' },
      workingHours: { start: '08:00', end: '16:30' },
      digest: false,
    },
  };
  const planPolicy: ReminderPolicy = {
    steps: [
      { code: 'before-5', offset: -5, to: ['focal-points'], cc: [], template: 'upcoming' },
      { code: 'late-1', offset: 1, to: ['focal-points'], cc: ['head'], template: 'late' },
    ],
    repeat: { every: 5, max: 2, to: ['head'], cc: [], template: 'escalation-head' },
    workingHours: { start: '08:00', end: '16:30' },
    digest: false,
  };

  it.each<[string, unknown, Partial<ReminderPolicy>]>([
    ['no override', undefined, {}],
    ['a null override', null, {}],
    ['an empty override', {}, {}],
    [
      'steps: the whole ladder is replaced, the plan’s repeat stays',
      { steps: [{ code: 'due', offset: 0, to: ['focal-points', 'head'], template: 'due-today' }] },
      { steps: [{ code: 'due', offset: 0, to: ['focal-points', 'head'], cc: [], template: 'due-today' }] },
    ],
    [
      'repeat: the whole repeat is replaced (every and max from the defaults, not the plan)',
      { repeat: { to: ['monitor'], template: 'escalation-monitor' } },
      { repeat: { every: 10, max: 6, to: ['monitor'], cc: [], template: 'escalation-monitor' } },
    ],
    ['repeat: null switches the repeats off for the row', { repeat: null }, { repeat: null }],
    ['digest back on', { digest: true }, { digest: true }],
  ])('%s', (_name, row, expected) => {
    expect(resolveReminderPolicy(plan, row)).toEqual({ policy: { ...planPolicy, ...expected }, errors: [] });
  });

  it('applies over the defaults when the plan has no reminders', () => {
    expect(resolveReminderPolicy({}, { workingHours: { start: '07:00', end: '11:00' } })).toEqual({
      policy: { ...DEFAULTS, workingHours: { start: '07:00', end: '11:00' } },
      errors: [],
    });
  });

  it.each<[string, unknown, string[]]>([
    [
      'an override that is not an object',
      ['late-1'],
      ['Ghi đè của dòng: reminders: phải là một đối tượng (các cặp khóa: giá trị); dùng giá trị của kế hoạch'],
    ],
    [
      'a wrong ladder',
      { steps: [{ code: 'late-1', offset: 1, to: ['boss'], template: 'late' }] },
      [
        'Ghi đè của dòng: reminders.steps[0].to: người nhận "boss" không hợp lệ (chỉ dùng: focal-points, head, monitor); dùng giá trị của kế hoạch',
      ],
    ],
    [
      'an unknown key',
      { stepz: [] },
      ['Ghi đè của dòng: reminders.stepz: khóa không được hỗ trợ (chỉ dùng: steps, repeat, workingHours, digest)'],
    ],
  ])('%s: the plan’s value is kept', (_name, row, errors) => {
    expect(resolveReminderPolicy(plan, row)).toEqual({ policy: planPolicy, errors });
  });

  it('reports the plan’s errors and the row’s errors together', () => {
    const reading = resolveReminderPolicy({ reminders: { digest: 1 } }, { digest: 'no' });
    expect(reading.policy).toEqual(DEFAULTS);
    expect(reading.errors).toEqual([
      `reminders.digest: phải là true hoặc false; ${DEFAULT_USED}`,
      'Ghi đè của dòng: reminders.digest: phải là true hoặc false; dùng giá trị của kế hoạch',
    ]);
  });
});

describe('clockMinutes', () => {
  it.each<[string, number | undefined]>([
    ['00:00', 0],
    ['07:30', 450],
    ['17:00', 1020],
    ['23:59', 1439],
    ['24:00', undefined],
    ['7:30', undefined],
    ['07:60', undefined],
    ['07:30:00', undefined],
    [' 07:30', undefined],
  ])('%s → %s', (text, minutes) => {
    expect(clockMinutes(text)).toBe(minutes);
  });
});
