/**
 * Groups the physical rows of an appendix table into section headings and appendix rows.
 *
 * Rules, in the order they are tried on each physical row ("the other cells" = lead, support,
 * deliverable, timing and cells outside the header):
 * 1. Every cell empty → skipped (listed in `notes`, runs of empty lines as one range).
 *    A row of column numbers "(1) (2) (3) …" under the header → skipped (noted).
 * 2. Section heading, when the other cells are empty and
 *    a. the number cell is a Roman numeral, alone or followed by the title ("IV", "IV. Cải
 *       cách…"); the title is the rest of that cell, else the task, else the section cell; or
 *    b. the number cell is empty and the section cell holds "IV", "IV. Title" or a title; the
 *       title is the section cell's, else the task (a bare "IV" with a task under an open row
 *       of a section that already has a title is a continuation, not a new heading); or
 *    c. number and section are empty and the task reads like a heading: "IV. Title",
 *       "Mục IV …", "Phần IV …", or all in capitals.
 *    A heading without a Roman numeral gets the next one (highest so far + 1): "" never is a key.
 * 3. Otherwise it is a task line. Its section: the section cell if filled ("IV", "IV. Title",
 *    a title seen before, or a new title → next numeral), else the last heading; a number cell
 *    such as "III.6" carries its own section. Lines before any section go to section "0"
 *    (IMPLICIT_SECTION_KEY) with a warning — a plan needs sections, and "0" can never clash
 *    with a Roman numeral of the file.
 *    Number: "6", "6.", "6)", "06" → "6"; "1.2" stays; bullets ("-", "+", "•") count as empty.
 *    - Same section and number as the open row → the same appendix row (merged cells).
 *    - No number and an open row in the same section → a continuation of that row.
 *    - No number and no open row → a new row numbered after the section's last number, with a
 *      warning and `inferred` marking the key.
 *    - Else a new row, key `${section}.${number}`.
 * Cells of one appendix row are joined with "\n", each distinct text once (a merged cell
 * repeats its text on every line of the range). Two rows with the same key both get a warning.
 * Every physical line ends up in exactly one place: a row's `lines`, a section's `line`, or a note.
 */
import { rowNotes, rowWarnings } from './import.messages';
import { foldText, type TableRow } from './read-appendix-table';

export const IMPLICIT_SECTION_KEY = '0';

export interface AppendixSection {
  key: string;
  /** '' when the appendix names the section only by its numeral. */
  title: string;
  /** Line of the heading, or of the first row that named the section. */
  line: number;
  /** Section "0": rows that precede every heading. */
  implicit: boolean;
}

export interface ImportedRow {
  key: string;
  section: string;
  number: string;
  task: string;
  lead: string;
  support: string;
  deliverable: string;
  timing: string;
  /** Physical lines (CSV lines or sheet rows) this appendix row was read from. */
  lines: number[];
  warnings: string[];
  /** Parts of the key that the file does not state. */
  inferred: ('key' | 'section')[];
}

export interface GroupedAppendix {
  sections: AppendixSection[];
  rows: ImportedRow[];
  notes: string[];
}

const CELLS = ['task', 'lead', 'support', 'deliverable', 'timing'] as const;
type CellName = (typeof CELLS)[number];

interface OpenRow {
  row: ImportedRow;
  parts: Record<CellName, string[]>;
}

