/**
 * The life of one task instance as a pure state machine, and its classification as Vietnamese
 * task tracking reports it.
 *
 *   open ─submit─▶ submitted ─accept─▶ accepted
 *                    │      ▲
 *                 return  submit (resubmission)
 *                    ▼      │
 *                    returned
 *   waive | cancel (monitor, reason): open, submitted, returned ─▶ waived | cancelled
 *   reopen (monitor, reason): accepted, waived, cancelled ─▶ open
 *   extend (monitor, reason): a later due date, in open or returned; the status stays.
 *   return may carry the revision's due date: when later than the current one it becomes the due
 *   date (the reviewer grants time to revise); an earlier or equal one leaves the due date as is.
 *
 * Who may act (the service also checks that a focal point belongs to the responsible agency):
 *   submit: focal point · accept, return: reviewer or monitor · waive, cancel, reopen, extend: monitor.
 * A reason is required for return (the review comment), waive, cancel, reopen and extend.
 * A resubmission is `submit` from `returned`; `submissionCount` counts every submission.
 * A pending submission cannot be replaced by another `submit` (new files belong to the same
 * submission until it is reviewed, or the reviewer returns it).
 *
 * Every accepted event yields a `transition` (from, to, the event with actor, time and reason)
 * for the service to store, and `effects`: plain data saying what else to do (stop or restart the
 * reminders, notify somebody). The service loads, applies, and persists all in one transaction.
 *
 * Classification (`classifyTask`): "done" means a product was sent and not sent back:
 * - submitted (pending review) or accepted: done; on time when the submission in hand — the one
 *   waiting for review or the one accepted — was made at or before dueAt, else late. The review
 *   may come after the due moment without making the task late.
 * - open or returned: not done; in progress on time until dueAt, overdue after it. A product sent
 *   on time and returned for revision counts again only when resubmitted, at that time; the
 *   monitor can grant a later due date with `extend` when returning.
 * - waived, cancelled: their own classes, outside the four counts.
 * For a past date, replay the stored events up to it (`replayTaskEvents(initial, events, asOf)`)
 * and classify that state.
 */
import { formatVietnamese, isAfter, isLocalDate, type LocalDate } from '../../scheduling/domain/local-date';
import {
  taskClassificationLabels,
  taskErrors,
  taskEventLabels,
  taskRoleLabels,
  taskStatusLabels,
} from './task-lifecycle.messages';
import { endOfDayInstant } from '../../scheduling/domain/periods';

