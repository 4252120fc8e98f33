/**
 * Vietnam's working calendar for the public sector (Monday–Friday), as pure functions over data.
 *
 * - Statutory holidays: Labour Code 2019 (Bộ luật Lao động, BLLĐ) art. 112 — 1/1; Tết Nguyên đán
 *   (5 days: by default the last day of the lunar year and lunar days 1–4); Giỗ Tổ Hùng Vương
 *   (10/3 lunar); 30/4; 1/5; Quốc khánh 2/9 plus one adjacent day. 24/11 (Ngày Văn hóa Việt Nam) is
 *   listed as `pending`: policy, not yet law, not a day off.
 * - Each year the Government announces the real blocks (the 9-day Tết, swapped days, make-up
 *   Saturdays). Those cannot be computed: they come in as `YearAdjustments` data (a JSON file
 *   derived from shared/reference/vn_holiday_schedule_2025_2026.csv, or that CSV itself).
 * - A statutory holiday with no announced block for it (same holiday, same year) follows the
 *   rule of BLLĐ art. 111(3): when it falls on the weekly rest day (Saturday or Sunday here), the
 *   next working day is a compensatory day off ("nghỉ bù").
 * - Dates are LocalDate strings; lunar dates are computed for the UTC+7 meridian (the Vietnamese
 *   calendar, which differs from the Chinese one in some years, e.g. Tết 1985 and 2007).
 */
import {
  addDays,
  dayOfWeek,
  eachDay,
  isLocalDate,
  isValidDateParts,
  isWeekend,
  localDate,
  toDayNumber,
  fromDayNumber,
  toParts,
  daysBetween,
  type LocalDate,
} from './local-date';
import { calendarNames, holidayScheduleErrors as csvError } from './scheduling.messages';

export type HolidayCode =
  | 'new-year'
  | 'lunar-new-year'
  | 'hung-kings'
  | 'reunification'
  | 'labour-day'
  | 'national-day'
  | 'vietnam-culture-day';

export const HOLIDAY_CODES: readonly HolidayCode[] = [
  'new-year',
  'lunar-new-year',
  'hung-kings',
  'reunification',
  'labour-day',
  'national-day',
  'vietnam-culture-day',
];

export type HolidayStatus = 'in-force' | 'pending';

export interface HolidayDay {
  date: LocalDate;
  holiday: HolidayCode;
  /** Vietnamese name, e.g. "Tết Nguyên đán". */
  name: string;
  status: HolidayStatus;
  /** False for pending days (not a day off until the law changes). */
  dayOff: boolean;
}

/** How far an announced day can be trusted (the `verification` column of the reference CSV). */
export type Verification = 'official' | 'secondary_source' | 'derived_by_rule';
export const VERIFICATIONS: readonly Verification[] = ['official', 'secondary_source', 'derived_by_rule'];

/** An announced block of days off, weekends included ("Tết Bính Ngọ: 14/02 – 22/02/2026"). */
export interface AnnouncedDaysOff {
  from: LocalDate;
  to: LocalDate;
  /** The statutory holidays the block covers; empty for an extra day off. */
  holidays: HolidayCode[];
  /** The occasion as the source words it. */
  occasion: string;
  totalDaysOff: number;
  verification: Verification;
  source: string;
  notes: string;
}

/** A Saturday (or Sunday) worked to make up for a swapped weekday off. */
export interface AnnouncedMakeUpDay {
  date: LocalDate;
  /** The weekday given off in exchange, when known. */
  replaces?: LocalDate;
  verification: Verification;
  source: string;
  notes: string;
}

/** The official announcements for one year (by the year of each block's last day). */
export interface YearAdjustments {
  year: number;
  daysOff: AnnouncedDaysOff[];
  makeUpWorkingDays: AnnouncedMakeUpDay[];
}

export type NonWorkingKind = 'public-holiday' | 'announced-day-off' | 'compensatory-day-off' | 'weekend';

export interface NonWorkingDay {
  date: LocalDate;
  kind: NonWorkingKind;
  /** Vietnamese reason: "Tết Nguyên đán", "Nghỉ bù Giỗ Tổ Hùng Vương", "Thứ Bảy", "Chủ nhật" … */
  reason: string;
  holiday?: HolidayCode;
  /** For announced days: how far the announcement was verified. */
  verification?: Verification;
}

