/**
 * The allocation table Sở Nội vụ imports: the part of the city's yearly target assigned to each
 * agency or commune. The caller reads the CSV (csv-parse) or XLSX (exceljs) file into rows of cell
 * strings; this module checks them and returns the allocations, or every error found.
 *
 *   phan-bo-2026.csv
 *     ma_co_quan,ten_co_quan,chi_tieu,nam,gia_tri,ghi_chu
 *     11311,Phường Hồng Bàng,participants_total,2026,"25.400",
 *   → { agencyCode: '11311', indicatorCode: 'participants_total', year: 2026, value: 25400, note: null, line: 2 }
 *
 * Rules:
 * - Line numbers are 1-based as a spreadsheet shows them; line 1 is the header. Blank lines (every
 *   cell empty or white space) are skipped but still counted.
 * - Headers: case, diacritics, surrounding spaces, a leading byte-order mark and the difference
 *   between spaces, "-" and "_" are ignored, so "Mã cơ quan" = "ma_co_quan" = "MA CO QUAN"; the
 *   accepted names are in `allocationColumnNames` (indicator.messages.ts). Required: agency,
 *   indicator, year, value; optional: name (informative, not checked) and note. Other columns
 *   ("STT"…) are ignored. A missing required column, or two columns meaning the same thing, is an
 *   error on line 1 and stops the reading (the rows cannot be read without knowing the columns).
 * - Codes: agency and indicator codes must be known; an exact match wins, otherwise a match that
 *   ignores case ("bhxh" → "BHXH") gives the code as registered.
 * - Year: exactly four digits, within the plan's years.
 * - Value: a non-negative number written the Vietnamese way ("1.184.000", "1184000", "12,5");
 *   "12.5" is ambiguous and refused, as are percentages ("87,5%") and negative numbers.
 * - Note: trimmed, in Unicode NFC; empty → null.
 * - The same (agency, indicator, year) twice is an error on the later line, naming the first.
 * - Every error is collected (no stop at the first); each names the file, the line and the
 *   field, i.e. the header as written in the file (the canonical name for a missing column, ''
 *   for the file as a whole). A file without any data line is an error too.
 */
import { parseVietnameseNumber } from '../../deliverables/domain/figures';
import { allocationColumnNames, allocationMessages as m } from './indicator.messages';

export type AllocationField = keyof typeof allocationColumnNames;

const REQUIRED_FIELDS: readonly AllocationField[] = ['agency', 'indicator', 'year', 'value'];
const FIELDS = Object.keys(allocationColumnNames) as AllocationField[];

export interface AllocationTableInput {
  fileName: string;
  /** Rows of cell strings; rows[0] is the header (line 1). */
  rows: readonly (readonly string[])[];
}

export interface KnownCodes {
  agencyCodes: ReadonlySet<string>;
  indicators: ReadonlySet<string>;
  years: { from: number; to: number };
}

export interface Allocation {
  agencyCode: string;
  indicatorCode: string;
  year: number;
  value: number;
  note: string | null;
  /** The line of the file it came from. */
  line: number;
}

export interface AllocationError {
  fileName: string;
  line: number;
  /** The header as written in the file; '' when the error is about the whole file. */
  field: string;
  message: string;
}

export type AllocationTableResult = { ok: true; allocations: Allocation[] } | { ok: false; errors: AllocationError[] };

/** The city's target for an indicator and a year (null when the plan gives none). */
export interface CityTarget {
  indicatorCode: string;
  year: number;
  value: number | null;
}

export interface AllocationSum {
  indicatorCode: string;
  year: number;
  /** Sum of the values allocated for this indicator and year. */
  allocated: number;
  /** Number of allocations summed. */
  count: number;
  target: number | null;
  /** allocated − target: negative when allocations fall short; null without a target. */
  difference: number | null;
}

interface Column {
  index: number;
  header: string;
}

type Columns = Partial<Record<AllocationField, Column>>;

