import fc from 'fast-check';
import request from 'supertest';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { samplePdf } from '../support/sample-files';
import { fuzzJson } from './fuzz-arbitraries';
import { multipart, type SecurityApp, startSecurityApp, taskId } from './security-app';

/**
 * Valid requests, one or two fields at a time replaced by edge values: days that do not exist,
 * numbers past every column's range, NUL characters, very long text, wrong types, objects where
 * text is expected, keys that break object handling. Random keys rarely meet the one filter that
 * reads them; starting from a request that works reaches every field of every route. The answer
 * is never a 500 and never hangs; API errors read { error: { code, message } }.
 */

const RUNS = Number(process.env.PHULUC_FUZZ_EDGE_RUNS ?? 25);
const SEED = process.env.PHULUC_FUZZ_SEED ? Number(process.env.PHULUC_FUZZ_SEED) : undefined;

/** Edge values as text (queries, forms, multipart fields). */
const EDGE_TEXT = [
  '2026-02-30', '2026-02-29', '2024-02-29', '2026-13-01', '2026-00-10', '0000-01-01', '9999-12-31', '2026-12-31T25:00:00Z', '2026-12-10T09:00:00+07:00',
  '30/02/2026', '31/12/9999', '00/00/0000', '1/1/1', '\u0000', 'a\u0000b', '', ' ', '1e20', '100000000000000000000', '-1', '0', '2147483648', '9007199254740993',
  '1.5', '1,5', 'NaN', 'Infinity', '-0', 'true', 'null', 'x'.repeat(5000), '\ud800', '<script>alert(1)</script>', "' OR 1=1 --", '%', '\\',
];
/** Edge values as JSON (bodies). */
const EDGE_JSON: unknown[] = [
  ...EDGE_TEXT, 1e20, -1e20, 2 ** 31, 2 ** 53 + 2, -1, 0, 1.5, 1e308, null, true, false, [], {}, ['a', 'b'], [1, 2], [null], [{}], { a: 1 },
  { constructor: 1 }, { constructor: { prototype: 1 } }, { toString: 1 }, { valueOf: 'x' }, JSON.parse('{"__proto__": {"admin": true}}'), [[['deep']]], 'x'.repeat(100_000),
];

const edgeText = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...EDGE_TEXT) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) });
const edgeJson = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...EDGE_JSON) }, { weight: 1, arbitrary: fuzzJson });

interface Template {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  who: 'admin' | 'monitor' | 'focal';
  /** Query fields (GET), form fields (pages), JSON body fields or multipart fields. */
  fields: Record<string, unknown>;
  as?: 'query' | 'json' | 'form' | 'multipart';
  runs?: number;
}