export interface MakeUpWorkingDay {
  date: LocalDate;
  /** Always "Làm bù". */
  reason: string;
  replaces?: LocalDate;
  verification: Verification;
  source: string;
}

export interface WorkingCalendar {
  /** The years this calendar answers for; any other date throws a RangeError. */
  readonly years: { from: number; to: number };
  isWorkingDay(date: LocalDate): boolean;
  /** The date itself when it is a working day, else the closest working day before it. */
  previousWorkingDay(date: LocalDate): LocalDate;
  /** The date itself when it is a working day, else the closest working day after it. */
  nextWorkingDay(date: LocalDate): LocalDate;
  /**
   * Moves n working days (n < 0: backwards), not counting `date` itself: Friday + 1 = Monday.
   * n = 0 gives the date itself if it is a working day, otherwise the next working day.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate;
  /**
   * Working days d with a < d ≤ b; negative (−count of b < d ≤ a) when b is before a.
   * For working days a and b: addWorkingDays(a, workingDaysBetween(a, b)) === b.
   */
  workingDaysBetween(a: LocalDate, b: LocalDate): number;
  /** Every non-working day of the year, weekends included, in date order. */
  nonWorkingDays(year: number): NonWorkingDay[];
  /** The weekend days of the year that are working days. */
  makeUpWorkingDays(year: number): MakeUpWorkingDay[];
}

export interface WorkingCalendarInput {
  years: { from: number; to: number };
  adjustments?: readonly YearAdjustments[];
}

/** Years for which the lunar computation below is known to be reliable. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

// ---------------------------------------------------------------------------------------------
// Statutory holidays

const HOLIDAY_NAMES: Record<HolidayCode, string> = {
  'new-year': calendarNames.newYear,
  'lunar-new-year': calendarNames.lunarNewYear,
  'hung-kings': calendarNames.hungKings,
  reunification: calendarNames.reunification,
  'labour-day': calendarNames.labourDay,
  'national-day': calendarNames.nationalDay,
  'vietnam-culture-day': calendarNames.vietnamCultureDay,
};

export function holidayName(code: HolidayCode): string {
  return HOLIDAY_NAMES[code];
}

/** The statutory holidays of a year (BLLĐ 2019 art. 112), in date order, plus 24/11 as pending. */
export function statutoryHolidays(year: number): HolidayDay[] {
  assertYear(year);
  const day = (date: LocalDate, holiday: HolidayCode, status: HolidayStatus = 'in-force'): HolidayDay => ({
    date,
    holiday,
    name: HOLIDAY_NAMES[holiday],
    status,
    dayOff: status === 'in-force',
  });
  const tet = lunarNewYear(year);
  const days: HolidayDay[] = [
    day(localDate(year, 1, 1), 'new-year'),
    // Default choice of the 5 Tết days: the last day of the lunar year and lunar days 1–4.
    ...[-1, 0, 1, 2, 3].map((offset) => day(addDays(tet, offset), 'lunar-new-year')),
    day(lunarToSolar({ day: 10, month: 3, year }) as LocalDate, 'hung-kings'),
    day(localDate(year, 4, 30), 'reunification'),
    day(localDate(year, 5, 1), 'labour-day'),
    ...[localDate(year, 9, 2), nationalDayAdjacentDay(year)].map((date) => day(date, 'national-day')),
    day(localDate(year, 11, 24), 'vietnam-culture-day', 'pending'),
  ];
  return days.sort((a, b) => toDayNumber(a.date) - toDayNumber(b.date));
}

/**
 * The day added to 2/9 (1/9 or 3/9) is chosen by the Government every year. Default, matching
 * the choices of 2021–2026: the adjacent weekday that joins the weekend — 1/9, except when 2/9
 * is a Thursday (3/9 is Friday) or 1/9 is a weekend day (then 3/9).
 */
export function nationalDayAdjacentDay(year: number): LocalDate {
  const first = localDate(year, 9, 1);
  const secondIsThursday = dayOfWeek(localDate(year, 9, 2)) === 4;
  return isWeekend(first) || secondIsThursday ? localDate(year, 9, 3) : first;
}

// ---------------------------------------------------------------------------------------------
// Building the calendar

