import {
  applyTaskEvent,
  classifyTask,
  openTaskState,
  replayTaskEvents,
  TASK_CLASSIFICATION_LABELS,
  TASK_EVENT_TYPES,
  TASK_STATUSES,
  type Actor,
  type TaskEffect,
  type TaskEvent,
  type TaskEventType,
  type TaskState,
  type TaskStatus,
} from './task-lifecycle';

// Due Thursday 24/12/2026, end of day in Hà Nội = 16:59:59.999 UTC.
const DUE_AT = '2026-12-24T16:59:59.999Z';
const focal: Actor = { id: 'u-focal', role: 'focal-point' };
const reviewer: Actor = { id: 'u-reviewer', role: 'reviewer' };
const monitor: Actor = { id: 'u-monitor', role: 'monitor' };

const STATES: Record<TaskStatus, TaskState> = {
  open: { status: 'open', dueDate: '2026-12-24', dueAt: DUE_AT, submissionCount: 0 },
  submitted: {
    status: 'submitted',
    dueDate: '2026-12-24',
    dueAt: DUE_AT,
    submissionCount: 1,
    firstSubmittedAt: '2026-12-20T02:00:00.000Z',
    submittedAt: '2026-12-20T02:00:00.000Z',
  },
  accepted: {
    status: 'accepted',
    dueDate: '2026-12-24',
    dueAt: DUE_AT,
    submissionCount: 1,
    firstSubmittedAt: '2026-12-20T02:00:00.000Z',
    submittedAt: '2026-12-20T02:00:00.000Z',
    acceptedAt: '2026-12-21T03:00:00.000Z',
  },
  returned: {
    status: 'returned',
    dueDate: '2026-12-24',
    dueAt: DUE_AT,
    submissionCount: 1,
    firstSubmittedAt: '2026-12-20T02:00:00.000Z',
    returnedAt: '2026-12-21T03:00:00.000Z',
  },
  waived: {
    status: 'waived',
    dueDate: '2026-12-24',
    dueAt: DUE_AT,
    submissionCount: 0,
    closedAt: '2026-12-21T03:00:00.000Z',
    closedReason: 'Không phát sinh',
  },
  cancelled: {
    status: 'cancelled',
    dueDate: '2026-12-24',
    dueAt: DUE_AT,
    submissionCount: 0,
    closedAt: '2026-12-21T03:00:00.000Z',
    closedReason: 'Nhiệm vụ đã được điều chỉnh',
  },
};

const AT = '2026-12-22T09:30:00+07:00';
const AT_UTC = '2026-12-22T02:30:00.000Z';

/** One valid event of each type, by an allowed actor, with a reason where one is needed. */
const EVENTS = {
  submit: { type: 'submit', actor: focal, at: AT, note: 'Báo cáo kèm theo' },
  accept: { type: 'accept', actor: reviewer, at: AT },
  return: { type: 'return', actor: reviewer, at: AT, reason: 'Bổ sung số liệu quý IV' },
  waive: { type: 'waive', actor: monitor, at: AT, reason: 'Không phát sinh' },
  cancel: { type: 'cancel', actor: monitor, at: AT, reason: 'Nhiệm vụ đã được điều chỉnh' },
  reopen: { type: 'reopen', actor: monitor, at: AT, reason: 'Sản phẩm cần làm lại' },
  extend: { type: 'extend', actor: monitor, at: AT, reason: 'Chờ số liệu của BHXH', dueDate: '2027-01-08' },
} satisfies Record<TaskEventType, TaskEvent>;

const RESTART_SAME: TaskEffect = { type: 'restart-reminders', dueDate: '2026-12-24', dueAt: DUE_AT };
const STOP: TaskEffect = { type: 'stop-reminders' };
const toLead = (template: string): TaskEffect => ({ type: 'notify', audience: 'lead-focal-points', template }) as TaskEffect;

