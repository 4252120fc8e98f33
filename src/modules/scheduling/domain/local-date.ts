/**
 * Calendar days as ISO strings 'YYYY-MM-DD' (years 0001–9999, proleptic Gregorian).
 *
 * A LocalDate is a day on the wall calendar of Asia/Ho_Chi_Minh: there is no time and no
 * time zone in it, so no conversion can shift it. Arithmetic goes through a day number
 * (days since 1970-01-01) computed with Date.UTC, which has no daylight-saving or offset.
 *
 * The type is a plain string alias so that values from PostgreSQL `date` columns, JSON and
 * YAML can be used directly; functions that receive a LocalDate from code trust it, and
 * `parseLocalDate` / `isLocalDate` are the gates for text from outside.
 */
export type LocalDate = string;

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export type DayOfWeek = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

const MS_PER_DAY = 86_400_000;
/** Days in 400 Gregorian years: used to move years 1–99 out of Date.UTC's 1900+ mapping. */
const DAYS_PER_400_YEARS = 146_097;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

/** True when year/month/day name a real day between 0001-01-01 and 9999-12-31. */
export function isValidDateParts(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Builds a LocalDate from its parts; throws RangeError for a day that does not exist. */
export function localDate(year: number, month: number, day: number): LocalDate {
  if (!isValidDateParts(year, month, day)) {
    throw new RangeError(`Invalid calendar date: ${year}-${month}-${day}`);
  }
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The LocalDate of an ISO 'YYYY-MM-DD' string, or undefined when it is not a real day. */
export function parseLocalDate(text: string): LocalDate | undefined {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isValidDateParts(year, month, day) ? localDate(year, month, day) : undefined;
}

export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && parseLocalDate(value) === value;
}

/** Splits a LocalDate; throws RangeError when the string is not a valid 'YYYY-MM-DD'. */
export function toParts(date: LocalDate): DateParts {
  const match = ISO_DATE.exec(date);
  const parts = match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : undefined;
  if (!parts || !isValidDateParts(parts.year, parts.month, parts.day)) {
    throw new RangeError(`Not a LocalDate (YYYY-MM-DD): ${JSON.stringify(date)}`);
  }
  return parts;
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: LocalDate): number {
  const { year, month, day } = toParts(date);
  if (year < 100) {
    // Date.UTC maps years 0–99 to 1900–1999; shift by a whole Gregorian cycle instead.
    return Date.UTC(year + 400, month - 1, day) / MS_PER_DAY - DAYS_PER_400_YEARS;
  }
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function fromDayNumber(dayNumber: number): LocalDate {
  if (!Number.isInteger(dayNumber)) throw new RangeError(`Day number must be an integer: ${dayNumber}`);
  const d = new Date(dayNumber * MS_PER_DAY);
  return localDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Signed number of days from `from` to `to` (to − from). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function compareLocalDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  const diff = toDayNumber(a) - toDayNumber(b);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

export function isBefore(a: LocalDate, b: LocalDate): boolean {
  return compareLocalDates(a, b) < 0;
}

export function isAfter(a: LocalDate, b: LocalDate): boolean {
  return compareLocalDates(a, b) > 0;
}

export function dayOfWeek(date: LocalDate): DayOfWeek {
  // 1970-01-01 was a Thursday (4).
  return ((((toDayNumber(date) + 4) % 7) + 7) % 7) as DayOfWeek;
}

export function isWeekend(date: LocalDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

/** The last day of the given month, e.g. (2028, 2) → '2028-02-29'. */
export function lastDayOfMonth(year: number, month: number): LocalDate {
  return localDate(year, month, daysInMonth(year, month));
}

/** 'dd/mm/yyyy', the way Vietnamese documents write a date. */
export function formatVietnamese(date: LocalDate): string {
  const { year, month, day } = toParts(date);
  return `${pad(day, 2)}/${pad(month, 2)}/${pad(year, 4)}`;
}

/** 'dd/mm', for a day that recurs every year. */
export function formatDayMonth(day: number, month: number): string {
  return `${pad(day, 2)}/${pad(month, 2)}`;
}

/** Every day from `from` to `to`, both included; empty when `to` is before `from`. */
export function eachDay(from: LocalDate, to: LocalDate): LocalDate[] {
  const start = toDayNumber(from);
  const end = toDayNumber(to);
  const days: LocalDate[] = [];
  for (let n = start; n <= end; n++) days.push(fromDayNumber(n));
  return days;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