export function buildWorkingCalendar(input: WorkingCalendarInput): WorkingCalendar {
  const { from, to } = input.years;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from > to || from < MIN_YEAR || to > MAX_YEAR) {
    throw new RangeError(`Working calendar years must be integers with ${MIN_YEAR} ≤ from ≤ to ≤ ${MAX_YEAR}`);
  }
  const adjustments = input.adjustments ?? [];
  const offDays = new Map<LocalDate, NonWorkingDay>();
  const makeUpDays = new Map<LocalDate, MakeUpWorkingDay>();

  // Announced make-up days first: they are working days whatever else applies.
  for (const adjustment of adjustments) {
    for (const m of adjustment.makeUpWorkingDays) {
      makeUpDays.set(m.date, {
        date: m.date,
        reason: calendarNames.makeUp,
        ...(m.replaces !== undefined ? { replaces: m.replaces } : {}),
        verification: m.verification,
        source: m.source,
      });
    }
  }
  // The statutory days of the years around the range too, so blocks at the edges are right.
  for (let year = from - 1; year <= to + 1; year++) {
    if (year < MIN_YEAR || year > MAX_YEAR) continue;
    for (const h of statutoryHolidays(year)) {
      if (h.dayOff) offDays.set(h.date, { date: h.date, kind: 'public-holiday', reason: h.name, holiday: h.holiday });
    }
  }
  for (const adjustment of adjustments) {
    for (const block of adjustment.daysOff) {
      const reason =
        block.holidays.length > 0
          ? block.holidays.map(holidayName).join(', ')
          : block.occasion || calendarNames.announcedDayOff;
      const holiday = block.holidays.length > 0 ? { holiday: block.holidays[0] } : {};
      for (const date of eachDay(block.from, block.to)) {
        if (offDays.has(date) || makeUpDays.has(date)) continue;
        offDays.set(date, { date, kind: 'announced-day-off', reason, ...holiday, verification: block.verification });
      }
    }
  }
  // Compensatory days for statutory holidays on a weekend that no announcement covers.
  const announced = new Set(
    adjustments.flatMap((a) => a.daysOff.flatMap((block) => block.holidays.map((code) => `${a.year}:${code}`))),
  );
  for (let year = from - 1; year <= to + 1; year++) {
    if (year < MIN_YEAR || year > MAX_YEAR) continue;
    for (const h of statutoryHolidays(year)) {
      if (!h.dayOff || !isWeekend(h.date) || announced.has(`${year}:${h.holiday}`)) continue;
      let date = addDays(h.date, 1);
      while (isWeekend(date) || offDays.has(date)) date = addDays(date, 1);
      const reason = calendarNames.compensatory(h.name);
      offDays.set(date, { date, kind: 'compensatory-day-off', reason, holiday: h.holiday });
    }
  }

  const assertInRange = (date: LocalDate): void => {
    const { year } = toParts(date);
    if (year < from || year > to) {
      throw new RangeError(`${date} is outside the working calendar (${from}–${to})`);
    }
  };
  const isWorkingDay = (date: LocalDate): boolean => {
    assertInRange(date);
    if (makeUpDays.has(date)) return true;
    return !offDays.has(date) && !isWeekend(date);
  };
  const step = (date: LocalDate, direction: 1 | -1): LocalDate => {
    let current = date;
    while (!isWorkingDay(current)) current = addDays(current, direction);
    return current;
  };
  const addWorkingDays = (date: LocalDate, n: number): LocalDate => {
    if (!Number.isInteger(n)) throw new RangeError(`Working days must be an integer: ${n}`);
    if (n === 0) return step(date, 1);
    const direction = n > 0 ? 1 : -1;
    let current = date;
    for (let remaining = Math.abs(n); remaining > 0; remaining--) {
      current = step(addDays(current, direction), direction);
    }
    return current;
  };
  const workingDaysBetween = (a: LocalDate, b: LocalDate): number => {
    if (toDayNumber(b) < toDayNumber(a)) return -workingDaysBetween(b, a);
    assertInRange(a);
    let count = 0;
    for (let n = toDayNumber(a) + 1; n <= toDayNumber(b); n++) if (isWorkingDay(fromDayNumber(n))) count++;
    return count;
  };
  const nonWorkingDays = (year: number): NonWorkingDay[] => {
    assertInRange(localDate(year, 1, 1));
    return eachDay(localDate(year, 1, 1), localDate(year, 12, 31))
      .filter((date) => !isWorkingDay(date))
      .map(
        (date): NonWorkingDay =>
          offDays.get(date) ?? {
            date,
            kind: 'weekend',
            reason: dayOfWeek(date) === 6 ? calendarNames.saturday : calendarNames.sunday,
          },
      );
  };
  const makeUpWorkingDays = (year: number): MakeUpWorkingDay[] => {
    assertInRange(localDate(year, 1, 1));
    return [...makeUpDays.values()]
      .filter((m) => toParts(m.date).year === year)
      .sort((x, y) => toDayNumber(x.date) - toDayNumber(y.date));
  };

  return {
    years: { from, to },
    isWorkingDay,
    previousWorkingDay: (date) => step(date, -1),
    nextWorkingDay: (date) => step(date, 1),
    addWorkingDays,
    workingDaysBetween,
    nonWorkingDays,
    makeUpWorkingDays,
  };
}

