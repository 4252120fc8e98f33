import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import type { LocalDate } from '../scheduling/domain/local-date';
import { DueState, dueStateLabel, formatMailDate, formatMailDateTime, Instant, isOverdue, ordinal, roleLabel, TaskRole } from './mail-format';

/**
 * The mail templates of `templates/mail/`: for each name a subject, an HTML body and a
 * plain-text body, rendered by an isolated Handlebars instance in strict mode (a missing
 * variable throws instead of printing nothing). "What to send" only: transport is elsewhere.
 */

export const MAIL_TEMPLATE_NAMES = [
  'upcoming',
  'due-today',
  'late',
  'escalation-head',
  'escalation-monitor',
  'digest',
  'returned',
  'submission-received',
  'submission-accepted',
] as const;
/** Mails about a person's account rather than a task (no task facts). */
export const ACCOUNT_MAIL_TEMPLATE_NAMES = ['password-reset'] as const;
export type MailTemplateName = (typeof MAIL_TEMPLATE_NAMES)[number] | (typeof ACCOUNT_MAIL_TEMPLATE_NAMES)[number];
const ALL_MAIL_TEMPLATE_NAMES: readonly MailTemplateName[] = [...MAIL_TEMPLATE_NAMES, ...ACCOUNT_MAIL_TEMPLATE_NAMES];

/** For names read back from storage (the outbox keeps the template name as text). */
export function isMailTemplateName(value: string): value is MailTemplateName {
  return (ALL_MAIL_TEMPLATE_NAMES as readonly string[]).includes(value);
}

const MAIL_PARTS = ['subject', 'html', 'text'] as const;
type MailPart = (typeof MAIL_PARTS)[number];

/** Partials every template set needs (file `partials/<name>.hbs`). */
export const REQUIRED_PARTIALS = ['layout.html', 'task-facts.html', 'task-facts.text'] as const;

/** Longest subject we send; longer ones are cut with "…". */
export const MAX_SUBJECT_LENGTH = 200;

export type { DueState, Instant, TaskRole };

/** The facts every message about one task instance names. */
export interface TaskFacts {
  planCode: string;
  planTitle: string;
  /** Appendix row key, e.g. 'VI.1'. */
  rowKey: string;
  /** The row's task (Nhiệm vụ), verbatim. */
  task: string;
  /** e.g. 'Năm 2026', '6 tháng cuối năm 2026'. */
  periodLabel: string;
  /** The responsible agency of this instance. */
  agencyName: string;
  role: TaskRole;
  dueDate: LocalDate;
  /** Working days past the due date; 0 when not late. */
  daysLate: number;
  /** Absolute URL of the task page (PUBLIC_URL + path). */
  link: string;
}

/** What every message needs besides the task. */
export interface MailCommon {
  /** Name of the plan's monitoring agency, e.g. 'Sở Nội vụ thành phố Hải Phòng' (signature, footer). */
  monitoringAgencyName: string;
  /** Person addressed ("Kính gửi: Ông/Bà …"); without it the greeting names the role. */
  recipientName?: string | null;
}

export interface UpcomingMail extends MailCommon, TaskFacts {
  /** Working days left until the due date (≥ 1). */
  daysLeft: number;
}
export type DueTodayMail = MailCommon & TaskFacts;
export type LateMail = MailCommon & TaskFacts;
/** To the head (thủ trưởng) of the responsible agency. */
export type EscalationHeadMail = MailCommon & TaskFacts;
/** To the monitoring agency. */
export interface EscalationMonitorMail extends MailCommon, TaskFacts {
  /** When the agency's head was informed (LocalDate or instant), if known. */
  headInformedOn?: LocalDate | Instant | null;
}
export interface DigestItem extends TaskFacts {
  state: DueState;
  /** Working days left, for state 'upcoming' (0 otherwise). */
  daysLeft: number;
}
export interface DigestMail extends MailCommon {
  /** The day the digest describes. */
  asOf: LocalDate;
  items: DigestItem[];
}
export interface ReturnedMail extends MailCommon, TaskFacts {
  reviewerComment: string;
  /** The day by which the revised submission is due. */
  newDueDate: LocalDate;
}
export interface SubmissionReceivedMail extends MailCommon, TaskFacts {
  submittedAt: Instant;
  submitterName?: string | null;
}
export interface SubmissionAcceptedMail extends MailCommon, TaskFacts {
  acceptedAt: Instant;
  reviewerComment?: string | null;
}

