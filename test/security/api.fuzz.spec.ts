import fc from 'fast-check';
import request from 'supertest';
import { ACCESS_MATRIX } from '../../src/modules/access/access-matrix';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { samplePdf } from '../support/sample-files';
import { fuzzJson, fuzzText, WORDS } from './fuzz-arbitraries';
import { multipart, type SecurityApp, startSecurityApp, taskId } from './security-app';

/**
 * Every route of the access matrix, fuzzed through HTTP on the real application: arbitrary path
 * parameters (and real ids), arbitrary query strings, arbitrary JSON, form and multipart bodies
 * (random bytes as files), as the administrator and as a Sở Nội vụ officer who is also focal point
 * of every agency. Whatever is sent, the answer is never a 500 and never hangs; an API error
 * always reads { error: { code, message } } with a message.
 *
 * Not skipped, and why that is safe: sign-out and the password change only act on a cookie
 * session (these calls carry API tokens) and the change needs the current password, which the
 * fuzzer never sends. What is guarded instead: real ids given to the account and token routes are
 * those of another account ("victim"), never the test's own, so that disabling an account,
 * changing its roles or revoking a token cannot lock the fuzzer out mid-run. (A random id can
 * never hit the test's own accounts.)
 */

const RUNS_PER_ROUTE = Number(process.env.PHULUC_FUZZ_ROUTE_RUNS ?? 16);
const SEED = process.env.PHULUC_FUZZ_SEED ? Number(process.env.PHULUC_FUZZ_SEED) : undefined;
/** A request that takes longer is "hung" (the slowest legitimate one, the DOCX report, takes well under this). */
const HUNG_MS = 15_000;

/** Routes that take a second or more per request (a DOCX report, the whole year of every agency): fewer runs. */
const HEAVY: Record<string, number> = { 'GET /api/reports/annual': 3, 'POST /api/reports/annual': 3, 'POST /bao-cao/nam': 3, 'GET /nhiem-vu-cua-toi': 3, 'GET /tong-quan': 4, 'GET /lich/:file': 4 };

/** Routes whose body is multipart/form-data. */
const MULTIPART = new Set(['POST /api/instances/:id/submissions', 'POST /api/indicators/allocations', 'POST /nhiem-vu/:id/nop', 'POST /quan-tri/nhap-phu-luc']);

/** Names that steer the fuzzer to the fields and filters the routes read. */
const QUERY_KEYS = [
  'plan', 'row', 'agency', 'period', 'state', 'classification', 'dueFrom', 'dueTo', 'page', 'limit', 'year', 'asOf', 'section', 'group',
  'kind', 'format', 'instance', 'actor', 'action', 'from', 'to', 'include', 'includeInactive', 'recipient', 'withRows', 'nam', 'muc',
  'nhom', 'ky', 'da', 'ma', 'tiep', 'trang-thai', '_csrf', 'x[y]', 'a.b', '__proto__', 'constructor',
];
const BODY_KEYS = [
  'decision', 'comment', 'dueDate', 'version', 'reason', 'figures', 'plan', 'row', 'agencies', 'agency', 'title', 'asOf', 'value', 'source',
  'year', 'values', 'note', 'indicator', 'kind', 'email', 'name', 'roles', 'focalPointOf', 'headOf', 'password', 'current', 'confirm', 'ma',
  'tiep', 'nam', 'loai', 'role', 'phone', '_csrf', 'link', 'documentNumber', 'issuedOn', 'signer', 'apply', 'from', 'to', '__proto__', 'constructor',
];
const PLAUSIBLE = [
  'accept', 'return', '2026-12-31', '2026-02-30', '2026-13-01', '15/12/2026', 'HP-BHXH-2030', 'V.6', 'III.11', 'SKHCN', 'SNV', 'BHXH', 'UBND_CAP_XA',
  '2026', '2026-H1', '2026-Q4', '2026-12', 'participants_total', 'focal-point', 'head', 'monitor', 'admin', 'viewer', 'annual', 'final', 'tong-ket',
  'docx', 'html', 'xlsx', 'csv', 'open', 'submitted', 'accepted', 'overdue-not-done', 'pending', 'dead', 'true', 'false', '1', '0', '-1', '500',
  '501', '99999999999999999999', '1e400', 'a@b.vn', 'kiem-thu@phuluc.test',
];

