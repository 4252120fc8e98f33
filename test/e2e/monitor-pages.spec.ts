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
    // A single task in the cell links to it: the first half only.
    const firstHalf = await html(monitor, '/tuan-thu?nam=2026&nhom=UBND_CAP_XA&muc=III').expect(200);
    expect(firstHalf.text).toContain('<th scope="col">III.11</th>');
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

  it('a focal point reads its own agency’s record only, and not the monitor’s pages', async () => {
    await html(focal, '/co-quan/SKHCN').expect(200);
    await html(focal, '/co-quan/TTTP').expect(404);
    await html(focal, '/tuan-thu').expect(403);
    await html(focal, '/tong-quan').expect(403);
  });
});
