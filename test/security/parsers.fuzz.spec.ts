import fc from 'fast-check';
import { promises as fs } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { DomainError } from '../../src/common/domain-error';
import { type DefinitionProblem } from '../../src/modules/definitions/files/definition-error';
import { parseDefinitionText } from '../../src/modules/definitions/files/read-definition-files';
import { readDefinitionSet } from '../../src/modules/definitions/files/read-definition-set';
import { importAppendix } from '../../src/modules/definitions/import/appendix-importer';
import { groupAppendixRows } from '../../src/modules/definitions/import/appendix-rows';
import { readAppendixTable, readSpreadsheetGrid, type TableRow } from '../../src/modules/definitions/import/read-appendix-table';
import { parseFigures, parseVietnameseNumber, rollUp, type MetricDefinition } from '../../src/modules/deliverables/domain/figures';
import { readAllocationTable } from '../../src/modules/indicators/domain/allocation-file';
import { allocationColumnNames } from '../../src/modules/indicators/domain/indicator.messages';
import { explain, parseTiming } from '../../src/modules/scheduling/domain/timing-parser';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { UploadRejectedError } from '../../src/modules/deliverables/domain/upload-error';
import type { FileStorage } from '../../src/modules/deliverables/storage/file-storage';
import { MultipartError, receiveMultipart } from '../../src/modules/deliverables/upload/multipart-receiver';
import { samplePdf } from '../support/sample-files';
import { fuzzJson, fuzzText, WORDS } from './fuzz-arbitraries';
import { multipart } from './security-app';

/**
 * Property-based fuzzing of every parser that reads what people hand in: definition files (the
 * `phuluc validate` entry), the appendix importer (CSV/XLSX bytes → rows → definitions), the
 * allocation table, the figures and the timing words. Whatever the input, each answers with a
 * result or with located problems; none throws, none hangs.
 */

const WORKFLOWS = path.join(__dirname, '../../workflows');
const RUNS = Number(process.env.PHULUC_FUZZ_RUNS ?? 150);
/** A fixed seed per run keeps a failure reproducible; PHULUC_FUZZ_SEED explores others. */
const SEED = process.env.PHULUC_FUZZ_SEED ? Number(process.env.PHULUC_FUZZ_SEED) : undefined;
const opts = (numRuns = RUNS) => ({ numRuns, seed: SEED, endOnFailure: true });

/** A problem is usable when it names the file and says what is wrong, with a sane position. */
function badProblem(p: DefinitionProblem): string | undefined {
  if (typeof p.file !== 'string' || p.file === '') return `no file: ${JSON.stringify(p)}`;
  if (typeof p.message !== 'string' || p.message.trim() === '') return `no message: ${JSON.stringify(p)}`;
  if (typeof p.path !== 'string') return `no path: ${JSON.stringify(p)}`;
  if (p.line !== undefined && !(Number.isInteger(p.line) && p.line >= 1)) return `bad line: ${JSON.stringify(p)}`;
  return undefined;
}

/** Every path inside a JSON value (objects and arrays), the root excluded. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  const children: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : value && typeof value === 'object' ? Object.entries(value) : [];
  for (const [key, child] of children) {
    out.push([...prefix, key]);
    pathsOf(child, [...prefix, key], out);
  }
  return out;
}

interface Mutation {
  at: number;
  action: 'set' | 'delete' | 'duplicate';
  value: unknown;
}

/** Applies a few mutations to a deep copy: replace a value, drop it, or copy a sibling over it. */
function mutate<T>(original: T, mutations: Mutation[]): T {
  const copy = structuredClone(original) as unknown;
  for (const m of mutations) {
    const paths = pathsOf(copy);
    if (paths.length === 0) break;
    const target = paths[m.at % paths.length];
    const parent = target.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], copy) as Record<string | number, unknown> | unknown[];
    const key = target[target.length - 1];
    if (m.action === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete (parent as Record<string, unknown>)[key as string];
    } else if (m.action === 'duplicate' && Array.isArray(parent)) {
      parent.push(structuredClone(parent[key as number]));
    } else {
      (parent as Record<string | number, unknown>)[key] = m.value;
    }
  }
  return copy as T;
}

const mutations = fc.array(
  fc.record({ at: fc.nat(), action: fc.constantFrom<Mutation['action']>('set', 'set', 'delete', 'duplicate'), value: fuzzJson }),
  { minLength: 1, maxLength: 4 },
);

