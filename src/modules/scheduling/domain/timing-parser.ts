/**
 * Reads the "Thời gian thực hiện" words of a Vietnamese plan appendix into a schedule.
 *
 *   parseTiming('Định kỳ, trước ngày 25/12 hằng năm')
 *   → { kind: 'yearly', parts: [{ kind: 'yearly', deadline: { day: 25, month: 12, rule: 'before' } }], … }
 *
 * It never throws: words it cannot read come back as kind 'unscheduled' with a warning, so an
 * import can go on and the row shows "needs a schedule".
 *
 * How it reads:
 * 1. Normalise: NFC, dashes unified to '-', parentheses turned into commas, whitespace collapsed,
 *    leading/trailing dots and separators dropped. Matching then runs on a *folded key*: lower case
 *    without diacritics (đ → d), so "Hằng năm", "Hàng năm", "HẰNG NĂM." and the diacritic-less
 *    "Hang nam" of an OCR scan read alike, and "Quí"/"Qúy"/"Quý" all become "quy". Each folded
 *    character stands for exactly one original character, so a slice of the key maps back to the
 *    original words (used to quote them in warnings).
 * 2. Try the whole text against the recognisers (a list of small named functions, one per form,
 *    tried in order). A form that contains commas ("Sau khi …, …") is read whole here.
 * 3. Otherwise split at ",", ";", " và ", " + " into clauses, read each clause, and combine:
 *    modifiers ("Định kỳ", "trước ngày 15/12", "từ năm 2026", "báo cáo về …") attach to the
 *    nearest part; "Thường xuyên" takes the first recurring part as its report schedule;
 *    "Năm 2026 và cập nhật hằng năm" makes the yearly update start the year after the one-off.
 *
 * Top-level kind of a combination (rule): the kind of the FIRST part in the words' order that is
 * not ad-hoc; 'ad-hoc' only when every part is ad-hoc. Ad-hoc parts also set `adHoc: true`.
 *   "Năm 2026 và cập nhật hằng năm" → 'once' (parts: once 2026, yearly update from 2027)
 *   "Theo kế hoạch và đột xuất"     → 'unscheduled' (parts: per-plan, ad-hoc; adHoc: true)
 */
import { formatDayMonth, formatVietnamese, isValidDateParts, localDate, type LocalDate } from './local-date';
import { timingExplanations as say, timingWarnings as warn } from './scheduling.messages';

export type TimingKind =
  | 'once'
  | 'yearly'
  | 'half-yearly'
  | 'quarterly'
  | 'monthly'
  | 'window'
  | 'ongoing'
  | 'roadmap'
  | 'ad-hoc'
  | 'unscheduled';

export type Quarter = 1 | 2 | 3 | 4;
export type Half = 1 | 2;

/**
 * How the words name a deadline day D:
 * - 'before': "trước ngày D" — the plan's date rule decides the due moment (default: the end of D−1);
 * - 'by':     "chậm nhất ngày D", "hạn ngày D", "ngày D" — due on D at the latest.
 */
export type DeadlineRule = 'before' | 'by';

/** Deadline of a yearly schedule: a day and month of every year ("trước ngày 25/12 hằng năm"). */
export interface DayMonthDeadline {
  day: number;
  month: number;
  rule: DeadlineRule;
}

/** Deadline of a monthly schedule: a day of every month ("trước ngày 20 hằng tháng"). */
export interface DayOfMonthDeadline {
  day: number;
  rule: DeadlineRule;
}

/** Deadline of a one-off: an exact date ("trước ngày 31/01/2031"). */
export interface DateDeadline {
  date: LocalDate;
  rule: DeadlineRule;
}

/** Limits of a recurrence in years; absent = the plan's horizon. */
export interface YearBounds {
  fromYear?: number;
  toYear?: number;
}

interface RecurrenceBase extends YearBounds {
  /** "cập nhật hằng năm": each instance updates an earlier deliverable rather than making a new one. */
  update?: true;
}

/** One instance per year; `month`/`quarter` anchor it ("Tháng 5 (hằng năm)" → month 5). */
export interface YearlyPart extends RecurrenceBase {
  kind: 'yearly';
  month?: number;
  quarter?: Quarter;
  /** Present when the words fix the day (a hard deadline); absent = the plan's reporting rules. */
  deadline?: DayMonthDeadline;
}

/** One instance per half-year; `half` restricts it to that half of every year ("6 tháng đầu năm"). */
export interface HalfYearlyPart extends RecurrenceBase {
  kind: 'half-yearly';
  half?: Half;
}

export interface QuarterlyPart extends RecurrenceBase {
  kind: 'quarterly';
}

export interface MonthlyPart extends RecurrenceBase {
  kind: 'monthly';
  deadline?: DayOfMonthDeadline;
}

export type RecurringPart = YearlyPart | HalfYearlyPart | QuarterlyPart | MonthlyPart;

