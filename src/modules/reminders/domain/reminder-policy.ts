/**
 * The reminder policy of a plan, with a per-row override: an escalation ladder of steps counted in
 * working days from the due date, optional repeats while the task stays late, the working hours in
 * which reminders go out, and whether a recipient's reminders of one day are sent as one digest.
 *
 * Where it is written — plan.yaml `settings.reminders` (the plan's default) and a definition row's
 * `reminders` (that row only). YAML shape, every key optional:
 *
 *   reminders:
 *     steps:                          # the ladder, in strictly increasing offset order
 *       - { code: before-10, offset: -10, to: [focal-points], template: upcoming }
 *       - { code: late-1, offset: 1, to: [focal-points], cc: [head], template: late }
 *     repeat:                         # after the last step, while still late; null = no repeats
 *       every: 10                     # working days between repeats [10]
 *       max: 6                        # number of repeats [6]
 *       to: [monitor]
 *       cc: [head]                    # [none]
 *       template: escalation-monitor
 *     workingHours: { start: '07:30', end: '17:00' }   # Asia/Ho_Chi_Minh; end exclusive; quote them
 *     digest: true                    # several reminders to one person on one day → one e-mail
 *
 * - A step: `code` (stable, used in idempotency keys: lower-case ASCII letters, digits and dashes;
 *   'repeat' is reserved for the repeats; unique), `offset` (working days from the due date: −10 is
 *   ten working days before, 0 the due day, +1 one working day late; −250 … 250), `to` (a list, or
 *   one audience; at least one), `cc` (optional, default none; not repeating `to`), `template`.
 *   Audiences: 'focal-points' and 'head' of the responsible agency (for a supporting agency's
 *   contribution: the supporting agency's), 'monitor' (the plan's monitoring agency, Sở Nội vụ).
 * - `steps: []` with `repeat: null` switches reminders off; with no steps, repeats count from the due day.
 * - Defaults: DEFAULT_REMINDER_POLICY below (the ladder of the issue: 10 and 3 working days before,
 *   the due day, 1, 5 and 10 working days late, then every 10 working days up to 6 times).
 *
 * Reading rules (same spirit as resolvePlanSettings): the plan's fields are read over the defaults,
 * then the row's fields over the plan's. An override REPLACES whole top-level fields: a row giving
 * `steps` replaces the whole ladder (the plan's `repeat`, `workingHours`, `digest` stay unless the
 * row gives them too); a row giving `repeat` replaces the whole repeat object. A field with a wrong
 * value gives a Vietnamese error naming it, and the value it would have replaced is used (the
 * default for the plan, the plan's value for a row), so one typo never stops the reminders. A
 * ladder with any wrong step is refused whole (a ladder with a hole in it would mislead). Unknown
 * keys are reported and ignored. Never throws.
 */
import { reminderPolicyErrors as err } from './reminders.messages';

