/**
 * Numbers and dates the way Vietnamese documents write them: "1.184.000", "87,5", "15/12/2026".
 * Each function throws on a value it cannot format, so a document never prints "NaN" or
 * "Invalid Date" to a civil servant.
 */
import { vietnamDate } from '../../../common/clock';
import { formatVietnamese, isLocalDate, toParts, type LocalDate } from '../../scheduling/domain/local-date';

/** Without fractionDigits a number shows up to this many decimals, and none when it is whole. */
const DEFAULT_MAX_FRACTION_DIGITS = 2;

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(minimumFractionDigits: number, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${minimumFractionDigits}-${maximumFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('vi-VN', { numberingSystem: 'latn', minimumFractionDigits, maximumFractionDigits });
    numberFormats.set(key, format);
  }
  return format;
}

/**
 * '.' between thousands and ',' before decimals: 1184000 → "1.184.000", 87.5 → "87,5".
 * With fractionDigits, exactly that many decimals (87.5, 2 → "87,50"); without, up to two
 * and none for a whole number.
 */
export function formatVietnameseNumber(value: number, fractionDigits?: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`Not a finite number: ${String(value)}`);
  return fractionDigits === undefined
    ? numberFormat(0, DEFAULT_MAX_FRACTION_DIGITS).format(value)
    : numberFormat(fractionDigits, fractionDigits).format(value);
}

/** A calendar day as 'dd/mm/yyyy'. */
export function formatDate(date: LocalDate): string {
  return formatVietnamese(date);
}

/** A date an agency typed (a document's issue date): 'dd/mm/yyyy' when it is a real day, else as written. */
export function formatEnteredDate(text: string): string {
  return isLocalDate(text) ? formatVietnamese(text) : text;
}

/** The day of an instant in Asia/Ho_Chi_Minh, as 'dd/mm/yyyy'. */
export function formatInstantDate(instant: Date | string): string {
  const at = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(at.getTime())) throw new TypeError(`Not an instant: ${JSON.stringify(instant)}`);
  return formatVietnamese(vietnamDate(at));
}

/** The parts of the long date of Nghị định 30/2020/NĐ-CP: "ngày 05 tháng 01 năm 2027". */
export interface LongDateParts {
  /** Two digits: a day below 10 takes a leading zero. */
  day: string;
  /** Months 1 and 2 take a leading zero ("01", "02"); 3–12 are written as they are. */
  month: string;
  year: string;
}

export function longDateParts(date: LocalDate): LongDateParts {
  const { year, month, day } = toParts(date);
  return {
    day: String(day).padStart(2, '0'),
    month: month <= 2 ? String(month).padStart(2, '0') : String(month),
    year: String(year),
  };
}
