/**
 * The layout of a Vietnamese administrative document under Nghị định 30/2020/NĐ-CP, with the
 * `docx` package: A4, margins 20/20/30/15 mm, Times New Roman, the heading (issuing body and
 * national motto side by side), the body, and the closing (recipients and signature).
 * Pure: data in, document objects out; the renderers pack them into a buffer.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  UnderlineType,
  VerticalAlignTable,
  WidthType,
  type FileChild,
  type IBorderOptions,
  type ParagraphChild,
} from 'docx';
import { type OfficialHeading, type SignatureBlock } from '../report.model';
import { longDateParts } from './format';
import { officialWords } from './report-words';

export const FONT = 'Times New Roman';

/** Font sizes in half-points, as `docx` takes them. */
export const FontSize = {
  body: 28,
  heading: 26,
  subject: 24,
  table: 24,
  recipientsTitle: 24,
  recipients: 22,
} as const;

const TWIPS_PER_MM = 1440 / 25.4;

function mmToTwips(mm: number): number {
  return Math.round(mm * TWIPS_PER_MM);
}

/** A4 and the margins of Nghị định 30 (top 20, bottom 20, left 30, right 15 mm). */
export const PAGE = {
  width: mmToTwips(210),
  height: mmToTwips(297),
  margin: { top: mmToTwips(20), bottom: mmToTwips(20), left: mmToTwips(30), right: mmToTwips(15) },
} as const;

/** The width between the margins, in twips: what tables span. */
export const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

const FIRST_LINE_INDENT = mmToTwips(12.7);
const PARAGRAPH_SPACING = 120; // 6 pt before and after
const LINE_1_15 = 276; // 240 = single line
const SINGLE_LINE = 240;

export interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  /** Half-points; 14 pt body text when absent. */
  size?: number;
  highlight?: 'yellow';
  /** Blue and underlined, as Word shows a hyperlink. */
  link?: boolean;
}

const LINK_COLOUR = '0563C1';

/** A run of text in Times New Roman: every run names the font, whatever the reader's defaults. */
export function textRun(text: string, style: RunStyle = {}): TextRun {
  return new TextRun({
    text,
    font: FONT,
    size: style.size ?? FontSize.body,
    bold: style.bold,
    italics: style.italics,
    highlight: style.highlight,
    ...(style.link ? { color: LINK_COLOUR, underline: { type: UnderlineType.SINGLE } } : {}),
  });
}

export type Inline = string | readonly ParagraphChild[];

function inlineChildren(content: Inline, style: RunStyle): ParagraphChild[] {
  return typeof content === 'string' ? [textRun(content, style)] : [...content];
}

interface BodyLayout {
  /** Kept on the same page as the next paragraph (a heading, a row title above its table). */
  keepNext?: boolean;
  /** 0 for a section heading, 1 for a subsection: what Word's navigation pane lists. */
  outlineLevel?: number;
}

/** A body paragraph: justified, first line indented 1.27 cm, 6 pt before and after, line 1.15. */
export function bodyParagraph(content: Inline, style: RunStyle = {}, layout: BodyLayout = {}): Paragraph {
  return new Paragraph({
    children: inlineChildren(content, style),
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE_INDENT },
    spacing: { before: PARAGRAPH_SPACING, after: PARAGRAPH_SPACING, line: LINE_1_15, lineRule: LineRuleType.AUTO },
    keepNext: layout.keepNext,
    outlineLevel: layout.outlineLevel,
  });
}

/** "I. KẾT QUẢ …": bold, kept with what follows, level 1 in the navigation pane. */
export function sectionHeading(text: string): Paragraph {
  return bodyParagraph(text, { bold: true }, { keepNext: true, outlineLevel: 0 });
}

/** "1. …": bold, kept with what follows, level 2 in the navigation pane. */
export function subsectionHeading(text: string): Paragraph {
  return bodyParagraph(text, { bold: true }, { keepNext: true, outlineLevel: 1 });
}