// ---------------------------------------------------------------------------------------------
// Announced adjustments as data

export interface AdjustmentsReading {
  adjustments: YearAdjustments[];
  /** Vietnamese problems, each with where it is (a JSON path or a CSV line). */
  errors: string[];
}

/** Validates plain data (e.g. parsed JSON `{ adjustments: [...] }`) into YearAdjustments. */
export function readYearAdjustments(data: unknown): AdjustmentsReading {
  const errors: string[] = [];
  const list = isRecord(data) ? data.adjustments : undefined;
  if (!Array.isArray(list)) {
    return { adjustments: [], errors: [csvError.invalidData('adjustments', 'phải là một danh sách')] };
  }
  const adjustments: YearAdjustments[] = [];
  list.forEach((raw: unknown, i) => {
    const at = `adjustments[${i}]`;
    const wellFormed =
      isRecord(raw) && Number.isInteger(raw.year) && Array.isArray(raw.daysOff) && Array.isArray(raw.makeUpWorkingDays);
    if (!wellFormed) {
      errors.push(csvError.invalidData(at, 'cần year (số nguyên), daysOff và makeUpWorkingDays (danh sách)'));
      return;
    }
    const daysOff: AnnouncedDaysOff[] = [];
    (raw.daysOff as unknown[]).forEach((block, j) => {
      const problems = checkBlock(block);
      const where = `${at}.daysOff[${j}]`;
      if (problems.length > 0) errors.push(...problems.map((p) => csvError.invalidData(where, p)));
      else daysOff.push(block as AnnouncedDaysOff);
    });
    const makeUpWorkingDays: AnnouncedMakeUpDay[] = [];
    (raw.makeUpWorkingDays as unknown[]).forEach((day, j) => {
      const problems = checkMakeUpDay(day);
      const where = `${at}.makeUpWorkingDays[${j}]`;
      if (problems.length > 0) errors.push(...problems.map((p) => csvError.invalidData(where, p)));
      else makeUpWorkingDays.push(day as AnnouncedMakeUpDay);
    });
    adjustments.push({ year: raw.year as number, daysOff, makeUpWorkingDays });
  });
  return { adjustments, errors };
}

/** `labels` name the from/to fields as the source calls them (JSON fields or CSV columns). */
function checkBlock(block: unknown, labels = { from: 'from', to: 'to' }): string[] {
  if (!isRecord(block)) return ['phải là một đối tượng'];
  const problems: string[] = [];
  const { from, to, holidays, totalDaysOff } = block;
  if (!isLocalDate(from)) problems.push(csvError.invalidDate(labels.from, String(from)));
  if (!isLocalDate(to)) problems.push(csvError.invalidDate(labels.to, String(to)));
  const datesOk = isLocalDate(from) && isLocalDate(to);
  if (datesOk && toDayNumber(to) < toDayNumber(from)) problems.push(csvError.reversedRange);
  if (!Array.isArray(holidays) || !holidays.every(isHolidayCode)) {
    problems.push(`holidays: phải là danh sách mã trong ${HOLIDAY_CODES.join(', ')}`);
  }
  if (typeof totalDaysOff !== 'number' || !Number.isInteger(totalDaysOff) || totalDaysOff < 1) {
    problems.push(csvError.invalidTotal(String(totalDaysOff)));
  } else if (datesOk && problems.length === 0) {
    const counted = daysBetween(from, to) + 1;
    if (counted !== totalDaysOff) problems.push(csvError.totalMismatch(totalDaysOff, counted));
  }
  problems.push(...checkProvenance(block, ['occasion', 'source', 'notes']));
  return problems;
}

