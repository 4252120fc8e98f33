/**
 * Reads the table of an appendix file (CSV or XLSX) into plain rows, or refuses the file with
 * one clear error. Nothing here knows what a section or an agency is: see appendix-rows.ts.
 *
 * Type: by content, never by the extension alone. ZIP with `xl/workbook.xml` = XLSX; an OLE
 * compound file named .xls = UNSUPPORTED_TYPE (a spreadsheet we do not read, like .ods);
 * PDF, images, Word, other ZIPs and other binary content = NOT_A_SPREADSHEET; anything else is
 * read as CSV text.
 *
 * CSV: UTF-8 with or without BOM (other encodings, UTF-16 included, are refused: NOT_UTF8);
 * delimiter ',', ';' or tab, the one whose parse finds the header; quoted cells may hold line
 * breaks and delimiters; CRLF, LF and CR line ends.
 *
 * XLSX: the first worksheet. A cell's text: rich text joined, formulas → their result, dates →
 * dd/mm/yyyy, hyperlinks → their text, errors → empty. Merged cells: a cell below the top-left
 * cell of a merged range (same column) repeats its text, as the table shows it; a cell to the
 * right of it (other column) is empty, so a section title merged across the whole row stays a
 * heading with empty lead/support/… cells.
 *
 * Header: searched in the first HEADER_SEARCH_ROWS non-empty rows (title lines may precede it).
 * Column titles: the English names or the usual Vietnamese titles, any case, any order, with or
 * without diacritics; `section` is optional (Word-made appendices mark sections as heading rows);
 * the other six are required; empty header cells are ignored; anything else is WRONG_COLUMNS.
 *
 * Cell text: NFC; CR/CRLF → '\n'; tabs and no-break spaces → space; zero-width characters
 * dropped; each line trimmed with inner runs of spaces collapsed; blank lines dropped. Inner
 * line breaks are KEPT ('\n'): they separate agencies in a lead cell and items in a task.
 */
import { parse } from 'csv-parse/sync';
import { Workbook, type CellValue, type Worksheet } from 'exceljs';
import { tableErrors as say } from './import.messages';