/** A one-off in a year, narrowed to a half, quarter or month, or with an exact deadline. */
export interface OncePart {
  kind: 'once';
  year: number;
  half?: Half;
  quarter?: Quarter;
  month?: number;
  deadline?: DateDeadline;
}

/** A point of a window: a year, or a half, quarter or month of a year. */
export interface PeriodPoint {
  year: number;
  half?: Half;
  quarter?: Quarter;
  month?: number;
}

/** One deliverable worked on from the start of `from` to the end of `to` (milestones allowed). */
export interface WindowPart {
  kind: 'window';
  from: PeriodPoint;
  to: PeriodPoint;
}

/**
 * Ongoing work ("Thường xuyên") with a periodic progress report. `report` absent = the plan's
 * default reporting cadence applies; present = the words chose it ("Thường xuyên, hằng quý").
 */
export interface OngoingPart extends YearBounds {
  kind: 'ongoing';
  report?: RecurringPart;
}

/** "Theo lộ trình": milestones are entered later. */
export interface RoadmapPart {
  kind: 'roadmap';
}

/** "Đột xuất", "Khi có phát sinh": instances are created on demand. */
export interface AdHocPart {
  kind: 'ad-hoc';
}

export type UnscheduledReason = 'per-plan' | 'per-own-plan' | 'after-event' | 'unreadable' | 'empty';

/** No schedule can be derived from the words: somebody must enter one. */
export interface UnscheduledPart {
  kind: 'unscheduled';
  reason: UnscheduledReason;
  /** For 'after-event': the event, in the original words ("Sau khi <condition>"). */
  condition?: string;
}

export type TimingPart =
  | OncePart
  | RecurringPart
  | WindowPart
  | OngoingPart
  | RoadmapPart
  | AdHocPart
  | UnscheduledPart;

export interface ParsedTiming {
  /** The original words, untouched. */
  text: string;
  /** Kind of the main part (see the rule at the top of this file). */
  kind: TimingKind;
  /** At least one part, in the order of the words. */
  parts: TimingPart[];
  /** Ad-hoc instances may also be created on demand ("… và đột xuất"). */
  adHoc: boolean;
  /** One Vietnamese sentence saying what the schedule is. */
  explanation: string;
  /** Vietnamese warnings for the person importing the plan; empty when all is clear. */
  warnings: string[];
}

export const RECURRING_KINDS: readonly RecurringPart['kind'][] = ['yearly', 'half-yearly', 'quarterly', 'monthly'];

export function isRecurringPart(part: TimingPart): part is RecurringPart {
  return (RECURRING_KINDS as readonly string[]).includes(part.kind);
}

/** Reads the timing words of one appendix row. Never throws. */
export function parseTiming(text: string): ParsedTiming {
  const original = typeof text === 'string' ? text : '';
  try {
    return parseWords(original);
  } catch {
    // A bug in a recogniser must not stop an import: the row then simply needs a schedule.
    return assemble(original, [{ kind: 'unscheduled', reason: 'unreadable' }], [warn.unreadable(original)]);
  }
}

// ---------------------------------------------------------------------------------------------
// Normalising

/** A piece of the words: `key` (folded, for matching) and `display` (original spelling), same length. */
interface Clause {
  key: string;
  display: string;
}

