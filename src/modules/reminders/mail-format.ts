/**
 * Pure formatting for mail templates: dates as Vietnamese documents write them, in the plan's
 * time zone (Asia/Ho_Chi_Minh), and the few labels that templates compute from data.
 * Every function throws on a value it cannot format: a template must never print
 * "undefined", "NaN" or "Invalid Date" to a civil servant.
 */
import { formatVietnamese, parseLocalDate } from '../scheduling/domain/local-date';

export const MAIL_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** An instant: a Date (e.g. from a `timestamptz` column) or an ISO 8601 string with a zone. */
export type Instant = Date | string;

export type TaskRole = 'lead' | 'support';

/** Where a task stands against its due date, as a digest line shows it. */
export type DueState = 'upcoming' | 'due-today' | 'late';

const LOCAL_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
/** Date, time and an explicit zone (Z or ±hh:mm): a string without a zone is ambiguous. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

const vietnamParts = new Intl.DateTimeFormat('en-US', {
  timeZone: MAIL_TIME_ZONE,
  numberingSystem: 'latn',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
}

function toInstant(value: unknown, what: string): Date {
  let instant: Date | undefined;
  if (value instanceof Date) instant = value;
  else if (typeof value === 'string' && ISO_INSTANT.test(value.trim())) instant = new Date(value.trim());
  if (!instant || Number.isNaN(instant.getTime())) {
    throw new TypeError(`${what}: expected an ISO instant with a time zone or a Date, got ${describe(value)}`);
  }
  return instant;
}

function wallClock(instant: Date): WallClock {
  const parts: Record<string, string> = {};
  for (const part of vietnamParts.formatToParts(instant)) parts[part.type] = part.value;
  return {
    day: parts.day,
    month: parts.month,
    year: parts.year.padStart(4, '0'),
    hour: parts.hour,
    minute: parts.minute,
  };
}

/**
 * 'dd/mm/yyyy'. A LocalDate ('YYYY-MM-DD') is a calendar day and is printed as is; an instant
 * is printed as the day it falls on in Asia/Ho_Chi_Minh ('2026-12-24T17:30:00Z' → '25/12/2026').
 */
export function formatMailDate(value: unknown): string {
  if (typeof value === 'string' && LOCAL_DATE_SHAPE.test(value)) {
    const date = parseLocalDate(value);
    if (!date) throw new TypeError(`date: not a real calendar day: ${describe(value)}`);
    return formatVietnamese(date);
  }
  const { day, month, year } = wallClock(toInstant(value, 'date'));
  return `${day}/${month}/${year}`;
}

/** 'dd/mm/yyyy HH:mm' of an instant in Asia/Ho_Chi_Minh ('2026-12-24T02:05:00Z' → '24/12/2026 09:05'). */
export function formatMailDateTime(value: unknown): string {
  const { day, month, year, hour, minute } = wallClock(toInstant(value, 'datetime'));
  return `${day}/${month}/${year} ${hour}:${minute}`;
}

/** The appendix's own words for an agency's role in a task. */
export function roleLabel(role: unknown): string {
  switch (role as TaskRole) {
    case 'lead':
      return 'Chủ trì';
    case 'support':
      return 'Phối hợp';
    default:
      throw new TypeError(`roleLabel: expected 'lead' or 'support', got ${describe(role)}`);
  }
}

/**
 * A digest line's state: "còn N ngày làm việc", "đến hạn hôm nay" or "quá hạn N ngày làm việc".
 * `daysLeft` counts for 'upcoming', `daysLate` for 'late' (working days, at least 1).
 */
export function dueStateLabel(state: unknown, daysLeft: unknown, daysLate: unknown): string {
  switch (state as DueState) {
    case 'upcoming':
      return `còn ${positiveCount(daysLeft, 'daysLeft')} ngày làm việc`;
    case 'due-today':
      return 'đến hạn hôm nay';
    case 'late':
      return `quá hạn ${positiveCount(daysLate, 'daysLate')} ngày làm việc`;
    default:
      throw new TypeError(`dueState: expected 'upcoming', 'due-today' or 'late', got ${describe(state)}`);
  }
}

/**
 * True when a task is late ({{#if (overdue daysLate)}}). Block parameters are not checked by
 * Handlebars' strict mode, so this helper refuses a missing or malformed count itself.
 */
export function isOverdue(daysLate: unknown): boolean {
  if (typeof daysLate !== 'number' || !Number.isInteger(daysLate) || daysLate < 0) {
    throw new TypeError(`overdue: daysLate must be a whole number of working days ≥ 0, got ${describe(daysLate)}`);
  }
  return daysLate > 0;
}

/** 1-based position for numbered lists ({{inc @index}}). */
export function ordinal(index: unknown): number {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
    throw new TypeError(`inc: expected a list index, got ${describe(index)}`);
  }
  return index + 1;
}

function positiveCount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`dueState: ${what} must be a whole number of working days ≥ 1, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  if (value === undefined) return 'undefined (missing value)';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