export const AUDIENCES = ['focal-points', 'head', 'monitor'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const REMINDER_TEMPLATES = ['upcoming', 'due-today', 'late', 'escalation-head', 'escalation-monitor'] as const;
export type ReminderTemplate = (typeof REMINDER_TEMPLATES)[number];

/** The step code of every repeat (their `occurrence` tells them apart). */
export const REPEAT_STEP_CODE = 'repeat';

export const STEP_OFFSET_LIMIT = 250;
export const REPEAT_EVERY_MAX = 250;
export const REPEAT_MAX_MAX = 100;

export interface ReminderStep {
  /** Stable, unique in the ladder: it is part of the idempotency key. */
  code: string;
  /** Working days relative to the due date: −10, −3, 0 (due day), +1, +5, +10. */
  offset: number;
  to: Audience[];
  cc: Audience[];
  template: ReminderTemplate;
}

export interface ReminderRepeat {
  /** Working days between two repeats; the first comes `every` after the last step. */
  every: number;
  /** How many repeats at most. */
  max: number;
  to: Audience[];
  cc: Audience[];
  template: ReminderTemplate;
}

export interface WorkingHours {
  /** 'HH:MM', Asia/Ho_Chi_Minh, included. */
  start: string;
  /** 'HH:MM', excluded: at 17:00 sharp nothing is sent any more. */
  end: string;
}

export interface ReminderPolicy {
  steps: ReminderStep[];
  repeat: ReminderRepeat | null;
  workingHours: WorkingHours;
  digest: boolean;
}

export interface ReminderPolicyReading {
  policy: ReminderPolicy;
  /** Vietnamese, each starting with the field's path; a row's errors start with "Ghi đè của dòng:". */
  errors: string[];
}

const step = (
  code: string,
  offset: number,
  to: Audience[],
  cc: Audience[],
  template: ReminderTemplate,
): ReminderStep => ({ code, offset, to, cc, template });

/** The ladder of the issue; frozen all the way down (resolveReminderPolicy hands out copies). */
export const DEFAULT_REMINDER_POLICY: Readonly<ReminderPolicy> = deepFreeze<ReminderPolicy>({
  steps: [
    step('before-10', -10, ['focal-points'], [], 'upcoming'),
    step('before-3', -3, ['focal-points'], [], 'upcoming'),
    step('due', 0, ['focal-points'], [], 'due-today'),
    step('late-1', 1, ['focal-points'], ['head'], 'late'),
    step('late-5', 5, ['head'], [], 'escalation-head'),
    step('late-10', 10, ['monitor'], ['head'], 'escalation-monitor'),
  ],
  repeat: { every: 10, max: 6, to: ['monitor'], cc: ['head'], template: 'escalation-monitor' },
  workingHours: { start: '07:30', end: '17:00' },
  digest: true,
});

const POLICY_KEYS = ['steps', 'repeat', 'workingHours', 'digest'] as const;
const STEP_KEYS = ['code', 'offset', 'to', 'cc', 'template'] as const;
const REPEAT_KEYS = ['every', 'max', 'to', 'cc', 'template'] as const;
const HOURS_KEYS = ['start', 'end'] as const;
const STEP_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The policy of one row: `planRaw` is the plan's settings object (its `reminders` key is read, the
 * other keys belong to other modules; a settings value that is not an object is reported by
 * resolvePlanSettings and gives the defaults here); `rowOverride` is the value of the row's own
 * `reminders` key (undefined/null: none).
 */
export function resolveReminderPolicy(planRaw: unknown, rowOverride?: unknown): ReminderPolicyReading {
  const errors: string[] = [];
  const planValue = isRecord(planRaw) ? planRaw.reminders : undefined;
  let policy = clonePolicy(DEFAULT_REMINDER_POLICY);
  if (planValue !== undefined && planValue !== null) {
    policy = readOver(policy, planValue, (message, fatal) => errors.push(fatal ? `${message}; ${err.defaultUsed}` : message));
  }
  if (rowOverride !== undefined && rowOverride !== null) {
    policy = readOver(policy, rowOverride, (message, fatal) =>
      errors.push(err.rowOverride(fatal ? `${message}; ${err.planValueUsed}` : message)),
    );
  }
  return { policy, errors };
}