describe('fuzz: definition files (phuluc validate)', () => {
  let root: string;
  let plan: unknown;
  let appendix: unknown;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'phuluc-fuzz-defs-'));
    await fs.cp(WORKFLOWS, root, { recursive: true });
    plan = parseYaml(await fs.readFile(path.join(WORKFLOWS, 'hp-bhxh-2030/plan.yaml'), 'utf8'));
    appendix = parseYaml(await fs.readFile(path.join(WORKFLOWS, 'hp-bhxh-2030/appendix.yaml'), 'utf8'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('the shipped definitions are valid (the mutations below start from a good set)', async () => {
    const result = await readDefinitionSet(root, root, root);
    expect(result.problems).toEqual([]);
  });

  it('parseDefinitionText never throws on YAML-ish text, and locates every problem', () => {
    const yamlToken = fc.constantFrom(
      'kind: plan\n', 'kind: appendix\n', 'kind: directory\n', 'kind: calendar\n', 'code: HP\n', 'rows:\n', '  - ', '- ', ': ', ':', '\n', '  ',
      '\t', '{', '}', '[', ']', ',', '&a ', '*a', '&b [*a, *a, *a]\n', '<<: *a\n', '? ', '|\n', '>-\n', '!!binary ', '!!str ', '!!map ', '!!set ',
      '!<tag:yaml.org,2002:js/function> ', '%YAML 1.1\n', '---\n', '...\n', '# chú thích\n', '"', "'", 'null', '~', '.inf', '0o17', '0x1F',
      'key: III.6\n', 'timing: Hằng năm\n', 'lead: { text: "Sở", parties: [SNV] }\n', 'horizon: { start: 2026-01-01, end: 2026-02-30 }\n',
    );
    const text = fc.oneof(
      fc.array(fc.oneof(yamlToken, fuzzText(20)), { maxLength: 30 }).map((parts) => parts.join('')),
      fuzzText(200),
    );
    fc.assert(
      fc.property(text, (source) => {
        const result = parseDefinitionText('fuzz.yaml', source);
        for (const p of result.problems) expect(badProblem(p)).toBeUndefined();
        expect(result.parsed !== undefined || result.problems.length > 0).toBe(true);
      }),
      opts(300),
    );
  });

  it('parseDefinitionText answers with a problem for aliases that explode or refer to themselves', () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) laughs.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const cases = [
      `kind: plan\n${laughs.join('\n')}\n`,
      'kind: plan\n<<: *nowhere\n',
      'kind: plan\ncode: &a [*a]\n',
      'kind: appendix\nplan: HP\nrows: &r\n  - *r\n',
      'kind: appendix\nplan: HP\nrows: [{key: &k {a: *k}}]\n',
      'kind: directory\nname: X\nconfirmation: official\nagencies: &l [{code: A, name: A, kind: so, level: city, head: *l}]\n',
    ];
    for (const source of cases) {
      const result = parseDefinitionText('fuzz.yaml', source);
      expect(result.parsed).toBeUndefined();
      expect(result.problems.length).toBeGreaterThan(0);
      for (const p of result.problems) expect(badProblem(p)).toBeUndefined();
    }
  });

  it('readDefinitionSet never throws on plan and appendix files with arbitrary values anywhere, and every problem names the file', async () => {
    const planFile = path.join(root, 'hp-bhxh-2030/plan.yaml');
    const appendixFile = path.join(root, 'hp-bhxh-2030/appendix.yaml');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('plan', 'appendix', 'both'), mutations, mutations, async (which, m1, m2) => {
        await fs.writeFile(planFile, stringifyYaml(which === 'appendix' ? plan : mutate(plan, m1)));
        await fs.writeFile(appendixFile, stringifyYaml(which === 'plan' ? appendix : mutate(appendix, which === 'both' ? m2 : m1)));
        const result = await readDefinitionSet(path.join(root, 'hp-bhxh-2030'), root, root);
        for (const p of result.problems) expect(badProblem(p)).toBeUndefined();
      }),
      opts(120),
    );
    await fs.cp(path.join(WORKFLOWS, 'hp-bhxh-2030'), path.join(root, 'hp-bhxh-2030'), { recursive: true });
  });

  it('readDefinitionSet never throws on arbitrary JSON objects given as a plan or an appendix file', async () => {
    const dir = path.join(root, 'arbitrary');
    await fs.mkdir(dir, { recursive: true });
    const shaped = fc.oneof(
      fc.record({ kind: fc.constantFrom('plan', 'appendix', 'directory', 'calendar'), code: fuzzJson, plan: fuzzJson, rows: fuzzJson, sections: fuzzJson, settings: fuzzJson, horizon: fuzzJson, adjustments: fuzzJson, agencies: fuzzJson }, { requiredKeys: ['kind'] }),
      fuzzJson,
    );
    await fc.assert(
      fc.asyncProperty(shaped, async (doc) => {
        await fs.writeFile(path.join(dir, 'file.yaml'), stringifyYaml(doc));
        const result = await readDefinitionSet(dir, root, root);
        for (const p of result.problems) expect(badProblem(p)).toBeUndefined();
      }),
      opts(80),
    );
  });
});

