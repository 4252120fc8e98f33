/**
 * The annual report (and the final report of the plan) as a DOCX administrative document:
 * heading, title, legal bases, sections I–VII, closing. Pure: the model in, the file's bytes out.
 */
import { ExternalHyperlink, type FileChild, type Paragraph, type ParagraphChild } from 'docx';
import {
  type AgencyCompliance,
  type AnnualReportModel,
  type ComplianceLine,
  type DeliveredSubmission,
  type Difficulty,
  type FigureTotal,
  type LateItem,
  type ReportRow,
  type ReportSection,
  type RowInstance,
  type TargetResult,
} from '../report.model';
import { formatDate, formatEnteredDate, formatInstantDate, formatVietnameseNumber } from './format';
import {
  type CellContent,
  type TableColumn,
  FontSize,
  bodyParagraph,
  cellParagraph,
  centredParagraph,
  closingBlock,
  dataTable,
  emptyParagraph,
  noteParagraph,
  officialDocument,
  officialHeading,
  packDocument,
  placeholderParagraph,
  sectionHeading,
  shortRule,
  subsectionHeading,
  textRun,
} from './official-document';
import {
  MISSING,
  annualReportWords as words,
  complianceSentence,
  planReference,
  planTotalsSentence,
  provenanceWords,
} from './report-words';

/** The line under the title: 3 cm. */
const TITLE_RULE_TWIPS = 1701;

export async function renderAnnualReportDocx(model: AnnualReportModel): Promise<Buffer> {
  const children: FileChild[] = [
    officialHeading(model.heading),
    ...titleBlock(model),
    ...opening(model),
    ...targetsSection(model),
    ...tasksSection(model.sections),
    ...figuresSection(model.figures),
    ...agenciesSection(model.compliance, model.agencies),
    ...lateSection(model.late),
    ...difficultiesSection(model.difficulties),
    ...recommendationsSection(),
    bodyParagraph(words.conclusion(model.title)),
    emptyParagraph(),
    closingBlock(model.recipients, model.signature),
  ];
  return packDocument(officialDocument({ title: model.title, children }));
}

function titleBlock(model: AnnualReportModel): Paragraph[] {
  return [
    centredParagraph(words.documentKind, { bold: true }, { before: 360, after: 0 }),
    centredParagraph(model.title, { bold: true }),
    centredParagraph(words.cutoffLine(formatDate(model.cutoff)), { italics: true }),
    shortRule(TITLE_RULE_TWIPS),
    emptyParagraph(),
  ];
}

function opening(model: AnnualReportModel): Paragraph[] {
  const { plan, years } = model;
  const planRef = planReference(
    { title: plan.title, documentNumber: plan.documentNumber, issuedOn: plan.issuedOn && formatDate(plan.issuedOn) },
    plan.issuer,
  );
  const period = words.period(model.kind, years.from, years.to);
  return [
    ...model.legalBases.map((basis) => bodyParagraph(words.legalBasis(basis))),
    bodyParagraph(words.opening(model.kind, planRef, formatDate(model.cutoff), period)),
  ];
}

function formatOptionalNumber(value: number | null): string {
  return value === null ? MISSING : formatVietnameseNumber(value);
}

// ---------------------------------------------------------------- I. targets

interface TargetLine {
  indicatorName: string;
  unit: string;
  targetKind: TargetResult['targetKind'];
  year: number;
  result: TargetResult | undefined;
}

/** One line per indicator and year of the report, in the order the model lists indicators. */
function targetLines(model: AnnualReportModel): TargetLine[] {
  const indicators = new Map<string, TargetResult[]>();
  for (const target of model.targets) {
    indicators.set(target.indicatorCode, [...(indicators.get(target.indicatorCode) ?? []), target]);
  }
  const lines: TargetLine[] = [];
  for (const results of indicators.values()) {
    for (let year = model.years.from; year <= model.years.to; year++) {
      const { indicatorName, unit, targetKind } = results[0];
      lines.push({ indicatorName, unit, targetKind, year, result: results.find((r) => r.year === year) });
    }
  }
  return lines;
}