export interface MailViewModel {
  upcoming: UpcomingMail;
  'due-today': DueTodayMail;
  late: LateMail;
  'escalation-head': EscalationHeadMail;
  'escalation-monitor': EscalationMonitorMail;
  digest: DigestMail;
  returned: ReturnedMail;
  'submission-received': SubmissionReceivedMail;
  'submission-accepted': SubmissionAcceptedMail;
  'password-reset': PasswordResetMail;
}

/** A link to choose a new password, valid until `expiresAt`. */
export interface PasswordResetMail extends MailCommon {
  link: string;
  expiresAt: Instant;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** A template set that cannot be used: every problem found, one per line. */
export class MailTemplateError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length ? `${message}\n  - ${problems.join('\n  - ')}` : message);
    this.name = 'MailTemplateError';
  }
}

type Compiled = Handlebars.TemplateDelegate;
type TemplateSet = Record<MailTemplateName, Record<MailPart, Compiled>>;
type HandlebarsEnv = typeof Handlebars;

/** helper name → [function, number of parameters it takes]. Pure functions from mail-format. */
const HELPERS: Record<string, [(...args: unknown[]) => unknown, number]> = {
  date: [formatMailDate, 1],
  datetime: [formatMailDateTime, 1],
  roleLabel: [roleLabel, 1],
  dueState: [dueStateLabel, 3],
  inc: [ordinal, 1],
  overdue: [isOverdue, 1],
};

const BASE_OPTIONS: CompileOptions = {
  strict: true,
  knownHelpers: Object.fromEntries(Object.keys(HELPERS).map((name) => [name, true])),
  knownHelpersOnly: true,
  preventIndent: false,
};
/** HTML: every value is escaped. */
const HTML_OPTIONS: CompileOptions = { ...BASE_OPTIONS, noEscape: false };
/** Subject and plain text: no HTML entities. */
const TEXT_OPTIONS: CompileOptions = { ...BASE_OPTIONS, noEscape: true };

const RUNTIME_OPTIONS: Handlebars.RuntimeOptions = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
};

export class MailTemplates {
  private constructor(
    private readonly templates: TemplateSet,
    readonly dir: string,
  ) {}

  /**
   * Reads and compiles `<dir>/<name>.{subject,html,text}.hbs` for every template name and the
   * partials of `<dir>/partials/`. Fails with every missing or broken file listed.
   */
  static async load(dir: string): Promise<MailTemplates> {
    const root = path.resolve(dir);
    const hb = Handlebars.create();
    for (const [name, [fn, arity]] of Object.entries(HELPERS)) hb.registerHelper(name, exactArity(name, fn, arity));

    const problems: string[] = [];
    const partials = await registerPartials(hb, path.join(root, 'partials'), problems);

    const templates = {} as TemplateSet;
    for (const name of ALL_MAIL_TEMPLATE_NAMES) {
      const parts = {} as Record<MailPart, Compiled>;
      for (const part of MAIL_PARTS) {
        const file = path.join(root, `${name}.${part}.hbs`);
        const compiled = await compileFile(hb, file, part === 'html' ? HTML_OPTIONS : TEXT_OPTIONS, problems, partials);
        if (compiled) parts[part] = compiled;
      }
      templates[name] = parts;
    }
    if (problems.length) throw new MailTemplateError(`Mail templates in ${root} cannot be used:`, problems);
    return new MailTemplates(templates, root);
  }

