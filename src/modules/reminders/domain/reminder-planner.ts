/**
 * The reminder ladder planner: (task instances, policy, working calendar, now) → the reminders due
 * now, as plain data for the outbox. Pure: no clock, no database; `now` comes in.
 *
 *   planReminders({ instances: [{ id: 'i1', status: 'open', role: 'lead', dueDate: '2026-12-24' }],
 *                   policy: DEFAULT_REMINDER_POLICY, calendar, now: new Date('2026-12-21T02:00:00Z') })
 *   → [{ instanceId: 'i1', stepCode: 'before-3', occurrence: 0, sendOn: '2026-12-21', plannedOn: '2026-12-21',
 *        to: ['focal-points'], cc: [], template: 'upcoming', daysLate: -3, digestible: true,
 *        idempotencyKey: 'i1:before-3:0:2026-12-24' }]
 *
 * Rules:
 * - Only instances in status 'open' or 'returned' get reminders; submitted, accepted, waived and
 *   cancelled get none (that is how "stop-reminders" holds without deleting anything).
 * - The ladder runs against `ladderFrom` (default `dueDate`): after a return or an extension, the
 *   due date the ladder was restarted against. A ladder date that is not a working day counts from
 *   the working day before it (previousWorkingDay; due dates are moved off days off by construction).
 * - A step falls on calendar.addWorkingDays(ladder date, offset) (offset 0: the ladder date itself);
 *   repeat k (1 … max) on offset lastStepOffset + k × every (lastStepOffset = 0 when there are no steps).
 * - Nothing is due unless today — the Asia/Ho_Chi_Minh (UTC+7, no daylight saving) calendar day of
 *   `now` — is a working day and the local time is in the policy's working hours, start included,
 *   end EXCLUDED (07:30:00 sends, 17:00:00 does not). Each instance's own policy gives its hours.
 * - A step is due when its day ≤ today.
 *
 * Catch-up, once: of the steps due for an instance only the LATEST is returned. When the service
 * was down from before-10 to late-1, only late-1 comes out; before-10 … due are never produced,
 * now or at any later tick, because the latest due step only moves forward as `now` does. The
 * caller inserts what it gets with `INSERT … ON CONFLICT (idempotency_key) DO NOTHING`: at every
 * tick until the next step's day the same latest step (same key) comes out again and is a no-op.
 * After the last repeat the last repeat keeps coming out, also a no-op. `alreadyPlanned` (keys the
 * caller knows are in the outbox) just filters that repeat out early; it never brings back an
 * older step.
 *
 * Idempotency key: `${instanceId}:${stepCode}:${occurrence}:${ladderFrom}` — e.g.
 * 'i1:late-10:0:2026-12-24', 'i1:repeat:2:2026-12-24'. The ladder date is in it so that a ladder
 * restarted against a NEW due date (extension, return with a later date) sends its steps again;
 * a restart against the same date keeps the keys, so steps already sent are not sent twice (steps
 * that were never sent, because the task was submitted meanwhile, still go out). The key is per
 * reminder, not per recipient: the outbox adds the recipient (DESIGN: instance, step, recipient).
 *
 * daysLate = working days from the ladder date to today (calendar.workingDaysBetween): negative
 * before the due day, 0 on it, positive when late — as of the planning day, so a caught-up late-1
 * planned three working days late says 3.
 *
 * The calendar must cover today and the ladder dates (WorkingCalendar throws a RangeError outside
 * its years); the service builds it for the plan's horizon plus the year before.
 */
import { fromDayNumber, type LocalDate } from '../../scheduling/domain/local-date';
import type { WorkingCalendar } from '../../scheduling/domain/working-calendar';
import type { TaskStatus } from '../../tasks/domain/task-lifecycle';
import {
  clockMinutes,
  REPEAT_STEP_CODE,
  type Audience,
  type ReminderPolicy,
  type ReminderTemplate,
} from './reminder-policy';

export type InstanceRole = 'lead' | 'support';

export interface PlannedInstance {
  id: string;
  status: TaskStatus;
  /** A supporting agency's contribution gets the same ladder, against its own due date. */
  role: InstanceRole;
  dueDate: LocalDate;
  /** The due date the ladder runs against (after a return or an extension); default dueDate. */
  ladderFrom?: LocalDate;
  /** Idempotency keys already in the outbox: a due reminder with one of them is left out. */
  alreadyPlanned?: ReadonlySet<string>;
}

export interface DueReminder {
  instanceId: string;
  stepCode: string;
  /** 0 for the ladder's steps; 1 … max for the repeats. */
  occurrence: number;
  /** The working day the step falls on (before today when it is caught up). */
  sendOn: LocalDate;
  /** The day it was found due: the local day of `now` (digests group by it). */
  plannedOn: LocalDate;
  to: Audience[];
  cc: Audience[];
  template: ReminderTemplate;
  /** Working days from the ladder date to plannedOn: < 0 before, 0 on the due day, > 0 late. */
  daysLate: number;
  /** False for escalations (to heads, to the monitor): each is sent on its own. */
  digestible: boolean;
  idempotencyKey: string;
}