export const APPENDIX_COLUMNS = ['section', 'number', 'task', 'lead', 'support', 'deliverable', 'timing'] as const;
export type AppendixColumn = (typeof APPENDIX_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly AppendixColumn[] = APPENDIX_COLUMNS.filter((c) => c !== 'section');

/** One physical row of the table below the header. */
export interface TableRow {
  /** 1-based line (CSV: the line where the record starts) or row number (XLSX) in the file. */
  line: number;
  section: string;
  number: string;
  task: string;
  lead: string;
  support: string;
  deliverable: string;
  timing: string;
  /** Non-empty cells beyond the header's columns (usually a comma that was not quoted). */
  extraCells: string[];
}

export type AppendixTableErrorCode =
  | 'EMPTY'
  | 'NOT_UTF8'
  | 'NO_HEADER'
  | 'WRONG_COLUMNS'
  | 'NOT_A_SPREADSHEET'
  | 'UNSUPPORTED_TYPE'
  | 'MALFORMED';

export interface AppendixTableError {
  code: AppendixTableErrorCode;
  message: string;
}

export type AppendixTableResult =
  | {
      ok: true;
      format: 'csv' | 'xlsx';
      /** XLSX: the worksheet read; CSV: null. */
      sheet: string | null;
      /** CSV: the delimiter found; XLSX: null. */
      delimiter: string | null;
      /** Line of the header; lines before it are title lines. */
      headerLine: number;
      rows: TableRow[];
    }
  | { ok: false; error: AppendixTableError };

/** How many non-empty rows from the top may precede the header (titles, "Phụ lục", dates). */
export const HEADER_SEARCH_ROWS = 10;

// ---------------------------------------------------------------------------------------------
// Text helpers shared by the import

/** Cleans one cell's text (see the rules at the top of this file). */
export function cleanCell(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\t\u00A0\u2007\u202F\u3000]/g, ' ')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** Lower case without diacritics (đ → d), NFC first: the key the import matches words on. */
export function foldText(value: string): string {
  return value
    .normalize('NFC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .normalize('NFC');
}

// ---------------------------------------------------------------------------------------------
// Header

/** Accepted column titles, folded, punctuation removed. */
const COLUMN_TITLES: Record<AppendixColumn, readonly string[]> = {
  section: ['section', 'muc', 'phan', 'linh vuc', 'nhom nhiem vu'],
  number: ['number', 'no', 'tt', 'stt', 'so tt', 'so thu tu'],
  task: [
    'task', 'nhiem vu', 'noi dung', 'noi dung nhiem vu', 'ten nhiem vu', 'nhiem vu cu the', 'nhiem vu giai phap',
    'noi dung cong viec', 'cong viec',
  ],
  lead: [
    'lead', 'chu tri', 'co quan chu tri', 'don vi chu tri', 'co quan don vi chu tri', 'co quan chu tri thuc hien',
    'don vi chu tri thuc hien',
  ],
  support: [
    'support', 'phoi hop', 'co quan phoi hop', 'don vi phoi hop', 'co quan don vi phoi hop', 'co quan phoi hop thuc hien',
    'don vi phoi hop thuc hien',
  ],
  deliverable: [
    'deliverable', 'san pham', 'san pham dau ra', 'san pham du kien', 'ket qua san pham', 'hinh thuc san pham',
    'san pham hoan thanh', 'ket qua dau ra',
  ],
  timing: [
    'timing', 'thoi gian', 'thoi gian thuc hien', 'thoi gian hoan thanh', 'thoi han', 'thoi han hoan thanh', 'tien do',
    'tien do thuc hien', 'tien do hoan thanh',
  ],
};

const TITLE_TO_COLUMN = new Map<string, AppendixColumn>(
  APPENDIX_COLUMNS.flatMap((column) => COLUMN_TITLES[column].map((title) => [title, column] as const)),
);

function headerKey(cell: string): string {
  return foldText(cell)
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[,.:;*/\\_-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface HeaderMatch {
  columns: Map<AppendixColumn, number>;
  recognised: number;
  missing: AppendixColumn[];
  unknown: string[];
  duplicates: string[];
  width: number;
}

function matchHeader(cells: string[]): HeaderMatch {
  const columns = new Map<AppendixColumn, number>();
  const unknown: string[] = [];
  const duplicates: string[] = [];
  let recognised = 0;
  let width = 0;
  cells.forEach((raw, index) => {
    const cell = cleanCell(raw).replace(/\n/g, ' ');
    if (cell === '') return;
    width = index + 1;
    const column = TITLE_TO_COLUMN.get(headerKey(cell));
    if (!column) return void unknown.push(cell);
    recognised++;
    if (columns.has(column)) duplicates.push(cell);
    else columns.set(column, index);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
  return { columns, recognised, missing, unknown, duplicates, width };
}

const isHeader = (m: HeaderMatch) => m.missing.length === 0 && m.unknown.length === 0 && m.duplicates.length === 0;

type Grid = { line: number; cells: string[] }[];

type HeaderSearch =
  | { found: true; index: number; match: HeaderMatch }
  | { found: false; best: { line: number; match: HeaderMatch } | null };

function findHeader(grid: Grid): HeaderSearch {
  let best: { line: number; match: HeaderMatch } | null = null;
  let seen = 0;
  for (let i = 0; i < grid.length && seen < HEADER_SEARCH_ROWS; i++) {
    if (grid[i].cells.every((c) => cleanCell(c) === '')) continue;
    seen++;
    const match = matchHeader(grid[i].cells);
    if (isHeader(match)) return { found: true, index: i, match };
    if (match.recognised >= 2 && (!best || match.recognised > best.match.recognised)) best = { line: grid[i].line, match };
  }
  return { found: false, best };
}

function headerError(fileName: string, search: HeaderSearch & { found: false }): AppendixTableError {
  if (!search.best) return { code: 'NO_HEADER', message: say.noHeader(fileName, HEADER_SEARCH_ROWS) };
  const { match, line } = search.best;
  const problems: string[] = [];
  if (match.missing.length) problems.push(say.missingColumns(match.missing));
  if (match.unknown.length) problems.push(say.unknownColumns(match.unknown));
  if (match.duplicates.length) problems.push(say.duplicateColumns(match.duplicates));
  return { code: 'WRONG_COLUMNS', message: say.wrongColumns(fileName, line, problems) };
}

function toRows(grid: Grid, headerIndex: number, match: HeaderMatch): TableRow[] {
  const at = (cells: string[], column: AppendixColumn) => {
    const index = match.columns.get(column);
    return index === undefined ? '' : cleanCell(cells[index] ?? '');
  };
  return grid.slice(headerIndex + 1).map(({ line, cells }) => ({
    line,
    section: at(cells, 'section'),
    number: at(cells, 'number'),
    task: at(cells, 'task'),
    lead: at(cells, 'lead'),
    support: at(cells, 'support'),
    deliverable: at(cells, 'deliverable'),
    timing: at(cells, 'timing'),
    extraCells: cells
      .map((c, i) => ([...match.columns.values()].includes(i) ? '' : cleanCell(c)))
      .filter((c) => c !== ''),
  }));
}

// ---------------------------------------------------------------------------------------------
// Entry point

/** Reads an appendix file. Never throws for a bad file: the error says what is wrong. */
export async function readAppendixTable(bytes: Buffer, fileName: string): Promise<AppendixTableResult> {
  if (bytes.length === 0) return fail('EMPTY', say.empty(fileName));
  const sniffed = sniff(bytes, fileName);
  if (sniffed.kind === 'refused') return { ok: false, error: sniffed.error };
  if (sniffed.kind === 'xlsx') return readXlsx(bytes, fileName);
  return readCsv(bytes, fileName);
}

function fail(code: AppendixTableErrorCode, message: string): AppendixTableResult {
  return { ok: false, error: { code, message } };
}

type Sniffed = { kind: 'xlsx' } | { kind: 'text' } | { kind: 'refused'; error: AppendixTableError };

const startsWith = (bytes: Buffer, magic: number[]) => magic.every((b, i) => bytes[i] === b);

function sniff(bytes: Buffer, fileName: string): Sniffed {
  const refuse = (code: AppendixTableErrorCode, message: string): Sniffed => ({ kind: 'refused', error: { code, message } });
  const notSheet = (what: string) => refuse('NOT_A_SPREADSHEET', say.notASpreadsheet(fileName, what));
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const head = bytes.subarray(0, 200).toString('latin1');
    if (head.includes('opendocument.spreadsheet')) return refuse('UNSUPPORTED_TYPE', say.ods(fileName));
    if (bytes.includes('xl/workbook.xml')) return { kind: 'xlsx' };
    if (bytes.includes('word/document.xml')) return notSheet(say.kindWord);
    return notSheet(say.kindZip);
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return /\.xl[st]$/i.test(fileName) ? refuse('UNSUPPORTED_TYPE', say.xls(fileName)) : notSheet(say.kindOle);
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return notSheet(say.kindPdf);
  if (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) ||
    startsWith(bytes, [0xff, 0xd8, 0xff]) ||
    startsWith(bytes, [0x47, 0x49, 0x46, 0x38])
  ) {
    return notSheet(say.kindImage);
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return refuse('NOT_UTF8', say.utf16(fileName));
  if (bytes.subarray(0, 8192).includes(0)) return notSheet(say.kindBinary);
  return { kind: 'text' };
}

// ---------------------------------------------------------------------------------------------
// CSV

const DELIMITERS = [',', ';', '\t'] as const;

function readCsv(bytes: Buffer, fileName: string): AppendixTableResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('NOT_UTF8', say.notUtf8(fileName));
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') return fail('EMPTY', say.empty(fileName));

  let firstFailure: AppendixTableError | null = null;
  let best: (HeaderSearch & { found: false }) | null = null;
  for (const delimiter of DELIMITERS) {
    const parsed = parseCsv(text, delimiter, fileName);
    if ('error' in parsed) {
      firstFailure ??= parsed.error;
      continue;
    }
    const search = findHeader(parsed.grid);
    if (search.found) {
      const rows = toRows(parsed.grid, search.index, search.match);
      const headerLine = parsed.grid[search.index].line;
      if (rows.every(isEmptyRow)) return fail('EMPTY', say.noRows(fileName, headerLine));
      return { ok: true, format: 'csv', sheet: null, delimiter, headerLine, rows };
    }
    if (search.best && (!best?.best || search.best.match.recognised > best.best.match.recognised)) best = search;
  }
  if (best?.best) return { ok: false, error: headerError(fileName, best) };
  if (firstFailure) return { ok: false, error: firstFailure };
  return { ok: false, error: headerError(fileName, { found: false, best: null }) };
}

function parseCsv(text: string, delimiter: string, fileName: string): { grid: Grid } | { error: AppendixTableError } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const e = error as { code?: string; message?: string; lines?: number };
    const detail = e.code === 'CSV_QUOTE_NOT_CLOSED' ? say.quoteNotClosed : (e.message ?? String(error)).split('\n')[0];
    return { error: { code: 'MALFORMED', message: say.malformedCsv(fileName, e.lines, detail) } };
  }
  let previousEnd = 0;
  const grid: Grid = records.map(({ record, info }) => {
    const row = { line: previousEnd + 1, cells: record };
    previousEnd = info.lines;
    return row;
  });
  // A final line break yields no extra line in an editor; csv-parse reports it as an empty record.
  if (text.endsWith('\n') && grid.length && grid[grid.length - 1].cells.every((c) => c === '')) grid.pop();
  return { grid };
}

const isEmptyRow = (r: TableRow) =>
  [r.section, r.number, r.task, r.lead, r.support, r.deliverable, r.timing, ...r.extraCells].every((c) => c === '');

// ---------------------------------------------------------------------------------------------
// XLSX

async function readXlsx(bytes: Buffer, fileName: string): Promise<AppendixTableResult> {
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    return fail('NOT_A_SPREADSHEET', say.brokenXlsx(fileName, (error as Error).message ?? String(error)));
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return fail('EMPTY', say.noWorksheet(fileName));
  const grid = sheetGrid(sheet);
  if (grid.every((r) => r.cells.every((c) => c === ''))) return fail('EMPTY', say.emptySheet(fileName, sheet.name));
  const search = findHeader(grid);
  if (!search.found) return { ok: false, error: headerError(fileName, search) };
  const rows = toRows(grid, search.index, search.match);
  const headerLine = grid[search.index].line;
  if (rows.every(isEmptyRow)) return fail('EMPTY', say.noRows(fileName, headerLine));
  return { ok: true, format: 'xlsx', sheet: sheet.name, delimiter: null, headerLine, rows };
}

function sheetGrid(sheet: Worksheet): Grid {
  // Bounds from the cells that hold values: formatting alone can stretch rowCount to a million.
  let lastRow = 0;
  let width = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      if (cellText(cell.value) === '') return;
      lastRow = Math.max(lastRow, rowNumber);
      width = Math.max(width, column);
    });
  });
  const grid: Grid = [];
  for (let r = 1; r <= lastRow; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      const master = cell.isMerged ? cell.master : cell;
      cells.push(master.address !== cell.address && master.col !== cell.col ? '' : cellText(master.value));
    }
    grid.push({ line: r, cells });
  }
  return grid;
}