function targetsSection(model: AnnualReportModel): FileChild[] {
  const lines = targetLines(model);
  if (lines.length === 0) return [sectionHeading(words.sections.targets), bodyParagraph(words.targets.none)];
  const marked = lines.flatMap((line) => {
    const mark = targetMark(line);
    return mark ? [{ line, mark }] : [];
  });
  const noteNumber = (line: TargetLine) => marked.findIndex((entry) => entry.line === line) + 1;
  const rows = lines.map((line, index) => targetRow(line, index + 1, model.kind === 'final', noteNumber(line)));
  const notes = marked.map(({ line, mark }, index) =>
    words.targets.note(index + 1, line.year, mark, line.indicatorName, line.result?.targetNote ?? null),
  );
  return [
    sectionHeading(words.sections.targets),
    dataTable({ columns: targetColumns(model), rows }),
    ...notes.map((note) => noteParagraph(note)),
    ...model.allocations.flatMap(allocationProgress),
  ];
}

/** How the allocations of an indicator stand: a sentence, and the table of those behind. */
function allocationProgress(progress: AnnualReportModel['allocations'][number]): FileChild[] {
  const t = words.targets;
  const summary = bodyParagraph(t.allocationSummary(progress.indicatorName, progress.year, progress.allocated, progress.assessed, progress.behind.length));
  if (!progress.behind.length) return [summary];
  const c = t.allocationColumns;
  return [
    summary,
    dataTable({
      columns: [
        { header: c.number, weight: 5, align: 'center' },
        { header: c.agency, weight: 35 },
        { header: c.target, weight: 18, align: 'right' },
        { header: c.latest, weight: 24, align: 'right' },
        { header: c.expected, weight: 18, align: 'right' },
      ],
      rows: progress.behind.map((b, i) => [
        String(i + 1),
        b.agencyName,
        formatVietnameseNumber(b.target),
        t.latestOn(formatVietnameseNumber(b.latest), formatDate(b.latestDate)),
        formatVietnameseNumber(b.expected),
      ]),
    }),
  ];
}

/** "chưa chắc chắn" or "suy ra" when the plan marks the target so, else undefined. */
function targetMark(line: TargetLine): string | undefined {
  const provenance = line.result?.targetProvenance;
  return provenance ? provenanceWords[provenance] : undefined;
}

function targetColumns(model: AnnualReportModel): TableColumn[] {
  const t = words.targets;
  return [
    { header: t.number, weight: 5, align: 'center' },
    { header: t.indicator, weight: 26 },
    ...(model.kind === 'final' ? [{ header: t.year, weight: 7, align: 'center' as const }] : []),
    { header: t.unit, weight: 9, align: 'center' },
    { header: model.kind === 'final' ? t.targetOfPeriod : t.targetOfYear(model.year), weight: 14, align: 'center' },
    { header: t.actual, weight: 16, align: 'center' },
    { header: t.percent, weight: 11, align: 'center' },
    { header: t.assessment, weight: 12, align: 'center' },
  ];
}

/** A target row; noteNumber (from 1) refers to the note under the table, 0 when there is none. */
function targetRow(line: TargetLine, number: number, withYear: boolean, noteNumber: number): CellContent[] {
  const { result } = line;
  const target = formatOptionalNumber(result?.target ?? null);
  return [
    String(number),
    indicatorLabel(line.indicatorName, line.targetKind),
    ...(withYear ? [String(line.year)] : []),
    line.unit,
    noteNumber > 0 ? `${target} ${words.targets.noteMark(noteNumber)}` : target,
    actualCell(result),
    formatOptionalNumber(result?.percentOfTarget ?? null),
    assessment(result?.met ?? null),
  ];
}

/** "Số người tham gia BHXH tự nguyện (tối thiểu)": the kind is added unless the name says it. */
function indicatorLabel(name: string, kind: TargetResult['targetKind']): string {
  const suffix = words.targets.kindSuffix[kind];
  return suffix && !name.includes(suffix) ? `${name} ${suffix}` : name;
}