function checkMakeUpDay(day: unknown): string[] {
  if (!isRecord(day)) return ['phải là một đối tượng'];
  const problems = makeUpDateProblems(day.date);
  if (day.replaces !== undefined && !isLocalDate(day.replaces)) {
    problems.push(csvError.invalidDate('replaces', String(day.replaces)));
  }
  problems.push(...checkProvenance(day, ['source', 'notes']));
  return problems;
}

/** A make-up working day must be a real Saturday or Sunday. */
function makeUpDateProblems(date: unknown): string[] {
  if (!isLocalDate(date)) return [csvError.invalidDate('date', String(date))];
  return isWeekend(date) ? [] : [csvError.makeUpNotWeekend(date)];
}

/** The verification mark and the text fields every announced item keeps. */
function checkProvenance(item: Record<string, unknown>, textFields: readonly string[]): string[] {
  const problems: string[] = [];
  if (!isVerification(item.verification)) problems.push(csvError.unknownVerification(String(item.verification)));
  for (const field of textFields) {
    if (typeof item[field] !== 'string') problems.push(`${field}: phải là chuỗi ký tự`);
  }
  return problems;
}

function isHolidayCode(value: unknown): value is HolidayCode {
  return (HOLIDAY_CODES as readonly unknown[]).includes(value);
}

function isVerification(value: unknown): value is Verification {
  return (VERIFICATIONS as readonly unknown[]).includes(value);
}