/** Text of a cell value as the sheet shows it (dates as dd/mm/yyyy). */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return formatDate(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((part) => part.text ?? '').join('');
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result);
    if ('hyperlink' in value) return cellText((value as { text?: CellValue }).text);
    if ('error' in value) return '';
  }
  return String(value as unknown);
}

function formatDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
}

// ---------------------------------------------------------------------------------------------
// Any table (other imports: indicator allocations)

/**
 * The cells of a CSV or XLSX table, row by row as the file shows them (row 1 first), with the
 * same type sniffing and cell reading as the appendix. CSV: the delimiter (',', ';' or tab) that
 * splits the first line into the most cells.
 */
export async function readSpreadsheetGrid(bytes: Buffer, fileName: string): Promise<{ ok: true; rows: string[][] } | { ok: false; error: AppendixTableError }> {
  if (bytes.length === 0) return { ok: false, error: { code: 'EMPTY', message: say.empty(fileName) } };
  const sniffed = sniff(bytes, fileName);
  if (sniffed.kind === 'refused') return { ok: false, error: sniffed.error };
  if (sniffed.kind === 'xlsx') {
    const workbook = new Workbook();
    try {
      await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    } catch (error) {
      return { ok: false, error: { code: 'NOT_A_SPREADSHEET', message: say.brokenXlsx(fileName, (error as Error).message ?? String(error)) } };
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) return { ok: false, error: { code: 'EMPTY', message: say.noWorksheet(fileName) } };
    return { ok: true, rows: sheetGrid(sheet).map((r) => r.cells) };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: { code: 'NOT_UTF8', message: say.notUtf8(fileName) } };
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const delimiter = [...DELIMITERS].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0];
  const parsed = parseCsv(text, delimiter, fileName);
  if ('error' in parsed) return { ok: false, error: parsed.error };
  return { ok: true, rows: parsed.grid.map((r) => r.cells) };
}