export interface PlanRemindersInput {
  instances: readonly PlannedInstance[];
  /** One policy for all, or the policy of each instance (per-row overrides). */
  policy: ReminderPolicy | ((instanceId: string) => ReminderPolicy);
  calendar: WorkingCalendar;
  now: Date;
}

/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975). */
const UTC_OFFSET_MINUTES = 7 * 60;
const MS_PER_MINUTE = 60_000;
const MINUTES_PER_DAY = 24 * 60;

/** The reminders due at `now`, at most one per instance, in the order of the instances. */
export function planReminders(input: PlanRemindersInput): DueReminder[] {
  const { calendar, instances } = input;
  const { today, minute } = localClock(input.now);
  if (!calendar.isWorkingDay(today)) return [];
  const policyOf = typeof input.policy === 'function' ? input.policy : constant(input.policy);
  const due: DueReminder[] = [];
  // Many instances share a due date (a group fans out to 114 communes): the ladder arithmetic
  // is done once per (policy, ladder date).
  const ladders = new Map<ReminderPolicy, Map<LocalDate, LadderPosition | undefined>>();
  for (const instance of instances) {
    if (!getsReminders(instance.status)) continue;
    const policy = policyOf(instance.id);
    if (!withinWorkingHours(policy, minute)) continue;
    const ladderFrom = instance.ladderFrom ?? instance.dueDate;
    let byDate = ladders.get(policy);
    if (!byDate) ladders.set(policy, (byDate = new Map()));
    if (!byDate.has(ladderFrom)) byDate.set(ladderFrom, ladderPosition(ladderFrom, policy, calendar, today));
    const reminder = latestDueStep(instance, byDate.get(ladderFrom), today);
    if (reminder && !instance.alreadyPlanned?.has(reminder.idempotencyKey)) due.push(reminder);
  }
  return due;
}

/** Whether reminders go out in this status. */
export function getsReminders(status: TaskStatus): boolean {
  switch (status) {
    case 'open':
    case 'returned':
      return true;
    case 'submitted':
    case 'accepted':
    case 'waived':
    case 'cancelled':
      return false;
    default: {
      const _exhaustive: never = status;
      return _exhaustive;
    }
  }
}

/** Escalations (to a head, to the monitor) go alone; the other reminders may share a digest. */
export function isDigestible(template: ReminderTemplate): boolean {
  switch (template) {
    case 'upcoming':
    case 'due-today':
    case 'late':
      return true;
    case 'escalation-head':
    case 'escalation-monitor':
      return false;
    default: {
      const _exhaustive: never = template;
      return _exhaustive;
    }
  }
}

export interface LadderEntry {
  stepCode: string;
  occurrence: number;
  offset: number;
  sendOn: LocalDate;
  to: Audience[];
  cc: Audience[];
  template: ReminderTemplate;
}

/**
 * Every step of the ladder against one due date, repeats included, with its day: for pages that
 * show what will be sent when. The calendar must cover the last repeat.
 */
export function ladderSchedule(ladderFrom: LocalDate, policy: ReminderPolicy, calendar: WorkingCalendar): LadderEntry[] {
  const anchor = calendar.previousWorkingDay(ladderFrom);
  return ladderRungs(policy, Number.POSITIVE_INFINITY).map((rung) => ({
    ...rung,
    sendOn: calendar.addWorkingDays(anchor, rung.offset),
  }));
}

/** The local day and minute of the day of an instant in Asia/Ho_Chi_Minh. */
export function localClock(now: Date): { today: LocalDate; minute: number } {
  const time = now.getTime();
  if (Number.isNaN(time)) throw new RangeError('planReminders: `now` is an invalid Date');
  const localMinutes = Math.floor(time / MS_PER_MINUTE) + UTC_OFFSET_MINUTES;
  const dayNumber = Math.floor(localMinutes / MINUTES_PER_DAY);
  return { today: fromDayNumber(dayNumber), minute: localMinutes - dayNumber * MINUTES_PER_DAY };
}

interface Rung {
  stepCode: string;
  occurrence: number;
  offset: number;
  to: Audience[];
  cc: Audience[];
  template: ReminderTemplate;
}

/** The steps then the repeats whose offset is ≤ `upTo`, in offset order. */
function ladderRungs(policy: ReminderPolicy, upTo: number): Rung[] {
  const rungs: Rung[] = [];
  for (const s of policy.steps) {
    if (s.offset > upTo) break;
    rungs.push({ stepCode: s.code, occurrence: 0, offset: s.offset, to: s.to, cc: s.cc, template: s.template });
  }
  const repeat = policy.repeat;
  if (repeat !== null) {
    const base = policy.steps.length > 0 ? policy.steps[policy.steps.length - 1].offset : 0;
    for (let k = 1; k <= repeat.max && base + k * repeat.every <= upTo; k++) {
      rungs.push({
        stepCode: REPEAT_STEP_CODE,
        occurrence: k,
        offset: base + k * repeat.every,
        to: repeat.to,
        cc: repeat.cc,
        template: repeat.template,
      });
    }
  }
  return rungs;
}