/** Every (state, event) pair: the next status and the effects, or the refusal. */
const TRANSITIONS: ReadonlyArray<[TaskStatus, TaskEventType, TaskStatus | 'refused', TaskEffect[]]> = [
  ['open', 'submit', 'submitted', [STOP, { type: 'notify', audience: 'monitor', template: 'task-submitted' }]],
  ['open', 'accept', 'refused', []],
  ['open', 'return', 'refused', []],
  ['open', 'waive', 'waived', [STOP, toLead('task-waived')]],
  ['open', 'cancel', 'cancelled', [STOP, toLead('task-cancelled')]],
  ['open', 'reopen', 'refused', []],
  [
    'open',
    'extend',
    'open',
    [{ type: 'restart-reminders', dueDate: '2027-01-08', dueAt: '2027-01-08T16:59:59.999Z' }, toLead('task-extended')],
  ],

  ['submitted', 'submit', 'refused', []],
  ['submitted', 'accept', 'accepted', [toLead('task-accepted')]],
  ['submitted', 'return', 'returned', [RESTART_SAME, toLead('task-returned')]],
  ['submitted', 'waive', 'waived', [STOP, toLead('task-waived')]],
  ['submitted', 'cancel', 'cancelled', [STOP, toLead('task-cancelled')]],
  ['submitted', 'reopen', 'refused', []],
  ['submitted', 'extend', 'refused', []],

  ['accepted', 'submit', 'refused', []],
  ['accepted', 'accept', 'refused', []],
  ['accepted', 'return', 'refused', []],
  ['accepted', 'waive', 'refused', []],
  ['accepted', 'cancel', 'refused', []],
  ['accepted', 'reopen', 'open', [RESTART_SAME, toLead('task-reopened')]],
  ['accepted', 'extend', 'refused', []],

  ['returned', 'submit', 'submitted', [STOP, { type: 'notify', audience: 'monitor', template: 'task-submitted' }]],
  ['returned', 'accept', 'refused', []],
  ['returned', 'return', 'refused', []],
  ['returned', 'waive', 'waived', [STOP, toLead('task-waived')]],
  ['returned', 'cancel', 'cancelled', [STOP, toLead('task-cancelled')]],
  ['returned', 'reopen', 'refused', []],
  [
    'returned',
    'extend',
    'returned',
    [{ type: 'restart-reminders', dueDate: '2027-01-08', dueAt: '2027-01-08T16:59:59.999Z' }, toLead('task-extended')],
  ],

  ['waived', 'submit', 'refused', []],
  ['waived', 'accept', 'refused', []],
  ['waived', 'return', 'refused', []],
  ['waived', 'waive', 'refused', []],
  ['waived', 'cancel', 'refused', []],
  ['waived', 'reopen', 'open', [RESTART_SAME, toLead('task-reopened')]],
  ['waived', 'extend', 'refused', []],

  ['cancelled', 'submit', 'refused', []],
  ['cancelled', 'accept', 'refused', []],
  ['cancelled', 'return', 'refused', []],
  ['cancelled', 'waive', 'refused', []],
  ['cancelled', 'cancel', 'refused', []],
  ['cancelled', 'reopen', 'open', [RESTART_SAME, toLead('task-reopened')]],
  ['cancelled', 'extend', 'refused', []],
];

const STATUS_LABELS: Record<TaskStatus, string> = {
  open: 'Đang thực hiện',
  submitted: 'Đã gửi, chờ xem xét',
  accepted: 'Đã chấp nhận',
  returned: 'Trả lại để hoàn thiện',
  waived: 'Được miễn',
  cancelled: 'Đã hủy',
};
const ACTIONS: Record<TaskEventType, string> = {
  submit: 'gửi sản phẩm',
  accept: 'chấp nhận sản phẩm',
  return: 'trả lại sản phẩm',
  waive: 'miễn thực hiện nhiệm vụ',
  cancel: 'hủy nhiệm vụ',
  reopen: 'mở lại nhiệm vụ',
  extend: 'gia hạn nhiệm vụ',
};

describe('applyTaskEvent: every (state, event) pair', () => {
  it('the table covers 6 states × 7 events', () => {
    expect(TRANSITIONS).toHaveLength(TASK_STATUSES.length * TASK_EVENT_TYPES.length);
    const pairs = new Set(TRANSITIONS.map(([s, e]) => `${s}:${e}`));
    expect(pairs.size).toBe(42);
  });

  it.each(TRANSITIONS)('%s + %s → %s', (status, type, expected, effects) => {
    const result = applyTaskEvent(STATES[status], EVENTS[type]);
    if (expected === 'refused') {
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'invalid-transition',
          message: `Không thể ${ACTIONS[type]}: nhiệm vụ đang ở trạng thái "${STATUS_LABELS[status]}"`,
        },
      });
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.next.status).toBe(expected);
    expect(result.effects).toEqual(effects);
    expect(result.transition).toEqual({ from: status, to: expected, event: EVENTS[type] });
  });
});

