import { resolveReminderPolicy } from '../../reminders/domain/reminder-policy';
import { resolvePlanSettings } from '../../scheduling/domain/plan-settings';
import { readYearAdjustments } from '../../scheduling/domain/working-calendar';
import { definitionMessages as m } from '../definitions.messages';
import {
  AgencyDefinition,
  CalendarYearDefinition,
  DefinitionSet,
  DefinitionWarning,
  GroupDefinition,
  PlanDefinition,
  ProvenanceMark,
  RowDefinition,
} from '../domain/definition-set';
import { DefinitionProblem } from './definition-error';
import { AppendixFileDto, ContactDto, PlanFileDto } from './definition-file.dto';
import { ParsedDefinitionFile } from './read-definition-files';

const orNull = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v);
const contact = (c: ContactDto) => ({ name: orNull(c.name), title: orNull(c.title), email: c.email, phone: orNull(c.phone) });
const MARK_RANK: Record<ProvenanceMark, number> = { verbatim: 0, inferred: 1, uncertain: 2 };

/**
 * Cross-file rules over shape-checked files: unique codes and keys, every reference resolves,
 * provenance is explained. Returns all problems at once; the set is only usable without problems.
 */
export function checkDefinitions(
  files: ParsedDefinitionFile[],
  brokenPlans: ReadonlySet<string> = new Set(),
): { set: DefinitionSet; problems: DefinitionProblem[] } {
  const problems: DefinitionProblem[] = [];
  const warnings: DefinitionWarning[] = [];
  const agencies = new Map<string, AgencyDefinition>();
  const groups = new Map<string, GroupDefinition>();
  const officialCodes = new Set<string>();
  const directoryFiles: string[] = [];

  for (const f of files) {
    if (f.kind !== 'directory') continue;
    directoryFiles.push(f.file);
    const d = f.dto;
    if (d.confirmation === 'to_be_confirmed') warnings.push({ file: f.file, message: m.warnToBeConfirmed(d.name) });
    (d.agencies ?? []).forEach((a, i) => {
      if (!a) return;
      const at = (field: string, msg: string) => problems.push(f.locate(['agencies', i, field], msg));
      const existing = agencies.get(a.code);
      if (existing) return at('code', m.duplicateAgency(a.code, existing.sourceFile));
      if (a.level === 'commune' && (!a.officialCode || !a.unitName || !a.unitType)) at('level', m.communeFieldsRequired);
      if (a.officialCode) {
        if (officialCodes.has(a.officialCode)) at('officialCode', m.duplicateOfficialCode(a.officialCode));
        officialCodes.add(a.officialCode);
      }
      agencies.set(a.code, {
        code: a.code,
        name: a.name,
        shortName: orNull(a.shortName),
        kind: a.kind,
        level: a.level,
        officialCode: orNull(a.officialCode),
        unitName: orNull(a.unitName),
        unitType: orNull(a.unitType),
        confirmation: a.confirmation ?? d.confirmation,
        head: a.head ? contact(a.head) : null,
        focalPoints: (a.focalPoints ?? []).map(contact),
        sourceFile: f.file,
      });
    });
  }

  for (const f of files) {
    if (f.kind !== 'directory') continue;
    (f.dto.groups ?? []).forEach((g, i) => {
      if (!g) return;
      const at = (p: (string | number)[], msg: string) => problems.push(f.locate(['groups', i, ...p], msg));
      const existing = groups.get(g.code);
      if (existing) return at(['code'], m.duplicateGroup(g.code, existing.sourceFile));
      if (agencies.has(g.code)) at(['code'], m.codeUsedByAgencyAndGroup(g.code));
      if (g.membership === 'listed' && g.members.length === 0) at(['members'], m.listedGroupWithoutMembers);
      if (g.membership !== 'listed' && g.members.length > 0) at(['members'], m.membersNotAllowed(g.membership));
      const seen = new Set<string>();
      g.members.forEach((code, j) => {
        if (!agencies.has(code)) at(['members', j], m.unknownMember(code));
        if (seen.has(code)) at(['members', j], m.duplicateMember(code));
        seen.add(code);
      });
      if (g.membership === 'pending') warnings.push({ file: f.file, item: g.code, message: m.warnEmptyGroup(g.code, g.name) });
      groups.set(g.code, {
        code: g.code,
        name: g.name,
        description: orNull(g.description),
        membership: g.membership,
        confirmation: g.confirmation ?? f.dto.confirmation,
        members: g.members,
        sourceFile: f.file,
      });
    });
  }

  const plans = new Map<string, { plan: PlanDefinition; file: Extract<ParsedDefinitionFile, { kind: 'plan' }> }>();
  for (const f of files) {
    if (f.kind !== 'plan') continue;
    const existing = plans.get(f.dto.code);
    if (existing) {
      problems.push(f.locate(['code'], m.duplicatePlan(f.dto.code, existing.plan.sourceFile)));
      continue;
    }
    plans.set(f.dto.code, { plan: checkPlan(f.dto, f, agencies, problems), file: f });
  }

  const calendarYears = new Map<number, CalendarYearDefinition>();
  const calendarFiles: string[] = [];
  for (const f of files) {
    if (f.kind !== 'calendar') continue;
    calendarFiles.push(f.file);
    const reading = readYearAdjustments({ adjustments: f.dto.adjustments });
    reading.errors.forEach((e) => problems.push(f.locate(['adjustments'], m.invalidCalendar(e))));
    if (reading.errors.length) continue;
    reading.adjustments.forEach((year, i) => {
      const other = calendarYears.get(year.year);
      if (other) problems.push(f.locate(['adjustments', i, 'year'], m.duplicateCalendarYear(year.year, other.sourceFile)));
      else calendarYears.set(year.year, { year: year.year, adjustments: f.dto.adjustments[i], sourceFile: f.file });
    });
  }

  const appendixFiles = new Map<string, string>();
  for (const f of files) {
    if (f.kind !== 'appendix') continue;
    const target = plans.get(f.dto.plan);
    if (!target && brokenPlans.has(f.dto.plan)) continue; // its plan file already has problems
    if (!target) {
      problems.push(f.locate(['plan'], m.unknownPlan(f.dto.plan)));
      continue;
    }
    const other = appendixFiles.get(f.dto.plan);
    if (other) {
      problems.push(f.locate(['plan'], m.appendixDuplicatePlan(f.dto.plan, other)));
      continue;
    }
    appendixFiles.set(f.dto.plan, f.file);
    target.plan.appendix = { sourceFile: f.file, rows: checkRows(f.dto, f, target.plan, agencies, groups, problems, warnings) };
  }

  return {
    set: {
      agencies: [...agencies.values()],
      groups: [...groups.values()],
      plans: [...plans.values()].map((p) => p.plan),
      calendarYears: [...calendarYears.values()],
      calendarFiles,
      directoryFiles,
      warnings,
    },
    problems,
  };
}