function normalise(text: string): Clause {
  const display = text
    .normalize('NFC')
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-')
    .replace(/[()[\]]/g, ',')
    .replace(/\s+/g, ' ')
    .replace(/\s*([,;])\s*/g, '$1 ')
    .replace(/([,;])(?:\s*[,;])+/g, '$1')
    .replace(/^[\s,;.…"'“”]+|[\s,;.…"'“”]+$/g, '');
  return { display, key: fold(display) };
}

/** Lower case, no diacritics, đ → d; one output code unit per input code unit. */
function fold(text: string): string {
  let out = '';
  for (const ch of text) {
    const base = ch
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd');
    out += base.length === ch.length ? base : '?'.repeat(ch.length);
  }
  // "Quí" and "Quý" (and "Qúy") are the same word.
  return out.replace(/\bqui\b/g, 'quy');
}

function slice(clause: Clause, start: number, end = clause.key.length): Clause {
  return { key: clause.key.slice(start, end), display: clause.display.slice(start, end) };
}

/** Drops filler words that do not change the schedule; never empties the clause. */
const FILLERS: readonly RegExp[] = [
  /^(?:hoan thanh|thuc hien|trien khai|to chuc thuc hien|to chuc)\s+/,
  /^(?:trong|vao)\s+/,
  /^dinh ky,?\s+/,
  /^bao cao\s+(?!(?:ve|den|cho|toi|len)\b)/,
  /(?<![,;])\s+(?:bao cao|gui)\b[^,;]*$/,
  /[\s,;]+$/,
];

function trimClause(clause: Clause): Clause {
  let current = clause;
  for (let changed = true; changed; ) {
    changed = false;
    for (const filler of FILLERS) {
      const match = filler.exec(current.key);
      if (!match || match[0].length === 0 || match[0].length === current.key.length) continue;
      current =
        match.index === 0
          ? slice(current, match[0].length)
          : slice(current, 0, match.index);
      changed = true;
    }
  }
  return current;
}

function splitClauses(whole: Clause): Clause[] {
  const clauses: Clause[] = [];
  const separator = /\s*[,;]\s*|\s+(?:va|\+)\s+/g;
  let start = 0;
  for (let match = separator.exec(whole.key); match; match = separator.exec(whole.key)) {
    clauses.push(slice(whole, start, match.index));
    start = match.index + match[0].length;
  }
  clauses.push(slice(whole, start));
  return clauses.map(trimClause).filter((c) => c.key.length > 0);
}

// ---------------------------------------------------------------------------------------------
// Recognisers: each reads one whole clause or returns undefined.

type Reading =
  | { type: 'part'; part: TimingPart }
  /** "Định kỳ" on its own: the next words carry the cadence. */
  | { type: 'periodic' }
  /** "báo cáo về Sở Nội vụ": who receives, not when. */
  | { type: 'note' }
  /** "trước ngày 15/12" with neither year nor cadence: belongs to a neighbouring part. */
  | { type: 'deadline'; day: number; month: number; rule: DeadlineRule }
  /** "từ năm 2026", "đến năm 2030": limits of a neighbouring recurrence. */
  | { type: 'bounds'; bounds: YearBounds }
  /** The form is recognised but its values are impossible (31/02, Tháng 13, 2030–2025). */
  | { type: 'invalid'; warning: string };

type Recogniser = (clause: Clause) => Reading | undefined;

const YEAR = '(\\d{4})';
const MONTH = '(\\d{1,2})';
const QUARTER = '(iv|iii|ii|i|[1-4])';
/** Between a quarter or month and its year: "Quý IV/2025", "Quý IV-2025", "Quý IV năm 2025". */
const YEAR_SEP = '\\s*(?:/|-|nam)\\s*';
const EVERY = '(?:hang|moi)';
/** Words after "theo kế hoạch", "theo lộ trình", "theo yêu cầu" …; never swallows " và ". */
const TAIL = '(?: (?:cua|duoc|do|theo|tai|khi|ve|cap) (?:(?! va )[^,;])*)?';
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

const part = (p: TimingPart): Reading => ({ type: 'part', part: p });
const invalid = (warning: string): Reading => ({ type: 'invalid', warning });

/** "Đột xuất", "Khi (có) phát sinh", "Khi có yêu cầu", "Khi cần (thiết)", "Theo yêu cầu/chỉ đạo …". */
const AD_HOC = new RegExp(
  `^(?:dot xuat|khi (?:co )?phat sinh|khi co yeu cau|khi can(?: thiet)?|theo (?:yeu cau|chi dao))${TAIL}$`,
);
const ROADMAP = new RegExp(`^theo lo trinh${TAIL}$`);
const PER_PLAN = new RegExp(`^theo ke hoach( rieng)?${TAIL}$`);

const readAdHoc: Recogniser = ({ key }) => (AD_HOC.test(key) ? part({ kind: 'ad-hoc' }) : undefined);

const readRoadmap: Recogniser = ({ key }) => (ROADMAP.test(key) ? part({ kind: 'roadmap' }) : undefined);

const readPerPlan: Recogniser = ({ key }) => {
  const match = PER_PLAN.exec(key);
  if (!match) return undefined;
  return part({ kind: 'unscheduled', reason: match[1] ? 'per-own-plan' : 'per-plan' });
};

const readAfterEvent: Recogniser = (clause) => {
  const match = /^(?:ngay )?sau khi (.+)$/.exec(clause.key);
  if (!match) return undefined;
  const condition = clause.display.slice(clause.key.length - match[1].length);
  return part({ kind: 'unscheduled', reason: 'after-event', condition });
};

const readPeriodicMarker: Recogniser = ({ key }) => (/^dinh ky$/.test(key) ? { type: 'periodic' } : undefined);

const readReportNote: Recogniser = ({ key }) =>
  /^(?:bao cao|gui)(?: (?:ve|den|cho|toi|len)\b.*)?$/.test(key) ? { type: 'note' } : undefined;

const readOngoing: Recogniser = (clause) => {
  const match = /^(?:thuong xuyen|lien tuc|hang ngay)(?:,? (?:lien tuc|thuong xuyen))?(?:,? (.+))?$/.exec(clause.key);
  if (!match) return undefined;
  if (match[1] === undefined) return part({ kind: 'ongoing' });
  const rest = readClause(trimClause(slice(clause, clause.key.length - match[1].length)));
  if (rest?.type === 'part' && isRecurringPart(rest.part)) return part({ kind: 'ongoing', report: rest.part });
  if (rest?.type === 'bounds') return part({ kind: 'ongoing', ...rest.bounds });
  return undefined;
};

/** "trước ngày", "hạn trước ngày", "chậm nhất là ngày", "hạn chót:", "ngày" …; group 1 decides the rule. */
const DEADLINE_PREFIX =
  '(?:han(?: chot| cuoi)?(?: la)?:? )?(?:(truoc|cham nhat|khong muon hon|khong qua)(?: la)?(?: vao)? )?(?:ngay )?';
const DAY_MONTH_YEAR = '(\\d{1,2})(?:\\s*[/.-]\\s*|\\s+thang\\s+)(\\d{1,2})(?:(?:\\s*[/.-]\\s*|\\s+nam\\s+)(\\d{4}))?';
const DATE_DEADLINE = new RegExp(`^${DEADLINE_PREFIX}${DAY_MONTH_YEAR}(?:,? (${EVERY} nam))?$`);
const MONTHLY_DEADLINE = new RegExp(`^${DEADLINE_PREFIX}(\\d{1,2}),? (?:hang|moi|cua) thang$`);

const readDeadline: Recogniser = (clause) => {
  const monthly = MONTHLY_DEADLINE.exec(clause.key);
  if (monthly) {
    const day = Number(monthly[2]);
    if (day < 1 || day > 31) return invalid(warn.invalidDate(clause.display));
    return part({ kind: 'monthly', deadline: { day, rule: ruleOf(monthly[1]) } });
  }
  const match = DATE_DEADLINE.exec(clause.key);
  if (!match) return undefined;
  const rule = ruleOf(match[1]);
  const [day, month] = [Number(match[2]), Number(match[3])];
  if (match[4] !== undefined) {
    if (match[5] !== undefined) return undefined; // "… 30/6/2026 hằng năm" contradicts itself
    const year = Number(match[4]);
    if (!yearInRange(year)) return invalid(warn.yearOutOfRange(clause.display));
    if (!isValidDateParts(year, month, day)) return invalid(warn.invalidDate(clause.display));
    return part({ kind: 'once', year, deadline: { date: localDate(year, month, day), rule } });
  }
  // Without a year, 29/02 is allowed: the due-date calculator handles common years.
  if (!isValidDateParts(2000, month, day)) return invalid(warn.invalidDate(clause.display));
  if (match[5] !== undefined) return part({ kind: 'yearly', deadline: { day, month, rule } });
  return { type: 'deadline', day, month, rule };
};

function ruleOf(prefix: string | undefined): DeadlineRule {
  return prefix === 'truoc' ? 'before' : 'by';
}

/** A point in time without a cadence: "Năm 2026", "Quý IV/2025", "Tháng 6 năm 2026", "6 tháng đầu năm 2026". */
interface PointReading {
  year?: number;
  half?: Half;
  quarter?: Quarter;
  month?: number;
}

const POINT_FORMS: ReadonlyArray<{ pattern: RegExp; read: (m: RegExpExecArray) => PointReading }> = [
  { pattern: new RegExp(`^(?:nam )?${YEAR}$`), read: (m) => ({ year: Number(m[1]) }) },
  {
    pattern: new RegExp(`^quy ${QUARTER}(?:${YEAR_SEP}${YEAR})?$`),
    read: (m) => ({ quarter: quarterOf(m[1]), year: optionalNumber(m[2]) }),
  },
  {
    pattern: new RegExp(`^thang ${MONTH}(?:${YEAR_SEP}${YEAR})?$`),
    read: (m) => ({ month: Number(m[1]), year: optionalNumber(m[2]) }),
  },
  { pattern: new RegExp(`^${MONTH}/${YEAR}$`), read: (m) => ({ month: Number(m[1]), year: Number(m[2]) }) },
  {
    pattern: new RegExp(`^(?:6|sau) thang (dau|cuoi) nam(?:\\s*[/-]?\\s*${YEAR})?$`),
    read: (m) => ({ half: m[1] === 'dau' ? 1 : 2, year: optionalNumber(m[2]) }),
  },
];

function readPoint(key: string): PointReading | undefined {
  for (const form of POINT_FORMS) {
    const match = form.pattern.exec(key);
    if (match) return form.read(match);
  }
  return undefined;
}

/** Why a point cannot be used, as a warning, or undefined when it is fine. */
function pointProblem(point: PointReading, fragment: string): string | undefined {
  if (point.year !== undefined && !yearInRange(point.year)) return warn.yearOutOfRange(fragment);
  if (point.month !== undefined && (point.month < 1 || point.month > 12)) return warn.invalidMonth(fragment);
  return undefined;
}

const readOnce: Recogniser = (clause) => {
  const point = readPoint(clause.key);
  if (!point || point.year === undefined) return undefined;
  const problem = pointProblem(point, clause.display);
  if (problem) return invalid(problem);
  return part({ kind: 'once', ...definedOnly({ ...point, year: point.year }) });
};

const readWindow: Recogniser = (clause) => {
  const body = trimLeading(clause, /^(?:(?:trong )?giai doan|tu)\s+/);
  const separator = /\s*-\s*|\s+(?:den|toi)\s+/g;
  for (let match = separator.exec(body.key); match; match = separator.exec(body.key)) {
    const left = readPoint(body.key.slice(0, match.index));
    const right = readPoint(body.key.slice(match.index + match[0].length));
    if (!left || !right || (left.year === undefined && right.year === undefined)) continue;
    const problem = pointProblem(left, clause.display) ?? pointProblem(right, clause.display);
    if (problem) return invalid(problem);
    const [from, to] = fillYears(left, right);
    if (firstMonth(from) > lastMonth(to)) return invalid(warn.reversedRange(clause.display));
    return part({ kind: 'window', from: definedOnly(from), to: definedOnly(to) });
  }
  return undefined;
};

/** "Quý III - Quý IV/2026": a side without a year takes the other's, so that from ≤ to. */
function fillYears(left: PointReading, right: PointReading): [PeriodPoint, PeriodPoint] {
  if (left.year === undefined) {
    const to = { ...right, year: right.year as number };
    const from = { ...left, year: to.year };
    return firstMonth(from) > lastMonth(to) ? [{ ...from, year: to.year - 1 }, to] : [from, to];
  }
  const from = { ...left, year: left.year };
  const to = { ...right, year: right.year ?? from.year };
  return right.year === undefined && lastMonth(to) < firstMonth(from) ? [from, { ...to, year: from.year + 1 }] : [from, to];
}

/** Month index (year × 12 + month − 1) where a point starts / ends. */
function firstMonth(p: PeriodPoint): number {
  const month = p.month ?? (p.quarter ? p.quarter * 3 - 2 : p.half ? p.half * 6 - 5 : 1);
  return p.year * 12 + month - 1;
}

function lastMonth(p: PeriodPoint): number {
  const month = p.month ?? (p.quarter ? p.quarter * 3 : p.half ? p.half * 6 : 12);
  return p.year * 12 + month - 1;
}

const readUpdate: Recogniser = (clause) => {
  const match = /^cap nhat,? (.+)$/.exec(clause.key);
  if (!match) return undefined;
  const rest = readRecurring(trimClause(slice(clause, clause.key.length - match[1].length)));
  if (rest?.type !== 'part' || !isRecurringPart(rest.part)) return rest?.type === 'invalid' ? rest : undefined;
  return part({ ...rest.part, update: true });
};

/** Cadence words; the captures are read by `build`; bounds may follow ("hằng năm giai đoạn 2026–2030"). */
const CADENCE_FORMS: ReadonlyArray<{ form: string; build: (m: RegExpExecArray) => RecurringPart | string }> = [
  { form: `thang ${MONTH}(?:,? ${EVERY} nam)?`, build: (m) => yearlyInMonth(m[1]) },
  { form: `${EVERY} nam,? (?:vao |trong )?thang ${MONTH}`, build: (m) => yearlyInMonth(m[1]) },
  { form: `quy ${QUARTER}(?:,? ${EVERY} nam)?`, build: (m) => ({ kind: 'yearly', quarter: quarterOf(m[1]) }) },
  { form: `${EVERY} nam,? (?:vao |trong )?quy ${QUARTER}`, build: (m) => ({ kind: 'yearly', quarter: quarterOf(m[1]) }) },
  {
    form: `(?:6|sau) thang (dau|cuoi) nam(?:,? ${EVERY} nam)?`,
    build: (m) => ({ kind: 'half-yearly', half: m[1] === 'dau' ? 1 : 2 }),
  },
  { form: `(?:${EVERY} |dinh ky )?(?:6|sau) thang(?: mot lan|\\s*/\\s*lan)?`, build: () => ({ kind: 'half-yearly' }) },
  { form: `(?:${EVERY} )?nua nam(?: mot lan)?`, build: () => ({ kind: 'half-yearly' }) },
  { form: `(?:${EVERY} nam|(?:mot )?nam mot lan)`, build: () => ({ kind: 'yearly' }) },
  { form: `(?:${EVERY} quy|quy(?: mot lan)?)`, build: () => ({ kind: 'quarterly' }) },
  { form: `(?:${EVERY} thang|thang mot lan)`, build: () => ({ kind: 'monthly' }) },
];

const CADENCE_PATTERNS = CADENCE_FORMS.map(({ form, build }) => ({
  pattern: new RegExp(`^${form}(?:,? (.+))?$`),
  build,
}));

function yearlyInMonth(text: string): YearlyPart | string {
  const month = Number(text);
  return month >= 1 && month <= 12 ? { kind: 'yearly', month } : 'invalid-month';
}

const readRecurring: Recogniser = (clause) => {
  for (const { pattern, build } of CADENCE_PATTERNS) {
    const match = pattern.exec(clause.key);
    if (!match) continue;
    const built = build(match);
    if (typeof built === 'string') return invalid(warn.invalidMonth(clause.display));
    const tail = match[match.length - 1];
    if (tail === undefined) return part(built);
    // "hằng năm trước ngày 15/12": a deadline without a year right after the cadence.
    const deadline = readDeadline(trimClause(slice(clause, clause.key.length - tail.length)));
    if (deadline?.type === 'invalid') return deadline;
    if (deadline?.type === 'deadline') {
      const withIt = withDeadline(built, deadline);
      return withIt ? part(withIt) : undefined;
    }
    const bounds = readYearBounds(tail);
    if (bounds === 'reversed') return invalid(warn.reversedRange(clause.display));
    if (bounds === 'out-of-range') return invalid(warn.yearOutOfRange(clause.display));
    return bounds ? part({ ...built, ...bounds }) : undefined;
  }
  return undefined;
};

const BOUNDS_RANGE = new RegExp(`^(?:(?:trong )?giai doan |tu )?(?:nam )?${YEAR}\\s*(?:-|den|toi)\\s*(?:nam )?${YEAR}$`);
const BOUNDS_FROM = new RegExp(`^(?:bat dau )?tu (?:nam )?${YEAR}(?: tro di)?$`);
const BOUNDS_UNTIL = new RegExp(`^den (?:het )?(?:nam )?${YEAR}$`);

function readYearBounds(key: string): YearBounds | 'reversed' | 'out-of-range' | undefined {
  const range = BOUNDS_RANGE.exec(key);
  const bounds: YearBounds | undefined = range
    ? { fromYear: Number(range[1]), toYear: Number(range[2]) }
    : BOUNDS_FROM.test(key)
      ? { fromYear: Number((BOUNDS_FROM.exec(key) as RegExpExecArray)[1]) }
      : BOUNDS_UNTIL.test(key)
        ? { toYear: Number((BOUNDS_UNTIL.exec(key) as RegExpExecArray)[1]) }
        : undefined;
  if (!bounds) return undefined;
  if ([bounds.fromYear, bounds.toYear].some((y) => y !== undefined && !yearInRange(y))) return 'out-of-range';
  if (bounds.fromYear !== undefined && bounds.toYear !== undefined && bounds.fromYear > bounds.toYear) return 'reversed';
  return bounds;
}

const readBounds: Recogniser = (clause) => {
  const bounds = readYearBounds(clause.key);
  if (bounds === 'reversed') return invalid(warn.reversedRange(clause.display));
  if (bounds === 'out-of-range') return invalid(warn.yearOutOfRange(clause.display));
  return bounds ? { type: 'bounds', bounds } : undefined;
};

/** Tried in this order; the first that reads the clause wins. */
const RECOGNISERS: readonly Recogniser[] = [
  readAdHoc,
  readRoadmap,
  readPerPlan,
  readAfterEvent,
  readPeriodicMarker,
  readReportNote,
  readOngoing,
  readDeadline,
  readOnce,
  readWindow,
  readUpdate,
  readRecurring,
  readBounds,
];

function readClause(clause: Clause): Reading | undefined {
  for (const recognise of RECOGNISERS) {
    const reading = recognise(clause);
    if (reading) return reading;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Combining the clauses

interface Piece {
  clause: Clause;
  reading: Reading;
}

interface PartPiece {
  clause: Clause;
  part: TimingPart;
}

function parseWords(text: string): ParsedTiming {
  const whole = normalise(text);
  if (whole.key === '') return assemble(text, [{ kind: 'unscheduled', reason: 'empty' }], [warn.empty]);

  const trimmed = trimClause(whole);
  const single = readClause(trimmed);
  const clauses = single?.type === 'part' ? [trimmed] : splitClauses(whole);

  const warnings: string[] = [];
  const unreadable: string[] = [];
  const pieces: Piece[] = [];
  for (const clause of clauses) {
    const reading = clause === trimmed && single ? single : readClause(clause);
    if (!reading) unreadable.push(clause.display);
    else if (reading.type === 'invalid') warnings.push(reading.warning);
    else pieces.push({ clause, reading });
  }

  const combined = combine(pieces);
  warnings.push(...combined.warnings);
  const parts = dedupe(combined.parts);
  if (parts.length === 0) {
    if (warnings.length === 0) warnings.push(warn.unreadable(text.trim()));
    return assemble(text, [{ kind: 'unscheduled', reason: 'unreadable' }], warnings);
  }
  warnings.push(...unreadable.map((fragment) => warn.unreadablePart(fragment, text.trim())));
  return assemble(text, parts.map((p) => p.part), [...partWarnings(parts), ...warnings]);
}

function combine(pieces: readonly Piece[]): { parts: PartPiece[]; warnings: string[] } {
  const warnings: string[] = [];
  // Keep each piece's position so modifiers attach to the nearest part.
  const slots: Array<PartPiece | undefined> = pieces.map((p) =>
    p.reading.type === 'part' ? { clause: p.clause, part: p.reading.part } : undefined,
  );
  const nearest = (index: number, accepts: (part: TimingPart) => boolean): number | undefined => {
    for (let distance = 1; distance < slots.length; distance++) {
      for (const candidate of [index - distance, index + distance]) {
        const slot = slots[candidate];
        if (slot && accepts(slot.part)) return candidate;
      }
    }
    return undefined;
  };

  // Deadlines without a year ("trước ngày 15/12") go to a yearly part or a one-off of a known year.
  pieces.forEach((piece, index) => {
    const reading = piece.reading;
    if (reading.type !== 'deadline') return;
    const target = nearest(index, (p) => withDeadline(p, reading) !== undefined);
    if (target === undefined) {
      warnings.push(warn.missingYear(piece.clause.display));
      return;
    }
    const slot = slots[target] as PartPiece;
    slots[target] = { ...slot, part: withDeadline(slot.part, reading) as TimingPart };
  });

  // Bounds ("từ năm 2026") and year-only windows ("giai đoạn 2026–2030") limit a recurrence.
  const boundable = (p: TimingPart): boolean =>
    (isRecurringPart(p) || p.kind === 'ongoing') && p.fromYear === undefined && p.toYear === undefined;
  pieces.forEach((piece, index) => {
    const reading = piece.reading;
    const slot = slots[index];
    const bounds =
      reading.type === 'bounds' ? reading.bounds : slot && isYearWindow(slot.part) ? windowBounds(slot.part) : undefined;
    if (!bounds) return;
    const target = nearest(index, boundable);
    if (target !== undefined) {
      const targetSlot = slots[target] as PartPiece;
      slots[target] = { ...targetSlot, part: { ...(targetSlot.part as RecurringPart | OngoingPart), ...bounds } };
      slots[index] = undefined;
    } else if (reading.type === 'bounds') {
      slots[index] = { clause: piece.clause, part: { kind: 'ongoing', ...bounds } };
    }
  });

  let parts = slots.filter((s): s is PartPiece => s !== undefined);

  // "Tháng 5, hằng năm": a plain yearly part adds nothing to an anchored one.
  const yearly = parts.filter((p) => p.part.kind === 'yearly');
  if (yearly.some((p) => !isPlainYearly(p.part)) && yearly.some((p) => isPlainYearly(p.part))) {
    parts = parts.filter((p) => !isPlainYearly(p.part));
  }

  // "Năm 2026 và cập nhật hằng năm": the updates start the year after the last one-off before them.
  parts = parts.map((p, index) => {
    if (!isRecurringPart(p.part) || !p.part.update || p.part.fromYear !== undefined) return p;
    const before = parts.slice(0, index).filter((q): q is PartPiece & { part: OncePart } => q.part.kind === 'once');
    if (before.length === 0) return p;
    return { ...p, part: { ...p.part, fromYear: Math.max(...before.map((q) => q.part.year)) + 1 } };
  });

  // "Thường xuyên, hằng quý": ongoing work reported on the recurring part's schedule.
  const ongoingIndex = parts.findIndex((p) => p.part.kind === 'ongoing' && p.part.report === undefined);
  const recurringIndex = parts.findIndex((p) => isRecurringPart(p.part));
  if (ongoingIndex >= 0 && recurringIndex >= 0) {
    const ongoing = parts[ongoingIndex];
    const report = parts[recurringIndex].part as RecurringPart;
    parts = parts
      .map((p, index) => (index === ongoingIndex ? { ...ongoing, part: { ...(ongoing.part as OngoingPart), report } } : p))
      .filter((_, index) => index !== recurringIndex);
  }

  // "Định kỳ" with no cadence anywhere: periodic progress reports at the plan's cadence.
  const periodic = pieces.find((p) => p.reading.type === 'periodic');
  if (periodic && parts.length === 0) {
    parts = [{ clause: periodic.clause, part: { kind: 'ongoing' } }];
    warnings.push(warn.periodicWithoutCadence(periodic.clause.display));
  }
  return { parts, warnings };
}

function withDeadline(part: TimingPart, d: { day: number; month: number; rule: DeadlineRule }): TimingPart | undefined {
  if (part.kind === 'yearly' && part.deadline === undefined) {
    return { ...part, deadline: { day: d.day, month: d.month, rule: d.rule } };
  }
  if (part.kind === 'once' && part.deadline === undefined && isValidDateParts(part.year, d.month, d.day)) {
    return { ...part, deadline: { date: localDate(part.year, d.month, d.day), rule: d.rule } };
  }
  return undefined;
}

function isYearWindow(part: TimingPart): part is WindowPart {
  return part.kind === 'window' && Object.keys(part.from).length === 1 && Object.keys(part.to).length === 1;
}

function windowBounds(part: WindowPart): YearBounds {
  return { fromYear: part.from.year, toYear: part.to.year };
}

function isPlainYearly(part: TimingPart): boolean {
  return part.kind === 'yearly' && Object.keys(part).length === 1;
}

function dedupe(parts: readonly PartPiece[]): PartPiece[] {
  const seen = new Set<string>();
  return parts.filter((p) => {
    const key = JSON.stringify(p.part);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Warnings that belong to a kind of part, quoting its own words. */
function partWarnings(parts: readonly PartPiece[]): string[] {
  return parts.flatMap(({ clause, part: p }) => {
    if (p.kind === 'roadmap') return [warn.roadmapNeedsMilestones(clause.display)];
    if (p.kind === 'unscheduled') return [warn.needsSchedule(clause.display)];
    return [];
  });
}

function assemble(text: string, parts: TimingPart[], warnings: string[]): ParsedTiming {
  const main = parts.find((p) => p.kind !== 'ad-hoc') ?? parts[0];
  return {
    text,
    kind: main.kind,
    parts,
    adHoc: parts.some((p) => p.kind === 'ad-hoc'),
    explanation: parts.map((p, index) => (index === 0 ? explain(p) : lowerFirst(explain(p)))).join('; '),
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// Explaining

/** One Vietnamese phrase for a part. */
export function explain(p: TimingPart): string {
  switch (p.kind) {
    case 'yearly':
    case 'half-yearly':
    case 'quarterly':
    case 'monthly':
      return explainRecurring(p);
    case 'once':
      return explainOnce(p);
    case 'window':
      return say.window(explainPoint(p.from), explainPoint(p.to));
    case 'ongoing':
      return [
        say.ongoing,
        p.report ? say.ongoingReport(lowerFirst(explainRecurring(p.report))) : say.ongoingDefaultReport,
        explainBounds(p),
      ]
        .filter(Boolean)
        .join(', ');
    case 'roadmap':
      return say.roadmap;
    case 'ad-hoc':
      return say.adHoc;
    case 'unscheduled':
      return explainUnscheduled(p);
    default: {
      const exhaustive: never = p;
      return exhaustive;
    }
  }
}

function explainRecurring(p: RecurringPart): string {
  const pieces: string[] = [];
  switch (p.kind) {
    case 'yearly':
      pieces.push(say.yearly);
      if (p.month !== undefined) pieces.push(say.inMonth(p.month));
      if (p.quarter !== undefined) pieces.push(say.inQuarter(p.quarter));
      if (p.deadline) pieces.push(explainDeadline(p.deadline.rule, formatDayMonth(p.deadline.day, p.deadline.month)));
      break;
    case 'half-yearly':
      pieces.push(p.half === 1 ? say.firstHalfEachYear : p.half === 2 ? say.secondHalfEachYear : say.halfYearly);
      break;
    case 'quarterly':
      pieces.push(say.quarterly);
      break;
    case 'monthly':
      pieces.push(say.monthly);
      if (p.deadline) pieces.push(explainDeadline(p.deadline.rule, String(p.deadline.day).padStart(2, '0')));
      break;
    default: {
      const exhaustive: never = p;
      return exhaustive;
    }
  }
  const bounds = explainBounds(p);
  if (bounds) pieces.push(bounds);
  const sentence = pieces.join(', ');
  return p.update ? say.update(lowerFirst(sentence)) : sentence;
}

function explainOnce(p: OncePart): string {
  if (p.deadline) return `${say.once}, ${explainDeadline(p.deadline.rule, formatVietnamese(p.deadline.date))}`;
  if (p.month !== undefined) return say.onceInMonth(p.month, p.year);
  if (p.quarter !== undefined) return say.onceInQuarter(p.quarter, p.year);
  if (p.half !== undefined) return say.onceInHalf(p.half, p.year);
  return say.onceInYear(p.year);
}

function explainPoint(p: PeriodPoint): string {
  if (p.month !== undefined) return say.pointMonth(p.month, p.year);
  if (p.quarter !== undefined) return say.pointQuarter(p.quarter, p.year);
  if (p.half !== undefined) return say.pointHalf(p.half, p.year);
  return say.pointYear(p.year);
}

function explainDeadline(rule: DeadlineRule, date: string): string {
  switch (rule) {
    case 'before':
      return say.deadlineBefore(date);
    case 'by':
      return say.deadlineBy(date);
    default: {
      const exhaustive: never = rule;
      return exhaustive;
    }
  }
}

function explainBounds(b: YearBounds): string | undefined {
  if (b.fromYear !== undefined && b.toYear !== undefined) return say.fromYearToYear(b.fromYear, b.toYear);
  if (b.fromYear !== undefined) return say.fromYear(b.fromYear);
  if (b.toYear !== undefined) return say.untilYear(b.toYear);
  return undefined;
}

function explainUnscheduled(p: UnscheduledPart): string {
  switch (p.reason) {
    case 'per-plan':
      return say.perPlan;
    case 'per-own-plan':
      return say.perOwnPlan;
    case 'after-event':
      return say.afterEvent(p.condition ?? '…');
    case 'unreadable':
    case 'empty':
      return say.noSchedule;
    default: {
      const exhaustive: never = p.reason;
      return exhaustive;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function quarterOf(text: string): Quarter {
  const index = ['i', 'ii', 'iii', 'iv'].indexOf(text);
  return (index >= 0 ? index + 1 : Number(text)) as Quarter;
}

function optionalNumber(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

function yearInRange(year: number): boolean {
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

function trimLeading(clause: Clause, pattern: RegExp): Clause {
  const match = pattern.exec(clause.key);
  return match && match.index === 0 ? slice(clause, match[0].length) : clause;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);
}

/** Drops keys whose value is undefined, so parts compare and serialise cleanly. */
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