describe('applyTaskEvent: the next state', () => {
  const apply = (state: TaskState, event: TaskEvent): TaskState => {
    const result = applyTaskEvent(state, event);
    if (!result.ok) throw new Error(result.error.message);
    return result.next;
  };

  it('submit: first submission, the instant stored in UTC', () => {
    expect(apply(STATES.open, EVENTS.submit)).toEqual({
      status: 'submitted',
      dueDate: '2026-12-24',
      dueAt: DUE_AT,
      submissionCount: 1,
      firstSubmittedAt: AT_UTC,
      submittedAt: AT_UTC,
    });
  });

  it('resubmission: counts it, keeps the first submission time, drops returnedAt', () => {
    expect(apply(STATES.returned, EVENTS.submit)).toEqual({
      status: 'submitted',
      dueDate: '2026-12-24',
      dueAt: DUE_AT,
      submissionCount: 2,
      firstSubmittedAt: '2026-12-20T02:00:00.000Z',
      submittedAt: AT_UTC,
    });
  });

  it('accept keeps the accepted submission time', () => {
    expect(apply(STATES.submitted, EVENTS.accept)).toEqual({
      ...STATES.submitted,
      status: 'accepted',
      acceptedAt: AT_UTC,
    });
  });

  it('return drops the submission in hand', () => {
    expect(apply(STATES.submitted, EVENTS.return)).toEqual({
      status: 'returned',
      dueDate: '2026-12-24',
      dueAt: DUE_AT,
      submissionCount: 1,
      firstSubmittedAt: '2026-12-20T02:00:00.000Z',
      returnedAt: AT_UTC,
    });
  });

  it.each([
    ['a later revision due date becomes the due date', '2026-12-31', { dueDate: '2026-12-31', dueAt: '2026-12-31T16:59:59.999Z', originalDueDate: '2026-12-24' }],
    ['an earlier one leaves the due date', '2026-12-23', { dueDate: '2026-12-24', dueAt: DUE_AT }],
    ['the same day leaves the due date', '2026-12-24', { dueDate: '2026-12-24', dueAt: DUE_AT }],
  ])('return with a revision due date: %s', (_name, dueDate, expected) => {
    const next = apply(STATES.submitted, { ...EVENTS.return, dueDate });
    expect({ dueDate: next.dueDate, dueAt: next.dueAt, ...(next.originalDueDate ? { originalDueDate: next.originalDueDate } : {}) }).toEqual(expected);
    expect(next.status).toBe('returned');
  });

  it('return refuses a revision due date that is not a day', () => {
    const result = applyTaskEvent(STATES.submitted, { ...EVENTS.return, dueDate: '2026-02-30' });
    expect(result.ok ? 'accepted' : result.error.code).toBe('invalid-due-date');
  });

  it('waive and cancel store the reason, trimmed', () => {
    expect(apply(STATES.open, { ...EVENTS.waive, reason: '  Không phát sinh ' })).toEqual({
      ...STATES.open,
      status: 'waived',
      closedAt: AT_UTC,
      closedReason: 'Không phát sinh',
    });
    expect(apply(STATES.submitted, EVENTS.cancel)).toEqual({
      status: 'cancelled',
      dueDate: '2026-12-24',
      dueAt: DUE_AT,
      submissionCount: 1,
      firstSubmittedAt: '2026-12-20T02:00:00.000Z',
      closedAt: AT_UTC,
      closedReason: 'Nhiệm vụ đã được điều chỉnh',
    });
  });

  it('reopen clears the fields of the closed state and keeps the history', () => {
    expect(apply(STATES.accepted, EVENTS.reopen)).toEqual({
      status: 'open',
      dueDate: '2026-12-24',
      dueAt: DUE_AT,
      submissionCount: 1,
      firstSubmittedAt: '2026-12-20T02:00:00.000Z',
    });
    expect(apply(STATES.waived, EVENTS.reopen)).toEqual(STATES.open);
  });

  it('extend moves the due date and remembers the original one across extensions', () => {
    const once = apply(STATES.open, EVENTS.extend);
    expect(once).toEqual({
      ...STATES.open,
      dueDate: '2027-01-08',
      dueAt: '2027-01-08T16:59:59.999Z',
      originalDueDate: '2026-12-24',
    });
    const twice = apply(once, { ...EVENTS.extend, dueDate: '2027-01-15' });
    expect(twice).toMatchObject({ dueDate: '2027-01-15', dueAt: '2027-01-15T16:59:59.999Z', originalDueDate: '2026-12-24' });
  });

  it('does not change the state it was given', () => {
    const before = structuredClone(STATES.submitted);
    apply(STATES.submitted, EVENTS.return);
    expect(STATES.submitted).toEqual(before);
  });
});