interface LadderPosition {
  latest: Rung;
  sendOn: LocalDate;
  elapsed: number;
}

/** Where a ladder anchored on `ladderFrom` stands today: its latest step due, if any. */
function ladderPosition(ladderFrom: LocalDate, policy: ReminderPolicy, calendar: WorkingCalendar, today: LocalDate): LadderPosition | undefined {
  const anchor = calendar.previousWorkingDay(ladderFrom);
  // Anchor and today are working days, so a step's day ≤ today exactly when its offset ≤ elapsed
  // (addWorkingDays is increasing in n, and addWorkingDays(anchor, elapsed) === today). No day
  // after today is computed, so a calendar that ends soon after today is enough.
  const elapsed = calendar.workingDaysBetween(anchor, today);
  const rungs = ladderRungs(policy, elapsed);
  const latest = rungs[rungs.length - 1];
  if (latest === undefined) return undefined;
  return { latest, sendOn: calendar.addWorkingDays(anchor, latest.offset), elapsed };
}

function latestDueStep(instance: PlannedInstance, position: LadderPosition | undefined, today: LocalDate): DueReminder | undefined {
  if (position === undefined) return undefined;
  const { latest, sendOn, elapsed } = position;
  const ladderFrom = instance.ladderFrom ?? instance.dueDate;
  return {
    instanceId: instance.id,
    stepCode: latest.stepCode,
    occurrence: latest.occurrence,
    sendOn,
    plannedOn: today,
    to: [...latest.to],
    cc: [...latest.cc],
    template: latest.template,
    daysLate: elapsed,
    digestible: isDigestible(latest.template),
    idempotencyKey: idempotencyKey(instance.id, latest.stepCode, latest.occurrence, ladderFrom),
  };
}

export function idempotencyKey(instanceId: string, stepCode: string, occurrence: number, ladderFrom: LocalDate): string {
  return `${instanceId}:${stepCode}:${occurrence}:${ladderFrom}`;
}

export function withinWorkingHours(policy: ReminderPolicy, minute: number): boolean {
  const start = clockMinutes(policy.workingHours.start);
  const end = clockMinutes(policy.workingHours.end);
  if (start === undefined || end === undefined) {
    throw new RangeError(`Reminder policy working hours are not HH:MM: ${JSON.stringify(policy.workingHours)}`);
  }
  return minute >= start && minute < end;
}

function constant(policy: ReminderPolicy): (instanceId: string) => ReminderPolicy {
  return () => policy;
}

// ---------------------------------------------------------------------------------------------
// Digests

/** A due reminder resolved to one person: the caller looks up the audiences' e-mail addresses. */
export interface ResolvedReminder {
  reminder: DueReminder;
  /** One address of `reminder.to`. */
  recipient: string;
  /** The addresses of `reminder.cc`. */
  cc: string[];
}

export interface ReminderMessage {
  recipient: string;
  /** Every cc of the reminders in it, once, without the recipient. */
  cc: string[];
  /** One reminder, or several in a digest. */
  reminders: DueReminder[];
}

/**
 * Groups resolved reminders into e-mails. With `digest` on, the digestible reminders of one
 * recipient planned on the same day (plannedOn) become one message; escalations (digestible:
 * false) always go one per message, and so does everything when `digest` is off. Addresses are
 * compared case-insensitively (the first spelling is kept). Messages come in the order of their
 * first reminder, reminders in input order.
 */
export function groupIntoDigests(reminders: readonly ResolvedReminder[], digest: boolean): ReminderMessage[] {
  const messages: ReminderMessage[] = [];
  const digests = new Map<string, ReminderMessage>();
  for (const resolved of reminders) {
    const { reminder, recipient } = resolved;
    const groupKey = `${recipient.trim().toLowerCase()}|${reminder.plannedOn}`;
    const existing = digest && reminder.digestible ? digests.get(groupKey) : undefined;
    if (existing) {
      existing.reminders.push(reminder);
      addAddresses(existing, resolved.cc);
      continue;
    }
    const message: ReminderMessage = { recipient, cc: [], reminders: [reminder] };
    addAddresses(message, resolved.cc);
    messages.push(message);
    if (digest && reminder.digestible) digests.set(groupKey, message);
  }
  return messages;
}

function addAddresses(message: ReminderMessage, cc: readonly string[]): void {
  const seen = new Set([message.recipient, ...message.cc].map((a) => a.trim().toLowerCase()));
  for (const address of cc) {
    const key = address.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    message.cc.push(address);
  }
}
