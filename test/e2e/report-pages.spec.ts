import { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SettableClock } from '../../src/common/clock';
import { apiAs, createAccount, TEST_PASSWORD, type TestAccount } from '../support/auth';
import { docxText } from '../support/docx-text';
import { binaryBody } from '../support/binary-body';
import { leadTaskId, seedDemoYear } from '../support/seeded-year';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const csrfIn = (html: string): string => {
  const match = /name="_csrf" value="([^"]+)"/u.exec(html);
  if (!match) throw new Error(`no CSRF field in:\n${html.slice(0, 400)}`);
  return match[1];
};

/**
 * The monitor's reports page (Báo cáo) on the seeded year, on 15/12/2026: one click drafts the
 * annual report as Word (downloaded, kept, listed, attached to VI.1), the preview and the annex,
 * the late agencies each with a reminder letter; the viewer reads without buttons, a focal point
 * is refused.
 */
describe('page: reports (Báo cáo)', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let monitor: TestAccount;
  let viewer: TestAccount;
  let focal: TestAccount;
  let snvFocal: TestAccount;
  let vi1: string;
  const clock = new SettableClock();

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database.url, { clock, env: { PHULUC_FILES_DIR: `/tmp/phuluc-report-pages-${process.pid}` } });
    db = app.get(DataSource);
    await seedDemoYear(app, '2026-12-31');
    clock.set('2026-12-15T09:00:00+07:00');
    monitor = await createAccount(app, { name: 'Nguyễn Văn Theo Dõi', roles: ['monitor'] });
    viewer = await createAccount(app, { roles: ['viewer'] });
    focal = await createAccount(app, { focalPointOf: ['TTTP'] });
    snvFocal = await createAccount(app, { focalPointOf: ['SNV'] });
    vi1 = await leadTaskId(app, 'VI.1', 'SNV', '2026');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const html = (account: TestAccount, path: string) => apiAs(app, account).get(path).set('Accept', 'text/html');

  /** Signs in through the form like a browser; the agent keeps the session cookie. */
  async function signIn(account: TestAccount) {
    const agent = request.agent(app.getHttpServer());
    const form = await agent.get('/dang-nhap').expect(200);
    await agent.post('/dang-nhap').type('form').send({ _csrf: csrfIn(form.text), email: account.email, password: TEST_PASSWORD, tiep: '/' }).redirects(0).expect(303);
    return agent;
  }

  it('shows the monitor the buttons, the links, the years of the plan and the late agencies', async () => {
    const page = await html(monitor, '/bao-cao').expect(200);
    expect(page.text).toContain('<h1>Báo cáo năm 2026</h1>');
    expect(page.text).toContain('<a href="/bao-cao" aria-current="page">Báo cáo</a>');
    expect(page.text).toContain('<option value="2026" selected>2026</option>');
    expect(page.text).toContain('<option value="2030">2030</option>');
    expect(page.text).not.toContain('<option value="2031">');
    expect(page.text).toContain('Lập dự thảo báo cáo năm 2026 (Word)');
    expect(page.text).toContain('Lập dự thảo báo cáo tổng kết 2026–2030');
    expect(page.text).toContain('<a href="/bao-cao/nam/2026.html">Xem trước</a>');
    expect(page.text).toContain('<a href="/bao-cao/nam/2026.xlsx">Phụ lục Excel</a>');
    expect(page.text).toContain('Chưa có văn bản nào được lập cho năm 2026.');
    expect(page.text).toContain('Lập công văn đôn đốc');
    expect(page.text).toMatch(/quá hạn \d+ ngày làm việc/u);
    // One button per late agency, as many as the agencies with a task overdue now.
    const figures = (await apiAs(app, monitor).get(`/api/compliance?year=2026&asOf=${encodeURIComponent('2026-12-15T09:00:00+07:00')}`).expect(200)).body;
    const lateAgencies = new Set(figures.late.map((l: { agencyCode: string }) => l.agencyCode));
    expect(lateAgencies.size).toBeGreaterThan(0);
    expect([...page.text.matchAll(/name="agency" value="([^"]+)"/gu)].map((m) => m[1]).sort()).toEqual([...lateAgencies].sort());
    // Another year of the plan; a year outside it shows this year.
    expect((await html(monitor, '/bao-cao?nam=2027').expect(200)).text).toContain('Lập dự thảo báo cáo năm 2027 (Word)');
    expect((await html(monitor, '/bao-cao?nam=1999').expect(200)).text).toContain('<h1>Báo cáo năm 2026</h1>');
    // The navigation of every page leads there.
    expect((await html(monitor, '/tong-quan').expect(200)).text).toContain('<a href="/bao-cao">Báo cáo</a>');
  });

  it('the viewer reads the page without a button that writes; a focal point is refused', async () => {
    const page = await html(viewer, '/bao-cao?nam=2026').expect(200);
    expect(page.text).toContain('<h1>Báo cáo năm 2026</h1>');
    expect(page.text).toContain('<a href="/bao-cao/nam/2026.html">Xem trước</a>');
    expect(page.text).toContain('Nhiệm vụ quá hạn chưa hoàn thành năm 2026');
    expect(page.text).not.toContain('Lập dự thảo');
    expect(page.text).not.toContain('Lập công văn đôn đốc');
    expect(page.text).not.toMatch(/<form method="post" action="\/bao-cao/u);
    await apiAs(app, viewer).post('/bao-cao/nam').set('Accept', 'text/html').type('form').send({ nam: '2026' }).expect(403);
    await html(focal, '/bao-cao').expect(403);
    await apiAs(app, focal).post('/bao-cao/cong-van').set('Accept', 'text/html').type('form').send({ agency: 'TTTP' }).expect(403);
    expect((await html(focal, '/nhiem-vu-cua-toi').expect(200)).text).not.toContain('href="/bao-cao"');
  });

  it('one click drafts the annual report as Word: downloaded, kept, listed, and shown on the VI.1 task', async () => {
    const agent = await signIn(monitor);
    const page = await agent.get('/bao-cao').expect(200);
    // Without the form's token the draft is refused.
    await agent.post('/bao-cao/nam').type('form').send({ nam: '2026' }).expect(403);
    const res = await agent.post('/bao-cao/nam').type('form').send({ _csrf: csrfIn(page.text), nam: '2026' }).buffer(true).parse(binaryBody).expect(201);
    expect(res.headers.location).toMatch(/^\/api\/documents\/[0-9a-f-]{36}$/u);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="du-thao-bao-cao-nam-2026\.docx"/u);
    const { xml, paragraphs } = await docxText(res.body as Buffer);
    expect(xml).toContain('BÁO CÁO');
    expect(paragraphs).toContain('IV. TÌNH HÌNH THỰC HIỆN THEO CƠ QUAN');

    const kept: { id: string; instance_id: string; generated_by: string }[] = await db.query(`SELECT id, instance_id, generated_by FROM generated_document WHERE kind = 'annual-report'`);
    expect(kept).toEqual([{ id: expect.any(String), instance_id: vi1, generated_by: monitor.actor }]);
    const listed = await html(monitor, '/bao-cao?nam=2026').expect(200);
    expect(listed.text).not.toContain('Chưa có văn bản nào được lập');
    expect(listed.text).toContain(`<a href="/api/documents/${kept[0].id}">du-thao-bao-cao-nam-2026.docx</a>`);
    expect(listed.text).toContain('Dự thảo báo cáo năm');
    expect(listed.text).toContain('Nguyễn Văn Theo Dõi');
    expect(listed.text).toContain('15/12/2026');
    // The listed link downloads the same file.
    const again = await apiAs(app, viewer).get(`/api/documents/${kept[0].id}`).buffer(true).parse(binaryBody).expect(200);
    expect(Buffer.compare(again.body as Buffer, res.body as Buffer)).toBe(0);

    // On the VI.1 task: for those who read documents, not for SNV's focal point.
    for (const reader of [monitor, viewer]) {
      const task = await html(reader, `/nhiem-vu/${vi1}`).expect(200);
      expect(task.text).toContain('Dự thảo do phuluc lập');
      expect(task.text).toContain(`<a href="/api/documents/${kept[0].id}">du-thao-bao-cao-nam-2026.docx</a>`);
      expect(task.text).toContain('bởi Nguyễn Văn Theo Dõi');
    }
    const ownTask = await html(snvFocal, `/nhiem-vu/${vi1}`).expect(200);
    expect(ownTask.text).not.toContain('Dự thảo do phuluc lập');
  });

  it('drafts the final report of the plan’s years; a year outside the plan is refused with its reason', async () => {
    const res = await apiAs(app, monitor).post('/bao-cao/nam').type('form').send({ nam: '2026', loai: 'tong-ket' }).buffer(true).parse(binaryBody).expect(201);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="du-thao-bao-cao-tong-ket-2030\.docx"/u);
    const { text } = await docxText(res.body as Buffer);
    expect(text).toContain('2026–2030');
    const outside = await apiAs(app, monitor).post('/bao-cao/nam').set('Accept', 'text/html').type('form').send({ nam: '2035' }).expect(400);
    expect(outside.text).toContain('Năm 2035 nằm ngoài thời gian của kế hoạch (2026–2030).');
  });

  it('drafts the reminder letter to a late agency; an agency with nothing late gets the reason instead', async () => {
    const page = await html(monitor, '/bao-cao?nam=2026').expect(200);
    const agency = /name="agency" value="([^"]+)"/u.exec(page.text)![1];
    const [{ name }] = await db.query(`SELECT name FROM agency WHERE code = $1`, [agency]);
    const res = await apiAs(app, monitor).post('/bao-cao/cong-van').type('form').send({ agency, nam: '2026' }).buffer(true).parse(binaryBody).expect(201);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="cong-van-don-doc-${agency.toLowerCase()}\\.docx"`, 'u'));
    const { text } = await docxText(res.body as Buffer);
    expect(text).toContain('Kính gửi');
    expect(text).toContain(name);
    const listed = await html(monitor, '/bao-cao?nam=2026').expect(200);
    expect(listed.text).toContain(`Công văn đôn đốc gửi ${name}`);

    const lateCodes = new Set([...page.text.matchAll(/name="agency" value="([^"]+)"/gu)].map((m) => m[1]));
    const [calm] = (await db.query(`SELECT code, name FROM agency ORDER BY code`)).filter((a: { code: string }) => !lateCodes.has(a.code));
    const nothing = await apiAs(app, monitor).post('/bao-cao/cong-van').set('Accept', 'text/html').type('form').send({ agency: calm.code, nam: '2026' }).expect(409);
    expect(nothing.text).toContain('không có nhiệm vụ quá hạn chưa hoàn thành');
    expect(nothing.text).toContain('<h1>Báo cáo năm 2026</h1>');
    const missing = await apiAs(app, monitor).post('/bao-cao/cong-van').set('Accept', 'text/html').type('form').send({ nam: '2026' }).expect(400);
    expect(missing.text).toContain('Chưa chọn cơ quan cần đôn đốc.');
  });

  it('the preview is the report in the browser under its own CSP; the annex is an Excel workbook', async () => {
    const preview = await html(viewer, '/bao-cao/nam/2026.html').expect(200);
    expect(preview.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(preview.headers['content-security-policy']).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/u);
    expect(preview.headers['content-disposition']).toBe('inline');
    expect(preview.text).toContain('<h2>IV. TÌNH HÌNH THỰC HIỆN THEO CƠ QUAN</h2>');
    const annex = await apiAs(app, viewer).get('/bao-cao/nam/2026.xlsx').buffer(true).parse(binaryBody).expect(200);
    expect(annex.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(annex.headers['content-disposition']).toMatch(/^attachment; filename="du-thao-bao-cao-nam-2026\.xlsx"/u);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(annex.body as never);
    expect(book.worksheets.map((w) => w.name)).toContain('Quá hạn');
    await html(viewer, '/bao-cao/nam/2026.pdf').expect(404);
    // Previewing does not keep anything.
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM generated_document WHERE format <> 'docx'`);
    expect(n).toBe(0);
  });
});