describe('applyTaskEvent: refusals', () => {
  it.each<[string, TaskState, TaskEvent, string, string]>([
    [
      'a monitor cannot submit',
      STATES.open,
      { ...EVENTS.submit, actor: monitor },
      'forbidden',
      'Chỉ cán bộ đầu mối của cơ quan chủ trì mới được gửi sản phẩm',
    ],
    [
      'a focal point cannot accept',
      STATES.submitted,
      { ...EVENTS.accept, actor: focal },
      'forbidden',
      'Chỉ người xem xét hoặc cơ quan theo dõi (Sở Nội vụ) mới được chấp nhận sản phẩm',
    ],
    [
      'a focal point cannot return',
      STATES.submitted,
      { ...EVENTS.return, actor: focal },
      'forbidden',
      'Chỉ người xem xét hoặc cơ quan theo dõi (Sở Nội vụ) mới được trả lại sản phẩm',
    ],
    [
      'a reviewer cannot waive',
      STATES.open,
      { ...EVENTS.waive, actor: reviewer },
      'forbidden',
      'Chỉ cơ quan theo dõi (Sở Nội vụ) mới được miễn thực hiện nhiệm vụ',
    ],
    [
      'a reviewer cannot cancel',
      STATES.open,
      { ...EVENTS.cancel, actor: reviewer },
      'forbidden',
      'Chỉ cơ quan theo dõi (Sở Nội vụ) mới được hủy nhiệm vụ',
    ],
    [
      'a reviewer cannot reopen',
      STATES.accepted,
      { ...EVENTS.reopen, actor: reviewer },
      'forbidden',
      'Chỉ cơ quan theo dõi (Sở Nội vụ) mới được mở lại nhiệm vụ',
    ],
    [
      'a focal point cannot extend',
      STATES.open,
      { ...EVENTS.extend, actor: focal },
      'forbidden',
      'Chỉ cơ quan theo dõi (Sở Nội vụ) mới được gia hạn nhiệm vụ',
    ],
    ['return without a comment', STATES.submitted, { ...EVENTS.return, reason: '' }, 'reason-required', 'Cần ghi lý do để trả lại sản phẩm'],
    ['return with blanks only', STATES.submitted, { ...EVENTS.return, reason: '   ' }, 'reason-required', 'Cần ghi lý do để trả lại sản phẩm'],
    ['waive without a reason', STATES.open, { ...EVENTS.waive, reason: '' }, 'reason-required', 'Cần ghi lý do để miễn thực hiện nhiệm vụ'],
    ['cancel without a reason', STATES.returned, { ...EVENTS.cancel, reason: ' ' }, 'reason-required', 'Cần ghi lý do để hủy nhiệm vụ'],
    ['reopen without a reason', STATES.cancelled, { ...EVENTS.reopen, reason: '' }, 'reason-required', 'Cần ghi lý do để mở lại nhiệm vụ'],
    ['extend without a reason', STATES.open, { ...EVENTS.extend, reason: '' }, 'reason-required', 'Cần ghi lý do để gia hạn nhiệm vụ'],
    [
      'a time without an offset',
      STATES.open,
      { ...EVENTS.submit, at: '2026-12-22T09:30:00' },
      'invalid-time',
      'Thời điểm "2026-12-22T09:30:00" không hợp lệ (cần dạng ISO 8601 có múi giờ)',
    ],
    [
      'a date without a time',
      STATES.open,
      { ...EVENTS.submit, at: '2026-12-22' },
      'invalid-time',
      'Thời điểm "2026-12-22" không hợp lệ (cần dạng ISO 8601 có múi giờ)',
    ],
    [
      'an impossible time',
      STATES.open,
      { ...EVENTS.submit, at: '2026-13-40T00:00:00Z' },
      'invalid-time',
      'Thời điểm "2026-13-40T00:00:00Z" không hợp lệ (cần dạng ISO 8601 có múi giờ)',
    ],
    [
      'an impossible new due date',
      STATES.open,
      { ...EVENTS.extend, dueDate: '2027-02-30' },
      'invalid-due-date',
      'Hạn mới "2027-02-30" không phải ngày hợp lệ (YYYY-MM-DD)',
    ],
    [
      'a new due date equal to the current one',
      STATES.open,
      { ...EVENTS.extend, dueDate: '2026-12-24' },
      'due-date-not-later',
      'Hạn mới 24/12/2026 phải sau hạn hiện tại 24/12/2026',
    ],
    [
      'an earlier due date',
      STATES.returned,
      { ...EVENTS.extend, dueDate: '2026-12-01' },
      'due-date-not-later',
      'Hạn mới 01/12/2026 phải sau hạn hiện tại 24/12/2026',
    ],
  ])('%s', (_name, state, event, code, message) => {
    expect(applyTaskEvent(state, event)).toEqual({ ok: false, error: { code, message } });
  });

  it('a monitor may accept and return as reviewer', () => {
    expect(applyTaskEvent(STATES.submitted, { ...EVENTS.accept, actor: monitor }).ok).toBe(true);
    expect(applyTaskEvent(STATES.submitted, { ...EVENTS.return, actor: monitor }).ok).toBe(true);
  });

  it('accept needs no comment', () => {
    expect(applyTaskEvent(STATES.submitted, { type: 'accept', actor: reviewer, at: AT }).ok).toBe(true);
  });
});