/** A CSV cell quoted when needed (or, at random, left raw). */
const csvCell = (value: string, raw: boolean) => (raw || !/[",;\t\n\r]/u.test(value) ? value : `"${value.replace(/"/g, '""')}"`);

const HEADERS = [
  ['section', 'number', 'task', 'lead', 'support', 'deliverable', 'timing'],
  ['Mục', 'STT', 'Nhiệm vụ', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Sản phẩm', 'Thời gian thực hiện'],
  ['TT', 'Nội dung', 'Chủ trì', 'Phối hợp', 'Sản phẩm', 'Thời hạn'],
];

const appendixCsv = fc
  .record({
    title: fc.option(fuzzText(40), { nil: undefined }),
    header: fc.constantFrom(...HEADERS),
    delimiter: fc.constantFrom(',', ';', '\t'),
    rows: fc.array(fc.array(fc.oneof(fuzzText(30), fc.constantFrom(...WORDS)), { maxLength: 9 }), { maxLength: 12 }),
    raw: fc.boolean(),
    bom: fc.boolean(),
    crlf: fc.boolean(),
  })
  .map(({ title, header, delimiter, rows, raw, bom, crlf }) => {
    const lines = [...(title === undefined ? [] : [csvCell(title, raw)]), header.join(delimiter), ...rows.map((r) => r.map((c) => csvCell(c, raw)).join(delimiter))];
    return `${bom ? '\uFEFF' : ''}${lines.join(crlf ? '\r\n' : '\n')}`;
  });

/** Bytes that begin like a known file type (so the sniffing and the XLSX reader are exercised). */
const magicBytes = fc
  .tuple(
    fc.constantFrom(
      Buffer.from('PK\x03\x04', 'latin1'),
      Buffer.from('PK\x03\x04xl/workbook.xml', 'latin1'),
      Buffer.from('PK\x05\x06', 'latin1'),
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.from('%PDF-1.4'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.alloc(0),
    ),
    fc.uint8Array({ maxLength: 400 }),
  )
  .map(([head, tail]) => Buffer.concat([head, Buffer.from(tail)]));

const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)), magicBytes, appendixCsv.map((t) => Buffer.from(t)));
const fileName = fc.constantFrom('phu-luc.csv', 'phu-luc.xlsx', 'phu-luc.xls', 'phu-luc', 'phụ lục.CSV', '../x.csv');

function expectTableResult(result: Awaited<ReturnType<typeof readAppendixTable>>) {
  if (result.ok) {
    expect(Array.isArray(result.rows)).toBe(true);
    for (const r of result.rows) expect(Number.isInteger(r.line) && r.line >= 1).toBe(true);
  } else {
    expect(result.error.code).toMatch(/^[A-Z0-9_]+$/u);
    expect(typeof result.error.message).toBe('string');
    expect(result.error.message.trim()).not.toBe('');
  }
}

describe('fuzz: the appendix importer', () => {
  it('readAppendixTable answers { ok: false, error: { code, message } } or rows for arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(anyBytes, fileName, async (bytes, name) => {
        expectTableResult(await readAppendixTable(bytes, name));
        const grid = await readSpreadsheetGrid(bytes, name);
        if (!grid.ok) expect(grid.error.message.trim()).not.toBe('');
      }),
      opts(300),
    );
  });

  it('readAppendixTable reads arbitrary CSV text under a recognised header; grouping the rows never throws', async () => {
    await fc.assert(
      fc.asyncProperty(appendixCsv, async (text) => {
        const result = await readAppendixTable(Buffer.from(text), 'phu-luc.csv');
        expectTableResult(result);
        if (result.ok) {
          const grouped = groupAppendixRows(result.rows);
          for (const row of grouped.rows) expect(typeof row.key).toBe('string');
        }
      }),
      opts(250),
    );
  });

  it('groupAppendixRows never throws on arbitrary table rows', () => {
    const cell = fc.oneof(fuzzText(30), fc.constantFrom('', '', 'I', 'II', 'IV.', 'V - Thanh tra', '1', '2', '(1)', '(2)', 'a)', 'Hằng năm', 'Sở Nội vụ'));
    const row = fc.record({ section: cell, number: cell, task: cell, lead: cell, support: cell, deliverable: cell, timing: cell, extraCells: fc.array(cell, { maxLength: 2 }) });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 15 }), (rows) => {
        const table: TableRow[] = rows.map((r, i) => ({ line: i + 2, ...r }));
        const grouped = groupAppendixRows(table);
        expect(Array.isArray(grouped.rows)).toBe(true);
      }),
      opts(300),
    );
  });

  it('importAppendix (dry run, against the shipped directory) resolves or refuses with a domain error for arbitrary CSV', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'phuluc-fuzz-import-'));
    try {
      await fc.assert(
        fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: appendixCsv.map((t) => Buffer.from(t)) }, { weight: 1, arbitrary: anyBytes }), fc.constantFrom('HP-BHXH-2030', 'KH-MOI'), async (bytes, plan) => {
          const file = path.join(dir, 'phu-luc.csv');
          await fs.writeFile(file, bytes);
          try {
            const report = await importAppendix({ file, plan, dryRun: true }, WORKFLOWS, '2026-03-01');
            expect(report.written).toEqual([]);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            expect(error.message.trim()).not.toBe('');
          }
        }),
        opts(60),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('fuzz: allocation table, figures, timing words', () => {
  const known = { agencyCodes: new Set(['SNV', 'BHXH', '11311']), indicators: new Set(['participants_total']), years: { from: 2026, to: 2030 } };
  const headerCell = fc.oneof(fc.constantFrom(...Object.values(allocationColumnNames).flat(), 'STT', 'Mã Cơ Quan', ' GIA-TRI ', '\uFEFFma_co_quan'), fuzzText(15));
  const dataCell = fc.oneof(fuzzText(20), fc.constantFrom('SNV', 'bhxh', '11311', 'participants_total', '2026', '2031', '0999', '1.184.000', '12,5', '12.5', '-3', '87,5%', '1e9', ''));

  it('readAllocationTable never throws, and every error names the file, a line and a message', () => {
    fc.assert(
      fc.property(fc.array(headerCell, { maxLength: 8 }), fc.array(fc.array(dataCell, { maxLength: 8 }), { maxLength: 10 }), (header, rows) => {
        const result = readAllocationTable({ fileName: 'phan-bo.csv', rows: [header, ...rows] }, known);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const e of result.errors) {
            expect(e.fileName).toBe('phan-bo.csv');
            expect(Number.isInteger(e.line) && e.line >= 1).toBe(true);
            expect(e.message.trim()).not.toBe('');
          }
        } else {
          for (const a of result.allocations) expect(Number.isFinite(a.value) && a.value >= 0).toBe(true);
        }
      }),
      opts(300),
    );
  });

  it('the allocation file path (bytes → grid → table) never throws', async () => {
    await fc.assert(
      fc.asyncProperty(anyBytes, async (bytes) => {
        const grid = await readSpreadsheetGrid(bytes, 'phan-bo.csv');
        if (grid.ok) readAllocationTable({ fileName: 'phan-bo.csv', rows: grid.rows }, known);
      }),
      opts(150),
    );
  });

  it('parseVietnameseNumber never throws and only returns finite numbers', () => {
    fc.assert(
      fc.property(fc.oneof(fuzzText(40), fc.stringMatching(/^[+-]?[0-9. ]{0,30}(,[0-9]{0,20})?%?$/u)), (text) => {
        const parsed = parseVietnameseNumber(text);
        if (parsed) expect(Number.isFinite(parsed.value)).toBe(true);
      }),
      opts(400),
    );
  });

  it('parseFigures never throws on arbitrary input, and each error says which metric and what', () => {
    const metric: fc.Arbitrary<MetricDefinition> = fc.record(
      {
        code: fc.constantFrom('participants', 'rate', 'amount', '__proto__', 'constructor'),
        name: fc.constantFrom('Số người', 'Tỷ lệ', 'Số tiền'),
        unit: fc.constantFrom('người', '%', 'đồng', ' % '),
        type: fc.constantFrom('integer', 'decimal', 'percentage'),
        min: fc.oneof(fc.integer(), fc.double({ noNaN: true })),
        max: fc.oneof(fc.integer(), fc.double({ noNaN: true })),
      },
      { requiredKeys: ['code', 'name', 'unit'] },
    );
    const value = fc.oneof(fuzzJson, fc.constantFrom('1.184.000', '12,5', '87,5%', '-1', '', ' ', 1e308, -0, 101));
    const input = fc.oneof(
      fuzzJson,
      fc.dictionary(fc.constantFrom('participants', 'rate', 'amount', 'other', '__proto__'), value, { maxKeys: 4 }),
      fc.array(fc.record({ code: fc.constantFrom('participants', 'rate', 'amount', 'x'), value }), { maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(metric, { selector: (m) => m.code, maxLength: 3 }), input, (metrics, given) => {
        const result = parseFigures(metrics, given);
        if (result.ok) {
          for (const v of result.values) expect(Number.isFinite(v.value)).toBe(true);
          rollUp(result.values.map((v) => ({ agency: 'SNV', value: v.value })), 'decimal');
        } else {
          for (const e of result.errors) expect(e.message.trim()).not.toBe('');
        }
      }),
      opts(400),
    );
  });

  it('parseTiming never throws, explains every part, and is quick even on long text', () => {
    const timing = fc.oneof(
      fuzzText(80),
      fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom(',', ';', '(', ')', 'và', 'hoặc', 'trước', 'sau', 'ngày', 'tháng', 'quý', 'năm', 'đến', '/', '-')), { maxLength: 25 }).map((w) => w.join(' ')),
    );
    fc.assert(
      fc.property(timing, (text) => {
        const started = performance.now();
        const parsed = parseTiming(text);
        for (const part of parsed.parts) expect(typeof explain(part)).toBe('string');
        expect(performance.now() - started).toBeLessThan(1000);
      }),
      opts(400),
    );
    // Long inputs: a regular expression that backtracks would take seconds here.
    for (const long of ['Hằng năm '.repeat(2000), '1'.repeat(20000), 'Trước ngày 15/12, '.repeat(1000), `${'('.repeat(5000)}Quý I`, ' ,'.repeat(10000)]) {
      const started = performance.now();
      parseTiming(long);
      parseVietnameseNumber(long);
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });
});

describe('fuzz: the multipart receiver of deliverables', () => {
  /** A store that takes its time before reading (as the disk store does: it makes its folder first). */
  const slowStorage = (delayMs: number): FileStorage => ({
    async put(stream) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
      const content = Buffer.concat(chunks);
      return { key: `k-${Math.random()}`, size: content.length, sha256: '', head: content.subarray(0, 65536) };
    },
    open: async () => Readable.from([]),
    delete: async () => undefined,
    async *list() {},
  });

  it('a form cut anywhere, whatever its parts, is received or refused; no stream error goes unheard', async () => {
    const part = fc.record({
      name: fc.constantFrom('files', 'note', 'figures', 'khac'),
      file: fc.boolean(),
      value: fc.oneof(fc.constant(samplePdf()), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)), fuzzText(40).map((t) => Buffer.from(t))),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(part, { minLength: 1, maxLength: 4 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 5), async (parts, cutAt, delayMs) => {
        const form = multipart(parts.map((p) => ({ name: p.name, value: p.value, ...(p.file ? { fileName: 'bao-cao.pdf', type: 'application/pdf' } : {}) })));
        const body = form.body.subarray(0, Math.floor(form.body.length * cutAt));
        const request = Object.assign(Readable.from([body]), { headers: { 'content-type': form.contentType, 'content-length': String(body.length) } }) as unknown as IncomingMessage;
        try {
          await receiveMultipart(request, { storage: slowStorage(delayMs), maxBytes: 1_000_000, allowed: ['pdf'], fileField: 'files', textFields: ['note', 'figures'], maxFiles: 3, maxFieldBytes: 10_000 });
        } catch (error) {
          if (!(error instanceof MultipartError || error instanceof UploadRejectedError)) throw error;
        }
        // Let a late 'error' event surface inside this run.
        await new Promise((resolve) => setImmediate(resolve));
      }),
      opts(200),
    );
  });
});