export const TASK_STATUSES = ['open', 'submitted', 'accepted', 'returned', 'waived', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export type ActorRole = 'focal-point' | 'reviewer' | 'monitor';

export interface Actor {
  id: string;
  role: ActorRole;
}

export interface TaskState {
  status: TaskStatus;
  /** The calendar day the task is due (after any extension). */
  dueDate: LocalDate;
  /** The end of dueDate in Asia/Ho_Chi_Minh, UTC ISO ('2026-12-24T16:59:59.999Z'). */
  dueAt: string;
  /** The due date the instance was created with; present once it has been extended. */
  originalDueDate?: LocalDate;
  /** Every submission, resubmissions included. */
  submissionCount: number;
  firstSubmittedAt?: string;
  /** The submission in hand: present in `submitted` (pending review) and `accepted` only. */
  submittedAt?: string;
  /** Present in `accepted` only. */
  acceptedAt?: string;
  /** Present in `returned` only. */
  returnedAt?: string;
  /** Present in `waived` and `cancelled` only. */
  closedAt?: string;
  closedReason?: string;
}

interface EventBase {
  actor: Actor;
  /** When it happened: an ISO 8601 instant with its offset ('2026-12-24T09:30:00+07:00', '…Z'). */
  at: string;
}

export interface SubmitEvent extends EventBase {
  type: 'submit';
  note?: string;
}

export interface AcceptEvent extends EventBase {
  type: 'accept';
  comment?: string;
}

export interface ReturnEvent extends EventBase {
  type: 'return';
  /** The review comment: what to revise. */
  reason: string;
  /** The day the revision is due, when later than the current due date (the reviewer's to grant). */
  dueDate?: LocalDate;
}

export interface WaiveEvent extends EventBase {
  type: 'waive';
  reason: string;
}

export interface CancelEvent extends EventBase {
  type: 'cancel';
  reason: string;
}

export interface ReopenEvent extends EventBase {
  type: 'reopen';
  reason: string;
}

export interface ExtendEvent extends EventBase {
  type: 'extend';
  reason: string;
  /** The new due date: a later day (the service checks it is a working day). */
  dueDate: LocalDate;
}

export type TaskEvent =
  | SubmitEvent
  | AcceptEvent
  | ReturnEvent
  | WaiveEvent
  | CancelEvent
  | ReopenEvent
  | ExtendEvent;

export type TaskEventType = TaskEvent['type'];

export const TASK_EVENT_TYPES: readonly TaskEventType[] = [
  'submit',
  'accept',
  'return',
  'waive',
  'cancel',
  'reopen',
  'extend',
];

export type TaskNotificationTemplate =
  | 'task-submitted'
  | 'task-accepted'
  | 'task-returned'
  | 'task-waived'
  | 'task-cancelled'
  | 'task-reopened'
  | 'task-extended';

export type TaskEffect =
  | { type: 'stop-reminders' }
  | { type: 'restart-reminders'; dueDate: LocalDate; dueAt: string }
  | { type: 'notify'; audience: 'lead-focal-points' | 'monitor'; template: TaskNotificationTemplate };

/** What the service stores for every accepted event: actor, time and reason are in `event`. */
export interface TaskTransition {
  from: TaskStatus;
  to: TaskStatus;
  event: TaskEvent;
}

export type TaskErrorCode =
  | 'invalid-transition'
  | 'reason-required'
  | 'forbidden'
  | 'invalid-time'
  | 'invalid-due-date'
  | 'due-date-not-later';

export interface TaskEventError {
  code: TaskErrorCode;
  /** Vietnamese, for the person who tried. */
  message: string;
}

export type TaskEventResult =
  | { ok: true; next: TaskState; effects: TaskEffect[]; transition: TaskTransition }
  | { ok: false; error: TaskEventError };

export type TaskClassification =
  | 'in-progress-on-time'
  | 'overdue-not-done'
  | 'done-on-time'
  | 'done-late'
  | 'waived'
  | 'cancelled';

export const TASK_CLASSIFICATIONS: readonly TaskClassification[] = [
  'in-progress-on-time',
  'overdue-not-done',
  'done-on-time',
  'done-late',
  'waived',
  'cancelled',
];

/** Vietnamese labels of the classification ("Hoàn thành đúng hạn" …). */
export const TASK_CLASSIFICATION_LABELS: Readonly<Record<TaskClassification, string>> = taskClassificationLabels;

/** A new instance: open, due at the end of `dueDate` in Asia/Ho_Chi_Minh. */
export function openTaskState(dueDate: LocalDate): TaskState {
  return { status: 'open', dueDate, dueAt: endOfDayInstant(dueDate), submissionCount: 0 };
}

/** The roles allowed to perform each event. */
export function rolesAllowed(type: TaskEventType): readonly ActorRole[] {
  switch (type) {
    case 'submit':
      return ['focal-point'];
    case 'accept':
    case 'return':
      return ['reviewer', 'monitor'];
    case 'waive':
    case 'cancel':
    case 'reopen':
    case 'extend':
      return ['monitor'];
    default: {
      const exhaustive: never = type;
      return exhaustive;
    }
  }
}

/** The status an event leads to from a status, or undefined when the event is not allowed there. */
export function targetStatus(status: TaskStatus, type: TaskEventType): TaskStatus | undefined {
  switch (type) {
    case 'submit':
      return status === 'open' || status === 'returned' ? 'submitted' : undefined;
    case 'accept':
      return status === 'submitted' ? 'accepted' : undefined;
    case 'return':
      return status === 'submitted' ? 'returned' : undefined;
    case 'waive':
      return isActive(status) ? 'waived' : undefined;
    case 'cancel':
      return isActive(status) ? 'cancelled' : undefined;
    case 'reopen':
      return isClosed(status) ? 'open' : undefined;
    case 'extend':
      return status === 'open' || status === 'returned' ? status : undefined;
    default: {
      const exhaustive: never = type;
      return exhaustive;
    }
  }
}

/** Waiting for the agency or the reviewer. */
function isActive(status: TaskStatus): boolean {
  switch (status) {
    case 'open':
    case 'submitted':
    case 'returned':
      return true;
    case 'accepted':
    case 'waived':
    case 'cancelled':
      return false;
    default: {
      const exhaustive: never = status;
      return exhaustive;
    }
  }
}

function isClosed(status: TaskStatus): boolean {
  return !isActive(status);
}

/** Applies one event; refuses it with a Vietnamese message when it is not allowed. Never throws. */
export function applyTaskEvent(state: TaskState, event: TaskEvent): TaskEventResult {
  const action = taskEventLabels[event.type];
  const at = normaliseInstant(event.at);
  if (at === undefined) return refuse('invalid-time', taskErrors.invalidTime(String(event.at)));

  const roles = rolesAllowed(event.type);
  if (!roles.includes(event.actor.role)) {
    return refuse('forbidden', taskErrors.forbidden(action, roles.map((r) => taskRoleLabels[r])));
  }
  const to = targetStatus(state.status, event.type);
  if (to === undefined) {
    return refuse('invalid-transition', taskErrors.invalidTransition(action, taskStatusLabels[state.status]));
  }
  const transition: TaskTransition = { from: state.status, to, event };

  switch (event.type) {
    case 'submit':
      return accepted(
        {
          ...withoutStatusFields(state),
          status: 'submitted',
          submissionCount: state.submissionCount + 1,
          firstSubmittedAt: state.firstSubmittedAt ?? at,
          submittedAt: at,
        },
        [{ type: 'stop-reminders' }, notify('monitor', 'task-submitted')],
        transition,
      );
    case 'accept':
      return accepted(
        {
          ...withoutStatusFields(state),
          status: 'accepted',
          ...(state.submittedAt !== undefined ? { submittedAt: state.submittedAt } : {}),
          acceptedAt: at,
        },
        [notify('lead-focal-points', 'task-accepted')],
        transition,
      );
    case 'return': {
      if (isBlank(event.reason)) return refuse('reason-required', taskErrors.reasonRequired(action));
      let next: TaskState = { ...withoutStatusFields(state), status: 'returned', returnedAt: at };
      if (event.dueDate !== undefined) {
        if (!isLocalDate(event.dueDate)) return refuse('invalid-due-date', taskErrors.invalidDueDate(String(event.dueDate)));
        if (isAfter(event.dueDate, state.dueDate)) {
          next = { ...next, dueDate: event.dueDate, dueAt: endOfDayInstant(event.dueDate), originalDueDate: state.originalDueDate ?? state.dueDate };
        }
      }
      return accepted(next, [restart(next), notify('lead-focal-points', 'task-returned')], transition);
    }
    case 'waive':
    case 'cancel': {
      if (isBlank(event.reason)) return refuse('reason-required', taskErrors.reasonRequired(action));
      const status = event.type === 'waive' ? 'waived' : 'cancelled';
      return accepted(
        { ...withoutStatusFields(state), status, closedAt: at, closedReason: event.reason.trim() },
        [{ type: 'stop-reminders' }, notify('lead-focal-points', status === 'waived' ? 'task-waived' : 'task-cancelled')],
        transition,
      );
    }
    case 'reopen': {
      if (isBlank(event.reason)) return refuse('reason-required', taskErrors.reasonRequired(action));
      const next: TaskState = { ...withoutStatusFields(state), status: 'open' };
      return accepted(next, [restart(next), notify('lead-focal-points', 'task-reopened')], transition);
    }
    case 'extend': {
      if (isBlank(event.reason)) return refuse('reason-required', taskErrors.reasonRequired(action));
      if (!isLocalDate(event.dueDate)) return refuse('invalid-due-date', taskErrors.invalidDueDate(String(event.dueDate)));
      if (!isAfter(event.dueDate, state.dueDate)) {
        return refuse('due-date-not-later', taskErrors.dueDateNotLater(formatVietnamese(event.dueDate), formatVietnamese(state.dueDate)));
      }
      const next: TaskState = {
        ...state,
        dueDate: event.dueDate,
        dueAt: endOfDayInstant(event.dueDate),
        originalDueDate: state.originalDueDate ?? state.dueDate,
      };
      return accepted(next, [restart(next), notify('lead-focal-points', 'task-extended')], transition);
    }
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/**
 * The state after replaying stored events in order, stopping before the first one after `until`
 * (for the classification as of a past date). Throws when a stored event is refused: the history
 * was accepted event by event, so a refusal means it has been altered.
 */
export function replayTaskEvents(initial: TaskState, events: readonly TaskEvent[], until?: Date): TaskState {
  let state = initial;
  for (const event of events) {
    if (until !== undefined && Date.parse(event.at) > until.getTime()) break;
    const result = applyTaskEvent(state, event);
    if (!result.ok) throw new Error(`Stored task event ${event.type} at ${event.at} is refused: ${result.error.code}`);
    state = result.next;
  }
  return state;
}

/** The classification of a task at the instant `asOf` (the state must hold the events up to then). */
export function classifyTask(state: TaskState, asOf: Date): TaskClassification {
  const dueAt = Date.parse(state.dueAt);
  switch (state.status) {
    case 'waived':
      return 'waived';
    case 'cancelled':
      return 'cancelled';
    case 'submitted':
    case 'accepted': {
      const doneAt = state.submittedAt !== undefined ? Date.parse(state.submittedAt) : asOf.getTime();
      return doneAt <= dueAt ? 'done-on-time' : 'done-late';
    }
    case 'open':
    case 'returned':
      return asOf.getTime() <= dueAt ? 'in-progress-on-time' : 'overdue-not-done';
    default: {
      const _exhaustive: never = state.status;
      return _exhaustive;
    }
  }
}

// ---------------------------------------------------------------------------------------------

function accepted(next: TaskState, effects: TaskEffect[], transition: TaskTransition): TaskEventResult {
  return { ok: true, next, effects, transition };
}

function refuse(code: TaskErrorCode, message: string): TaskEventResult {
  return { ok: false, error: { code, message } };
}

function notify(audience: 'lead-focal-points' | 'monitor', template: TaskNotificationTemplate): TaskEffect {
  return { type: 'notify', audience, template };
}

function restart(state: TaskState): TaskEffect {
  return { type: 'restart-reminders', dueDate: state.dueDate, dueAt: state.dueAt };
}

/** The fields that belong to one status only are dropped; the history fields stay. */
function withoutStatusFields(state: TaskState): TaskState {
  const { submittedAt: _s, acceptedAt: _a, returnedAt: _r, closedAt: _c, closedReason: _cr, ...rest } = state;
  return rest;
}

function isBlank(text: unknown): boolean {
  return typeof text !== 'string' || text.trim() === '';
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The instant as a UTC ISO string, or undefined when it is not an ISO 8601 instant with an offset. */
function normaliseInstant(text: unknown): string | undefined {
  if (typeof text !== 'string' || !ISO_INSTANT.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