describe('classifyTask around the due moment (24/12/2026 23:59:59.999 in Hà Nội = 16:59:59.999Z)', () => {
  const submittedAt = (at: string): TaskState => ({ ...STATES.submitted, firstSubmittedAt: at, submittedAt: at });
  const acceptedAfter = (at: string): TaskState => ({ ...submittedAt(at), status: 'accepted', acceptedAt: '2027-01-05T02:00:00.000Z' });

  it.each<[string, string, TaskState, string]>([
    ['open, well before', 'in-progress-on-time', STATES.open, '2026-12-01T00:00:00.000Z'],
    ['open, at the due moment', 'in-progress-on-time', STATES.open, '2026-12-24T16:59:59.999Z'],
    ['open, one millisecond after', 'overdue-not-done', STATES.open, '2026-12-24T17:00:00.000Z'],
    ['returned, before the due moment', 'in-progress-on-time', STATES.returned, '2026-12-24T16:00:00.000Z'],
    ['returned, after it', 'overdue-not-done', STATES.returned, '2026-12-25T01:00:00.000Z'],
    ['submitted 16:59:00Z, not yet reviewed', 'done-on-time', submittedAt('2026-12-24T16:59:00.000Z'), '2027-01-02T00:00:00.000Z'],
    ['submitted exactly at the due moment', 'done-on-time', submittedAt('2026-12-24T16:59:59.999Z'), '2027-01-02T00:00:00.000Z'],
    ['submitted 17:00:00Z (00:00 on 25/12 in Hà Nội)', 'done-late', submittedAt('2026-12-24T17:00:00.000Z'), '2027-01-02T00:00:00.000Z'],
    ['accepted after the due moment, submitted before', 'done-on-time', acceptedAfter('2026-12-24T16:59:00.000Z'), '2027-01-06T00:00:00.000Z'],
    ['accepted, submitted late', 'done-late', acceptedAfter('2026-12-24T17:00:00.000Z'), '2027-01-06T00:00:00.000Z'],
    ['waived', 'waived', STATES.waived, '2027-01-06T00:00:00.000Z'],
    ['cancelled', 'cancelled', STATES.cancelled, '2027-01-06T00:00:00.000Z'],
  ])('%s → %s', (_name, expected, state, asOf) => {
    expect(classifyTask(state, new Date(asOf))).toBe(expected);
  });

  it('a submission at 23:59:59 Hà Nội time, given with its offset, is on time', () => {
    const result = applyTaskEvent(STATES.open, { ...EVENTS.submit, at: '2026-12-24T23:59:59+07:00' });
    expect(result.ok && result.next.submittedAt).toBe('2026-12-24T16:59:59.000Z');
    expect(result.ok && classifyTask(result.next, new Date('2027-01-01T00:00:00Z'))).toBe('done-on-time');
  });

  it('an extended task is judged against its new due date', () => {
    const extended: TaskState = { ...STATES.open, dueDate: '2027-01-08', dueAt: '2027-01-08T16:59:59.999Z', originalDueDate: '2026-12-24' };
    expect(classifyTask(extended, new Date('2027-01-02T00:00:00Z'))).toBe('in-progress-on-time');
    expect(classifyTask({ ...extended, status: 'submitted', submittedAt: '2027-01-05T03:00:00.000Z' }, new Date('2027-01-06T00:00:00Z'))).toBe(
      'done-on-time',
    );
  });

  it('has a Vietnamese label for every class', () => {
    expect(TASK_CLASSIFICATION_LABELS).toEqual({
      'in-progress-on-time': 'Đang thực hiện trong hạn',
      'overdue-not-done': 'Quá hạn chưa hoàn thành',
      'done-on-time': 'Hoàn thành đúng hạn',
      'done-late': 'Hoàn thành quá hạn',
      waived: 'Được miễn',
      cancelled: 'Đã hủy',
    });
  });
});

