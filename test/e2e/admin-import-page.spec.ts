import { INestApplication } from '@nestjs/common';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { fixedClock } from '../../src/common/clock';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'import');

/** The admin imports an appendix table from the page: preview, then write and load (on a copy of workflows/). */
describe('page: import an appendix', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let admin: TestAccount;
  let work: string;

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(tmpdir(), 'phuluc-import-page-'));
    await fs.cp(path.join(ROOT, 'workflows'), path.join(work, 'workflows'), { recursive: true });
    database = await createTestDatabase();
    app = await createTestApp(database.url, {
      clock: fixedClock('2026-12-10T02:00:00Z'),
      env: { PHULUC_WORKFLOWS_DIR: path.join(work, 'workflows'), PHULUC_DATA_DIR: path.join(work, 'data') },
    });
    await app.get(DefinitionsService).load();
    admin = await createAccount(app, { roles: ['admin'] });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await fs.rm(work, { recursive: true, force: true });
  });

  const post = () => apiAs(app, admin).post('/quan-tri/nhap-phu-luc').set('Accept', 'text/html');

  it('previews without writing, then writes and loads; a file it cannot read gets one clear message', async () => {
    await apiAs(app, admin).get('/quan-tri/nhap-phu-luc').set('Accept', 'text/html').expect(200);
    const before = await fs.readFile(path.join(work, 'workflows', 'hp-bhxh-2030', 'appendix.yaml'), 'utf8');
    const preview = await post().attach('file', path.join(FIXTURES, 'hai-phong-appendix.csv')).field('plan', 'HP-BHXH-2030').expect(200);
    expect(preview.text).toContain('Xem trước: 21 dòng');
    expect(preview.text).toContain('<th scope="row">VI.2</th>');
    expect(preview.text).toContain('31/01/2031');
    expect(await fs.readFile(path.join(work, 'workflows', 'hp-bhxh-2030', 'appendix.yaml'), 'utf8')).toBe(before);

    const unseen = await post().attach('file', path.join(FIXTURES, 'unseen-appendix.csv')).field('plan', 'TINH-CDS-2026').field('title', 'Kế hoạch chuyển đổi số').field('apply', '1').expect(400);
    expect(unseen.text).toContain('lỗi nên chưa được ghi, chưa nạp');
    expect(unseen.text).toContain('lead.parties: bắt buộc, không được để trống');
    // Nothing of it stays in workflows/ (the service would not start with a broken definition).
    await expect(fs.stat(path.join(work, 'workflows', 'tinh-cds-2026'))).rejects.toThrow(/ENOENT/u);

    const applied = await post().attach('file', path.join(FIXTURES, 'hai-phong-appendix.csv')).field('plan', 'HP-BHXH-2030').field('apply', '1').expect(200);
    expect(applied.text).toContain('Đã ghi và nạp: 21 dòng');
    expect(applied.text).toMatch(/Đã nạp: thêm 0 dòng, \d+ phiên bản mới, \d+ không đổi, 0 ngừng dùng/u);
    const [{ n }] = await app.get(DataSource).query(`SELECT count(*)::int AS n FROM task_instance`);
    expect(n).toBeGreaterThan(0);

    const empty = await post().attach('file', Buffer.alloc(0), 'trong.csv').field('plan', 'HP-BHXH-2030').expect(400);
    expect(empty.text).toContain('error-summary');
    const noFile = await post().field('plan', 'HP-BHXH-2030').expect(400);
    expect(noFile.text).toContain('Chưa chọn tệp phụ lục');
    // A new plan arrives as a draft; the admin publishes it and its tasks open.
    const table = path.join(work, 'ke-hoach-moi.csv');
    await fs.writeFile(table, 'section,number,task,lead,support,deliverable,timing\nI,1,Báo cáo kết quả thực hiện kế hoạch,Sở Nội vụ,,Báo cáo,Hằng năm\n');
    const draft = await post().attach('file', table).field('plan', 'MOI-2026').field('title', 'Kế hoạch mới 2026').field('from', '01/01/2026').field('to', '31/12/2027').field('apply', '1').expect(200);
    expect(draft.text).toContain('Đã ghi và nạp: 1 dòng');
    const planPage = await apiAs(app, admin).get('/quan-tri/ke-hoach?ma=MOI-2026').set('Accept', 'text/html').expect(200);
    expect(planPage.text).toContain('MOI-2026 (Dự thảo)');
    expect(planPage.text).toContain('Ban hành kế hoạch');
    const db = app.get(DataSource);
    const count = async () => (await db.query(`SELECT count(*)::int AS n FROM task_instance t JOIN plan p ON p.id = t.plan_id WHERE p.code = 'MOI-2026'`))[0].n;
    expect(await count()).toBe(0);
    await apiAs(app, admin).post('/quan-tri/ke-hoach/MOI-2026/ban-hanh').set('Accept', 'text/html').redirects(0).expect(303);
    expect(await count()).toBeGreaterThan(0);
    const [audit] = await db.query(`SELECT action, before, after FROM audit_event WHERE subject_id = 'MOI-2026'`);
    expect(audit).toEqual({ action: 'plan.publish', before: { status: 'draft' }, after: { status: 'active' } });
    await apiAs(app, admin).post('/quan-tri/ke-hoach/MOI-2026/ban-hanh').set('Accept', 'text/html').expect(409);

    // Temporary copies are gone.
    expect(await fs.readdir(path.join(work, 'data', 'tmp'))).toEqual([]);
  });
});