function checkPlan(
  d: PlanFileDto,
  f: ParsedDefinitionFile,
  agencies: Map<string, AgencyDefinition>,
  problems: DefinitionProblem[],
): PlanDefinition {
  const at = (p: (string | number)[], msg: string) => problems.push(f.locate(p, msg));
  if (!agencies.has(d.monitoringAgency)) at(['monitoringAgency'], m.unknownMonitoringAgency(d.monitoringAgency));
  if (d.horizon.end < d.horizon.start) at(['horizon', 'end'], m.horizonOrder);
  resolvePlanSettings(d.settings).errors.forEach((e) => at(['settings'], m.invalidSetting(e)));
  resolveReminderPolicy(d.settings).errors.forEach((e) => at(['settings', 'reminders'], m.invalidSetting(e)));
  const sectionKeys = new Set<string>();
  d.sections.forEach((s, i) => {
    if (sectionKeys.has(s.key)) at(['sections', i, 'key'], m.duplicateSection(s.key));
    sectionKeys.add(s.key);
  });
  const indicatorCodes = new Set((d.indicators ?? []).map((x) => x.code));
  const seenIndicators = new Set<string>();
  const startYear = Number(d.horizon.start.slice(0, 4));
  const endYear = Number(d.horizon.end.slice(0, 4));
  (d.indicators ?? []).forEach((ind, i) => {
    if (seenIndicators.has(ind.code)) at(['indicators', i, 'code'], m.duplicateIndicator(ind.code));
    seenIndicators.add(ind.code);
    if (ind.partOf && !indicatorCodes.has(ind.partOf)) at(['indicators', i, 'partOf'], m.unknownIndicator(ind.partOf));
    const years = new Set<number>();
    ind.targets.forEach((t, j) => {
      if (years.has(t.year)) at(['indicators', i, 'targets', j, 'year'], m.duplicateTargetYear(t.year));
      years.add(t.year);
      if (t.year < startYear || t.year > endYear) at(['indicators', i, 'targets', j, 'year'], m.targetOutsideHorizon(t.year));
      if (t.provenance && t.provenance !== 'verbatim' && !t.note) at(['indicators', i, 'targets', j, 'note'], m.uncertainTargetNeedsNote);
    });
  });
  return {
    code: d.code,
    title: d.title,
    documentNumber: orNull(d.documentNumber),
    issuedOn: orNull(d.issuedOn),
    issuer: d.issuer,
    signer: orNull(d.signer),
    report: {
      numberSymbol: orNull(d.report?.numberSymbol),
      recipients: d.report?.recipients ?? null,
      letterNumberSymbol: orNull(d.report?.letterNumberSymbol),
      letterRecipients: d.report?.letterRecipients ?? null,
      letterSigner: orNull(d.report?.letterSigner),
    },
    monitoringAgency: d.monitoringAgency,
    horizon: { start: d.horizon.start, end: d.horizon.end },
    status: d.status ?? 'draft',
    settings: { ...(d.settings ?? {}) },
    legalBases: d.legalBases ?? [],
    notes: d.notes ?? [],
    sections: d.sections.map((s) => ({
      key: s.key,
      title: s.title,
      provenance: s.provenance,
      rowsInSource: s.rowsInSource ?? true,
      rowsNotInSource: s.rowsNotInSource ?? [],
      note: orNull(s.note),
    })),
    indicators: (d.indicators ?? []).map((ind) => ({
      code: ind.code,
      name: ind.name,
      unit: ind.unit,
      targetKind: ind.targetKind,
      partOf: orNull(ind.partOf),
      note: orNull(ind.note),
      targets: ind.targets.map((t) => ({ year: t.year, value: t.value, provenance: t.provenance ?? 'verbatim', note: orNull(t.note) })),
    })),
    sourceFile: f.file,
  };
}

