import request from 'supertest';
import { apiAs, createAccount } from '../support/auth';
import { samplePdf } from '../support/sample-files';
import { type SecurityApp, startSecurityApp, taskId } from './security-app';

/**
 * Injection through every filter: SQL (quotes, comments, stacked statements), LIKE wildcards,
 * backslashes, a NUL byte, template and markup. Each value must be taken as a literal: no 500,
 * no more rows than a value that matches nothing, and every table (and its rows) still there.
 */

const INJECTIONS = [
  "' OR 1=1 --",
  "' OR '1'='1",
  '1) OR (1=1',
  '%',
  '%%',
  '_',
  '\\',
  "\\'",
  '"; DROP TABLE task_instance; --',
  "'; DROP TABLE audit_event; --",
  '$1',
  '{{7*7}}',
  '${7*7}',
  '<script>alert(1)</script>',
  '\u0000',
  "V.6' --",
  'HP-BHXH-2030%',
];
const BENIGN = 'khong-khop-gi-ca';

/** Every GET with filters, and the filters it reads (API and pages). */
const FILTERS: [string, string[]][] = [
  ['/api/instances', ['plan', 'row', 'agency', 'period']],
  ['/api/exports/instances.csv', ['plan', 'row', 'agency', 'period']],
  ['/api/exports/compliance.csv', ['section', 'group', 'period']],
  ['/api/exports/figures.csv', ['plan', 'row', 'period', 'agency']],
  ['/api/compliance', ['plan', 'section', 'group', 'period', 'asOf']],
  ['/api/indicators', ['plan', 'asOf']],
  ['/api/audit', ['agency', 'actor', 'instance', 'action', 'from']],
  ['/api/people', ['agency', 'includeInactive']],
  ['/api/outbox', ['recipient', 'state', 'instance']],
  ['/api/documents', ['agency', 'kind']],
  ['/api/agencies', ['kind', 'level']],
  ['/api/plans/HP-BHXH-2030/rows/V.6/figures', ['period', 'include']],
  ['/api/reports/annual', ['plan', 'kind']],
  ['/tuan-thu', ['nam', 'muc', 'nhom', 'ky']],
  ['/bao-cao', ['nam']],
  ['/co-quan/TTTP', ['nam']],
  ['/quan-tri/hop-thu-di', ['trang-thai']],
  ['/quan-tri/ke-hoach', ['ma']],
  ['/quan-tri/lich', ['nam']],
];
/** Path parameters that select rows. */
const PATHS = ['/api/plans/{}', '/api/plans/{}/workflows', '/api/plans/HP-BHXH-2030/rows/{}/figures', '/api/plans/{}/rows/V.6/figures', '/co-quan/{}', '/api/exports/instances.{}'];

/** How much an answer holds: a list's total, the items of every list, the lines of a CSV, the rows of a page's tables. */
function size(res: request.Response): number {
  const type = String(res.headers['content-type'] ?? '');
  if (type.startsWith('text/csv')) return res.text.split('\n').filter((l) => l.trim() !== '').length;
  if (type.startsWith('text/html')) return (res.text.match(/<tr[\s>]/gu) ?? []).length + (res.text.match(/<li[\s>]/gu) ?? []).length;
  const body: unknown = res.body;
  if (body && typeof body === 'object' && 'total' in body && typeof body.total === 'number') return body.total;
  const count = (v: unknown): number =>
    Array.isArray(v) ? v.length + v.reduce<number>((n, x) => n + count(x), 0) : v && typeof v === 'object' ? Object.values(v).reduce<number>((n, x) => n + count(x), 0) : 0;
  return count(body);
}

