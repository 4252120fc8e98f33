import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { definitionMessages as m } from '../definitions.messages';
import { DefinitionProblem } from './definition-error';
import { AppendixFileDto, CalendarFileDto, DirectoryFileDto, PlanFileDto } from './definition-file.dto';

export type PathSegment = string | number;

/** A definition file that parsed and matched its shape. */
export type ParsedDefinitionFile =
  | { kind: 'directory'; file: string; dto: DirectoryFileDto; locate: Locator }
  | { kind: 'plan'; file: string; dto: PlanFileDto; locate: Locator }
  | { kind: 'appendix'; file: string; dto: AppendixFileDto; locate: Locator }
  | { kind: 'calendar'; file: string; dto: CalendarFileDto; locate: Locator };

/** Turns a path inside the document into a problem with line and column. */
export type Locator = (path: PathSegment[], message: string, item?: string) => DefinitionProblem;

/** Lists whose items are checked one by one; a broken item does not hide the others. */
const ITEM_LISTS = ['rows', 'agencies', 'groups'];

const FILE_TYPES = { directory: DirectoryFileDto, plan: PlanFileDto, appendix: AppendixFileDto, calendar: CalendarFileDto } as const;

export function formatPath(path: PathSegment[]): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg), '');
}

/** Lists the .yaml/.yml files under each path (a file or a folder, recursively), sorted. */
export async function listDefinitionFiles(target: string): Promise<string[]> {
  const stat = await fs.stat(target).catch(() => undefined);
  if (!stat) throw new DefinitionPathError(m.pathNotFound(target));
  if (stat.isFile()) return [path.resolve(target)];
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) await walk(full);
      else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) found.push(path.resolve(full));
    }
  };
  await walk(target);
  if (found.length === 0) throw new DefinitionPathError(m.noDefinitionFiles(target));
  return found.sort();
}

export class DefinitionPathError extends Error {}

function makeLocator(file: string, doc: Document, lines: LineCounter, raw: unknown): Locator {
  const itemOf = (p: PathSegment[]): { item?: string; rest: PathSegment[] } => {
    const [list, index, ...rest] = p;
    if (typeof index !== 'number' || typeof list !== 'string') return { rest: p };
    const entry = (raw as Record<string, unknown[]>)?.[list]?.[index] as Record<string, unknown> | undefined;
    const id = entry && (entry.key ?? entry.code);
    return typeof id === 'string' || typeof id === 'number' ? { item: String(id), rest } : { rest: p };
  };
  return (p, message, itemOverride) => {
    let node: unknown;
    for (let depth = p.length; depth >= 0 && !node; depth--) {
      node = depth === 0 ? doc.contents : doc.getIn(p.slice(0, depth), true);
      if (node && !(node as { range?: unknown }).range) node = undefined;
    }
    // For a key that should not be there, point at the key itself.
    const last = p[p.length - 1];
    if (typeof last === 'string' && p.length > 0) {
      const parent = p.length === 1 ? doc.contents : doc.getIn(p.slice(0, -1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((it) => isScalar(it.key) && it.key.value === last);
        if (pair && isScalar(pair.key) && pair.key.range) node = pair.key;
      }
    }
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    const pos = range ? lines.linePos(range[0]) : undefined;
    const { item, rest } = itemOf(p);
    return {
      file,
      line: pos?.line,
      column: pos?.col,
      path: formatPath(p),
      item: itemOverride ?? item,
      field: item || itemOverride ? formatPath(rest) || undefined : undefined,
      message,
    };
  };
}

function flattenValidationErrors(errors: ValidationError[], parent: PathSegment[] = []): { path: PathSegment[]; message: string }[] {
  const out: { path: PathSegment[]; message: string }[] = [];
  for (const error of errors) {
    const segment: PathSegment = /^\d+$/.test(error.property) ? Number(error.property) : error.property;
    const here = [...parent, segment];
    if ((error.value === undefined || error.value === null) && error.constraints && !error.constraints.whitelistValidation) {
      out.push({ path: here, message: m.required });
      continue;
    }
    const said = new Set<string>();
    for (const [constraint, text] of Object.entries(error.constraints ?? {})) {
      // "not an object" comes from both the object check and the nested check: say it once.
      if (said.has(text)) continue;
      said.add(text);
      if (constraint === 'whitelistValidation') out.push({ path: here, message: m.unknownField(error.property) });
      else if (constraint === 'isIn' && here.length === 1 && here[0] === 'kind') continue;
      else out.push({ path: here, message: /[a-z] (must|should)/.test(text) ? m.invalidValue : text });
    }
    out.push(...flattenValidationErrors(error.children ?? [], here));
  }
  return out;
}

/** Keys the shape check (class-transformer) cannot take, and objects that contain themselves (through an alias). */
const UNSAFE_KEYS = new Set(['constructor', 'prototype', '__proto__']);

function unsafeValue(value: unknown, path: PathSegment[] = [], inside: Set<unknown> = new Set()): { path: PathSegment[]; loop: boolean } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  if (inside.has(value)) return { path, loop: true };
  inside.add(value);
  try {
    for (const [key, child] of Object.entries(value)) {
      const here = [...path, Array.isArray(value) ? Number(key) : key];
      if (!Array.isArray(value) && UNSAFE_KEYS.has(key)) return { path: here, loop: false };
      const found = unsafeValue(child, here, inside);
      if (found) return found;
    }
  } finally {
    inside.delete(value);
  }
  return undefined;
}