const paramFuzz = fc.oneof(
  { weight: 3, arbitrary: fuzzText(30) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%00', '%E0%A4%A', '..%2F..%2Fetc%2Fpasswd', '%2e%2e', '.', '..', ' ', '%20', 'null', '0', '-1', '1e999', '2147483648', '00000000-0000-0000-0000-000000000000') },
);
const queryValue = fc.oneof(fc.constantFrom(...PLAUSIBLE), fuzzText(30), fc.constantFrom(...WORDS));
const queryArb = fc.array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS) }, { weight: 1, arbitrary: fuzzText(10) }), queryValue), { maxLength: 6 });
const bodyValue = fc.oneof(fc.constantFrom(...PLAUSIBLE), fuzzJson, fc.array(fc.constantFrom(...PLAUSIBLE), { maxLength: 3 }));
const shapedBody = fc.dictionary(fc.constantFrom(...BODY_KEYS), bodyValue, { maxKeys: 7 });

type BodyKind = { as: 'json'; value: unknown } | { as: 'form'; value: [string, string][] } | { as: 'raw'; text: string; type: string } | { as: 'none' };
const bodyArb: fc.Arbitrary<BodyKind> = fc.oneof(
  { weight: 4, arbitrary: shapedBody.map((value): BodyKind => ({ as: 'json', value })) },
  { weight: 2, arbitrary: fuzzJson.map((value): BodyKind => ({ as: 'json', value })) },
  { weight: 2, arbitrary: fc.array(fc.tuple(fc.constantFrom(...BODY_KEYS), fc.oneof(fc.constantFrom(...PLAUSIBLE), fuzzText(30))), { maxLength: 7 }).map((value): BodyKind => ({ as: 'form', value })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ text: fuzzText(80), type: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/xml', 'multipart/form-data', 'multipart/form-data; boundary=x', '') })
      .map(({ text, type }): BodyKind => ({ as: 'raw', text, type })),
  },
  { weight: 1, arbitrary: fc.constant<BodyKind>({ as: 'none' }) },
);
const multipartArb = fc.record({
  files: fc.array(
    fc.record({
      name: fc.constantFrom('files', 'file', 'x'),
      fileName: fc.oneof(fc.constantFrom('bao-cao.pdf', 'phu-luc.csv', 'phan-bo.xlsx', '../../etc/passwd', '<script>.html', 'a.exe', '', '.', 'tệp "lạ".docx'), fuzzText(20)),
      bytes: fc.oneof(fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)), fc.constant(samplePdf()), fuzzText(200).map((t) => Buffer.from(t))),
      type: fc.constantFrom('application/pdf', 'text/csv', 'application/octet-stream', 'text/html', 'x/y'),
    }),
    { maxLength: 2 },
  ),
  fields: fc.array(fc.tuple(fc.constantFrom(...BODY_KEYS), fc.oneof(fc.constantFrom(...PLAUSIBLE), fuzzText(40))), { maxLength: 5 }),
  broken: fc.option(fc.constantFrom('truncate', 'garbage', 'no-boundary'), { nil: undefined }),
});

type Upload = typeof multipartArb extends fc.Arbitrary<infer T> ? T : never;

/** The text with lone surrogates replaced by U+FFFD (what String.prototype.toWellFormed does). */
const wellFormed = (text: string) => text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu, '\ufffd');

/** encodeURIComponent that never throws (lone surrogates become U+FFFD). */
const encode = (text: string) => encodeURIComponent(wellFormed(text));

interface RealIds {
  [param: string]: string[];
}