function actualCell(result: TargetResult | undefined): CellContent {
  if (!result || result.actual === null) return MISSING;
  const lines = [cellParagraph(formatVietnameseNumber(result.actual), 'center')];
  if (result.actualAsOf) lines.push(cellParagraph(words.targets.actualAsOf(formatDate(result.actualAsOf)), 'center'));
  if (result.actualSource) {
    lines.push(cellParagraph(words.targets.actualSource(result.actualSource), 'center', { italics: true }));
  }
  return lines;
}

function assessment(met: boolean | null): string {
  if (met === null) return words.targets.noData;
  return met ? words.targets.met : words.targets.notMet;
}

// ---------------------------------------------------------------- II. tasks of the appendix

function tasksSection(sections: readonly ReportSection[]): FileChild[] {
  return [
    sectionHeading(words.sections.tasks),
    ...sections.flatMap((section, index) => appendixSection(section, index + 1)),
  ];
}

function appendixSection(section: ReportSection, number: number): FileChild[] {
  const inferred = section.provenance !== 'verbatim';
  const heading = subsectionHeading(words.tasks.sectionHeading(number, section.title, inferred));
  if (section.rows.length === 0) {
    return [heading, noteParagraph(section.note ?? words.tasks.sectionWithoutRows)];
  }
  return [
    heading,
    ...(inferred && section.note ? [noteParagraph(section.note)] : []),
    bodyParagraph(complianceSentence(section.compliance)),
    ...section.rows.flatMap(appendixRow),
  ];
}

function appendixRow(row: ReportRow): FileChild[] {
  const provenance = row.provenance ? words.tasks.rowProvenance[row.provenance] : undefined;
  const keepNext = { keepNext: true };
  return [
    bodyParagraph(words.tasks.rowTitle(row.key, row.task), { bold: true }, keepNext),
    ...(provenance ? [noteParagraph(provenance, keepNext)] : []),
    bodyParagraph(words.tasks.rowDetails(row.leadAgencies, row.supportAgencies, row.deliverable, row.timing), {}, keepNext),
    row.instances.length === 0 ? noteParagraph(words.tasks.noInstances) : instancesTable(row.instances),
  ];
}

function instancesTable(instances: readonly RowInstance[]): FileChild {
  const t = words.tasks;
  return dataTable({
    columns: [
      { header: t.agency, weight: 22 },
      { header: t.period, weight: 13, align: 'center' },
      { header: t.due, weight: 13, align: 'center' },
      { header: t.status, weight: 17, align: 'center' },
      { header: t.submissions, weight: 35 },
    ],
    rows: instances.map((instance) => [
      instance.role === 'support' ? `${instance.agencyName} ${t.supportRole}` : instance.agencyName,
      instance.periodLabel,
      formatDate(instance.dueDate),
      instance.classificationLabel,
      submissionsCell(instance.submissions),
    ]),
  });
}

function submissionsCell(submissions: readonly DeliveredSubmission[]): CellContent {
  return submissions.length === 0 ? MISSING : submissions.map(submissionParagraph);
}

/** "Lần 2, 10/06/2026; số 12/BC-SXD ngày 05/06/2026; tệp: a.pdf; https://…" (the link clickable). */
function submissionParagraph(submission: DeliveredSubmission): Paragraph {
  const t = words.tasks;
  const parts = [t.submission(submission.version, formatInstantDate(submission.submittedAt))];
  if (submission.documentNumber) {
    parts.push(t.documentRef(submission.documentNumber, submission.issuedOn && formatEnteredDate(submission.issuedOn)));
  }
  if (submission.fileNames.length > 0) parts.push(t.files(submission.fileNames));
  const text = parts.join('; ');
  if (!submission.link) return cellParagraph(text);
  return cellParagraph([textRun(`${text}; `, { size: FontSize.table }), linkRun(submission.link)]);
}

/** A web address, clickable when it is http(s); anything else is only printed. */
function linkRun(address: string): ParagraphChild {
  const text = textRun(address, { size: FontSize.table, link: true });
  return /^https?:\/\//iu.test(address) ? new ExternalHyperlink({ link: address, children: [text] }) : text;
}

// ---------------------------------------------------------------- III. figures

