/**
 * The server-rendered pages of `templates/pages/`: Handlebars (HTML-escaped by default, strict:
 * a missing variable throws), a layout partial, and helpers for Vietnamese dates and labels.
 * Templates are compiled once at start; a broken template stops the start with its file name.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import { formatMailDate, formatMailDateTime } from '../reminders/mail-format';
import { taskClassificationLabels, taskStatusLabels } from '../tasks/domain/task-lifecycle.messages';

export const PAGE_RENDERER = Symbol('PAGE_RENDERER');

const HELPERS: Record<string, (...args: unknown[]) => unknown> = {
  date: (value) => (value ? formatMailDate(value) : ''),
  datetime: (value) => (value ? formatMailDateTime(value) : ''),
  eq: (a, b) => a === b,
  not: (a) => !a,
  /** True for 0 too (a rate of 0% is a figure, not "none"). */
  present: (a) => a !== null && a !== undefined && a !== '',
  or: (a, b) => Boolean(a) || Boolean(b),
  statusLabel: (status) => taskStatusLabels[status as keyof typeof taskStatusLabels] ?? String(status),
  classificationLabel: (value) => taskClassificationLabels[value as keyof typeof taskClassificationLabels] ?? String(value),
  number: (value) => (typeof value === 'number' || typeof value === 'string' ? Number(value).toLocaleString('vi-VN', { maximumFractionDigits: 6 }) : ''),
  fileSize: (value) => {
    const bytes = Number(value);
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} KB`;
    return `${(bytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
  },
  /** A list position counted from 1 ("TT" columns): {{ordinal @index}}. */
  ordinal: (index) => Number(index) + 1,
  concat: (...parts) => parts.map((p) => String(p ?? '')).join(''),
  lookup2: (map, key) => (map && typeof map === 'object' ? (map as Record<string, unknown>)[String(key)] : undefined),
};

export class PageRenderer {
  private constructor(
    private readonly pages: Map<string, Handlebars.TemplateDelegate>,
    readonly assetsDir: string,
  ) {}

  static async load(dir: string): Promise<PageRenderer> {
    const hb = Handlebars.create();
    for (const [name, fn] of Object.entries(HELPERS)) hb.registerHelper(name, (...args: unknown[]) => fn(...args.slice(0, -1)));
    const partialsDir = path.join(dir, 'partials');
    for (const file of (await fs.readdir(partialsDir)).filter((f) => f.endsWith('.hbs'))) {
      hb.registerPartial(file.replace(/\.hbs$/u, ''), await fs.readFile(path.join(partialsDir, file), 'utf8'));
    }
    const pages = new Map<string, Handlebars.TemplateDelegate>();
    for (const file of (await fs.readdir(dir)).filter((f) => f.endsWith('.hbs'))) {
      const source = await fs.readFile(path.join(dir, file), 'utf8');
      try {
        const template = hb.compile(source, { noEscape: false });
        template({}); // precompile now: a syntax error stops the start, not a request
        pages.set(file.replace(/\.hbs$/u, ''), template);
      } catch (error) {
        throw new Error(`Page template ${path.join(dir, file)} cannot be used: ${(error as Error).message}`);
      }
    }
    return new PageRenderer(pages, path.join(dir, 'assets'));
  }

  render(name: string, data: Record<string, unknown>): string {
    const page = this.pages.get(name);
    if (!page) throw new Error(`Unknown page template "${name}"`);
    return page(data, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  }
}