export function groupAppendixRows(table: readonly TableRow[]): GroupedAppendix {
  const sections = new Map<string, AppendixSection>();
  const notes: string[] = [];
  const open: OpenRow[] = [];
  const titleNotes = new Set<string>();
  const emptyLines: number[] = [];
  let current: OpenRow | null = null;
  let currentSection: string | null = null;

  const nextNumeral = () => toRoman(Math.max(0, ...[...sections.keys()].map(fromRoman).filter((n) => n > 0)) + 1);
  const findByTitle = (title: string) => [...sections.values()].find((s) => s.title && foldText(s.title) === foldText(title));
  const declare = (key: string, title: string, line: number): AppendixSection => {
    let section = sections.get(key);
    if (!section) {
      section = { key, title, line, implicit: key === IMPLICIT_SECTION_KEY };
      sections.set(key, section);
    } else if (title && !section.title) section.title = title;
    else if (title && foldText(title) !== foldText(section.title) && !titleNotes.has(`${key}|${title}`)) {
      titleNotes.add(`${key}|${title}`);
      notes.push(rowNotes.sectionTitleConflict(key, section.title, title, line));
    }
    return section;
  };
  /** The section a section cell names; declares it when new. */
  const sectionOfCell = (cell: string, line: number): string => {
    const roman = romanPrefix(cell);
    if (roman) return declare(roman.numeral, roman.rest, line).key;
    return (findByTitle(cell) ?? declare(nextNumeral(), cell, line)).key;
  };

  for (const r of table) {
    const others = [r.lead, r.support, r.deliverable, r.timing, ...r.extraCells];
    const othersEmpty = others.every((c) => c === '');
    if (othersEmpty && !r.section && !r.number && !r.task) {
      emptyLines.push(r.line);
      continue;
    }
    if (isColumnNumbers(r)) {
      notes.push(rowNotes.columnNumbers(r.line));
      continue;
    }

    // 2. Headings.
    const heading: Heading | null = othersEmpty ? headingOf(r, sections, current !== null) : null;
    if (heading) {
      const key: string = heading.numeral ?? (heading.title ? findByTitle(heading.title)?.key : undefined) ?? nextNumeral();
      const existed = sections.has(key);
      declare(key, heading.title, r.line);
      if (existed) notes.push(rowNotes.heading(r.line, key, heading.title));
      currentSection = key;
      current = null;
      continue;
    }

    // 3. Task lines.
    const number = parseNumber(r.number);
    let section: string | null = r.section ? sectionOfCell(r.section, r.line) : currentSection;
    if (number?.section) section = declare(number.section, '', r.line).key;
    const warnings: string[] = [];
    const inferred: ImportedRow['inferred'] = [];
    section ??= declare(IMPLICIT_SECTION_KEY, '', r.line).key;
    if (section === IMPLICIT_SECTION_KEY) {
      warnings.push(rowWarnings.noSection(IMPLICIT_SECTION_KEY));
      inferred.push('section');
    }
    currentSection = section;

    if (current && current.row.section === section && (number === null || number.number === current.row.number)) {
      append(current, r);
      continue;
    }
    let rowNumber = number?.number;
    if (rowNumber === undefined) {
      rowNumber = String(lastNumber(open, section) + 1);
      inferred.push('key');
      warnings.push(rowWarnings.numberInferred(`${section}.${rowNumber}`));
    } else if (number?.roman && !othersEmpty) {
      warnings.push(rowWarnings.romanNumberedTask(rowNumber));
    }
    current = {
      row: {
        key: `${section}.${rowNumber}`,
        section,
        number: rowNumber,
        task: '',
        lead: '',
        support: '',
        deliverable: '',
        timing: '',
        lines: [],
        warnings,
        inferred,
      },
      parts: { task: [], lead: [], support: [], deliverable: [], timing: [] },
    };
    open.push(current);
    append(current, r);
  }

  const rows = open.map(finish);
  const byKey = new Map<string, ImportedRow[]>();
  for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  for (const [key, same] of byKey) {
    if (same.length < 2) continue;
    const lines = same.map((r) => r.lines[0]);
    for (const row of same) row.warnings.push(rowWarnings.duplicateKey(key, lines));
  }

  for (const [from, to] of runs(emptyLines)) notes.push(rowNotes.emptyLines(from, to));
  const list = [...sections.values()];
  for (const s of list) {
    if (s.implicit) notes.push(rowNotes.rowsWithoutSection(s.key));
    else if (!s.title) notes.push(rowNotes.sectionWithoutTitle(s.key));
  }
  return { sections: list, rows, notes };
}

// ---------------------------------------------------------------------------------------------

function append(target: OpenRow, r: TableRow): void {
  target.row.lines.push(r.line);
  for (const cell of CELLS) {
    const text = r[cell];
    if (text && !target.parts[cell].includes(text)) target.parts[cell].push(text);
  }
  if (r.extraCells.length) target.row.warnings.push(rowWarnings.extraCells(r.extraCells));
}

function finish(open: OpenRow): ImportedRow {
  const row = open.row;
  for (const cell of CELLS) row[cell] = open.parts[cell].join('\n');
  return row;
}