/** An italic note in the body (the plan's marks, explanations). */
export function noteParagraph(text: string, layout: BodyLayout = {}): Paragraph {
  return bodyParagraph(text, { italics: true }, layout);
}

/** A paragraph for the officer to fill in, highlighted in yellow. */
export function placeholderParagraph(text: string): Paragraph {
  return bodyParagraph(text, { highlight: 'yellow' });
}

export function emptyParagraph(size: number = FontSize.body): Paragraph {
  return new Paragraph({ children: [textRun('', { size })], spacing: { before: 0, after: 0 } });
}

/** A centred line (titles, the heading's lines), single-spaced. */
export function centredParagraph(content: Inline, style: RunStyle = {}, spacing = { before: 0, after: 0 }): Paragraph {
  return new Paragraph({
    children: inlineChildren(content, style),
    alignment: AlignmentType.CENTER,
    spacing: { ...spacing, line: SINGLE_LINE, lineRule: LineRuleType.AUTO },
  });
}

/**
 * The short solid line Nghị định 30 draws under the issuing body, the motto and the title:
 * an empty paragraph with a bottom border, narrowed by indents to `length` twips, centred in
 * a space `within` twips wide.
 */
export function shortRule(length: number, within: number = TEXT_WIDTH): Paragraph {
  const side = Math.max(0, Math.round((within - length) / 2));
  return new Paragraph({
    children: [textRun('', { size: 4 })],
    indent: { left: side, right: side },
    spacing: { before: 0, after: 0, line: 60, lineRule: LineRuleType.EXACT },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
  });
}

// ---------------------------------------------------------------- heading and closing

const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = {
  top: NO_BORDER,
  bottom: NO_BORDER,
  left: NO_BORDER,
  right: NO_BORDER,
  insideHorizontal: NO_BORDER,
  insideVertical: NO_BORDER,
};
const NO_CELL_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER };

const HEADING_COLUMNS = [mmToTwips(62.5), TEXT_WIDTH - mmToTwips(62.5)] as const;
const CLOSING_COLUMNS = [mmToTwips(77.5), TEXT_WIDTH - mmToTwips(77.5)] as const;
const ISSUER_RULE = mmToTwips(25);
const MOTTO_RULE = mmToTwips(60);
const SIGNATURE_SPACE_LINES = 4;

function layoutCell(width: number, children: Paragraph[]): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    borders: NO_CELL_BORDERS,
    margins: { left: 0, right: 0, top: 0, bottom: 0 },
  });
}

/** A borderless table that places blocks side by side (heading, closing). */
function layoutTable(columns: readonly [number, number], rows: readonly (readonly [Paragraph[], Paragraph[]])[]): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [...columns],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: rows.map(
      ([left, right]) => new TableRow({ children: [layoutCell(columns[0], left), layoutCell(columns[1], right)] }),
    ),
  });
}

/**
 * The heading: left, the parent body (regular) and the issuing body (bold) in upper case, a
 * short line, "Số:      /symbol" and, for a letter, its subject (trích yếu); right, the
 * national name, the motto, a line, and "place, ngày … tháng … năm …" in italics.
 */
export function officialHeading(heading: OfficialHeading, subject?: string): Table {
  const size = FontSize.heading;
  const issuer = [
    ...(heading.parentBody ? [centredParagraph(heading.parentBody.toUpperCase(), { size })] : []),
    centredParagraph(heading.issuingBody.toUpperCase(), { size, bold: true }),
    shortRule(ISSUER_RULE, HEADING_COLUMNS[0]),
  ];
  const nation = [
    centredParagraph(officialWords.nationalName, { size, bold: true }),
    centredParagraph(officialWords.motto, { size: FontSize.body, bold: true }),
    shortRule(MOTTO_RULE, HEADING_COLUMNS[1]),
  ];
  const gap = { before: 160, after: 0 };
  const number = [
    centredParagraph(officialWords.numberLine(heading.numberSymbol), { size }, gap),
    ...(subject ? [centredParagraph(subject, { size: FontSize.subject }, { before: 60, after: 0 })] : []),
  ];
  const date = [centredParagraph(placeAndDate(heading), { italics: true }, gap)];
  return layoutTable(HEADING_COLUMNS, [
    [issuer, nation],
    [number, date],
  ]);
}

