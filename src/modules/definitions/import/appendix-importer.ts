import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Document } from 'yaml';
import { DomainError } from '../../../common/domain-error';
import { LocalDate } from '../../scheduling/domain/local-date';
import { computePeriods } from '../../scheduling/domain/periods';
import { resolvePlanSettings } from '../../scheduling/domain/plan-settings';
import { buildWorkingCalendar, readYearAdjustments } from '../../scheduling/domain/working-calendar';
import { formatProblem } from '../files/definition-error';
import { readDefinitionSet } from '../files/read-definition-set';
import { groupAppendixRows } from './appendix-rows';
import { buildAppendixDefinitions } from './build-appendix-yaml';
import { importMessages as say } from './import.messages';
import { readAppendixTable } from './read-appendix-table';

export interface ImportOptions {
  file: string;
  plan: string;
  from?: LocalDate;
  to?: LocalDate;
  dryRun?: boolean;
  /** Replace an existing appendix.yaml of the plan. */
  force?: boolean;
  /** For a plan that does not exist yet. */
  title?: string;
  monitor?: string;
}

export interface ImportedRowReport {
  key: string;
  lines: number[];
  section: string;
  task: string;
  lead: { name: string; resolved: string | null; type: 'agency' | 'group' | null }[];
  support: { name: string; resolved: string | null; type: 'agency' | 'group' | null }[];
  deliverable: { kind: string; name: string };
  timing: { text: string; kind: string; explanation: string; dueDates: LocalDate[] };
  warnings: string[];
  blocking: boolean;
}

export interface ImportReport {
  file: string;
  plan: string;
  planExists: boolean;
  horizon: { start: LocalDate; end: LocalDate };
  format: 'csv' | 'xlsx';
  rows: ImportedRowReport[];
  notes: string[];
  summary: {
    rows: number;
    sections: number;
    linesRead: number;
    linesInRows: number;
    /** Lines that are section headings. */
    linesHeadings: number;
    /** Lines skipped with a note (blank lines, column-number rows). */
    linesNoted: number;
    rowsWithWarnings: number;
    blockingRows: string[];
    unresolvedNames: string[];
    rowsWithoutSchedule: string[];
  };
  /** Files written (empty for --dry-run). */
  written: string[];
  /** Problems the validator finds in what was written: fix them, then `phuluc load`. */
  problems: string[];
}

const DUE_DATES_SHOWN = 5;

/**
 * Reads an appendix table (CSV or XLSX) of a plan and turns it into definition files:
 * every physical line is accounted for, party names are resolved against the directory in
 * workflows/, and each row's timing is shown with its first due dates. With `dryRun` nothing
 * is written; otherwise workflows/<plan>/appendix.yaml (and plan.yaml, as a draft, for a new
 * plan) are written and validated. Loading is `phuluc load` (or `import --load`).
 */