/** Minutes after midnight of an 'HH:MM' clock time; undefined when it is not one. */
export function clockMinutes(value: string): number | undefined {
  const match = CLOCK.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** Report a problem; `fatal`: the field's value is refused and the previous one is kept. */
type Report = (message: string, fatal: boolean) => void;

/** Reads the fields present in `raw` over `base` (a copy is returned). */
function readOver(base: ReminderPolicy, raw: unknown, report: Report): ReminderPolicy {
  const at = 'reminders';
  if (!isRecord(raw)) {
    report(err.mustBeObject(at), true);
    return base;
  }
  reportUnknownKeys(raw, at, POLICY_KEYS, report);
  const policy = clonePolicy(base);
  if (raw.steps !== undefined) policy.steps = readSteps(raw.steps, `${at}.steps`, report) ?? policy.steps;
  if (raw.repeat !== undefined) {
    const repeat = readRepeat(raw.repeat, `${at}.repeat`, report);
    if (repeat !== undefined) policy.repeat = repeat;
  }
  if (raw.workingHours !== undefined) {
    policy.workingHours = readWorkingHours(raw.workingHours, `${at}.workingHours`, report) ?? policy.workingHours;
  }
  if (raw.digest !== undefined) {
    if (typeof raw.digest === 'boolean') policy.digest = raw.digest;
    else report(err.mustBeBoolean(`${at}.digest`), true);
  }
  return policy;
}

function readSteps(raw: unknown, at: string, report: Report): ReminderStep[] | undefined {
  if (!Array.isArray(raw)) {
    report(err.mustBeList(at), true);
    return undefined;
  }
  const steps: ReminderStep[] = [];
  const codes = new Map<string, string>();
  let valid = true;
  let previousOffset: number | undefined;
  const fail = (message: string): void => {
    valid = false;
    report(message, true);
  };
  raw.forEach((item: unknown, index) => {
    const here = `${at}[${index}]`;
    if (!isRecord(item)) {
      fail(err.mustBeObject(here));
      return;
    }
    reportUnknownKeys(item, here, STEP_KEYS, report);
    const code = readCode(item.code, `${here}.code`, fail);
    if (code !== undefined) {
      const first = codes.get(code);
      if (first !== undefined) fail(err.duplicateCode(`${here}.code`, code, first));
      else codes.set(code, here);
    }
    const offset = readInteger(item.offset, `${here}.offset`, -STEP_OFFSET_LIMIT, STEP_OFFSET_LIMIT, fail);
    if (offset !== undefined) {
      if (previousOffset !== undefined && offset <= previousOffset) {
        fail(err.offsetNotIncreasing(`${here}.offset`, offset, previousOffset));
      }
      previousOffset = offset;
    }
    const audiences = readToAndCc(item, here, fail);
    const template = readTemplate(item.template, `${here}.template`, fail);
    if (code !== undefined && offset !== undefined && audiences !== undefined && template !== undefined) {
      steps.push({ code, offset, to: audiences.to, cc: audiences.cc, template });
    }
  });
  return valid ? steps : undefined;
}

/** undefined = refused (errors reported); null = no repeats. */
function readRepeat(raw: unknown, at: string, report: Report): ReminderRepeat | null | undefined {
  if (raw === null) return null;
  if (!isRecord(raw)) {
    report(err.mustBeObjectOrNull(at), true);
    return undefined;
  }
  reportUnknownKeys(raw, at, REPEAT_KEYS, report);
  let valid = true;
  const fail = (message: string): void => {
    valid = false;
    report(message, true);
  };
  const defaults = DEFAULT_REMINDER_POLICY.repeat as ReminderRepeat;
  const every = raw.every === undefined ? defaults.every : readInteger(raw.every, `${at}.every`, 1, REPEAT_EVERY_MAX, fail);
  const max = raw.max === undefined ? defaults.max : readInteger(raw.max, `${at}.max`, 1, REPEAT_MAX_MAX, fail);
  const audiences = readToAndCc(raw, at, fail);
  const template = readTemplate(raw.template, `${at}.template`, fail);
  if (!valid || every === undefined || max === undefined || audiences === undefined || template === undefined) {
    return undefined;
  }
  return { every, max, to: audiences.to, cc: audiences.cc, template };
}

function readWorkingHours(raw: unknown, at: string, report: Report): WorkingHours | undefined {
  if (!isRecord(raw)) {
    report(err.mustBeObject(at), true);
    return undefined;
  }
  reportUnknownKeys(raw, at, HOURS_KEYS, report);
  const clock = (field: 'start' | 'end'): string | undefined => {
    const value = raw[field];
    if (value === undefined) report(err.required(`${at}.${field}`), true);
    else if (typeof value !== 'string' || clockMinutes(value) === undefined) report(err.invalidClock(`${at}.${field}`), true);
    else return value;
    return undefined;
  };
  const start = clock('start');
  const end = clock('end');
  if (start === undefined || end === undefined) return undefined;
  if ((clockMinutes(start) as number) >= (clockMinutes(end) as number)) {
    report(err.startNotBeforeEnd(at, start, end), true);
    return undefined;
  }
  return { start, end };
}

function readCode(raw: unknown, at: string, fail: (message: string) => void): string | undefined {
  if (raw === undefined) fail(err.required(at));
  else if (typeof raw !== 'string' || !STEP_CODE.test(raw)) fail(err.invalidCode(at));
  else if (raw === REPEAT_STEP_CODE) fail(err.reservedCode(at, raw));
  else return raw;
  return undefined;
}

function readInteger(
  raw: unknown,
  at: string,
  min: number,
  max: number,
  fail: (message: string) => void,
): number | undefined {
  if (raw === undefined) fail(err.required(at));
  else if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
    fail(err.integerRange(at, min, max));
  } else return raw;
  return undefined;
}