function placeAndDate(heading: OfficialHeading): string {
  return heading.date === null
    ? officialWords.placeAndBlankDate(heading.place)
    : officialWords.placeAndDate(heading.place, longDateParts(heading.date));
}

/**
 * The closing: left "Nơi nhận:" and the recipients ("- …;", the last ending with "."); right
 * the signer's capacity in bold capitals, space to sign, and the name.
 */
export function closingBlock(recipients: readonly string[], signature: SignatureBlock): Table {
  return layoutTable(CLOSING_COLUMNS, [[recipientParagraphs(recipients), signatureParagraphs(signature)]]);
}

function recipientParagraphs(recipients: readonly string[]): Paragraph[] {
  const lines = recipients.map((recipient, index) =>
    leftParagraph(officialWords.recipientLine(recipient, index === recipients.length - 1), { size: FontSize.recipients }),
  );
  return [
    leftParagraph(officialWords.recipientsTitle, { size: FontSize.recipientsTitle, bold: true, italics: true }),
    ...lines,
  ];
}

function leftParagraph(text: string, style: RunStyle): Paragraph {
  return new Paragraph({
    children: [textRun(text, style)],
    alignment: AlignmentType.LEFT,
    spacing: { before: 0, after: 0, line: SINGLE_LINE, lineRule: LineRuleType.AUTO },
  });
}

function signatureParagraphs(signature: SignatureBlock): Paragraph[] {
  const capacity = signature.capacity.map((line) => centredParagraph(line.toUpperCase(), { bold: true }));
  const space = Array.from({ length: SIGNATURE_SPACE_LINES }, () => emptyParagraph());
  return [...capacity, ...space, centredParagraph(signature.name ?? '', { bold: true })];
}

const ADDRESS_INDENT = mmToTwips(30);
const ADDRESSEE_INDENT = mmToTwips(45);

/**
 * "Kính gửi:" of a letter: one addressee on the same centred line ("Kính gửi: Sở Xây dựng."),
 * several each on its own line under it ("- …;", the last ending with ".").
 */
export function addressBlock(addressees: readonly string[]): Paragraph[] {
  const spacing = { before: PARAGRAPH_SPACING, after: 0 };
  if (addressees.length === 1) return [centredParagraph(officialWords.singleAddressee(addressees[0]), {}, spacing)];
  return [
    indentedParagraph(officialWords.addressTitle, ADDRESS_INDENT, spacing),
    ...addressees.map((addressee, index) =>
      indentedParagraph(officialWords.addresseeLine(addressee, index === addressees.length - 1), ADDRESSEE_INDENT),
    ),
  ];
}

function indentedParagraph(text: string, left: number, spacing = { before: 0, after: 0 }): Paragraph {
  return new Paragraph({
    children: [textRun(text)],
    indent: { left },
    spacing: { ...spacing, line: SINGLE_LINE, lineRule: LineRuleType.AUTO },
  });
}

// ---------------------------------------------------------------- data tables

export type CellAlignment = 'left' | 'center' | 'right';

export interface TableColumn {
  header: string;
  /** Relative width: the columns share the text width in proportion. */
  weight: number;
  align?: CellAlignment;
}

/** A cell: one line of text, or paragraphs built with `cellParagraph`. */
export type CellContent = string | readonly Paragraph[];

export interface DataTableOptions {
  columns: readonly TableColumn[];
  rows: readonly (readonly CellContent[])[];
  /** A last row in bold ("Tổng cộng"). */
  totalRow?: readonly CellContent[];
}

