/**
 * The scheduling settings of a plan (the `settings` object of plan.yaml / the `plan.settings`
 * column), read into a typed object with a default for every field.
 *
 *   resolvePlanSettings({ defaultDue: { yearly: { day: 10, month: 12 } } })
 *   → { settings: { ...DEFAULT_PLAN_SETTINGS, defaultDue: { yearly: { day: 10, month: 12 } } }, errors: [] }
 *
 * Fields (defaults in brackets):
 * - beforeDateRule ['previous-day']: "trước ngày D" is due at the end of D−1; 'same-day': at the end of D.
 * - nonWorkingDue ['previous-working-day']: a due date on a weekend or day off moves to the previous
 *   working day; 'next-working-day' moves it forward; 'keep' leaves it.
 * - defaultDue [{}]: the due day of a period whose words give no date, looked up by the PERIOD's
 *   kind (a "Tháng 5 hằng năm" period is a month, so `monthly` applies to it):
 *     yearly: { day, month } of the period's year ("yearly reports due 10/12");
 *     'half-yearly': { day } of the half's last month (June, December);
 *     quarterly: { day } of the quarter's last month (ND09 style: { day: 25 });
 *     monthly: { day } of the month.
 *   Absent = the period's last day. A day past the month's end (31 for a 30-day month, 29/02 in a
 *   common year) means that month's last day.
 * - ongoingCadence ['half-yearly']: the progress-report cadence of "Thường xuyên" when the words name
 *   none; 'yearly' | 'quarterly' | 'monthly' otherwise.
 * - openLeadDays [30]: an instance opens this many CALENDAR days before its window starts (so a
 *   yearly 2027 task opens on 02/12/2026), never before the plan's horizon starts. 0 … 366.
 * - supportLeadWorkingDays [5]: a supporting agency's contribution is due this many WORKING days
 *   before the lead agency's due date. 0 … 60.
 * - timezone ['Asia/Ho_Chi_Minh']: the only zone supported (Vietnam has kept UTC+7 since 1975).
 * - cutoff ['nd09']: data cut-off windows of Nghị định 09/2019/NĐ-CP; 'none' for no cut-off.
 *
 * Keys other than these are left alone: plan settings also hold other modules' options. A field
 * with a wrong value gives a Vietnamese error naming it, and its default is used, so one typo never
 * stops a whole plan from scheduling.
 */
import { daysInMonth } from './local-date';
import { planSettingsErrors as err } from './periods.messages';

export const BEFORE_DATE_RULES = ['previous-day', 'same-day'] as const;
export type BeforeDateRule = (typeof BEFORE_DATE_RULES)[number];

export const NON_WORKING_DUE_RULES = ['previous-working-day', 'next-working-day', 'keep'] as const;
export type NonWorkingDueRule = (typeof NON_WORKING_DUE_RULES)[number];

export const REPORT_CADENCES = ['yearly', 'half-yearly', 'quarterly', 'monthly'] as const;
export type ReportCadence = (typeof REPORT_CADENCES)[number];

export const PLAN_TIMEZONES = ['Asia/Ho_Chi_Minh'] as const;
export type PlanTimezone = (typeof PLAN_TIMEZONES)[number];

export const CUTOFF_RULES = ['nd09', 'none'] as const;
export type CutoffRule = (typeof CUTOFF_RULES)[number];

export interface DayOfMonth {
  day: number;
}

export interface DayAndMonth {
  day: number;
  month: number;
}

/** Due day of a period whose words give no date, per period kind; absent = the period's last day. */
export interface DefaultDueRules {
  yearly?: DayAndMonth;
  'half-yearly'?: DayOfMonth;
  quarterly?: DayOfMonth;
  monthly?: DayOfMonth;
}

export interface PlanSchedulingSettings {
  beforeDateRule: BeforeDateRule;
  nonWorkingDue: NonWorkingDueRule;
  defaultDue: DefaultDueRules;
  ongoingCadence: ReportCadence;
  openLeadDays: number;
  supportLeadWorkingDays: number;
  timezone: PlanTimezone;
  cutoff: CutoffRule;
}

export const DEFAULT_PLAN_SETTINGS: Readonly<PlanSchedulingSettings> = Object.freeze({
  beforeDateRule: 'previous-day',
  nonWorkingDue: 'previous-working-day',
  defaultDue: Object.freeze({}),
  ongoingCadence: 'half-yearly',
  openLeadDays: 30,
  supportLeadWorkingDays: 5,
  timezone: 'Asia/Ho_Chi_Minh',
  cutoff: 'nd09',
});

export const OPEN_LEAD_DAYS_MAX = 366;
export const SUPPORT_LEAD_WORKING_DAYS_MAX = 60;

