import { shippedYearAdjustments } from '../../../../test/support/shipped-calendar';
import { buildWorkingCalendar } from '../../scheduling/domain/working-calendar';
import type { TaskStatus } from '../../tasks/domain/task-lifecycle';
import {
  groupIntoDigests,
  ladderSchedule,
  localClock,
  planReminders,
  type DueReminder,
  type PlannedInstance,
  type ResolvedReminder,
} from './reminder-planner';
import { DEFAULT_REMINDER_POLICY, resolveReminderPolicy, type ReminderPolicy } from './reminder-policy';

const calendar = buildWorkingCalendar({ years: { from: 2025, to: 2028 }, adjustments: shippedYearAdjustments() });
const policy: ReminderPolicy = DEFAULT_REMINDER_POLICY;

function instance(overrides: Partial<PlannedInstance> = {}): PlannedInstance {
  return { id: 'i1', status: 'open', role: 'lead', dueDate: '2026-12-24', ...overrides };
}

function plan(now: string, instances: PlannedInstance[] = [instance()], p: ReminderPolicy = policy): DueReminder[] {
  return planReminders({ instances, policy: p, calendar, now: new Date(now) });
}

/** The step planned now for one instance, as `code#occurrence sendOn daysLate`, or null. */
function step(now: string, inst: PlannedInstance = instance(), p: ReminderPolicy = policy): string | null {
  const due = plan(now, [inst], p);
  expect(due.length).toBeLessThanOrEqual(1);
  return due.length === 0 ? null : `${due[0].stepCode}#${due[0].occurrence} ${due[0].sendOn} ${due[0].daysLate}`;
}

describe('ladderSchedule: the default ladder with literal dates', () => {
  it.each([
    // Due Thu 24/12/2026: 1/1/2027 (Fri) is New Year's Day; Tết 2027 is 05/02–09/02 plus the
    // compensatory days 10–11/02 for mùng 1–2 on the weekend, so repeat 2 lands on Fri 12/02/2027.
    [
      '2026-12-24',
      [
        'before-10#0 2026-12-10',
        'before-3#0 2026-12-21',
        'due#0 2026-12-24',
        'late-1#0 2026-12-25',
        'late-5#0 2026-12-31',
        'late-10#0 2027-01-08',
        'repeat#1 2027-01-22',
        'repeat#2 2027-02-12',
        'repeat#3 2027-02-26',
        'repeat#4 2027-03-12',
        'repeat#5 2027-03-26',
        'repeat#6 2027-04-09',
      ],
    ],
    // Due Tue 24/02/2026, just after Tết Bính Ngọ (days off 14–22/02/2026): counting back skips Tết.
    [
      '2026-02-24',
      [
        'before-10#0 2026-02-03',
        'before-3#0 2026-02-12',
        'due#0 2026-02-24',
        'late-1#0 2026-02-25',
        'late-5#0 2026-03-03',
        'late-10#0 2026-03-10',
        'repeat#1 2026-03-24',
        'repeat#2 2026-04-07',
        'repeat#3 2026-04-21',
        'repeat#4 2026-05-08', // Hùng Kings (27/04), 30/04 and 01/05/2026 are off
        'repeat#5 2026-05-22',
        'repeat#6 2026-06-05',
      ],
    ],
    // A ladder date inside Tết (Sun 22/02/2026) counts from the working day before: Fri 13/02.
    [
      '2026-02-22',
      [
        'before-10#0 2026-01-30',
        'before-3#0 2026-02-10',
        'due#0 2026-02-13',
        'late-1#0 2026-02-23',
        'late-5#0 2026-02-27',
        'late-10#0 2026-03-06',
        'repeat#1 2026-03-20',
        'repeat#2 2026-04-03',
        'repeat#3 2026-04-17',
        'repeat#4 2026-05-06',
        'repeat#5 2026-05-20',
        'repeat#6 2026-06-03',
      ],
    ],
    // Due Mon 05/05/2025 after the 30/4–4/5 break (Fri 2/5 swapped for Sat 26/4, a working day).
    [
      '2025-05-05',
      [
        'before-10#0 2025-04-17',
        'before-3#0 2025-04-26',
        'due#0 2025-05-05',
        'late-1#0 2025-05-06',
        'late-5#0 2025-05-12',
        'late-10#0 2025-05-19',
        'repeat#1 2025-06-02',
        'repeat#2 2025-06-16',
        'repeat#3 2025-06-30',
        'repeat#4 2025-07-14',
        'repeat#5 2025-07-28',
        'repeat#6 2025-08-11',
      ],
    ],
  ])('due %s', (due, expected) => {
    expect(ladderSchedule(due, policy, calendar).map((e) => `${e.stepCode}#${e.occurrence} ${e.sendOn}`)).toEqual(expected);
  });

  it('carries the audiences and templates of each step', () => {
    expect(ladderSchedule('2026-12-24', policy, calendar).slice(3, 7)).toEqual([
      { stepCode: 'late-1', occurrence: 0, offset: 1, sendOn: '2026-12-25', to: ['focal-points'], cc: ['head'], template: 'late' },
      { stepCode: 'late-5', occurrence: 0, offset: 5, sendOn: '2026-12-31', to: ['head'], cc: [], template: 'escalation-head' },
      { stepCode: 'late-10', occurrence: 0, offset: 10, sendOn: '2027-01-08', to: ['monitor'], cc: ['head'], template: 'escalation-monitor' },
      { stepCode: 'repeat', occurrence: 1, offset: 20, sendOn: '2027-01-22', to: ['monitor'], cc: ['head'], template: 'escalation-monitor' },
    ]);
  });
});