/** "Mã cơ quan" → "ma_co_quan". */
export function normalizeHeader(text: string): string {
  return text
    .replace(/^\uFEFF/u, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .toLowerCase()
    .replace(/đ/gu, 'd')
    .trim()
    .replace(/[\s_-]+/gu, '_');
}

const FIELD_OF_HEADER = new Map<string, AllocationField>(
  FIELDS.flatMap((field) => allocationColumnNames[field].map((name): [string, AllocationField] => [normalizeHeader(name), field])),
);

export function readAllocationTable(input: AllocationTableInput, known: KnownCodes): AllocationTableResult {
  const { fileName, rows } = input;
  const fail = (line: number, field: string, message: string): AllocationError => ({ fileName, line, field, message });
  if (rows.every(isBlankRow)) return { ok: false, errors: [fail(1, '', m.fileEmpty)] };

  const header = readHeader(rows[0] ?? [], fail);
  if (!header.ok) return { ok: false, errors: header.errors };

  const readRow = rowReader(header.columns, known, fail);
  const allocations: Allocation[] = [];
  const errors: AllocationError[] = [];
  const firstLineOf = new Map<string, number>();
  let dataRows = 0;
  rows.forEach((cells, index) => {
    if (index === 0 || isBlankRow(cells)) return;
    dataRows++;
    const line = index + 1;
    const row = readRow(cells, line);
    errors.push(...row.errors);
    if (row.key === null) return;
    const firstLine = firstLineOf.get(row.key.text);
    if (firstLine === undefined) firstLineOf.set(row.key.text, line);
    else errors.push(fail(line, header.columns.agency.header, m.duplicate(firstLine, row.key.agencyCode, row.key.indicatorCode, row.key.year)));
    if (row.allocation) allocations.push(row.allocation);
  });
  if (dataRows === 0) errors.push(fail(1, '', m.noDataRows));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, allocations };
}

/** 'phan-bo.csv, dòng 7, cột "gia_tri": "12.5" không phải số hợp lệ (viết như 1.184.000)'. */
export function formatAllocationError(error: AllocationError): string {
  return m.located(error.fileName, error.line, error.field, error.message);
}

/**
 * Per (indicator, year) present in the allocations: the sum allocated and its difference from
 * the city's target, in the order the indicators first appear, years ascending. Sums are rounded
 * to 6 decimals so that decimal values do not leave binary noise ("0,1 + 0,2").
 */
export function sumAllocations(
  allocations: readonly Pick<Allocation, 'indicatorCode' | 'year' | 'value'>[],
  targets: readonly CityTarget[],
): AllocationSum[] {
  const sums = new Map<string, AllocationSum>();
  const indicatorOrder = new Map<string, number>();
  for (const { indicatorCode, year, value } of allocations) {
    if (!indicatorOrder.has(indicatorCode)) indicatorOrder.set(indicatorCode, indicatorOrder.size);
    const key = `${indicatorCode}\u0000${year}`;
    const sum = sums.get(key) ?? { indicatorCode, year, allocated: 0, count: 0, target: null, difference: null };
    sum.allocated += value;
    sum.count++;
    sums.set(key, sum);
  }
  const targetOf = new Map(targets.map((t) => [`${t.indicatorCode}\u0000${t.year}`, t.value]));
  return [...sums.entries()]
    .map(([key, sum]) => {
      const allocated = roundSum(sum.allocated);
      const target = targetOf.get(key) ?? null;
      return { ...sum, allocated, target, difference: target === null ? null : roundSum(allocated - target) };
    })
    .sort((a, b) => (indicatorOrder.get(a.indicatorCode) ?? 0) - (indicatorOrder.get(b.indicatorCode) ?? 0) || a.year - b.year);
}

type Fail = (line: number, field: string, message: string) => AllocationError;

type HeaderResult =
  | { ok: true; columns: Columns & Record<'agency' | 'indicator' | 'year' | 'value', Column> }
  | { ok: false; errors: AllocationError[] };

function readHeader(cells: readonly string[], fail: Fail): HeaderResult {
  const columns: Columns = {};
  const errors: AllocationError[] = [];
  cells.forEach((cell, index) => {
    const text = (cell ?? '').replace(/^\uFEFF/u, '').trim();
    const field = FIELD_OF_HEADER.get(normalizeHeader(text));
    if (field === undefined) return;
    const first = columns[field];
    if (first) errors.push(fail(1, text, m.repeatedColumn(first.index + 1, index + 1)));
    else columns[field] = { index, header: text };
  });
  for (const field of REQUIRED_FIELDS) {
    if (!columns[field]) errors.push(fail(1, allocationColumnNames[field][0], m.missingColumn(allocationColumnNames[field])));
  }
  const { agency, indicator, year, value } = columns;
  if (errors.length > 0 || !agency || !indicator || !year || !value) return { ok: false, errors };
  return { ok: true, columns: { ...columns, agency, indicator, year, value } };
}