const TABLE_BORDER: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const TABLE_BORDERS = {
  top: TABLE_BORDER,
  bottom: TABLE_BORDER,
  left: TABLE_BORDER,
  right: TABLE_BORDER,
  insideHorizontal: TABLE_BORDER,
  insideVertical: TABLE_BORDER,
};
const CELL_MARGINS = { top: 40, bottom: 40, left: 85, right: 85 };

const ALIGNMENTS = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
} as const;

/** A paragraph inside a table cell: 12 pt, single-spaced. */
export function cellParagraph(content: Inline, align: CellAlignment = 'left', style: RunStyle = {}): Paragraph {
  return new Paragraph({
    children: inlineChildren(content, { size: FontSize.table, ...style }),
    alignment: ALIGNMENTS[align],
    spacing: { before: 20, after: 20, line: SINGLE_LINE, lineRule: LineRuleType.AUTO },
  });
}

/**
 * A bordered table across the text width: a bold header row repeated on each page, 12 pt
 * cells, rows that do not split across pages.
 */
export function dataTable(options: DataTableOptions): Table {
  const widths = columnWidths(options.columns);
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: options.columns.map((column, index) =>
      dataCell([cellParagraph(column.header, 'center', { bold: true })], widths[index]),
    ),
  });
  const body = options.rows.map((row) => dataRow(row, options.columns, widths, false));
  const total = options.totalRow ? [dataRow(options.totalRow, options.columns, widths, true)] : [];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    rows: [header, ...body, ...total],
  });
}

function columnWidths(columns: readonly TableColumn[]): number[] {
  const totalWeight = columns.reduce((sum, column) => sum + column.weight, 0);
  const widths = columns.map((column) => Math.floor((TEXT_WIDTH * column.weight) / totalWeight));
  widths[widths.length - 1] += TEXT_WIDTH - widths.reduce((sum, width) => sum + width, 0);
  return widths;
}

function dataRow(cells: readonly CellContent[], columns: readonly TableColumn[], widths: number[], bold: boolean): TableRow {
  if (cells.length !== columns.length) {
    throw new RangeError(`A table row has ${cells.length} cells for ${columns.length} columns`);
  }
  return new TableRow({
    cantSplit: true,
    children: cells.map((cell, index) => {
      const paragraphs = typeof cell === 'string' ? [cellParagraph(cell, columns[index].align, { bold })] : [...cell];
      return dataCell(paragraphs, widths[index]);
    }),
  });
}

function dataCell(children: Paragraph[], width: number): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    margins: CELL_MARGINS,
    verticalAlign: VerticalAlignTable.CENTER,
  });
}

// ---------------------------------------------------------------- the document

export interface OfficialDocumentOptions {
  /** The document's title in its properties (File > Properties). */
  title: string;
  children: readonly FileChild[];
}

const CREATOR = 'phuluc';

/**
 * An A4 document with the margins of Nghị định 30, Times New Roman 14 pt by default, and the
 * page number centred at the top from the second page on.
 */
export function officialDocument(options: OfficialDocumentOptions): Document {
  return new Document({
    creator: CREATOR,
    title: options.title,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: FontSize.body },
          paragraph: { spacing: { line: LINE_1_15, lineRule: LineRuleType.AUTO } },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { ...PAGE.margin, header: mmToTwips(10), footer: mmToTwips(10) },
          },
        },
        headers: { default: pageNumberHeader(), first: new Header({ children: [] }) },
        footers: { default: new Footer({ children: [] }), first: new Footer({ children: [] }) },
        children: [...options.children],
      },
    ],
  });
}

function pageNumberHeader(): Header {
  const number = new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: FontSize.heading });
  return new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [number] })] });
}

export function packDocument(document: Document): Promise<Buffer> {
  return Packer.toBuffer(document);
}