const CSV_COLUMNS = ['date_from', 'date_to', 'occasion', 'total_days_off', 'verification', 'source', 'notes'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

/**
 * Reads the format of shared/reference/vn_holiday_schedule_2025_2026.csv: one row per announced
 * block of days off. The CSV has no column for make-up days, so they are read from the notes,
 * only in these explicit forms (anything vaguer, like "make-up day not verified", gives none):
 *   "make-up work on Sat 26/4/2025" / "làm bù thứ Bảy 26/4/2025" → a make-up working day;
 *   "Swap: Fri 2/5/2025 off" → the weekday it replaces.
 * The holidays a block covers are recognised from the occasion words. Rows with errors are
 * left out and reported with their line number.
 */
export function parseHolidayScheduleCsv(text: string): AdjustmentsReading {
  const errors: string[] = [];
  const records = splitCsv(text.replace(/^\uFEFF/, ''));
  const header = records.shift();
  if (!header) return { adjustments: [], errors: [csvError.missingColumns(CSV_COLUMNS)] };
  const names = header.fields.map((f) => f.trim());
  const missing = CSV_COLUMNS.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (missing.length > 0 || unknown.length > 0) {
    return {
      adjustments: [],
      errors: [
        ...(missing.length > 0 ? [lineError(header.line, csvError.missingColumns(missing))] : []),
        ...(unknown.length > 0 ? [lineError(header.line, csvError.unknownColumns(unknown))] : []),
      ],
    };
  }
  const byYear = new Map<number, YearAdjustments>();
  for (const record of records) {
    if (record.error) {
      errors.push(lineError(record.line, record.error));
      continue;
    }
    if (record.fields.length === 1 && record.fields[0].trim() === '') continue;
    if (record.fields.length !== names.length) {
      errors.push(lineError(record.line, csvError.wrongFieldCount(names.length, record.fields.length)));
      continue;
    }
    const cell = (column: CsvColumn): string => record.fields[names.indexOf(column)].trim();
    const block = {
      from: cell('date_from'),
      to: cell('date_to'),
      holidays: holidaysOf(cell('occasion')),
      occasion: cell('occasion'),
      totalDaysOff: /^\d+$/.test(cell('total_days_off')) ? Number(cell('total_days_off')) : cell('total_days_off'),
      verification: cell('verification'),
      source: cell('source'),
      notes: cell('notes'),
    };
    const problems = checkBlock(block, { from: 'date_from', to: 'date_to' });
    const notes = readNotes(block.notes);
    problems.push(...notes.errors);
    const makeUp = notes.makeUp.map((date) => ({
      date,
      ...(notes.replaces ? { replaces: notes.replaces } : {}),
      verification: block.verification as Verification,
      source: block.source,
      notes: block.notes,
    }));
    for (const day of makeUp) problems.push(...makeUpDateProblems(day.date));
    if (problems.length > 0) {
      errors.push(...problems.map((p) => lineError(record.line, p)));
      continue;
    }
    const year = toParts(block.to).year;
    const entry = byYear.get(year) ?? { year, daysOff: [], makeUpWorkingDays: [] };
    entry.daysOff.push(block as AnnouncedDaysOff);
    entry.makeUpWorkingDays.push(...makeUp);
    byYear.set(year, entry);
  }
  return { adjustments: [...byYear.values()].sort((a, b) => a.year - b.year), errors };
}

function lineError(line: number, message: string): string {
  return `dòng ${line}: ${message}`;
}

/** Statutory holidays named by an occasion ("30/4 và 1/5 năm 2025" → reunification, labour-day). */
function holidaysOf(occasion: string): HolidayCode[] {
  const key = occasion.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
  const codes: HolidayCode[] = [];
  if (/tet duong lich|new year'?s day/.test(key)) codes.push('new-year');
  if (/tet am lich|tet nguyen dan|lunar new year/.test(key)) codes.push('lunar-new-year');
  if (/gio to|hung vuong|hung kings/.test(key)) codes.push('hung-kings');
  if (/(?:^|\D)30\/0?4(?:\D|$)|chien thang|giai phong mien nam/.test(key)) codes.push('reunification');
  if (/(?:^|[^\d/])0?1\/0?5(?:\D|$)|quoc te lao dong|labou?r day/.test(key)) codes.push('labour-day');
  if (/quoc khanh|(?:^|\D)0?2\/0?9(?:\D|$)|national day/.test(key)) codes.push('national-day');
  return codes;
}

const NOTE_DATE = '(\\d{1,2})/(\\d{1,2})/(\\d{4})';
const WEEKDAY_WORD = '(?:[a-z]{3,9}\\.? |thu [a-z]+ |chu nhat )?';
const MAKE_UP_NOTE = new RegExp(
  `(?:make-up work(?:ing day)?|lam bu)(?: on| vao)? ${WEEKDAY_WORD}(?:ngay )?${NOTE_DATE}`,
  'g',
);
const SWAP_NOTE = new RegExp(`swap:? ${WEEKDAY_WORD}${NOTE_DATE} off`);

function readNotes(notes: string): { makeUp: LocalDate[]; replaces?: LocalDate; errors: string[] } {
  const key = notes.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
  const errors: string[] = [];
  const toDate = (m: RegExpExecArray): LocalDate | undefined => {
    const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (isValidDateParts(year, month, day)) return localDate(year, month, day);
    errors.push(csvError.invalidNoteDate(m[0]));
    return undefined;
  };
  const makeUp = [...key.matchAll(MAKE_UP_NOTE)].map(toDate).filter((d): d is LocalDate => d !== undefined);
  const swap = SWAP_NOTE.exec(key);
  const replaces = swap ? toDate(swap) : undefined;
  return { makeUp, replaces, errors };
}

interface CsvRecord {
  line: number;
  fields: string[];
  error?: string;
}

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function splitCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (quoted) {
    records.push({ line: recordLine, fields: [], error: csvError.unclosedQuote });
  } else if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Vietnamese lunar calendar
//
// Hồ Ngọc Đức's algorithm (astronomical new moons and solar terms after Jean Meeus, "Astronomical
// Algorithms"), evaluated at the UTC+7 meridian. Rules: a lunar month starts on the day of the
// new moon; month 11 contains the winter solstice; a year with 13 months leaps the first month
// after month 11 that contains no major solar term.

/** Offset of the Vietnamese calendar, hours east of UTC. */
export const VIETNAM_TIME_ZONE = 7;

export interface LunarDate {
  day: number;
  month: number;
  year: number;
  /** True for the day of a leap month (tháng nhuận). */
  leap: boolean;
}

/** Julian Day Number of 1970-01-01. */
const JDN_OF_EPOCH = 2_440_588;

function julianDayNumber(date: LocalDate): number {
  return toDayNumber(date) + JDN_OF_EPOCH;
}

function dateOfJulianDayNumber(jdn: number): LocalDate {
  return fromDayNumber(jdn - JDN_OF_EPOCH);
}

/** Julian date (UT) of the k-th new moon after 1900-01-01. */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = Math.PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // Sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // Moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // Moon's argument of latitude
  let C1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  C1 = C1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  C1 = C1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  C1 = C1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  C1 = C1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  C1 = C1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  C1 = C1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + C1 - deltaT;
}

/** The Sun's apparent longitude (radians, 0 … 2π) at Julian date jdn (UT). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = Math.PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L = L - Math.PI * 2 * Math.floor(L / (Math.PI * 2));
  return L;
}

/** Which of the 12 solar-term sectors the Sun is in at local midnight starting day `jdn`. */
function sunSector(jdn: number, timeZone: number): number {
  return Math.floor((sunLongitude(jdn - 0.5 - timeZone / 24) / Math.PI) * 6);
}

/** Day (JDN) on which the k-th new moon falls, local time. */
function newMoonDay(k: number, timeZone: number): number {
  return Math.floor(newMoon(k) + 0.5 + timeZone / 24);
}

/** JDN of the first day of lunar month 11 (the month of the winter solstice) of solar year `year`. */
function lunarMonth11(year: number, timeZone: number): number {
  const off = julianDayNumber(localDate(year, 12, 31)) - 2415021;
  const k = Math.floor(off / 29.530588853);
  const nm = newMoonDay(k, timeZone);
  return sunSector(nm, timeZone) >= 9 ? newMoonDay(k - 1, timeZone) : nm;
}

/** Index (1 = the month after month 11) of the leap month in the lunar year starting at a11. */
function leapMonthOffset(a11: number, timeZone: number): number {
  const k = Math.floor((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, timeZone), timeZone);
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** The lunar date of a solar date (Vietnamese calendar by default). */
export function solarToLunar(date: LocalDate, timeZone = VIETNAM_TIME_ZONE): LunarDate {
  const dayNumber = julianDayNumber(date);
  const { year } = toParts(date);
  const k = Math.floor((dayNumber - 2415021.076998695) / 29.530588853);
  let monthStart = newMoonDay(k + 1, timeZone);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, timeZone);
  let a11 = lunarMonth11(year, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = year;
    a11 = lunarMonth11(year - 1, timeZone);
  } else {
    lunarYear = year + 1;
    b11 = lunarMonth11(year + 1, timeZone);
  }
  const day = dayNumber - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, timeZone);
    if (diff >= leapDiff) {
      month = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { day, month, year: lunarYear, leap };
}

/**
 * The solar date of a lunar date, or undefined when it does not exist (a leap month that the
 * year does not have, or day 30 of a 29-day month).
 */
export function lunarToSolar(
  lunar: { day: number; month: number; year: number; leap?: boolean },
  timeZone = VIETNAM_TIME_ZONE,
): LocalDate | undefined {
  const { day, month, year } = lunar;
  const leap = lunar.leap ?? false;
  const inRange = (n: number, max: number): boolean => Number.isInteger(n) && n >= 1 && n <= max;
  if (!inRange(day, 30) || !inRange(month, 12)) return undefined;
  // Months 11 and 12 belong to the lunar year that starts after the month-11 of solar `year`.
  const startYear = month < 11 ? year - 1 : year;
  const a11 = lunarMonth11(startYear, timeZone);
  const b11 = lunarMonth11(startYear + 1, timeZone);
  const k = Math.floor(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, timeZone);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return undefined;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    return undefined;
  }
  const monthStart = newMoonDay(k + off, timeZone);
  const result = monthStart + day - 1;
  if (day === 30 && newMoonDay(k + off + 1, timeZone) <= result) return undefined;
  return dateOfJulianDayNumber(result);
}

/** Mùng 1 Tết: the first day of the lunar year that starts in solar year `year`. */
export function lunarNewYear(year: number, timeZone = VIETNAM_TIME_ZONE): LocalDate {
  assertYear(year);
  return lunarToSolar({ day: 1, month: 1, year }, timeZone) as LocalDate;
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year must be an integer from ${MIN_YEAR} to ${MAX_YEAR}: ${year}`);
  }
}
