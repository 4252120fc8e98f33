import request from 'supertest';
import { apiAs, TEST_PASSWORD } from '../support/auth';
import { samplePdf } from '../support/sample-files';
import { type SecurityApp, startSecurityApp, taskId } from './security-app';

/**
 * The security-relevant response headers of each kind of answer, against a table written by
 * hand below (not a generated snapshot): any change to them shows up as a diff of this table.
 * `null`: the header must be absent. Runs behind https (PUBLIC_URL), as in production.
 */

const STRICT_CSP =
  "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';" +
  "script-src 'self';script-src-attr 'none';style-src 'self';upgrade-insecure-requests";
const DOCS_CSP =
  "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';" +
  "script-src 'self' 'unsafe-inline';script-src-attr 'none';style-src 'self' 'unsafe-inline';upgrade-insecure-requests";
/** The report preview may use exactly its own inline stylesheet (its hash changes with the stylesheet). */
const PREVIEW_CSP = expect.stringMatching(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='; img-src 'self'; frame-ancestors 'none'; form-action 'none'$/u);
const DOWNLOAD_CSP = "default-src 'none'; sandbox";

/** What helmet adds to every answer. */
const EVERY_ANSWER = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'same-origin',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-embedder-policy': null,
  'origin-agent-cluster': '?1',
  'x-permitted-cross-domain-policies': 'none',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-xss-protection': '0',
  'x-powered-by': null,
};
const HEADERS = [...Object.keys(EVERY_ANSWER), 'content-security-policy', 'cache-control', 'etag', 'content-disposition', 'content-type'];
/** The ETag Express computes for a body (the `etag` package): its length in hex and its SHA-1. */
const BODY_ETAG = expect.stringMatching(/^"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/u);

/** Export names carry the day of the export. */
const stamped = (name: string, ext: string) => expect.stringMatching(new RegExp(`^attachment; filename="${name}-\\d{4}-\\d{2}-\\d{2}\\.${ext}"$`, 'u'));

type Expected = Record<string, unknown>;
const EXPECTED: Record<string, Expected> = {
  'JSON API (GET /api/me)': { ...EVERY_ANSWER, 'content-security-policy': STRICT_CSP, 'cache-control': 'no-store', etag: null, 'content-disposition': null, 'content-type': 'application/json; charset=utf-8' },
  'HTML page (GET /tong-quan)': { ...EVERY_ANSWER, 'content-security-policy': STRICT_CSP, 'cache-control': 'no-store', etag: null, 'content-disposition': null, 'content-type': 'text/html; charset=utf-8' },
  'sign-in page (GET /dang-nhap, anonymous)': { ...EVERY_ANSWER, 'content-security-policy': STRICT_CSP, 'cache-control': 'no-store', etag: null, 'content-disposition': null, 'content-type': 'text/html; charset=utf-8' },
  'file download (GET /api/files/:id)': {
    ...EVERY_ANSWER,
    'content-security-policy': DOWNLOAD_CSP,
    'cache-control': 'private, no-store',
    etag: expect.stringMatching(/^"sha256-[0-9a-f]{64}"$/u),
    'content-disposition': "attachment; filename=\"ket qua.pdf\"; filename*=UTF-8''k%E1%BA%BFt%20qu%E1%BA%A3.pdf",
    'content-type': 'application/pdf',
  },
  'DOCX report (GET /api/reports/annual?format=docx)': {
    ...EVERY_ANSWER,
    'content-security-policy': STRICT_CSP,
    'cache-control': 'no-store',
    etag: null,
    'content-disposition': "attachment; filename=\"du-thao-bao-cao-nam-2026.docx\"; filename*=UTF-8''du-thao-bao-cao-nam-2026.docx",
    'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  'kept DOCX (GET /api/documents/:id)': {
    ...EVERY_ANSWER,
    'content-security-policy': DOWNLOAD_CSP,
    'cache-control': 'no-store',
    etag: null,
    'content-disposition': "attachment; filename=\"du-thao-bao-cao-nam-2026.docx\"; filename*=UTF-8''du-thao-bao-cao-nam-2026.docx",
    'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  'XLSX export (GET /api/exports/instances.xlsx)': {
    ...EVERY_ANSWER,
    'content-security-policy': STRICT_CSP,
    'cache-control': 'no-store',
    etag: null,
    'content-disposition': stamped('nhiem-vu', 'xlsx'),
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  'CSV export (GET /api/exports/instances.csv)': { ...EVERY_ANSWER, 'content-security-policy': STRICT_CSP, 'cache-control': 'no-store', etag: null, 'content-disposition': stamped('nhiem-vu', 'csv'), 'content-type': 'text/csv; charset=utf-8' },
  'XLSX report annex (GET /api/reports/annual?format=xlsx)': {
    ...EVERY_ANSWER,
    'content-security-policy': STRICT_CSP,
    'cache-control': 'no-store',
    etag: null,
    'content-disposition': "attachment; filename=\"du-thao-bao-cao-nam-2026.xlsx\"; filename*=UTF-8''du-thao-bao-cao-nam-2026.xlsx",
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  'report HTML preview (GET /api/reports/annual?format=html)': { ...EVERY_ANSWER, 'content-security-policy': PREVIEW_CSP, 'cache-control': 'no-store', etag: null, 'content-disposition': 'inline', 'content-type': 'text/html; charset=utf-8' },
  'report HTML preview page (GET /bao-cao/nam/2026.html)': { ...EVERY_ANSWER, 'content-security-policy': PREVIEW_CSP, 'cache-control': 'no-store', etag: null, 'content-disposition': 'inline', 'content-type': 'text/html; charset=utf-8' },
  'health check (GET /health)': { ...EVERY_ANSWER, 'content-security-policy': STRICT_CSP, 'cache-control': 'no-cache, no-store, must-revalidate', etag: null, 'content-disposition': null, 'content-type': 'application/json; charset=utf-8' },
  '404 API (GET /api/khong-co)': { ...EVERY_ANSWER, 'content-security-policy': STRICT_CSP, 'cache-control': 'no-store', etag: null, 'content-disposition': null, 'content-type': 'application/json; charset=utf-8' },
  '404 page (GET /khong-co)': { ...EVERY_ANSWER, 'content-security-policy': STRICT_CSP, 'cache-control': 'no-store', etag: null, 'content-disposition': null, 'content-type': 'text/html; charset=utf-8' },
  '401 API (GET /api/me, no token)': { ...EVERY_ANSWER, 'content-security-policy': STRICT_CSP, 'cache-control': 'no-store', etag: null, 'content-disposition': null, 'content-type': 'application/json; charset=utf-8' },
  '401 page (GET /tong-quan, signed out: 303 to sign-in)': { ...EVERY_ANSWER, 'content-security-policy': STRICT_CSP, 'cache-control': 'no-store', etag: null, 'content-disposition': null, 'content-type': 'text/html; charset=utf-8' },
  'calendar feed (GET /lich/:secret.ics)': { ...EVERY_ANSWER, 'content-security-policy': STRICT_CSP, 'cache-control': 'private, max-age=300', etag: BODY_ETAG, 'content-disposition': null, 'content-type': 'text/calendar; charset=utf-8' },
  'static asset (GET /tai-nguyen/phuluc.css)': { ...EVERY_ANSWER, 'content-security-policy': STRICT_CSP, 'cache-control': 'public, max-age=3600', etag: BODY_ETAG, 'content-disposition': null, 'content-type': 'text/css; charset=utf-8' },
  'OpenAPI UI (GET /api/docs/)': { ...EVERY_ANSWER, 'content-security-policy': DOCS_CSP, 'cache-control': null, etag: null, 'content-disposition': null, 'content-type': 'text/html; charset=utf-8' },
};

describe('response headers of each kind of answer', () => {
  let s: SecurityApp;
  const answers: Record<string, request.Response> = {};

  beforeAll(async () => {
    s = await startSecurityApp();
    const monitor = apiAs(s.app, s.monitor);
    const server = () => request(s.app.getHttpServer());
    const task = await taskId(s.db, 'V.6', '2026');
    const submitted = await monitor.post(`/api/instances/${task}/submissions`).attach('files', samplePdf(), 'kết quả.pdf').field('figures', '{"inspections": 3}').expect(201);
    const kept = await monitor.post('/api/reports/annual').send({ year: 2026 }).expect(201);
    const feed = await monitor.post('/api/calendar-feeds').send({}).expect(201);
    const calls: Record<string, () => request.Test> = {
      'JSON API (GET /api/me)': () => monitor.get('/api/me'),
      'HTML page (GET /tong-quan)': () => monitor.get('/tong-quan').set('Accept', 'text/html'),
      'sign-in page (GET /dang-nhap, anonymous)': () => server().get('/dang-nhap'),
      'file download (GET /api/files/:id)': () => monitor.get(submitted.body.files[0].url),
      'DOCX report (GET /api/reports/annual?format=docx)': () => monitor.get('/api/reports/annual?year=2026&format=docx'),
      'kept DOCX (GET /api/documents/:id)': () => monitor.get(`/api/documents/${kept.body.id}`),
      'XLSX export (GET /api/exports/instances.xlsx)': () => monitor.get('/api/exports/instances.xlsx'),
      'CSV export (GET /api/exports/instances.csv)': () => monitor.get('/api/exports/instances.csv'),
      'XLSX report annex (GET /api/reports/annual?format=xlsx)': () => monitor.get('/api/reports/annual?year=2026&format=xlsx'),
      'report HTML preview (GET /api/reports/annual?format=html)': () => monitor.get('/api/reports/annual?year=2026&format=html'),
      'report HTML preview page (GET /bao-cao/nam/2026.html)': () => monitor.get('/bao-cao/nam/2026.html').set('Accept', 'text/html'),
      'health check (GET /health)': () => server().get('/health'),
      '404 API (GET /api/khong-co)': () => monitor.get('/api/khong-co'),
      '404 page (GET /khong-co)': () => monitor.get('/khong-co').set('Accept', 'text/html'),
      '401 API (GET /api/me, no token)': () => server().get('/api/me'),
      '401 page (GET /tong-quan, signed out: 303 to sign-in)': () => server().get('/tong-quan').set('Accept', 'text/html'),
      'calendar feed (GET /lich/:secret.ics)': () => server().get(new URL(feed.body.url).pathname),
      'static asset (GET /tai-nguyen/phuluc.css)': () => server().get('/tai-nguyen/phuluc.css'),
      'OpenAPI UI (GET /api/docs/)': () => server().get('/api/docs/'),
    };
    for (const [kind, call] of Object.entries(calls)) answers[kind] = await call().redirects(0);
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  it('each kind of answer has the status it should (so that the table below describes the right answers)', () => {
    const statuses = Object.fromEntries(Object.entries(answers).map(([kind, res]) => [kind, res.status]));
    expect(statuses).toEqual({
      'JSON API (GET /api/me)': 200,
      'HTML page (GET /tong-quan)': 200,
      'sign-in page (GET /dang-nhap, anonymous)': 200,
      'file download (GET /api/files/:id)': 200,
      'DOCX report (GET /api/reports/annual?format=docx)': 200,
      'kept DOCX (GET /api/documents/:id)': 200,
      'XLSX export (GET /api/exports/instances.xlsx)': 200,
      'CSV export (GET /api/exports/instances.csv)': 200,
      'XLSX report annex (GET /api/reports/annual?format=xlsx)': 200,
      'report HTML preview (GET /api/reports/annual?format=html)': 200,
      'report HTML preview page (GET /bao-cao/nam/2026.html)': 200,
      'health check (GET /health)': 200,
      '404 API (GET /api/khong-co)': 404,
      '404 page (GET /khong-co)': 404,
      '401 API (GET /api/me, no token)': 401,
      '401 page (GET /tong-quan, signed out: 303 to sign-in)': 303,
      'calendar feed (GET /lich/:secret.ics)': 200,
      'static asset (GET /tai-nguyen/phuluc.css)': 200,
      'OpenAPI UI (GET /api/docs/)': 200,
    });
  });

  it('the security headers of each kind of answer are those of the table', () => {
    const actual = Object.fromEntries(
      Object.entries(answers).map(([kind, res]) => [kind, Object.fromEntries(HEADERS.map((h) => [h, (res.headers[h] as string | undefined) ?? null]))]),
    );
    expect(actual).toEqual(EXPECTED);
  });

  it('an asset may be cached and revalidated: unchanged, it answers 304 to its ETag', async () => {
    const first = answers['static asset (GET /tai-nguyen/phuluc.css)'];
    const again = await request(s.app.getHttpServer()).get('/tai-nguyen/phuluc.css').set('If-None-Match', first.headers.etag as string);
    expect([again.status, again.text ?? '']).toEqual([304, '']);
    await request(s.app.getHttpServer()).get('/tai-nguyen/phuluc.css').set('If-None-Match', '"0-khac"').expect(200);
  });

  it('cookies: the form cookie and the session cookie are HttpOnly, SameSite and Secure; signing out clears the session', async () => {
    const agent = request.agent(s.app.getHttpServer());
    // Behind https the cookies are Secure: the test speaks http, so it reads and returns them by hand.
    const form = await agent.get('/dang-nhap').expect(200);
    const formCookie = String(form.headers['set-cookie']);
    expect(formCookie.replace(/=[^;]+/u, '=…')).toBe('phuluc_form=…; Path=/; HttpOnly; Secure; SameSite=Strict');
    const csrf = /name="_csrf" value="([^"]+)"/u.exec(form.text)![1];
    const signIn = await request(s.app.getHttpServer())
      .post('/dang-nhap')
      .set('Cookie', formCookie.split(';')[0])
      .type('form')
      .send({ _csrf: csrf, email: s.monitor.email, password: TEST_PASSWORD, tiep: '/' })
      .redirects(0)
      .expect(303);
    const session = [signIn.headers['set-cookie']].flat().map(String).find((c) => c.startsWith('phuluc_session='));
    expect(session?.replace(/=[^;]+/u, '=…')).toBe('phuluc_session=…; Path=/; HttpOnly; Secure; SameSite=Lax');
    const page = await request(s.app.getHttpServer()).get('/tong-quan').set('Cookie', session!.split(';')[0]).expect(200);
    const signOut = await request(s.app.getHttpServer())
      .post('/dang-xuat')
      .set('Cookie', session!.split(';')[0])
      .type('form')
      .send({ _csrf: /name="_csrf" value="([^"]+)"/u.exec(page.text)![1] })
      .redirects(0)
      .expect(303);
    expect(String(signOut.headers['set-cookie'])).toBe('phuluc_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    await request(s.app.getHttpServer()).get('/tong-quan').set('Cookie', session!.split(';')[0]).redirects(0).expect(303);
  });
});
