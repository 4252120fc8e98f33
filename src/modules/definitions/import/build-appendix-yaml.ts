/**
 * Turns grouped appendix rows into (a) a per-row report for `phuluc import --dry-run` and (b)
 * the text of an appendix.yaml in the format of workflows/hp-bhxh-2030/appendix.yaml.
 *
 * The YAML states only what the file states: `parties` hold directory codes, never guesses.
 * What cannot be stated is left visibly empty and the file is made to FAIL validation on
 * purpose, so that nothing half-known is loaded:
 * - a lead or support cell with no resolvable name → `parties: []` (the validator requires at
 *   least one), with a "# CẦN SỬA: …" comment above the row naming the unresolved names;
 * - a cell where some names resolve → the resolved codes only, with a comment listing the rest
 *   (the row is valid; the admin decides whether the others matter);
 * - an empty task, lead, deliverable or timing → an empty string and a "CẦN SỬA" comment;
 * - a duplicate key → kept as it is (the validator names both rows).
 * Such rows are reported `blocking: true`. Rows whose number or section the file does not give
 * are `provenance: inferred` with a note; every other row is `verbatim`.
 */
import { Document, isMap, isScalar, isSeq, Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseTiming, type ParsedTiming, type TimingKind } from '../../scheduling/domain/timing-parser';
import type { AppendixSection, ImportedRow } from './appendix-rows';
import { classifyDeliverable, type DeliverableKind, type MetricGuess } from './classify-deliverable';
import { rowWarnings as warn, yamlText } from './import.messages';
import { resolveParties, type PartyDirectory, type ResolvedParty } from './resolve-parties';

export interface ImportRowReport {
  key: string;
  lines: number[];
  section: string;
  task: string;
  lead: { text: string; parties: ResolvedParty[] };
  support: { text: string; parties: ResolvedParty[] } | null;
  deliverable: { kind: DeliverableKind; name: string; metrics: MetricGuess[] };
  timing: { text: string; kind: TimingKind; explanation: string; parsed: ParsedTiming };
  provenance: 'verbatim' | 'inferred';
  /** Vietnamese, for the person importing. */
  warnings: string[];
  /** The generated YAML row fails validation until somebody fixes it. */
  blocking: boolean;
}

export interface PlanSectionDraft {
  key: string;
  title: string;
  /** 'inferred' when the appendix gives no title (the title is a placeholder) or no section. */
  provenance: 'verbatim' | 'inferred';
  note?: string;
}

export interface ImportSummary {
  rows: number;
  sections: number;
  rowsWithWarnings: number;
  /** Keys of rows that must be fixed before the definitions load. */
  blockingRows: string[];
  /** Names found in lead/support cells that resolve to nothing, each once, in order. */
  unresolvedNames: string[];
}

export interface AppendixBuildInput {
  planCode: string;
  fileName: string;
  sections: readonly AppendixSection[];
  rows: readonly ImportedRow[];
  directory: PartyDirectory;
}

export interface AppendixBuildResult {
  rows: ImportRowReport[];
  appendixYaml: string;
  sectionsForPlan: PlanSectionDraft[];
  summary: ImportSummary;
}