function readTemplate(raw: unknown, at: string, fail: (message: string) => void): ReminderTemplate | undefined {
  if (raw === undefined) fail(err.required(at));
  else if (!isOneOf(raw, REMINDER_TEMPLATES)) fail(err.unknownTemplate(at, String(raw), REMINDER_TEMPLATES));
  else return raw;
  return undefined;
}

/** `to` (required, at least one) and `cc` (optional) of a step or of the repeat. */
function readToAndCc(
  raw: Record<string, unknown>,
  at: string,
  fail: (message: string) => void,
): { to: Audience[]; cc: Audience[] } | undefined {
  let to: Audience[] | undefined;
  if (raw.to === undefined) fail(err.required(`${at}.to`));
  else {
    to = readAudiences(raw.to, `${at}.to`, fail);
    if (to !== undefined && to.length === 0) {
      fail(err.emptyAudience(`${at}.to`));
      to = undefined;
    }
  }
  const cc = raw.cc === undefined || raw.cc === null ? [] : readAudiences(raw.cc, `${at}.cc`, fail);
  if (to === undefined || cc === undefined) return undefined;
  const both = cc.filter((audience) => to.includes(audience));
  for (const audience of both) fail(err.audienceInBoth(`${at}.cc`, audience));
  return both.length > 0 ? undefined : { to, cc };
}

/** A list of audiences, or a single one written without brackets (`to: head`). */
function readAudiences(raw: unknown, at: string, fail: (message: string) => void): Audience[] | undefined {
  const items: unknown[] | undefined = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : undefined;
  if (items === undefined) {
    fail(err.mustBeList(at));
    return undefined;
  }
  const audiences: Audience[] = [];
  let valid = true;
  for (const item of items) {
    if (!isOneOf(item, AUDIENCES)) {
      fail(err.unknownAudience(at, String(item), AUDIENCES));
      valid = false;
    } else if (audiences.includes(item)) {
      fail(err.duplicateAudience(at, item));
      valid = false;
    } else audiences.push(item);
  }
  return valid ? audiences : undefined;
}

function reportUnknownKeys(value: Record<string, unknown>, at: string, allowed: readonly string[], report: Report): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) report(err.unknownKey(`${at}.${key}`, allowed), false);
}

function clonePolicy(policy: Readonly<ReminderPolicy>): ReminderPolicy {
  return {
    steps: policy.steps.map((s) => ({ ...s, to: [...s.to], cc: [...s.cc] })),
    repeat: policy.repeat === null ? null : { ...policy.repeat, to: [...policy.repeat.to], cc: [...policy.repeat.cc] },
    workingHours: { ...policy.workingHours },
    digest: policy.digest,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function isOneOf<T extends string>(value: unknown, values: readonly T[]): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