function checkRows(
  d: AppendixFileDto,
  f: ParsedDefinitionFile,
  plan: PlanDefinition,
  agencies: Map<string, AgencyDefinition>,
  groups: Map<string, GroupDefinition>,
  problems: DefinitionProblem[],
  warnings: DefinitionWarning[],
): RowDefinition[] {
  const sections = new Map(plan.sections.map((s) => [s.key, s]));
  const keys = new Set<string>();
  const rows: RowDefinition[] = [];
  d.rows.forEach((r, i) => {
    if (!r) return;
    const at = (p: (string | number)[], msg: string) => problems.push(f.locate(['rows', i, ...p], msg, r.key));
    if (keys.has(r.key)) at(['key'], m.duplicateRowKey(r.key));
    keys.add(r.key);
    const section = sections.get(r.section);
    if (!section) at(['section'], m.unknownSection(r.section));
    else {
      if (!r.key.startsWith(`${r.section}.`)) at(['key'], m.keyNotInSection(r.key, r.section));
      if (!section.rowsInSource) at(['section'], m.sectionWithoutSourceRows(r.section));
      if (section.rowsNotInSource.includes(r.key)) at(['key'], m.rowMarkedNotInSource(r.key));
    }
    for (const role of ['lead', 'support'] as const) {
      const parties = r[role]?.parties ?? [];
      const seen = new Set<string>();
      parties.forEach((code, j) => {
        if (seen.has(code)) at([role, 'parties', j], m.duplicateParty(code));
        seen.add(code);
        const group = groups.get(code);
        if (!agencies.has(code) && !group) at([role, 'parties', j], m.unknownParty(code));
        if (group?.membership === 'pending' && group.members.length === 0) {
          warnings.push({ file: f.file, item: r.key, message: m.warnEmptyGroupInRow(code, role) });
        }
        if (group?.membership === 'per_row') warnings.push({ file: f.file, item: r.key, message: m.warnPerRowGroupInRow(code, role) });
      });
    }
    const notes = r.provenanceNotes ?? [];
    if (r.provenance !== 'verbatim' && notes.length === 0) at(['provenance'], m.provenanceNotesRequired);
    const worst = notes.reduce<ProvenanceMark>((w, n) => (MARK_RANK[n.mark] > MARK_RANK[w] ? n.mark : w), 'verbatim');
    if (MARK_RANK[worst] > MARK_RANK[r.provenance]) at(['provenance'], m.provenanceTooWeak(worst));
    if (r.reminders) resolveReminderPolicy(plan.settings, r.reminders).errors.forEach((e) => at(['reminders'], m.invalidSetting(e)));
    const metrics = r.deliverable.metrics ?? [];
    if (r.deliverable.kind === 'metric' && metrics.length === 0) at(['deliverable', 'metrics'], m.metricsRequired);
    const metricCodes = new Set<string>();
    metrics.forEach((x, j) => {
      if (metricCodes.has(x.code)) at(['deliverable', 'metrics', j, 'code'], m.duplicateMetric(x.code));
      metricCodes.add(x.code);
    });
    rows.push({
      key: r.key,
      position: i + 1,
      section: r.section,
      task: r.task,
      lead: { text: r.lead.text, parties: [...r.lead.parties] },
      support: r.support ? { text: r.support.text, parties: [...r.support.parties] } : null,
      deliverable: {
        kind: r.deliverable.kind,
        name: r.deliverable.name,
        metrics: metrics.map((x) => ({ code: x.code, name: x.name, unit: x.unit, ...(x.type ? { type: x.type } : {}) })),
        ...(r.deliverable.maxUploadMB !== undefined ? { maxUploadMB: r.deliverable.maxUploadMB } : {}),
        ...(r.deliverable.fileTypes ? { fileTypes: [...r.deliverable.fileTypes] } : {}),
      },
      timing: r.timing,
      provenance: r.provenance,
      provenanceNotes: notes.map((n) => ({ field: n.field, mark: n.mark, note: n.note })),
      ...(r.reminders ? { reminders: r.reminders } : {}),
    });
  });
  return rows;
}