export function buildAppendixDefinitions(input: AppendixBuildInput): AppendixBuildResult {
  const linesByKey = new Map<string, number[]>();
  for (const r of input.rows) linesByKey.set(r.key, [...(linesByKey.get(r.key) ?? []), r.lines[0] ?? 0]);

  const built = input.rows.map((row) => {
    const lines = linesByKey.get(row.key) ?? [];
    return reportRow(row, input.directory, lines.length > 1 ? warn.duplicateKey(row.key, lines) : null);
  });
  const reports = built.map((b) => b.report);
  const unresolvedNames = [
    ...new Set(reports.flatMap((r) => [...r.lead.parties, ...(r.support?.parties ?? [])].filter((p) => !p.resolved).map((p) => p.name))),
  ];
  return {
    rows: reports,
    appendixYaml: appendixYaml(input, built),
    sectionsForPlan: input.sections.map(sectionForPlan),
    summary: {
      rows: reports.length,
      sections: input.sections.length,
      rowsWithWarnings: reports.filter((r) => r.warnings.length > 0).length,
      blockingRows: reports.filter((r) => r.blocking).map((r) => r.key),
      unresolvedNames,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// One row

interface BuiltRow {
  report: ImportRowReport;
  inferred: ImportedRow['inferred'];
  /** Comment lines for the YAML row. */
  comments: string[];
}

function reportRow(row: ImportedRow, directory: PartyDirectory, duplicateKey: string | null): BuiltRow {
  const warnings = [...row.warnings];
  const comments: string[] = [];
  let blocking = false;
  const mustFix = (message: string, comment = message) => {
    warnings.push(message);
    comments.push(yamlText.mustFix(comment));
    blocking = true;
  };

  if (duplicateKey) mustFix(duplicateKey);
  if (!row.task) mustFix(warn.emptyTask);

  const lead = { text: row.lead, parties: row.lead ? resolveParties(row.lead, directory) : [] };
  const support = row.support ? { text: row.support, parties: resolveParties(row.support, directory) } : null;
  if (!row.lead) mustFix(warn.emptyLead);
  for (const [role, cell] of [['lead', lead], ['support', support]] as const) {
    if (!cell?.text) continue;
    const missing = cell.parties.filter((p) => !p.resolved);
    for (const p of missing) warnings.push(role === 'lead' ? warn.unresolvedLead(p.name, p.hint) : warn.unresolvedSupport(p.name, p.hint));
    if (missing.length === 0) continue;
    const list = yamlText.unresolved(role, missing.map((p) => p.name));
    if (cell.parties.some((p) => p.resolved)) comments.push(` ${list}`);
    else mustFix(role === 'lead' ? warn.noLeadResolved : warn.noSupportResolved, list);
  }

  const guess = classifyDeliverable(row.deliverable);
  if (!row.deliverable) mustFix(warn.emptyDeliverable);

  const parsed = parseTiming(row.timing);
  if (!row.timing) mustFix(parsed.warnings[0] ?? warn.emptyTiming);
  else warnings.push(...parsed.warnings);

  const report: ImportRowReport = {
    key: row.key,
    lines: [...row.lines],
    section: row.section,
    task: row.task,
    lead,
    support,
    deliverable: { kind: guess.kind, name: row.deliverable, metrics: guess.metrics },
    timing: { text: row.timing, kind: parsed.kind, explanation: parsed.explanation, parsed },
    provenance: row.inferred.length ? 'inferred' : 'verbatim',
    warnings: [...new Set(warnings)],
    blocking,
  };
  return { report, inferred: row.inferred, comments };
}

function sectionForPlan(s: AppendixSection): PlanSectionDraft {
  if (s.implicit) return { key: s.key, title: yamlText.implicitSectionTitle, provenance: 'inferred', note: yamlText.implicitSectionNote };
  if (!s.title) return { key: s.key, title: yamlText.untitledSection(s.key), provenance: 'inferred', note: yamlText.untitledSectionNote(s.key) };
  return { key: s.key, title: s.title, provenance: 'verbatim' };
}

// ---------------------------------------------------------------------------------------------
// YAML

/** Flow maps ({ text: …, parties: […] }) longer than this are written as blocks. */
const FLOW_LIMIT = 120;

function appendixYaml(input: AppendixBuildInput, built: BuiltRow[]): string {
  const doc = new Document({ kind: 'appendix', plan: input.planCode, rows: [] });
  doc.commentBefore = yamlText.header(input.planCode, input.fileName, built.length);
  const rows = doc.get('rows', true) as YAMLSeq;
  built.forEach(({ report: r, inferred, comments }, i) => {
    const notes = inferred.length ? inferred.map(provenanceNote) : undefined;
    const node = doc.createNode({
      key: r.key,
      section: r.section,
      task: r.task,
      lead: { text: r.lead.text, parties: codes(r.lead.parties) },
      ...(r.support ? { support: { text: r.support.text, parties: codes(r.support.parties) } } : {}),
      deliverable: {
        kind: r.deliverable.kind,
        name: r.deliverable.name,
        ...(r.deliverable.metrics.length ? { metrics: r.deliverable.metrics } : {}),
      },
      timing: r.timing.text,
      provenance: r.provenance,
      ...(notes ? { provenanceNotes: notes } : {}),
    }) as YAMLMap;
    for (const field of ['lead', 'support']) flowIfShort(node.get(field, true), 6 + field.length);
    const deliverable = node.get('deliverable', true);
    if (isMap(deliverable)) {
      if (r.deliverable.metrics.length === 0) flowIfShort(deliverable, 17);
      const metrics = deliverable.get('metrics', true) as YAMLSeq | undefined;
      for (const m of metrics?.items ?? []) {
        if (!isMap(m)) continue;
        m.flow = true;
        for (const k of ['name', 'unit']) quote(m.get(k, true));
      }
    }
    for (const n of (node.get('provenanceNotes', true) as YAMLSeq | undefined)?.items ?? []) if (isMap(n)) n.flow = false;
    if (comments.length) node.commentBefore = comments.join('\n');
    if (i > 0) node.spaceBefore = true;
    rows.items.push(node);
  });
  return doc.toString({ lineWidth: 0 });
}

const codes = (parties: ResolvedParty[]) => parties.filter((p) => p.resolved).map((p) => p.resolved as string);

function provenanceNote(field: 'key' | 'section'): { field: 'key' | 'section'; mark: 'inferred'; note: string } {
  return { field, mark: 'inferred', note: field === 'key' ? yamlText.keyInferredNote : yamlText.sectionInferredNote };
}

/** Writes a { text, name, parties } map on one line, as the hand-written files do, when it is short. */
function flowIfShort(node: unknown, indent: number): void {
  if (!isMap(node)) return;
  const parties = node.get('parties', true);
  if (isSeq(parties)) parties.flow = true;
  const text = node.get('text', true) ?? node.get('name', true);
  quote(text);
  const plain = isScalar(text) ? String(text.value) : '';
  if (plain.includes('\n')) return;
  const length = indent + JSON.stringify(node.toJSON()).length + 8;
  node.flow = length <= FLOW_LIMIT;
  if (!node.flow && isScalar(text)) text.type = undefined;
}

function quote(node: unknown): void {
  if (isScalar(node) && typeof node.value === 'string' && !node.value.includes('\n')) node.type = Scalar.QUOTE_DOUBLE;
}