describe('injection through every filter', () => {
  let s: SecurityApp;
  let tablesBefore: string[];
  let rowsBefore: Record<string, number>;

  const counts = async (): Promise<Record<string, number>> => {
    const [row] = await s.db.query(
      `SELECT (SELECT count(*) FROM task_instance)::int AS tasks, (SELECT count(*) FROM audit_event)::int AS audit, (SELECT count(*) FROM submission)::int AS submissions,
              (SELECT count(*) FROM user_account)::int AS accounts, (SELECT count(*) FROM agency)::int AS agencies, (SELECT count(*) FROM outbox_message)::int AS outbox`,
    );
    return row;
  };
  const tables = async (): Promise<string[]> =>
    (await s.db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).map((r: { tablename: string }) => r.tablename);

  beforeAll(async () => {
    s = await startSecurityApp();
    // Something in every list: a submission (audit, figures, outbox), a contact, a kept document.
    const task = await taskId(s.db, 'V.6', '2026');
    const [{ agency_code: agency }]: { agency_code: string }[] = await s.db.query(`SELECT agency_code FROM task_instance WHERE id = $1`, [task]);
    await apiAs(s.app, s.admin).post('/api/people').send({ agency, role: 'focal-point', email: 'dau-moi@haiphong.gov.vn', name: 'Lê Văn Nam' }).expect(201);
    const focal = await createAccount(s.app, { focalPointOf: [agency] });
    await apiAs(s.app, focal).post(`/api/instances/${task}/submissions`).attach('files', samplePdf(), 'ket-qua.pdf').field('figures', '{"inspections": 3}').expect(201);
    await apiAs(s.app, s.monitor).post(`/api/instances/${task}/review`).send({ decision: 'accept' }).expect(200);
    await apiAs(s.app, s.monitor).post('/api/reports/reminder-letters').send({ agency: 'TTTP', year: 2026 });
    tablesBefore = await tables();
    rowsBefore = await counts();
    expect(tablesBefore).toEqual(expect.arrayContaining(['task_instance', 'audit_event', 'submission', 'user_account']));
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  const get = (url: string) => apiAs(s.app, s.admin).get(url).set('Accept', url.startsWith('/api') ? 'application/json' : 'text/html').redirects(0);
  const q = (path: string, name: string, value: string) => `${path}?${encodeURIComponent(name)}=${encodeURIComponent(value)}`;

  it.each(FILTERS)('%s: each filter takes any value as a literal (no 500, no more rows than a value that matches nothing)', async (path, names) => {
    const problems: string[] = [];
    for (const name of names) {
      const benign = await get(q(path, name, BENIGN));
      if (benign.status >= 500) problems.push(`${name}=${BENIGN}: ${benign.status}`);
      const baseline = benign.status < 300 ? size(benign) : 0;
      for (const value of INJECTIONS) {
        const res = await get(q(path, name, value));
        const where = `${path} ${name}=${JSON.stringify(value)}`;
        if (res.status >= 500) problems.push(`${where}: ${res.status} ${res.text.slice(0, 200)}`);
        else if (res.status < 300 && size(res) > baseline) problems.push(`${where}: ${res.status} with ${size(res)} rows, more than "${BENIGN}" (${benign.status}, ${baseline} rows)`);
        if (res.status >= 400 && path.startsWith('/api') && !(typeof res.body?.error?.message === 'string' && res.body.error.message)) problems.push(`${where}: error without a message`);
        if (/text\/html/u.test(String(res.headers['content-type'])) && res.text.includes('<script>alert(1)</script>')) problems.push(`${where}: the value is echoed as markup`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(PATHS)('%s: a path parameter takes any value as a literal', async (pattern) => {
    const problems: string[] = [];
    const benign = await get(pattern.replace('{}', encodeURIComponent(BENIGN)));
    for (const value of INJECTIONS) {
      const res = await get(pattern.replace('{}', encodeURIComponent(value)));
      const where = `${pattern} ← ${JSON.stringify(value)}`;
      if (res.status >= 500) problems.push(`${where}: ${res.status} ${res.text.slice(0, 200)}`);
      else if (res.status < 300 && (benign.status >= 300 || size(res) > size(benign))) problems.push(`${where}: ${res.status}, ${size(res)} rows where "${BENIGN}" gave ${benign.status}`);
    }
    expect(problems).toEqual([]);
  });

  it('sign-in and the forms take the same values as literals', async () => {
    for (const value of INJECTIONS) {
      const res = await request(s.app.getHttpServer()).post('/dang-nhap').type('form').send({ email: value, password: value, _csrf: value }).redirects(0);
      expect({ value, status: res.status < 500 && res.status !== 303 }).toEqual({ value, status: true });
      const token = await request(s.app.getHttpServer()).get('/api/me').set('Authorization', `Bearer ${[...value].filter((c) => c > ' ').join('')}x`);
      expect({ value, status: token.status }).toEqual({ value, status: 401 });
    }
  });

  it('every table and every row is still there', async () => {
    expect(await tables()).toEqual(tablesBefore);
    expect(await counts()).toEqual(rowsBefore);
  });
});