function lastNumber(rows: OpenRow[], section: string): number {
  const numbers = rows.filter((r) => r.row.section === section).map((r) => parseInt(r.row.number, 10));
  return Math.max(0, ...numbers.filter((n) => Number.isFinite(n)));
}

function isColumnNumbers(r: TableRow): boolean {
  const cells = [r.section, r.number, r.task, r.lead, r.support, r.deliverable, r.timing].filter((c) => c !== '');
  return cells.length >= 3 && cells.every((c) => /^\(\d{1,2}\)$/.test(c));
}

interface Heading {
  numeral?: string;
  title: string;
}

function headingOf(
  r: TableRow,
  sections: Map<string, AppendixSection>,
  rowIsOpen: boolean,
): Heading | null {
  const inNumber = romanPrefix(r.number);
  if (inNumber) return { numeral: inNumber.numeral, title: oneLine(inNumber.rest || r.task || romanPrefix(r.section)?.rest || r.section) };
  if (r.number) return null;
  if (r.section) {
    const cell = romanPrefix(r.section);
    if (cell && !cell.rest && r.task && rowIsOpen && sections.get(cell.numeral)?.title) return null;
    return cell ? { numeral: cell.numeral, title: oneLine(cell.rest || r.task) } : { title: oneLine(r.section) };
  }
  const inTask = romanPrefix(r.task.replace(/^(?:mục|phần)\s+/iu, ''));
  if (inTask && (inTask.rest || /^(?:mục|phần)\s/iu.test(r.task))) return { numeral: inTask.numeral, title: oneLine(inTask.rest) };
  if (isCapitals(r.task)) return { title: oneLine(r.task) };
  return null;
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

function isCapitals(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 4 && /\s/.test(text.trim()) && letters === letters.toLocaleUpperCase('vi') && letters !== letters.toLocaleLowerCase('vi');
}

/** "IV", "IV. Title", "IV - Title", "IV: Title" → numeral and the rest; else null. Capitals only. */
export function romanPrefix(text: string): { numeral: string; rest: string } | null {
  const m = /^([IVXLC]+)(?:\s*[.:)\-–—]\s*|\s+|$)([\s\S]*)$/u.exec(text.trim());
  if (!m || fromRoman(m[1]) === 0) return null;
  return { numeral: m[1], rest: m[2].trim() };
}

function parseNumber(cell: string): { number: string; section?: string; roman?: true } | null {
  let s = cell.replace(/\s+/g, ' ').trim();
  if (s === '' || /^[-–—+•*·]+$/u.test(s)) return null;
  s = s.replace(/^\(/, '').replace(/[.):]+$/, '');
  const strip = (n: string) =>
    n
      .split('.')
      .map((p) => String(parseInt(p, 10)))
      .join('.');
  const keyed = /^([IVXLC]+)\.(\d+(?:\.\d+)*)$/.exec(s);
  if (keyed && fromRoman(keyed[1]) > 0) return { section: keyed[1], number: strip(keyed[2]) };
  if (/^\d+(?:\.\d+)*$/.test(s)) return { number: strip(s) };
  if (romanPrefix(s)?.rest === '') return { number: s, roman: true };
  return { number: s };
}

const ROMAN: [number, string][] = [
  [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
];

export function toRoman(n: number): string {
  let out = '';
  for (const [value, numeral] of ROMAN) {
    while (n >= value) {
      out += numeral;
      n -= value;
    }
  }
  return out;
}

/** Value of a canonical Roman numeral up to C (100); 0 for anything else ("IIII", "VX", "abc"). */
export function fromRoman(text: string): number {
  if (!/^[IVXLC]+$/.test(text)) return 0;
  let n = 0;
  let rest = text;
  for (const [value, numeral] of ROMAN) {
    while (rest.startsWith(numeral)) {
      n += value;
      rest = rest.slice(numeral.length);
    }
  }
  return rest === '' && n <= 100 && toRoman(n) === text ? n : 0;
}

function runs(lines: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const line of lines) {
    const last = out[out.length - 1];
    if (last && line === last[1] + 1) last[1] = line;
    else out.push([line, line]);
  }
  return out;
}