/** Parses and shape-checks one file's text. Never throws: problems are returned. */
export function parseDefinitionText(
  file: string,
  bytes: Buffer | string,
): { parsed?: ParsedDefinitionFile; problems: DefinitionProblem[]; brokenPlan?: string } {
  let text: string;
  try {
    text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problems: [{ file, path: '', message: m.notUtf8 }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      problems: doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        return { file, line: pos.line, column: pos.col, path: '', message: m.yamlSyntax(e.message.split('\n')[0]) };
      }),
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    // An alias without its anchor, or so many aliases that the file would explode in memory.
    return { problems: [{ file, path: '', message: m.yamlAliases(String((error as Error).message).split('\n')[0]) }] };
  }
  const locate = makeLocator(file, doc, lines, raw);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { problems: [locate([], m.notAMapping)] };
  const unsafe = unsafeValue(raw);
  if (unsafe) return { problems: [locate(unsafe.path, unsafe.loop ? m.yamlAliasLoop : m.unknownField(String(unsafe.path[unsafe.path.length - 1])))] };
  const kind = (raw as { kind?: unknown }).kind;
  if (kind !== 'directory' && kind !== 'plan' && kind !== 'appendix' && kind !== 'calendar') {
    return { problems: [locate(['kind'], m.unknownFileKind(kind))] };
  }
  const dto = plainToInstance(FILE_TYPES[kind] as new () => object, raw);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
  const flat = flattenValidationErrors(errors);
  const problems = flat.map((e) => locate(e.path, e.message));
  // Problems inside list items (a row, an agency…) leave the rest of the file checkable, so that
  // the cross-file rules can still report everything at once; the broken items become null.
  const inItem = (p: PathSegment[]) => ITEM_LISTS.includes(p[0] as string) && typeof p[1] === 'number' && p.length > 2;
  if (flat.some((e) => !inItem(e.path))) {
    const code = (raw as { code?: unknown }).code;
    return { problems, brokenPlan: kind === 'plan' && typeof code === 'string' ? code : undefined };
  }
  for (const e of flat) {
    const list = (dto as Record<string, unknown[]>)[e.path[0] as string];
    list[e.path[1] as number] = null;
  }
  return { parsed: { kind, file, dto, locate } as ParsedDefinitionFile, problems };
}

/** Reads every definition file under the given paths; `displayRoot` shortens the file names in messages. */
export async function readDefinitionFiles(
  files: string[],
  displayRoot: string,
): Promise<{ files: ParsedDefinitionFile[]; problems: DefinitionProblem[]; brokenPlans: Set<string> }> {
  const parsed: ParsedDefinitionFile[] = [];
  const problems: DefinitionProblem[] = [];
  const brokenPlans = new Set<string>();
  for (const full of files) {
    const display = path.relative(displayRoot, full) || path.basename(full);
    const bytes = await fs.readFile(full).catch((e: Error) => e);
    if (bytes instanceof Error) {
      problems.push({ file: display, path: '', message: m.unreadableFile(bytes.message) });
      continue;
    }
    const result = parseDefinitionText(display, bytes);
    problems.push(...result.problems);
    if (result.parsed) parsed.push(result.parsed);
    if (result.brokenPlan) brokenPlans.add(result.brokenPlan);
  }
  return { files: parsed, problems, brokenPlans };
}