export interface PlanSettingsReading {
  settings: PlanSchedulingSettings;
  /** Vietnamese, one per wrong field, each starting with the field's path. */
  errors: string[];
}

/** Reads a plan's raw settings (undefined/null = all defaults). Never throws. */
export function resolvePlanSettings(raw: unknown): PlanSettingsReading {
  const errors: string[] = [];
  const defaults = DEFAULT_PLAN_SETTINGS;
  if (raw === undefined || raw === null) return { settings: { ...defaults, defaultDue: {} }, errors };
  if (!isRecord(raw)) {
    return { settings: { ...defaults, defaultDue: {} }, errors: [withDefault(err.mustBeObject('settings'))] };
  }
  const pick = <T extends string>(field: keyof PlanSchedulingSettings, values: readonly T[], fallback: T): T => {
    const value = raw[field];
    if (value === undefined) return fallback;
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    errors.push(withDefault(err.mustBeOneOf(field, values)));
    return fallback;
  };
  const integer = (field: keyof PlanSchedulingSettings, min: number, max: number, fallback: number): number => {
    const value = raw[field];
    if (value === undefined) return fallback;
    if (isIntegerIn(value, min, max)) return value;
    errors.push(withDefault(err.integerRange(field, min, max)));
    return fallback;
  };
  const settings: PlanSchedulingSettings = {
    beforeDateRule: pick('beforeDateRule', BEFORE_DATE_RULES, defaults.beforeDateRule),
    nonWorkingDue: pick('nonWorkingDue', NON_WORKING_DUE_RULES, defaults.nonWorkingDue),
    defaultDue: readDefaultDue(raw.defaultDue, errors),
    ongoingCadence: pick('ongoingCadence', REPORT_CADENCES, defaults.ongoingCadence),
    openLeadDays: integer('openLeadDays', 0, OPEN_LEAD_DAYS_MAX, defaults.openLeadDays),
    supportLeadWorkingDays: integer(
      'supportLeadWorkingDays',
      0,
      SUPPORT_LEAD_WORKING_DAYS_MAX,
      defaults.supportLeadWorkingDays,
    ),
    timezone: pick('timezone', PLAN_TIMEZONES, defaults.timezone),
    cutoff: pick('cutoff', CUTOFF_RULES, defaults.cutoff),
  };
  return { settings, errors };
}

function readDefaultDue(raw: unknown, errors: string[]): DefaultDueRules {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) {
    errors.push(withDefault(err.mustBeObject('defaultDue')));
    return {};
  }
  const rules: DefaultDueRules = {};
  const unknown = Object.keys(raw).filter((key) => !(REPORT_CADENCES as readonly string[]).includes(key));
  for (const key of unknown) errors.push(err.unknownKey(`defaultDue.${key}`, REPORT_CADENCES));

  const yearly = raw.yearly;
  if (yearly !== undefined) {
    const at = 'defaultDue.yearly';
    if (!isRecord(yearly)) errors.push(withDefault(err.mustBeObject(at)));
    else if (!isIntegerIn(yearly.month, 1, 12)) errors.push(withDefault(err.integerRange(`${at}.month`, 1, 12)));
    else if (!isIntegerIn(yearly.day, 1, 31)) errors.push(withDefault(err.integerRange(`${at}.day`, 1, 31)));
    // 29/02 is allowed (the last day of February in a common year); 31/04 is not a day at all.
    else if (yearly.day > daysInMonth(2000, yearly.month)) {
      errors.push(withDefault(err.invalidDayOfMonth(`${at}.day`, yearly.day, yearly.month)));
    } else rules.yearly = { day: yearly.day, month: yearly.month };
    if (isRecord(yearly)) reportUnknownKeys(yearly, at, ['day', 'month'], errors);
  }
  for (const cadence of ['half-yearly', 'quarterly', 'monthly'] as const) {
    const value = raw[cadence];
    if (value === undefined) continue;
    const at = `defaultDue.${cadence}`;
    if (!isRecord(value)) errors.push(withDefault(err.mustBeObject(at)));
    else if (!isIntegerIn(value.day, 1, 31)) errors.push(withDefault(err.integerRange(`${at}.day`, 1, 31)));
    else rules[cadence] = { day: value.day };
    if (isRecord(value)) reportUnknownKeys(value, at, ['day'], errors);
  }
  return rules;
}

function reportUnknownKeys(value: Record<string, unknown>, at: string, allowed: readonly string[], errors: string[]): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) errors.push(err.unknownKey(`${at}.${key}`, allowed));
}

function withDefault(message: string): string {
  return `${message}; ${err.defaultUsed}`;
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