describe('fuzz: every API route, body and query', () => {
  let s: SecurityApp;
  let victim: TestAccount;
  const real: RealIds = {};
  const seen = new Map<string, Set<number>>();

  beforeAll(async () => {
    s = await startSecurityApp();
    victim = await createAccount(s.app, { roles: ['viewer'], focalPointOf: ['SKHCN'] });
    const monitor = apiAs(s.app, s.monitor);
    const v6 = await taskId(s.db, 'V.6', '2026');
    const iii11 = await taskId(s.db, 'III.11', '2026-H1');
    const submitted = await monitor.post(`/api/instances/${v6}/submissions`).attach('files', samplePdf(), 'ket-qua.pdf').field('figures', '{"inspections": 3}').field('note', 'Ghi chú');
    expect(submitted.status).toBe(201);
    const feed = await apiAs(s.app, victim).post('/api/calendar-feeds').send({});
    expect(feed.status).toBe(201);
    const person = await apiAs(s.app, s.admin).post('/api/people').send({ agency: 'SKHCN', role: 'focal-point', email: 'hoa.skhcn@haiphong.gov.vn', name: 'Trần Thị Hoa' });
    expect(person.status).toBe(201);
    const draft = await monitor.post('/api/reports/annual').send({ year: 2026 });
    expect(draft.status).toBe(201);
    const outbox: { id: string }[] = await s.db.query(`SELECT id FROM outbox_message LIMIT 3`).catch(() => []);
    const instances: { id: string }[] = await s.db.query(`SELECT id FROM task_instance ORDER BY random() LIMIT 5`);
    const ids = [v6, iii11, ...instances.map((i) => i.id)];
    real.id = [...ids, submitted.body.id, submitted.body.files?.[0]?.id, feed.body.id, person.body.id, draft.body.id, victim.id, ...outbox.map((o) => o.id)].filter(Boolean);
    real.code = ['HP-BHXH-2030', 'SKHCN', 'participants_total', 'UBND_CAP_XA'];
    real.plan = ['HP-BHXH-2030'];
    real.row = ['V.6', 'III.11', 'VI.1'];
    real.year = ['2026', '2025', '2031'];
    real.format = ['docx', 'html', 'xlsx', 'csv'];
    real.file = ['phuluc.css', 'phuluc.js', `${String(feed.body.url ?? '').split('/').pop()}`];
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  /** A path for a route pattern: each :param a real value or an arbitrary string. */
  const pathArb = (pattern: string) => {
    const names = [...pattern.matchAll(/:(\w+)/gu)].map((m) => m[1]);
    return fc.tuple(...names.map((name) => fc.oneof(...(real[name]?.length ? [fc.constantFrom(...real[name])] : []), paramFuzz)), fc.boolean()).map((values) => {
      const raw = values.pop() as boolean;
      let i = 0;
      // Encoded, or (sometimes) raw: a "%" alone or a "/" must then not break the server either.
      return pattern.replace(/:(\w+)/gu, () => {
        const v = values[i++] as string;
        return raw ? wellFormed(v).replace(/[/?#\s]/gu, (c) => encodeURIComponent(c)).replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c)) : encode(v);
      });
    });
  };

  const queryString = (entries: [string, string][], raw: boolean) =>
    entries.map(([k, v]) => (raw ? `${encode(k)}=${wellFormed(v).replace(/[&#\s]/gu, '').replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c))}` : `${encode(k)}=${encode(v)}`)).join('&');

  async function send(method: string, url: string, who: TestAccount, body: BodyKind | undefined, upload: Upload | undefined) {
    const agent = request(s.app.getHttpServer());
    let call = (agent as unknown as Record<string, (u: string) => request.Test>)[method.toLowerCase()](url)
      .redirects(0)
      .timeout(HUNG_MS)
      .set('Authorization', `Bearer ${who.token}`)
      .set('Accept', url.startsWith('/api') || url.startsWith('/health') ? 'application/json' : 'text/html');
    if (upload) {
      const built = multipart([
        ...upload.fields.map(([name, value]) => ({ name, value })),
        ...upload.files.map((f) => ({ name: f.name, value: f.bytes, fileName: f.fileName, type: f.type })),
      ]);
      let bytes = built.body;
      let type = built.contentType;
      if (upload.broken === 'truncate') bytes = bytes.subarray(0, Math.floor(bytes.length / 2));
      if (upload.broken === 'garbage') bytes = Buffer.concat([Buffer.from('garbage\r\n'), bytes.subarray(10)]);
      if (upload.broken === 'no-boundary') type = 'multipart/form-data';
      call = call.set('Content-Type', type).send(bytes);
    } else if (body?.as === 'json') {
      call = call.set('Content-Type', 'application/json').send(JSON.stringify(body.value) ?? 'null');
    } else if (body?.as === 'form') {
      call = call.set('Content-Type', 'application/x-www-form-urlencoded').send(queryString(body.value, false));
    } else if (body?.as === 'raw') {
      if (body.type) call = call.set('Content-Type', body.type);
      call = call.send(Buffer.from(wellFormed(body.text)));
    }
    return call;
  }

  const routes = Object.keys(ACCESS_MATRIX).map((key) => {
    const [method, pattern] = key.split(' ');
    return { key, method, pattern };
  });

  it.each(routes)('$key: never a 500, never hangs, errors always { error: { code, message } }', async ({ key, method, pattern }) => {
    const statuses = new Set<number>();
    seen.set(key, statuses);
    const hasBody = method !== 'GET' && method !== 'DELETE';
    await fc.assert(
      fc.asyncProperty(
        pathArb(pattern),
        queryArb,
        fc.boolean(),
        fc.constantFrom<'admin' | 'monitor'>('admin', 'monitor'),
        hasBody && !MULTIPART.has(key) ? bodyArb : fc.constant(undefined),
        MULTIPART.has(key) ? multipartArb : fc.constant(undefined),
        async (path, query, rawQuery, who, body, upload) => {
          const url = `${path}${query.length ? `?${queryString(query, rawQuery)}` : ''}`;
          const account = who === 'admin' ? s.admin : s.monitor;
          let res;
          try {
            res = await send(method, url, account, body, upload);
          } catch (error) {
            throw new Error(`${method} ${url}: no answer (${(error as Error).message})`);
          }
          statuses.add(res.status);
          const sent = upload ? `multipart ${JSON.stringify({ fields: upload.fields, files: upload.files.map((f) => f.fileName), broken: upload.broken })}` : JSON.stringify(body);
          const where = `${method} ${url} as ${who} with ${sent?.slice(0, 300)} → ${res.status} ${res.text?.slice(0, 200)}`;
          expect({ where, serverError: res.status >= 500 }).toEqual({ where, serverError: false });
          if (res.status >= 400 && /json/u.test(String(res.headers['content-type']))) {
            const error = res.body?.error;
            expect({ where, code: typeof error?.code, message: typeof error?.message === 'string' && error.message.trim() !== '' }).toEqual({ where, code: 'string', message: true });
          }
        },
      ),
      { numRuns: Math.min(RUNS_PER_ROUTE, HEAVY[key] ?? RUNS_PER_ROUTE), seed: SEED, endOnFailure: true },
    );
    // The test's own accounts are still usable (nothing the fuzzer sent locked it out).
    await apiAs(s.app, s.admin).get('/api/me').expect(200);
    await apiAs(s.app, s.monitor).get('/api/me').expect(200);
  });

  it('a multipart form cut short, or sent without its end, is refused on every upload route; nothing is left unhandled', async () => {
    const unhandled: unknown[] = [];
    const record = (error: unknown) => unhandled.push(error);
    process.on('unhandledRejection', record);
    try {
      const v6 = real.id[0];
      for (const route of ['/api/instances/:id/submissions', '/api/indicators/allocations', '/nhiem-vu/:id/nop', '/quan-tri/nhap-phu-luc']) {
        const url = route.replace(':id', v6);
        const fileField = route.includes('submissions') || route.includes('nop') ? 'files' : 'file';
        const forms = [
          multipart([
            { name: 'plan', value: 'HP-BHXH-2030' },
            { name: fileField, value: Buffer.alloc(64 * 1024, 'a'), fileName: 'phu-luc.csv', type: 'text/csv' },
          ]),
          // A file under a name the route does not read comes first: it is skipped, then the form ends early.
          multipart([
            { name: 'khac', value: Buffer.alloc(300, 'b'), fileName: 'khac.csv', type: 'text/csv' },
            { name: fileField, value: Buffer.alloc(300, 'a'), fileName: 'phu-luc.csv', type: 'text/csv' },
          ]),
        ];
        const cuts = forms.flatMap((form) => [form.body.subarray(0, form.body.length - 40), form.body.subarray(0, 200), form.body.subarray(0, 420), form.body.subarray(0, form.body.length - 8)].map((body) => ({ body, type: form.contentType })));
        for (const { body: bytes, type } of cuts) {
          for (const who of [s.admin, s.monitor]) {
            const res = await request(s.app.getHttpServer()).post(url).timeout(HUNG_MS).set('Authorization', `Bearer ${who.token}`).set('Content-Type', type).send(bytes);
            expect({ url, status: res.status < 500 && res.status >= 400 }).toEqual({ url, status: true });
          }
        }
      }
      // Let any late rejection surface.
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off('unhandledRejection', record);
    }
    expect(unhandled.map(String)).toEqual([]);
    await request(s.app.getHttpServer()).get('/health').expect(200);
  });

  it('the application still answers, and the fuzzed routes were actually reached', async () => {
    await request(s.app.getHttpServer()).get('/health').expect(200);
    // A route that only ever answered 401/403 was not fuzzed at all: the accounts must get in.
    const shutOut = [...seen].filter(([, statuses]) => statuses.size > 0 && [...statuses].every((st) => st === 401 || st === 403)).map(([k]) => k);
    expect(shutOut.filter((k) => !k.startsWith('GET /lich') && ACCESS_MATRIX[k] !== 'public')).toEqual([]);
  });
});