describe('fuzz: valid requests with edge values in their fields', () => {
  let s: SecurityApp;
  let focal: TestAccount;
  let victim: TestAccount;
  let templates: Template[];

  beforeAll(async () => {
    s = await startSecurityApp();
    const v6 = await taskId(s.db, 'V.6', '2026');
    const iii11 = await taskId(s.db, 'III.11', '2026-H2');
    const [{ agency_code: agency }]: { agency_code: string }[] = await s.db.query(`SELECT agency_code FROM task_instance WHERE id = $1`, [v6]);
    focal = await createAccount(s.app, { focalPointOf: [agency] });
    victim = await createAccount(s.app, { roles: ['viewer'] });
    const submitted = await apiAs(s.app, focal).post(`/api/instances/${v6}/submissions`).attach('files', samplePdf(), 'ket-qua.pdf').field('figures', '{"inspections": 3}');
    expect(submitted.status).toBe(201);
    const plan = 'HP-BHXH-2030';
    templates = [
      { method: 'GET', path: '/api/instances', who: 'monitor', fields: { plan, row: 'V.6', agency, period: '2026', state: 'open', classification: 'overdue-not-done', dueFrom: '2026-01-01', dueTo: '2026-12-31', page: '2', limit: '10' } },
      { method: 'GET', path: '/api/exports/instances.csv', who: 'monitor', fields: { plan, row: 'V.6', agency, period: '2026', state: 'open', dueFrom: '2026-01-01', dueTo: '2026-12-31' } },
      { method: 'GET', path: '/api/exports/compliance.csv', who: 'monitor', fields: { year: '2026', section: 'V', group: 'UBND_CAP_XA', period: '2026' } },
      { method: 'GET', path: '/api/exports/figures.xlsx', who: 'monitor', fields: { plan, year: '2026', row: 'V.6', period: '2026', agency } },
      { method: 'GET', path: '/api/compliance', who: 'monitor', fields: { plan, year: '2026', asOf: '2026-12-01', section: 'V', group: 'UBND_CAP_XA', period: '2026' } },
      { method: 'GET', path: '/api/indicators', who: 'monitor', fields: { plan, year: '2026', asOf: '2026-06-30' } },
      { method: 'GET', path: '/api/audit', who: 'admin', fields: { instance: v6, agency, actor: s.monitor.actor, action: 'submission.create', from: '2026-01-01', to: '2026-12-31', page: '1', limit: '5' } },
      { method: 'GET', path: '/api/people', who: 'admin', fields: { agency, includeInactive: 'true' } },
      { method: 'GET', path: '/api/outbox', who: 'admin', fields: { state: 'pending', instance: v6, recipient: 'a@b.vn', page: '1', limit: '5' } },
      { method: 'GET', path: '/api/documents', who: 'monitor', fields: { kind: 'annual-report', year: '2026', agency } },
      { method: 'GET', path: '/api/agencies', who: 'monitor', fields: { level: 'commune', kind: 'ubnd_cap_xa', includeRetired: 'true' } },
      { method: 'GET', path: `/api/plans/${plan}/workflows`, who: 'monitor', fields: { includeRetired: 'true' } },
      { method: 'GET', path: `/api/plans/${plan}/rows/V.6/figures`, who: 'monitor', fields: { period: '2026', include: 'submitted' } },
      { method: 'GET', path: '/api/reports/annual', who: 'monitor', fields: { plan, year: '2026', kind: 'annual', format: 'xlsx' }, runs: 6 },
      { method: 'GET', path: '/tuan-thu', who: 'monitor', fields: { nam: '2026', muc: 'V', nhom: 'UBND_CAP_XA', ky: '2026' } },
      { method: 'GET', path: '/bao-cao', who: 'monitor', fields: { nam: '2026' } },
      { method: 'GET', path: `/co-quan/${agency}`, who: 'monitor', fields: { nam: '2026' } },
      { method: 'GET', path: '/quan-tri/lich', who: 'admin', fields: { nam: '2026' } },
      { method: 'GET', path: '/quan-tri/ke-hoach', who: 'admin', fields: { ma: plan, da: 'activated' } },
      { method: 'GET', path: '/quan-tri/hop-thu-di', who: 'admin', fields: { 'trang-thai': 'dead' } },
      { method: 'GET', path: `/nhiem-vu/${v6}`, who: 'monitor', fields: { da: 'submitted' } },
      { method: 'GET', path: '/dat-lai-mat-khau', who: 'monitor', fields: { ma: 'abc' } },
      { method: 'GET', path: '/dang-nhap', who: 'monitor', fields: { tiep: '/tong-quan', da: 'signedOut' } },
      { method: 'POST', path: '/api/instances', who: 'monitor', as: 'json', fields: { plan, row: 'V.5', dueDate: '2026-12-20', agencies: ['TTTP'], title: 'Thanh tra đột xuất', reason: 'Có phản ánh' } },
      { method: 'POST', path: `/api/instances/${v6}/review`, who: 'monitor', as: 'json', fields: { decision: 'return', comment: 'Bổ sung số liệu', dueDate: '2026-12-20', version: 1 } },
      { method: 'POST', path: `/api/instances/${iii11}/waive`, who: 'monitor', as: 'json', fields: { reason: 'Không phát sinh' } },
      { method: 'POST', path: `/api/instances/${iii11}/reopen`, who: 'monitor', as: 'json', fields: { reason: 'Phát sinh lại' } },
      { method: 'PUT', path: `/api/submissions/${submitted.body.id}/figures`, who: 'monitor', as: 'json', fields: { figures: { inspections: 3 } } },
      { method: 'POST', path: '/api/indicators/participants_total/actuals', who: 'monitor', as: 'json', fields: { plan, agency: null, asOf: '2026-06-30', value: '1.184.000', source: 'BHXH thành phố' } },
      { method: 'POST', path: '/api/indicators/proposals', who: 'focal', as: 'json', fields: { plan, year: 2026, agency, values: { participants_total: '12.500' }, note: 'Đề xuất' } },
      { method: 'POST', path: '/api/indicators/proposals/approve', who: 'monitor', as: 'json', fields: { plan, year: 2026, agencies: [agency], indicator: 'participants_total' } },
      { method: 'POST', path: '/api/reports/reminder-letters', who: 'monitor', as: 'json', fields: { agency, plan, year: 2026 }, runs: 6 },
      { method: 'POST', path: '/api/calendar-feeds', who: 'monitor', as: 'json', fields: { agency } },
      { method: 'POST', path: '/api/people', who: 'admin', as: 'json', fields: { agency, role: 'focal-point', email: 'hoa@haiphong.gov.vn', name: 'Trần Thị Hoa', title: 'Chuyên viên', phone: '0225 3842 123' } },
      { method: 'POST', path: '/api/tokens', who: 'monitor', as: 'json', fields: { name: 'Hệ thống báo cáo' } },
      { method: 'POST', path: '/api/users', who: 'admin', as: 'json', fields: { email: 'moi@haiphong.gov.vn', name: 'Người mới', roles: ['viewer'], focalPointOf: [agency], headOf: [], password: 'một câu mật khẩu đủ dài để dùng' } },
      { method: 'PUT', path: `/api/users/${victim.id}/roles`, who: 'admin', as: 'json', fields: { roles: ['viewer'], focalPointOf: [agency], headOf: [] } },
      { method: 'POST', path: `/api/instances/${v6}/submissions`, who: 'focal', as: 'multipart', fields: { note: 'Ghi chú', figures: '{"inspections": 3}', link: 'https://haiphong.gov.vn/bao-cao', documentNumber: '12/BC-TTTP', issuedOn: '01/12/2026', signer: 'Nguyễn Văn A' } },
      { method: 'POST', path: `/nhiem-vu/${v6}/xem-xet`, who: 'monitor', as: 'form', fields: { decision: 'return', comment: 'Bổ sung', dueDate: '20/12/2026', version: '1' } },
      { method: 'POST', path: `/nhiem-vu/${iii11}/mien`, who: 'monitor', as: 'form', fields: { reason: 'Không phát sinh' } },
      { method: 'POST', path: `/nhiem-vu/${iii11}/mo-lai`, who: 'monitor', as: 'form', fields: { reason: 'Phát sinh lại' } },
      { method: 'POST', path: '/nhiem-vu-dot-xuat', who: 'monitor', as: 'form', fields: { row: 'V.5', dueDate: '20/12/2026', title: 'Thanh tra', reason: 'Phản ánh', agencies: ['TTTP', 'CATP'] } },
      { method: 'POST', path: '/bao-cao/cong-van', who: 'monitor', as: 'form', fields: { agency, nam: '2026' }, runs: 6 },
      { method: 'POST', path: '/quan-tri/tai-khoan', who: 'admin', as: 'form', fields: { email: 'moi2@haiphong.gov.vn', name: 'Người mới', roles: ['viewer', 'monitor'], focalPointOf: [agency], headOf: [] } },
      { method: 'POST', path: `/quan-tri/tai-khoan/${victim.id}/vai-tro`, who: 'admin', as: 'form', fields: { roles: ['viewer'], focalPointOf: [agency], headOf: [] } },
      { method: 'POST', path: '/dat-lai-mat-khau', who: 'monitor', as: 'form', fields: { ma: 'abc', password: 'một câu mật khẩu mới đủ dài', confirm: 'một câu mật khẩu mới đủ dài', _csrf: 'x' } },
    ];
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  const toPairs = (fields: Record<string, unknown>): [string, string][] =>
    Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, String(x)]) : v === undefined ? [] : [[k, typeof v === 'string' ? v : JSON.stringify(v)]]));
  const encode = (text: string) => encodeURIComponent(text.replace(/[\ud800-\udfff]/gu, '\ufffd'));
  const form = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');

  it('every template is a request that works as it is (so that the mutations start from a valid request)', async () => {
    const failing: string[] = [];
    // (The reset page answers 400 for a link that is not valid: the template's "abc" is one; sign-in redirects the signed-in.)
    for (const t of templates.filter((x) => x.method === 'GET' && x.path !== '/dat-lai-mat-khau')) {
      const res = await apiAs(s.app, t.who === 'admin' ? s.admin : t.who === 'focal' ? focal : s.monitor)
        .get(`${t.path}?${form(toPairs(t.fields))}`)
        .redirects(0);
      if (res.status >= 400) failing.push(`${t.path}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    expect(failing).toEqual([]);
  });

  it('bodies the parser refuses (too large, unknown charset, broken or unknown compression) are a 4xx with a message', async () => {
    const cases: { type: string; body: string | Buffer; encoding?: string }[] = [
      { type: 'application/json', body: JSON.stringify({ name: 'x'.repeat(300_000) }) },
      { type: 'application/x-www-form-urlencoded', body: `name=${'x'.repeat(300_000)}` },
      { type: 'application/json; charset=latin9', body: '{}' },
      { type: 'application/x-www-form-urlencoded; charset=ebcdic', body: 'a=b' },
      { type: 'application/json', body: '{}', encoding: 'gzip' },
      { type: 'application/json', body: '{}', encoding: 'deflate' },
      { type: 'application/json', body: '{}', encoding: 'br, x-unknown' },
      { type: 'application/json', body: '{"a": ' },
      { type: 'application/json', body: '"just a string"' },
    ];
    const problems: string[] = [];
    for (const path of ['/api/tokens', '/api/instances', '/dang-nhap', '/nhiem-vu-dot-xuat', '/quen-mat-khau']) {
      for (const c of cases) {
        let call = request(s.app.getHttpServer()).post(path).redirects(0).timeout(15_000).set('Authorization', `Bearer ${s.monitor.token}`).set('Content-Type', c.type);
        if (c.encoding) call = call.set('Content-Encoding', c.encoding);
        const res = await call.send(c.body);
        const where = `${path} ${c.type} ${c.encoding ?? ''} ${String(c.body).length} bytes → ${res.status}`;
        if (res.status >= 500) problems.push(where);
        if (path.startsWith('/api') && res.status >= 400 && !(typeof res.body?.error?.message === 'string' && res.body.error.message)) problems.push(`${where}: no message`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('edge values in every field of every route: never a 500, never hangs', async () => {
    const failures: string[] = [];
    for (const t of templates) {
      const who = t.who === 'admin' ? s.admin : t.who === 'focal' ? focal : s.monitor;
      const keys = [...Object.keys(t.fields), 'extra'];
      const isJson = t.as === 'json';
      const failed = await fc.check(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.constantFrom(...keys), isJson ? edgeJson : edgeText, fc.constantFrom('set', 'set', 'delete', 'repeat')), { minLength: 1, maxLength: 2 }),
          async (mutations) => {
            const fields: Record<string, unknown> = { ...t.fields };
            for (const [key, value, action] of mutations) {
              if (action === 'delete') delete fields[key];
              else if (action === 'repeat' && !isJson) fields[key] = [...(Array.isArray(fields[key]) ? (fields[key] as unknown[]) : [fields[key] ?? '']), value];
              else fields[key] = value;
            }
            const server = request(s.app.getHttpServer()) as unknown as Record<string, (u: string) => request.Test>;
            let call = server[t.method.toLowerCase()](t.method === 'GET' ? `${t.path}?${form(toPairs(fields))}` : t.path)
              .redirects(0)
              .timeout(15_000)
              .set('Authorization', `Bearer ${who.token}`)
              .set('Accept', t.path.startsWith('/api') ? 'application/json' : 'text/html');
            if (t.as === 'json') call = call.set('Content-Type', 'application/json').send(JSON.stringify(fields));
            if (t.as === 'form') call = call.set('Content-Type', 'application/x-www-form-urlencoded').send(form(toPairs(fields)));
            if (t.as === 'multipart') {
              const built = multipart([...toPairs(fields).map(([name, value]) => ({ name, value })), { name: 'files', value: samplePdf(), fileName: 'bao-cao.pdf', type: 'application/pdf' }]);
              call = call.set('Content-Type', built.contentType).send(built.body);
            }
            const res = await call;
            const where = `${t.method} ${t.path} ${JSON.stringify(fields).slice(0, 400)} → ${res.status} ${res.text?.slice(0, 200)}`;
            expect({ where, serverError: res.status >= 500 }).toEqual({ where, serverError: false });
            if (res.status >= 400 && /json/u.test(String(res.headers['content-type']))) {
              expect({ where, message: typeof res.body?.error?.code === 'string' && typeof res.body?.error?.message === 'string' && res.body.error.message.trim() !== '' }).toEqual({ where, message: true });
            }
          },
        ),
        { numRuns: t.runs ?? RUNS, seed: SEED, endOnFailure: true },
      );
      // Every route is tried, and every failing one reported.
      if (failed.failed) failures.push(String((failed.errorInstance as Error | undefined)?.message).split('\n').find((l) => l.includes('"where"')) ?? `${t.method} ${t.path}: ${String(failed.errorInstance)}`);
    }
    expect(failures).toEqual([]);
    await request(s.app.getHttpServer()).get('/health').expect(200);
  }, 120_000);
});