interface RowResult {
  allocation: Allocation | null;
  /** Set when agency, indicator and year are all valid: the key checked for duplicates. */
  key: { text: string; agencyCode: string; indicatorCode: string; year: number } | null;
  errors: AllocationError[];
}

type Check<T> = { ok: true; value: T } | { ok: false; message: string };

function rowReader(columns: Columns & Record<'agency' | 'indicator' | 'year' | 'value', Column>, known: KnownCodes, fail: Fail) {
  const resolveAgency = codeResolver(known.agencyCodes);
  const resolveIndicator = codeResolver(known.indicators);
  const indicatorList = [...known.indicators];
  return (cells: readonly string[], line: number): RowResult => {
    const cell = (column: Column | undefined) => (column ? (cells[column.index] ?? '').trim() : '');
    const errors: AllocationError[] = [];
    const take = <T>(column: Column, check: Check<T>): T | null => {
      if (check.ok) return check.value;
      errors.push(fail(line, column.header, check.message));
      return null;
    };
    const agencyCode = take(columns.agency, checkCode(cell(columns.agency), resolveAgency, m.agencyMissing, m.agencyUnknown));
    const indicatorCode = take(
      columns.indicator,
      checkCode(cell(columns.indicator), resolveIndicator, m.indicatorMissing, (code) => m.indicatorUnknown(code, indicatorList)),
    );
    const year = take(columns.year, checkYear(cell(columns.year), known.years));
    const value = take(columns.value, checkValue(cell(columns.value)));
    const noteText = cell(columns.note).normalize('NFC');
    const note = noteText === '' ? null : noteText;

    const key = agencyCode !== null && indicatorCode !== null && year !== null
      ? { text: `${agencyCode}\u0000${indicatorCode}\u0000${year}`, agencyCode, indicatorCode, year }
      : null;
    const allocation = key !== null && value !== null ? { agencyCode: key.agencyCode, indicatorCode: key.indicatorCode, year: key.year, value, note, line } : null;
    return { allocation, key, errors };
  };
}

/** Exact match first, then a match ignoring case; undefined when unknown. */
function codeResolver(codes: ReadonlySet<string>): (text: string) => string | undefined {
  const byLowerCase = new Map<string, string>();
  for (const code of codes) if (!byLowerCase.has(code.toLowerCase())) byLowerCase.set(code.toLowerCase(), code);
  return (text) => (codes.has(text) ? text : byLowerCase.get(text.toLowerCase()));
}

function checkCode(
  text: string,
  resolve: (text: string) => string | undefined,
  missing: string,
  unknown: (code: string) => string,
): Check<string> {
  if (text === '') return { ok: false, message: missing };
  const code = resolve(text);
  return code === undefined ? { ok: false, message: unknown(text) } : { ok: true, value: code };
}

function checkYear(text: string, years: { from: number; to: number }): Check<number> {
  if (text === '') return { ok: false, message: m.yearMissing };
  if (!/^\d{4}$/u.test(text)) return { ok: false, message: m.yearInvalid(text) };
  const year = Number(text);
  if (year < years.from || year > years.to) return { ok: false, message: m.yearOutOfRange(year, years.from, years.to) };
  return { ok: true, value: year };
}

function checkValue(text: string): Check<number> {
  if (text === '') return { ok: false, message: m.valueMissing };
  const parsed = parseVietnameseNumber(text);
  if (parsed === undefined) return { ok: false, message: m.valueInvalid(text) };
  if (parsed.percent) return { ok: false, message: m.valuePercent(text) };
  if (parsed.value < 0) return { ok: false, message: m.valueNegative(text) };
  return { ok: true, value: parsed.value };
}

function isBlankRow(cells: readonly string[] | undefined): boolean {
  return (cells ?? []).every((cell) => (cell ?? '').trim() === '');
}

function roundSum(value: number): number {
  return Math.round(value * 1e6) / 1e6 + 0;
}