function figuresSection(figures: readonly FigureTotal[]): FileChild[] {
  const f = words.figures;
  if (figures.length === 0) return [sectionHeading(words.sections.figures), bodyParagraph(f.none)];
  return [
    sectionHeading(words.sections.figures),
    dataTable({
      columns: [
        { header: f.row, weight: 10, align: 'center' },
        { header: f.metric, weight: 38 },
        { header: f.unit, weight: 14, align: 'center' },
        { header: f.total, weight: 22, align: 'center' },
        { header: f.agencyCount, weight: 16, align: 'center' },
      ],
      rows: figures.map((figure) => [
        figure.rowKey,
        figure.metricName,
        figure.unit,
        figureTotal(figure),
        formatVietnameseNumber(figure.agencyCount),
      ]),
    }),
  ];
}

function figureTotal(figure: FigureTotal): string {
  const total = formatVietnameseNumber(figure.total);
  return figure.aggregation === 'mean' ? `${total} ${words.figures.mean}` : total;
}

// ---------------------------------------------------------------- IV. agencies

function agenciesSection(plan: ComplianceLine, agencies: readonly AgencyCompliance[]): FileChild[] {
  const a = words.agencies;
  const heading = [sectionHeading(words.sections.agencies), bodyParagraph(planTotalsSentence(plan))];
  if (agencies.length === 0) return [...heading, bodyParagraph(a.none)];
  return [
    ...heading,
    dataTable({
      columns: [
        { header: a.number, weight: 6, align: 'center' },
        { header: a.agency, weight: 30 },
        { header: a.doneOnTime, weight: 13, align: 'center' },
        { header: a.doneLate, weight: 13, align: 'center' },
        { header: a.inProgressOnTime, weight: 13, align: 'center' },
        { header: a.overdueNotDone, weight: 13, align: 'center' },
        { header: a.onTimeRate, weight: 12, align: 'center' },
      ],
      rows: agencies.map((agency, index) => [String(index + 1), agency.name, ...complianceCells(agency)]),
      totalRow: ['', a.total, ...complianceCells(plan)],
    }),
  ];
}

function complianceCells(line: ComplianceLine): string[] {
  const { counts } = line;
  return [
    formatVietnameseNumber(counts.doneOnTime),
    formatVietnameseNumber(counts.doneLate),
    formatVietnameseNumber(counts.inProgressOnTime),
    formatVietnameseNumber(counts.overdueNotDone),
    formatOptionalNumber(line.onTimeRate),
  ];
}

// ---------------------------------------------------------------- V. late tasks

function lateSection(late: readonly LateItem[]): FileChild[] {
  const l = words.late;
  if (late.length === 0) return [sectionHeading(words.sections.late), bodyParagraph(l.none)];
  return [
    sectionHeading(words.sections.late),
    dataTable({
      columns: [
        { header: l.number, weight: 6, align: 'center' },
        { header: l.agency, weight: 20 },
        { header: l.task, weight: 36 },
        { header: l.period, weight: 12, align: 'center' },
        { header: l.due, weight: 13, align: 'center' },
        { header: l.workingDaysLate, weight: 13, align: 'center' },
      ],
      rows: late.map((item, index) => [
        String(index + 1),
        item.agencyName,
        words.tasks.rowTitle(item.rowKey, item.task),
        item.periodLabel,
        formatDate(item.dueDate),
        formatVietnameseNumber(item.workingDaysLate),
      ]),
    }),
  ];
}

// ---------------------------------------------------------------- VI–VII

function difficultiesSection(difficulties: readonly Difficulty[]): FileChild[] {
  const d = words.difficulties;
  const lines =
    difficulties.length === 0
      ? [bodyParagraph(d.none)]
      : difficulties.map((item) =>
          bodyParagraph(d.line(item.agencyName, item.rowKey, formatInstantDate(item.submittedAt), item.note)),
        );
  return [sectionHeading(words.sections.difficulties), ...lines];
}

/** Left for the Sở Nội vụ officer: a highlighted placeholder and room to write. */
function recommendationsSection(): FileChild[] {
  return [
    sectionHeading(words.sections.recommendations),
    placeholderParagraph(words.recommendations.placeholder),
    bodyParagraph(''),
    bodyParagraph(''),
  ];
}