describe('planReminders: a task due Thu 24/12/2026, polled every day at 09:00', () => {
  it.each<[string, string | null]>([
    ['2026-12-09T09:00:00+07:00', null], // Wed: 11 working days before
    ['2026-12-10T09:00:00+07:00', 'before-10#0 2026-12-10 -10'],
    ['2026-12-11T09:00:00+07:00', 'before-10#0 2026-12-10 -9'], // same key again: a no-op insert
    ['2026-12-12T09:00:00+07:00', null], // Saturday
    ['2026-12-13T09:00:00+07:00', null], // Sunday
    ['2026-12-18T09:00:00+07:00', 'before-10#0 2026-12-10 -4'],
    ['2026-12-21T09:00:00+07:00', 'before-3#0 2026-12-21 -3'],
    ['2026-12-24T09:00:00+07:00', 'due#0 2026-12-24 0'],
    ['2026-12-25T09:00:00+07:00', 'late-1#0 2026-12-25 1'], // Christmas is a working day in Vietnam
    ['2026-12-31T09:00:00+07:00', 'late-5#0 2026-12-31 5'],
    ['2027-01-01T09:00:00+07:00', null], // New Year's Day
    ['2027-01-04T09:00:00+07:00', 'late-5#0 2026-12-31 6'],
    ['2027-01-08T09:00:00+07:00', 'late-10#0 2027-01-08 10'],
    ['2027-01-21T09:00:00+07:00', 'late-10#0 2027-01-08 19'],
    ['2027-01-22T09:00:00+07:00', 'repeat#1 2027-01-22 20'],
    ['2027-02-05T09:00:00+07:00', null], // Tết 2027 (the last day of the lunar year)
    ['2027-02-10T09:00:00+07:00', null], // compensatory day off
    ['2027-02-11T09:00:00+07:00', null], // compensatory day off
    ['2027-02-12T09:00:00+07:00', 'repeat#2 2027-02-12 30'],
    ['2027-04-09T09:00:00+07:00', 'repeat#6 2027-04-09 70'],
    ['2027-04-23T09:00:00+07:00', 'repeat#6 2027-04-09 79'], // max reached: no repeat 7 (16/04 off)
    ['2027-12-01T09:00:00+07:00', 'repeat#6 2027-04-09 233'],
  ])('%s → %s', (now, expected) => {
    expect(step(now)).toBe(expected);
  });

  it('returns the whole reminder with its idempotency key', () => {
    expect(plan('2026-12-31T09:00:00+07:00')).toEqual([
      {
        instanceId: 'i1',
        stepCode: 'late-5',
        occurrence: 0,
        sendOn: '2026-12-31',
        plannedOn: '2026-12-31',
        to: ['head'],
        cc: [],
        template: 'escalation-head',
        daysLate: 5,
        digestible: false,
        idempotencyKey: 'i1:late-5:0:2026-12-24',
      },
    ]);
  });

  it.each([
    ['2026-12-10T09:00:00+07:00', 'i1:before-10:0:2026-12-24', true],
    ['2026-12-24T09:00:00+07:00', 'i1:due:0:2026-12-24', true],
    ['2026-12-25T09:00:00+07:00', 'i1:late-1:0:2026-12-24', true],
    ['2027-01-08T09:00:00+07:00', 'i1:late-10:0:2026-12-24', false],
    ['2027-02-12T09:00:00+07:00', 'i1:repeat:2:2026-12-24', false],
  ])('%s: key %s, digestible %s', (now, key, digestible) => {
    const [due] = plan(now);
    expect(due.idempotencyKey).toBe(key);
    expect(due.digestible).toBe(digestible);
  });
});