describe('replayTaskEvents: the classification as of any date', () => {
  // Sent on time, returned, resubmitted after the due moment, accepted.
  const history: TaskEvent[] = [
    { type: 'submit', actor: focal, at: '2026-12-20T09:00:00+07:00' },
    { type: 'return', actor: reviewer, at: '2026-12-22T10:00:00+07:00', reason: 'Thiếu số liệu' },
    { type: 'submit', actor: focal, at: '2026-12-26T08:00:00+07:00' },
    { type: 'accept', actor: reviewer, at: '2026-12-28T15:00:00+07:00' },
  ];
  const initial = openTaskState('2026-12-24');

  it('opens a task due at the end of its day', () => {
    expect(initial).toEqual({ status: 'open', dueDate: '2026-12-24', dueAt: DUE_AT, submissionCount: 0 });
  });

  it.each([
    ['2026-12-19T00:00:00Z', 'open', 'in-progress-on-time'],
    ['2026-12-21T00:00:00Z', 'submitted', 'done-on-time'],
    ['2026-12-23T00:00:00Z', 'returned', 'in-progress-on-time'],
    ['2026-12-25T00:00:00Z', 'returned', 'overdue-not-done'],
    ['2026-12-27T00:00:00Z', 'submitted', 'done-late'],
    ['2027-01-31T00:00:00Z', 'accepted', 'done-late'],
  ])('as of %s: %s, %s', (asOf, status, classification) => {
    const state = replayTaskEvents(initial, history, new Date(asOf));
    expect(state.status).toBe(status);
    expect(classifyTask(state, new Date(asOf))).toBe(classification);
  });

  it('the whole history counts two submissions', () => {
    expect(replayTaskEvents(initial, history)).toMatchObject({
      status: 'accepted',
      submissionCount: 2,
      firstSubmittedAt: '2026-12-20T02:00:00.000Z',
      submittedAt: '2026-12-26T01:00:00.000Z',
      acceptedAt: '2026-12-28T08:00:00.000Z',
    });
  });

  it('an extension granted with the return makes the late resubmission on time', () => {
    const lenient: TaskEvent[] = [
      history[0],
      history[1],
      { type: 'extend', actor: monitor, at: '2026-12-22T10:05:00+07:00', reason: 'Chờ số liệu', dueDate: '2026-12-31' },
      history[2],
      history[3],
    ];
    const state = replayTaskEvents(initial, lenient);
    expect(state).toMatchObject({ dueDate: '2026-12-31', dueAt: '2026-12-31T16:59:59.999Z', originalDueDate: '2026-12-24' });
    expect(classifyTask(state, new Date('2027-01-31T00:00:00Z'))).toBe('done-on-time');
  });

  it('throws on a history that was never accepted', () => {
    expect(() => replayTaskEvents(initial, [history[3]])).toThrow('Stored task event accept at 2026-12-28T15:00:00+07:00 is refused: invalid-transition');
  });
});