export async function importAppendix(options: ImportOptions, workflowsDir: string, today: LocalDate): Promise<ImportReport> {
  const displayRoot = path.dirname(workflowsDir);
  const bytes = await fs.readFile(options.file).catch((error: NodeJS.ErrnoException) => {
    throw new DomainError('IMPORT_FILE_INVALID', say.cannotRead(options.file, error.code ?? error.message));
  });
  const table = await readAppendixTable(bytes, path.basename(options.file));
  if (!table.ok) throw new DomainError('IMPORT_FILE_INVALID', table.error.message, { code: table.error.code });

  const { set, problems } = await readDefinitionSet(workflowsDir, workflowsDir, displayRoot);
  if (problems.length) throw new DomainError('DEFINITIONS_INVALID', say.workflowsInvalid(problems.length), { text: problems.map(formatProblem) });
  const existing = set.plans.find((p) => p.code === options.plan);
  const year = Number(today.slice(0, 4));
  const horizon = {
    start: options.from ?? existing?.horizon.start ?? `${year}-01-01`,
    end: options.to ?? existing?.horizon.end ?? `${year + 4}-12-31`,
  };
  if (horizon.end < horizon.start) throw new DomainError('VALIDATION_FAILED', say.horizonOrder(horizon.start, horizon.end));

  const grouped = groupAppendixRows(table.rows);
  const built = buildAppendixDefinitions({
    planCode: options.plan,
    fileName: path.basename(options.file),
    sections: grouped.sections,
    rows: grouped.rows,
    directory: { agencies: set.agencies, groups: set.groups },
  });

  const settings = resolvePlanSettings(existing?.settings).settings;
  const adjustments = readYearAdjustments({ adjustments: set.calendarYears.map((y) => y.adjustments) }).adjustments;
  const calendar = buildWorkingCalendar({
    years: { from: Number(horizon.start.slice(0, 4)) - 1, to: Number(horizon.end.slice(0, 4)) + 1 },
    adjustments,
  });
  const rows: ImportedRowReport[] = built.rows.map((r) => {
    const { periods } = computePeriods({ timing: r.timing.parsed, horizon, settings, calendar });
    const party = (p: { name: string; resolved: string | null; type: 'agency' | 'group' | null }) => ({ name: p.name, resolved: p.resolved, type: p.type });
    return {
      key: r.key,
      lines: r.lines,
      section: r.section,
      task: r.task,
      lead: r.lead.parties.map(party),
      support: (r.support?.parties ?? []).map(party),
      deliverable: { kind: r.deliverable.kind, name: r.deliverable.name },
      timing: { text: r.timing.text, kind: r.timing.kind, explanation: r.timing.explanation, dueDates: periods.slice(0, DUE_DATES_SHOWN).map((p) => p.dueDate) },
      warnings: r.warnings,
      blocking: r.blocking,
    };
  });
  const linesInRows = rows.reduce((n, r) => n + r.lines.length, 0);
  const rowLines = new Set(rows.flatMap((r) => r.lines));
  const headingLines = grouped.sections.filter((s) => !s.implicit && !rowLines.has(s.line)).length;
  const report: ImportReport = {
    file: path.relative(displayRoot, path.resolve(options.file)),
    plan: options.plan,
    planExists: existing !== undefined,
    horizon,
    format: table.format,
    rows,
    notes: grouped.notes,
    summary: {
      rows: rows.length,
      sections: built.summary.sections,
      linesRead: table.rows.length,
      linesInRows,
      linesHeadings: headingLines,
      linesNoted: table.rows.length - linesInRows - headingLines,
      rowsWithWarnings: built.summary.rowsWithWarnings,
      blockingRows: built.summary.blockingRows,
      unresolvedNames: built.summary.unresolvedNames,
      rowsWithoutSchedule: rows.filter((r) => r.timing.dueDates.length === 0).map((r) => r.key),
    },
    written: [],
    problems: [],
  };
  if (options.dryRun) return report;

  const folder = existing?.appendix
    ? path.resolve(displayRoot, path.dirname(existing.appendix.sourceFile))
    : existing
      ? path.resolve(displayRoot, path.dirname(existing.sourceFile))
      : path.join(workflowsDir, options.plan.toLowerCase());
  const appendixFile = path.join(folder, 'appendix.yaml');
  const exists = await fs.stat(appendixFile).then(() => true, () => false);
  if (exists && !options.force) throw new DomainError('VALIDATION_FAILED', say.wouldOverwrite(path.relative(displayRoot, appendixFile)));
  await fs.mkdir(folder, { recursive: true });
  if (!existing) {
    const monitor = options.monitor ?? (set.agencies.some((a) => a.code === 'SNV') ? 'SNV' : undefined);
    if (!monitor) throw new DomainError('VALIDATION_FAILED', say.monitorRequired);
    const planFile = path.join(folder, 'plan.yaml');
    const doc = new Document({
      kind: 'plan',
      code: options.plan,
      title: options.title ?? say.defaultTitle(options.plan),
      issuer: say.issuerToFill,
      monitoringAgency: monitor,
      horizon,
      status: 'draft',
      sections: built.sectionsForPlan.map((s) => ({ key: s.key, title: s.title, provenance: s.provenance, ...(s.note ? { note: s.note } : {}) })),
    });
    doc.commentBefore = say.planFileComment(report.file, today);
    await fs.writeFile(planFile, doc.toString({ lineWidth: 0 }));
    report.written.push(path.relative(displayRoot, planFile));
  }
  await fs.writeFile(appendixFile, built.appendixYaml);
  report.written.push(path.relative(displayRoot, appendixFile));
  const check = await readDefinitionSet(folder, workflowsDir, displayRoot);
  report.problems = check.problems.map(formatProblem);
  return report;
}