  render<N extends MailTemplateName>(name: N, data: MailViewModel[N]): RenderedMail {
    const set = Object.hasOwn(this.templates, name) ? this.templates[name] : undefined;
    if (!set) throw new MailTemplateError(`Unknown mail template "${String(name)}"`);
    const run = (part: MailPart): string => {
      try {
        return set[part](data, RUNTIME_OPTIONS);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        throw new MailTemplateError(`Cannot render mail template ${name}.${part}.hbs: ${detail}`);
      }
    };
    return { subject: singleLine(run('subject')), html: run('html'), text: normalizeText(run('text')) };
  }
}

/** One line, single spaces, at most MAX_SUBJECT_LENGTH characters. */
export function singleLine(subject: string): string {
  const line = subject.replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  return chars.length <= MAX_SUBJECT_LENGTH ? line : `${chars.slice(0, MAX_SUBJECT_LENGTH - 1).join('').trimEnd()}…`;
}

/** Plain text: no trailing spaces, at most one empty line in a row, one final newline. */
export function normalizeText(text: string): string {
  return `${text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

function exactArity(name: string, fn: (...args: unknown[]) => unknown, arity: number): Handlebars.HelperDelegate {
  return (...args: unknown[]) => {
    // Handlebars passes its options object last.
    const params = args.slice(0, -1);
    if (params.length !== arity) {
      throw new TypeError(`helper "${name}" takes ${arity} parameter(s), got ${params.length}`);
    }
    return fn(...params);
  };
}

async function registerPartials(hb: HandlebarsEnv, dir: string, problems: string[]): Promise<Set<string>> {
  let files: string[] = [];
  try {
    files = (await fs.readdir(dir)).filter((file) => file.endsWith('.hbs')).sort();
  } catch (error) {
    problems.push(`${dir}: cannot read the partials folder (${errorText(error)})`);
    return new Set();
  }
  const found = new Set<string>();
  for (const file of files) {
    const name = file.slice(0, -'.hbs'.length);
    // task-facts.text.hbs is for plain text; everything else is HTML.
    const options = name.endsWith('.text') ? TEXT_OPTIONS : HTML_OPTIONS;
    const compiled = await compileFile(hb, path.join(dir, file), options, problems);
    if (compiled) {
      hb.registerPartial(name, compiled);
      found.add(name);
    }
  }
  for (const name of REQUIRED_PARTIALS) {
    if (!files.includes(`${name}.hbs`)) problems.push(`${path.join(dir, `${name}.hbs`)}: missing`);
  }
  return found;
}

async function compileFile(
  hb: HandlebarsEnv,
  file: string,
  options: CompileOptions,
  problems: string[],
  partials?: ReadonlySet<string>,
): Promise<Compiled | undefined> {
  let source: string;
  try {
    source = await fs.readFile(file, 'utf8');
  } catch (error) {
    problems.push(`${file}: ${isMissing(error) ? 'missing' : `cannot read (${errorText(error)})`}`);
    return undefined;
  }
  try {
    // compile() is lazy; precompile() runs the whole compiler now, so a broken file fails the load.
    hb.precompile(source, options);
    const unknown = partials ? partialNames(hb.parseWithoutProcessing(source)).filter((name) => !partials.has(name)) : [];
    if (unknown.length) {
      problems.push(`${file}: uses unknown partial(s) ${unknown.map((name) => `"${name}"`).join(', ')}`);
      return undefined;
    }
    return hb.compile(source, options);
  } catch (error) {
    problems.push(`${file}: does not compile: ${errorText(error).split('\n').join(' ')}`);
    return undefined;
  }
}

/** Names of the partials a template calls ({{> name}}, {{#> name}}), except @partial-block. */
function partialNames(node: unknown, names: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const child of node) partialNames(child, names);
  } else if (typeof node === 'object' && node !== null) {
    const record = node as { type?: unknown; name?: { type?: unknown; original?: unknown } };
    if (
      (record.type === 'PartialStatement' || record.type === 'PartialBlockStatement') &&
      record.name?.type === 'PathExpression' &&
      typeof record.name.original === 'string' &&
      !record.name.original.startsWith('@')
    ) {
      names.push(record.name.original);
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'loc') partialNames(child, names);
  }
  return names;
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
