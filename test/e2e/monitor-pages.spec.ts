import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fixedClock } from '../../src/common/clock';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { DemoSeedService } from '../../src/modules/demo/demo-seed.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * Sở Nội vụ's pages on the demonstration data (made "now", 10/12/2026: the first half's reports
 * of the communes are all late): the overview's four classifications, the compliance matrix,
 * an agency's record, the review queue; and who may not see them.
 */
describe('pages: overview, compliance matrix, agency record, review queue', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let monitor: TestAccount;
  let focal: TestAccount;
  let communes: { code: string; name: string; status: string }[];

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database.url, { clock: fixedClock('2026-12-10T02:00:00Z'), env: { PHULUC_FILES_DIR: `/tmp/phuluc-monitor-pages-${process.pid}` } });
    await app.get(DefinitionsService).load();
    await app.get(GenerationService).generate({ until: '2026-12-10' });
    const seeded = await app.get(DemoSeedService).seed();
    expect(seeded.submissions).toBeGreaterThan(80);
    monitor = await createAccount(app, { roles: ['monitor'] });
    focal = await createAccount(app, { focalPointOf: ['SKHCN'] });
    communes = await app.get(DataSource).query(
      `SELECT a.code, a.name, t.status FROM task_instance t JOIN agency a ON a.code = t.agency_code JOIN workflow_definition d ON d.id = t.definition_id
        WHERE d.key = 'III.11' AND t.period_key = '2026-H1' ORDER BY a.code`,
    );
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const html = (account: TestAccount, path: string) => apiAs(app, account).get(path).set('Accept', 'text/html');

  it('the overview counts the four classifications and lists the late tasks with working days late', async () => {
    const page = await html(monitor, '/tong-quan').expect(200);
    const count = (cls: string) => Number(new RegExp(`data-class="${cls}">(\\d+)<`, 'u').exec(page.text)![1]);
    const [expected] = await app.get(DataSource).query(
      `SELECT count(*) FILTER (WHERE c = 'done-late')::int AS done_late, count(*) FILTER (WHERE c = 'overdue-not-done')::int AS overdue
         FROM (SELECT task_classification(status, submitted_at, due_at, '2026-12-10T02:00:00Z') AS c FROM task_instance
                WHERE role = 'lead' AND opens_on <= '2026-12-10') x`,
    );
    expect(count('done-late')).toBe(expected.done_late);
    expect(count('overdue-not-done')).toBe(expected.overdue);
    expect(count('done-late')).toBeGreaterThan(70);
    expect(page.text).toContain('Nhiệm vụ quá hạn chưa hoàn thành');
    expect(page.text).toMatch(/Quá hạn \d+ ngày làm việc/u);
  });

  it('the compliance matrix shows each commune’s row III.11, and links to the task when there is one', async () => {
    const page = await html(monitor, '/tuan-thu?nam=2026&nhom=UBND_CAP_XA').expect(200);
    expect(page.text).toContain('<th scope="col">III.11</th>');
    const accepted = communes.find((c) => c.status === 'accepted')!;
    const silent = communes.find((c) => c.status === 'open')!;
    const rowOf = (name: string) => page.text.split('<tr>').find((tr) => tr.includes(`>${name}</a>`))!;
    // Two half-years in 2026: the first done late (accepted), the second still running.
    expect(rowOf(accepted.name)).toContain('<td class="cell in-progress-on-time"><span aria-hidden="true">…</span><span class="visually-hidden">Đang thực hiện trong hạn:</span> 1/2</td>');
    expect(rowOf(silent.name)).toContain('<td class="cell overdue-not-done"><span aria-hidden="true">✗</span><span class="visually-hidden">Quá hạn chưa hoàn thành:</span> 0/2</td>');
    // One period: a single task per cell, which the cell links to.
    const firstHalf = await html(monitor, '/tuan-thu?nam=2026&nhom=UBND_CAP_XA&ky=2026-H1').expect(200);
    expect(firstHalf.text.split('<tr>').find((tr) => tr.includes(`>${accepted.name}</a>`))).toMatch(
      /<td class="cell done-late"><a href="\/nhiem-vu\/[0-9a-f-]{36}"><span aria-hidden="true">✓!<\/span><span class="visually-hidden">Hoàn thành quá hạn:<\/span> 1\/1<\/a><\/td>/u,
    );
    expect(firstHalf.text).toContain('<option value="2026-H1" selected>');
    const city = await html(monitor, '/tuan-thu?nam=2026&muc=V').expect(200);
    expect(city.text).toMatch(/<td class="cell in-progress-on-time"><a href="\/nhiem-vu\/[0-9a-f-]{36}"><span aria-hidden="true">…<\/span>/u);
    // Only city agencies of a section.
    const filtered = await html(monitor, '/tuan-thu?nam=2026&muc=V').expect(200);
    expect(filtered.text).toContain('<th scope="col">V.6</th>');
    expect(filtered.text).not.toContain('<th scope="col">III.11</th>');
  });

  it('an agency’s record and the review queue', async () => {
    const accepted = communes.find((c) => c.status === 'accepted')!;
    const record = await html(monitor, `/co-quan/${accepted.code}?nam=2026`).expect(200);
    expect(record.text).toContain(accepted.name);
    expect(record.text).toContain('Tỷ lệ hoàn thành đúng hạn: <strong>0%</strong>');
    const queue = await html(monitor, '/cho-xem-xet').expect(200);
    expect(queue.text).toContain('V.6');
    expect(queue.text).toContain('Thanh tra thành phố Hải Phòng');
  });

  it('Sở Nội vụ chases a task now: the mail the ladder would send, to its focal points, recorded in the audit log', async () => {
    const db = app.get(DataSource);
    const [first] = await db.query(
      `SELECT t.id, t.agency_code FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id
        WHERE d.key = 'III.11' AND t.period_key = '2026-H2' ORDER BY t.agency_code LIMIT 1`,
    );
    const chased = await apiAs(app, monitor).post(`/api/instances/${first.id}/chase`).expect(200);
    expect(chased.body).toEqual({ queued: 1 });
    const [mail] = await db.query(`SELECT template, to_email, view FROM outbox_message WHERE idempotency_key LIKE 'notify:upcoming:chase:%'`);
    expect(mail).toMatchObject({ template: 'upcoming', to_email: 'dau-moi.xa@demo.phuluc.vn', view: { daysLeft: 3, rowKey: 'III.11', dueDate: '2026-12-15' } });
    const [audit] = await db.query(`SELECT action, actor FROM audit_event WHERE instance_id = $1 AND action = 'task.chase'`, [first.id]);
    expect(audit).toEqual({ action: 'task.chase', actor: monitor.actor });
    // From the task page (a form), a commune without a focal point, and a task that waits for nothing.
    const [silent] = await db.query(
      `SELECT t.id FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id
        WHERE d.key = 'III.11' AND t.period_key = '2026-H2' AND t.agency_code <> $1 ORDER BY t.agency_code LIMIT 1`,
      [first.agency_code],
    );
    const noOne = await apiAs(app, monitor).post(`/nhiem-vu/${silent.id}/don-doc`).set('Accept', 'text/html').expect(400);
    expect(noOne.text).toContain('chưa có cán bộ đầu mối nhận thư');
    const [done] = await db.query(`SELECT id FROM task_instance WHERE status = 'accepted' LIMIT 1`);
    await apiAs(app, monitor).post(`/api/instances/${done.id}/chase`).expect(409);
    await apiAs(app, focal).post(`/api/instances/${first.id}/chase`).expect(403);
  });

  it('Sở Nội vụ creates an ad-hoc task from the page', async () => {
    const page = await html(monitor, '/nhiem-vu-dot-xuat').expect(200);
    expect(page.text).toContain('V.5 – ');
    const form = (fields: Record<string, string>) => apiAs(app, monitor).post('/nhiem-vu-dot-xuat').set('Accept', 'text/html').type('form').send(fields).redirects(0);
    const bad = await form({ row: 'V.5', dueDate: '31/02/2026', title: 'Thanh tra đột xuất doanh nghiệp X' }).expect(400);
    expect(bad.text).toContain('Hạn &quot;31/02/2026&quot; không hợp lệ (nhập dạng dd/mm/yyyy).');
    expect(bad.text).toContain('value="Thanh tra đột xuất doanh nghiệp X"');
    const holiday = await form({ row: 'V.5', dueDate: '13/12/2026' }).expect(400);
    expect(holiday.text).toContain('là ngày nghỉ');
    const created = await form({ row: 'V.5', dueDate: '18/12/2026', agencies: 'TTTP', title: 'Thanh tra đột xuất doanh nghiệp X', reason: 'Có đơn phản ánh' }).expect(303);
    const task = await html(monitor, created.headers.location).expect(200);
    expect(task.text).toContain('Đã tạo nhiệm vụ đột xuất');
    expect(task.text).toContain('Đột xuất, hạn 18/12/2026');
    await apiAs(app, focal).post('/nhiem-vu-dot-xuat').set('Accept', 'text/html').type('form').send({ row: 'V.5', dueDate: '18/12/2026' }).expect(403);
  });

  it('the admin sees the outbox by state, with the reason of a dead mail, and requeues it', async () => {
    const admin = await createAccount(app, { roles: ['admin'] });
    const db = app.get(DataSource);
    const [victim] = await db.query(`SELECT id FROM outbox_message ORDER BY created_at LIMIT 1`);
    await db.query(`UPDATE outbox_message SET state = 'dead', dead_at = now(), attempts = 1, last_error = '550 5.1.1 Địa chỉ không tồn tại' WHERE id = $1`, [victim.id]);
    const dead = await html(admin, '/quan-tri/hop-thu-di?trang-thai=dead').expect(200);
    expect(dead.text).toContain('550 5.1.1 Địa chỉ không tồn tại');
    expect(dead.text).toMatch(/Hỏng \(1\)/u);
    await apiAs(app, admin).post(`/quan-tri/hop-thu-di/${victim.id}/gui-lai`).set('Accept', 'text/html').redirects(0).expect(303);
    const [after] = await db.query(`SELECT state, attempts FROM outbox_message WHERE id = $1`, [victim.id]);
    expect(after).toEqual({ state: 'pending', attempts: 0 });
    const again = await apiAs(app, admin).post(`/quan-tri/hop-thu-di/${victim.id}/gui-lai`).set('Accept', 'text/html').expect(409);
    expect(again.text).toContain('error-summary');
    await html(monitor, '/quan-tri/hop-thu-di').expect(403);
  });

  it('the admin reads the plan as phuluc understood it, the working calendar, and the directory', async () => {
    const admin = await createAccount(app, { roles: ['admin'] });
    const plan = await html(admin, '/quan-tri/ke-hoach').expect(200);
    expect(plan.text).toContain('<th scope="row">VI.2</th>');
    expect(plan.text).toContain('Nhóm "BHXH cơ sở" chưa có thành viên');
    expect(plan.text).not.toContain('Nhóm "Các cơ quan liên quan" chưa có thành viên'); // named row by row
    expect(plan.text).toContain('10 ngày làm việc trước hạn');
    expect(plan.text).toContain('Quá hạn 10 ngày làm việc');
    const calendar = await html(admin, '/quan-tri/lich?nam=2026').expect(200);
    expect(calendar.text).toMatch(/\d{3} ngày làm việc/u);
    expect(calendar.text).toContain('02/09/2026');
    const directory = await html(admin, '/quan-tri/co-quan').expect(200);
    expect(directory.text).toContain('chờ thành phố xác nhận');
    expect(directory.text).toContain('&lt;dau-moi.tttp@demo.phuluc.vn&gt;');
    await html(monitor, '/quan-tri/ke-hoach').expect(403);
  });

  it('a focal point reads its own agency’s record only, and not the monitor’s pages', async () => {
    await html(focal, '/co-quan/SKHCN').expect(200);
    await html(focal, '/co-quan/TTTP').expect(404);
    await html(focal, '/tuan-thu').expect(403);
    await html(focal, '/tong-quan').expect(403);
  });
});