describe('planReminders: working hours (07:30–17:00 Asia/Ho_Chi_Minh, end excluded)', () => {
  it.each<[string, string | null]>([
    ['2026-12-09T23:00:00Z', null], // 06:00 on Thu 10/12 local (still Wed 9/12 in UTC)
    ['2026-12-10T00:29:59Z', null], // 07:29:59
    ['2026-12-10T00:30:00Z', 'before-10#0 2026-12-10 -10'], // 07:30 sharp
    ['2026-12-10T09:59:59Z', 'before-10#0 2026-12-10 -10'], // 16:59:59
    ['2026-12-10T10:00:00Z', null], // 17:00 sharp
    ['2026-12-10T16:59:59Z', null], // 23:59:59
    ['2026-12-10T17:00:00Z', null], // 00:00 on Fri 11/12 local
    ['2026-12-11T00:30:00Z', 'before-10#0 2026-12-10 -9'], // 07:30 on Fri 11/12
  ])('%s → %s', (now, expected) => {
    expect(step(now)).toBe(expected);
  });

  it('uses the policy’s own hours', () => {
    const { policy: early } = resolveReminderPolicy({ reminders: { workingHours: { start: '06:00', end: '08:00' } } });
    expect(step('2026-12-09T23:00:00Z', instance(), early)).toBe('before-10#0 2026-12-10 -10'); // 06:00
    expect(step('2026-12-10T01:00:00Z', instance(), early)).toBeNull(); // 08:00
  });

  it('reads the local day and minute in UTC+7', () => {
    expect(localClock(new Date('2026-12-31T17:00:00Z'))).toEqual({ today: '2027-01-01', minute: 0 });
    expect(localClock(new Date('2026-12-10T00:30:00Z'))).toEqual({ today: '2026-12-10', minute: 450 });
    expect(() => localClock(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('planReminders: catch-up after the service was down', () => {
  it.each<[string, string, string | null]>([
    // down from before-10 (10/12) to late-1 (25/12): only late-1, once
    ['back on the day of late-1', '2026-12-25T09:00:00+07:00', 'late-1#0 2026-12-25 1'],
    ['back on the Monday after', '2026-12-28T09:00:00+07:00', 'late-1#0 2026-12-25 2'],
    ['back after late-10', '2027-01-12T09:00:00+07:00', 'late-10#0 2027-01-08 12'],
    ['back months later: the latest repeat only', '2027-03-15T09:00:00+07:00', 'repeat#4 2027-03-12 51'],
  ])('%s', (_name, now, expected) => {
    expect(step(now)).toBe(expected);
  });

  it('never produces an older step again at a later tick', () => {
    const ticks = ['2026-12-25T08:00:00+07:00', '2026-12-25T16:00:00+07:00', '2026-12-28T09:00:00+07:00', '2026-12-31T07:30:00+07:00'];
    const outbox = new Set<string>();
    const sent: string[] = [];
    for (const now of ticks) {
      for (const r of planReminders({ instances: [instance({ alreadyPlanned: outbox })], policy, calendar, now: new Date(now) })) {
        outbox.add(r.idempotencyKey); // what INSERT … ON CONFLICT DO NOTHING leaves in the table
        sent.push(r.idempotencyKey);
      }
    }
    expect(sent).toEqual(['i1:late-1:0:2026-12-24', 'i1:late-5:0:2026-12-24']);
  });

  it('leaves out a reminder whose key is already planned', () => {
    const alreadyPlanned = new Set(['i1:late-1:0:2026-12-24']);
    expect(plan('2026-12-28T09:00:00+07:00', [instance({ alreadyPlanned })])).toEqual([]);
    expect(plan('2026-12-31T09:00:00+07:00', [instance({ alreadyPlanned })]).map((r) => r.idempotencyKey)).toEqual([
      'i1:late-5:0:2026-12-24',
    ]);
  });
});

describe('planReminders: Tết 2026, due Tue 24/02/2026', () => {
  it.each<[string, string | null]>([
    ['2026-02-03T09:00:00+07:00', 'before-10#0 2026-02-03 -10'],
    ['2026-02-12T09:00:00+07:00', 'before-3#0 2026-02-12 -3'],
    ['2026-02-13T09:00:00+07:00', 'before-3#0 2026-02-12 -2'],
    ['2026-02-16T09:00:00+07:00', null], // Mon inside Tết
    ['2026-02-20T09:00:00+07:00', null], // Fri inside Tết
    ['2026-02-23T09:00:00+07:00', 'before-3#0 2026-02-12 -1'],
    ['2026-02-24T09:00:00+07:00', 'due#0 2026-02-24 0'],
    ['2026-02-25T09:00:00+07:00', 'late-1#0 2026-02-25 1'],
    ['2026-03-03T09:00:00+07:00', 'late-5#0 2026-03-03 5'],
    ['2026-03-10T09:00:00+07:00', 'late-10#0 2026-03-10 10'],
  ])('%s → %s', (now, expected) => {
    expect(step(now, instance({ dueDate: '2026-02-24' }))).toBe(expected);
  });

  it('sends on a make-up Saturday (26/04/2025) like on any working day', () => {
    expect(step('2025-04-26T09:00:00+07:00', instance({ dueDate: '2025-05-05' }))).toBe('before-3#0 2025-04-26 -3');
    expect(step('2025-05-02T09:00:00+07:00', instance({ dueDate: '2025-05-05' }))).toBeNull(); // swapped day off
  });
});

describe('planReminders: statuses, roles, restarted ladders', () => {
  it.each<[TaskStatus, string | null]>([
    ['open', 'late-1#0 2026-12-25 1'],
    ['returned', 'late-1#0 2026-12-25 1'],
    ['submitted', null],
    ['accepted', null],
    ['waived', null],
    ['cancelled', null],
  ])('%s → %s', (status, expected) => {
    expect(step('2026-12-25T09:00:00+07:00', instance({ status }))).toBe(expected);
  });

  it('gives a supporting agency’s contribution the same ladder against its own due date', () => {
    const lead = instance({ id: 'lead', dueDate: '2026-12-24' });
    const support = instance({ id: 'support', role: 'support', dueDate: '2026-12-17' }); // 5 working days earlier
    expect(plan('2026-12-24T09:00:00+07:00', [lead, support]).map((r) => [r.idempotencyKey, r.template, r.daysLate])).toEqual([
      ['lead:due:0:2026-12-24', 'due-today', 0],
      ['support:late-5:0:2026-12-17', 'escalation-head', 5],
    ]);
  });

  it('restarts the ladder against the new due date after a return, with new keys', () => {
    // Returned on 05/01/2027 with a new due date Fri 15/01/2027; polled on Tue 12/01/2027.
    const before = plan('2027-01-12T09:00:00+07:00', [instance({ status: 'open' })]);
    const after = plan('2027-01-12T09:00:00+07:00', [instance({ status: 'returned', ladderFrom: '2027-01-15' })]);
    expect(before.map((r) => [r.idempotencyKey, r.sendOn, r.daysLate])).toEqual([['i1:late-10:0:2026-12-24', '2027-01-08', 12]]);
    expect(after.map((r) => [r.idempotencyKey, r.sendOn, r.daysLate])).toEqual([['i1:before-3:0:2027-01-15', '2027-01-12', -3]]);
  });

  it.each<[string, string | null]>([
    ['2027-01-15T09:00:00+07:00', 'due#0 2027-01-15 0'],
    ['2027-01-18T09:00:00+07:00', 'late-1#0 2027-01-18 1'],
    ['2027-01-29T09:00:00+07:00', 'late-10#0 2027-01-29 10'],
  ])('the restarted ladder goes on: %s → %s', (now, expected) => {
    expect(step(now, instance({ status: 'returned', ladderFrom: '2027-01-15' }))).toBe(expected);
  });

  it('keeps the keys when a ladder restarts against the same due date (a step sent is not sent twice)', () => {
    const first = plan('2026-12-25T09:00:00+07:00', [instance({ status: 'open' })]);
    const again = plan('2026-12-28T09:00:00+07:00', [instance({ status: 'returned', ladderFrom: '2026-12-24' })]);
    expect(again[0].idempotencyKey).toBe(first[0].idempotencyKey);
  });

  it('takes each instance’s policy from a function (per-row overrides)', () => {
    const rowPolicy = resolveReminderPolicy(
      {},
      { steps: [{ code: 'late-2', offset: 2, to: ['focal-points', 'head'], template: 'late' }], repeat: null, digest: false },
    ).policy;
    const policies: Record<string, ReminderPolicy> = { plain: policy, special: rowPolicy };
    const due = planReminders({
      instances: [instance({ id: 'plain' }), instance({ id: 'special' })],
      policy: (id) => policies[id],
      calendar,
      now: new Date('2026-12-28T09:00:00+07:00'),
    });
    expect(due.map((r) => [r.idempotencyKey, r.to])).toEqual([
      ['plain:late-1:0:2026-12-24', ['focal-points']],
      ['special:late-2:0:2026-12-24', ['focal-points', 'head']],
    ]);
    // The row's ladder has no step before late-2 and no repeat.
    expect(step('2026-12-25T09:00:00+07:00', instance(), rowPolicy)).toBeNull();
    expect(step('2027-06-01T09:00:00+07:00', instance(), rowPolicy)).toBe('late-2#0 2026-12-28 104');
  });

  it('counts repeats from the due day when the ladder has no steps', () => {
    const onlyRepeats = resolveReminderPolicy({
      reminders: { steps: [], repeat: { every: 2, max: 2, to: 'head', template: 'escalation-head' } },
    }).policy;
    expect(step('2026-12-24T09:00:00+07:00', instance(), onlyRepeats)).toBeNull();
    expect(step('2026-12-28T09:00:00+07:00', instance(), onlyRepeats)).toBe('repeat#1 2026-12-28 2');
    expect(step('2027-01-05T09:00:00+07:00', instance(), onlyRepeats)).toBe('repeat#2 2026-12-30 7');
  });

  it('sends nothing when the ladder is switched off', () => {
    const off = resolveReminderPolicy({ reminders: { steps: [], repeat: null } }).policy;
    expect(step('2027-01-08T09:00:00+07:00', instance(), off)).toBeNull();
  });
});

describe('groupIntoDigests', () => {
  const reminder = (key: string, overrides: Partial<DueReminder> = {}): DueReminder => ({
    instanceId: key,
    stepCode: 'before-3',
    occurrence: 0,
    sendOn: '2026-12-21',
    plannedOn: '2026-12-21',
    to: ['focal-points'],
    cc: [],
    template: 'upcoming',
    daysLate: -3,
    digestible: true,
    idempotencyKey: `${key}:before-3:0:2026-12-24`,
    ...overrides,
  });
  const upcoming = reminder('a');
  const late = reminder('b', { stepCode: 'late-1', template: 'late', cc: ['head'], daysLate: 1 });
  const escalation = reminder('c', { stepCode: 'late-5', template: 'escalation-head', to: ['head'], digestible: false });
  const escalation2 = reminder('d', { stepCode: 'late-10', template: 'escalation-monitor', to: ['monitor'], digestible: false });
  const tomorrow = reminder('e', { plannedOn: '2026-12-22' });

  const to = (r: DueReminder, recipient: string, cc: string[] = []): ResolvedReminder => ({ reminder: r, recipient, cc });
  const shape = (messages: ReturnType<typeof groupIntoDigests>) =>
    messages.map((m) => `${m.recipient} cc[${m.cc.join(',')}] ${m.reminders.map((r) => r.instanceId).join('+')}`);

  it.each<[string, ResolvedReminder[], boolean, string[]]>([
    [
      'several reminders to one focal point on one day: one digest; the escalation alone',
      [to(upcoming, 'fp@so.vn'), to(escalation, 'fp@so.vn'), to(late, 'FP@so.vn', ['head@so.vn'])],
      true,
      ['fp@so.vn cc[head@so.vn] a+b', 'fp@so.vn cc[] c'],
    ],
    [
      'digest off: one message per reminder',
      [to(upcoming, 'fp@so.vn'), to(late, 'fp@so.vn', ['head@so.vn'])],
      false,
      ['fp@so.vn cc[] a', 'fp@so.vn cc[head@so.vn] b'],
    ],
    [
      'two escalations to one head stay apart',
      [to(escalation, 'head@so.vn'), to(escalation2, 'head@so.vn', ['x@snv.vn'])],
      true,
      ['head@so.vn cc[] c', 'head@so.vn cc[x@snv.vn] d'],
    ],
    [
      'different days, different recipients: different messages',
      [to(upcoming, 'fp@so.vn'), to(tomorrow, 'fp@so.vn'), to(late, 'other@so.vn')],
      true,
      ['fp@so.vn cc[] a', 'fp@so.vn cc[] e', 'other@so.vn cc[] b'],
    ],
    [
      'cc addresses once, never the recipient',
      [to(late, 'fp@so.vn', ['head@so.vn', 'fp@so.vn']), to(upcoming, 'fp@so.vn', ['Head@so.vn', 'dep@so.vn'])],
      true,
      ['fp@so.vn cc[head@so.vn,dep@so.vn] b+a'],
    ],
    ['nothing', [], true, []],
  ])('%s', (_name, input, digest, expected) => {
    expect(shape(groupIntoDigests(input, digest))).toEqual(expected);
  });

  it('groups what the planner returns for one day', () => {
    const due = plan('2026-12-24T09:00:00+07:00', [
      instance({ id: 'x', dueDate: '2026-12-24' }),
      instance({ id: 'y', dueDate: '2026-12-29' }),
      instance({ id: 'z', dueDate: '2026-12-17' }),
    ]);
    const resolved = due.flatMap((r) => (r.to.includes('focal-points') ? [to(r, 'fp@so.vn')] : [to(r, 'head@so.vn')]));
    expect(shape(groupIntoDigests(resolved, true))).toEqual(['fp@so.vn cc[] x+y', 'head@so.vn cc[] z']);
  });
});
