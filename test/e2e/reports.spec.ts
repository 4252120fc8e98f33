import { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { SettableClock } from '../../src/common/clock';
import { FileCleanupService } from '../../src/modules/deliverables/file-cleanup.service';
import { ReportsService } from '../../src/modules/reports/reports.service';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { docxText } from '../support/docx-text';
import { leadTaskId, seedDemoYear } from '../support/seeded-year';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { binaryBody } from '../support/binary-body';


const CUTOFF = '2026-12-14T16:59:59.999Z';
const vn = (n: number) => n.toLocaleString('vi-VN');

/**
 * The city's annual report on a seeded year: drafted on 15/12 with one click (POST), attached to
 * the VI.1 task, every number equal to an independent count, the same after later events; the
 * HTML preview and the XLSX annex; the reminder letter to a late agency.
 */
describe('annual report and reminder letter', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let monitor: TestAccount;
  let viewer: TestAccount;
  let focal: TestAccount;
  const clock = new SettableClock();

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database.url, { clock, env: { PHULUC_FILES_DIR: `/tmp/phuluc-reports-${process.pid}` } });
    db = app.get(DataSource);
    await seedDemoYear(app, '2026-12-31');
    // BHXH thành phố's figure at the cut-off (the indicators API enters these; here it is given).
    await db.query(
      `INSERT INTO indicator_actual (indicator_id, agency_code, as_of, value, source, entered_by)
       SELECT id, NULL, '2026-12-14', CASE code WHEN 'participants_total' THEN 1190250 ELSE 97100 END, 'Báo cáo BHXH thành phố', 'test' FROM indicator`,
    );
    // One commune's allocation and figures: behind its straight line at the cut-off.
    await db.query(
      `INSERT INTO indicator_allocation (indicator_id, year, agency_code, value, source, decided_by, decided_at)
       SELECT i.id, 2026, (SELECT min(code) FROM agency WHERE level = 'commune'), 10000, 'Bảng phân bổ', 'test', now() FROM indicator i WHERE i.code = 'participants_total'`,
    );
    await db.query(
      `INSERT INTO indicator_actual (indicator_id, agency_code, as_of, value, source, entered_by)
       SELECT i.id, (SELECT min(code) FROM agency WHERE level = 'commune'), d::date, v, 'BHXH cơ sở', 'test'
         FROM indicator i, (VALUES ('2025-12-31', 9000), ('2026-11-30', 9300)) AS x(d, v) WHERE i.code = 'participants_total'`,
    );
    clock.set('2026-12-15T09:00:00+07:00');
    monitor = await createAccount(app, { roles: ['monitor'] });
    viewer = await createAccount(app, { roles: ['viewer'] });
    focal = await createAccount(app, { focalPointOf: ['TTTP'] });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  /** Per agency, the four classes of its lead tasks of 2026 at the cut-off, counted in SQL. */
  async function countsAtCutoff(): Promise<Map<string, { name: string; onTime: number; late: number; open: number; overdue: number }>> {
    const rows: { name: string; c: string; n: number }[] = await db.query(
      `SELECT a.name, task_classification(t.status, t.submitted_at, t.due_at, $1) AS c, count(*)::int AS n
         FROM task_instance t JOIN agency a ON a.code = t.agency_code
        WHERE t.role = 'lead' AND t.window_start BETWEEN '2026-01-01' AND '2026-12-31' AND t.opens_on <= '2026-12-14'
        GROUP BY 1, 2`,
      [CUTOFF],
    );
    const byName = new Map<string, { name: string; onTime: number; late: number; open: number; overdue: number }>();
    for (const r of rows) {
      const entry = byName.get(r.name) ?? { name: r.name, onTime: 0, late: 0, open: 0, overdue: 0 };
      if (r.c === 'done-on-time') entry.onTime += r.n;
      if (r.c === 'done-late') entry.late += r.n;
      if (r.c === 'in-progress-on-time') entry.open += r.n;
      if (r.c === 'overdue-not-done') entry.overdue += r.n;
      byName.set(r.name, entry);
    }
    return byName;
  }

  let documentId: string;
  let firstText: string;

  it('on 15/12 the monitor drafts the report with one request; it is attached to the VI.1 task of 2026', async () => {
    const res = await apiAs(app, monitor).post('/api/reports/annual').send({ year: 2026 }).expect(201);
    const vi1 = await leadTaskId(app, 'VI.1', 'SNV', '2026');
    expect(res.body).toMatchObject({ kind: 'annual-report', year: 2026, format: 'docx', instanceId: vi1, fileName: 'du-thao-bao-cao-nam-2026.docx' });
    documentId = res.body.id;
    const listed = await apiAs(app, viewer).get('/api/documents?kind=annual-report&year=2026').expect(200);
    expect(listed.body.map((d: { id: string }) => d.id)).toEqual([documentId]);
    const [audit] = await db.query(`SELECT action, subject_id FROM audit_event WHERE action = 'report.draft'`);
    expect(audit.subject_id).toBe(documentId);
    await apiAs(app, focal).post('/api/reports/annual').send({ year: 2026 }).expect(403);
  });

  it('the DOCX holds the official layout, the targets, the rows, and per-agency numbers equal to SQL counts', async () => {
    // A kept draft is not an orphan for the file cleanup.
    expect((await app.get(FileCleanupService).cleanup(0)).removed).toEqual([]);
    const res = await apiAs(app, monitor).get(`/api/documents/${documentId}`).buffer(true).parse(binaryBody).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const { text, xml, paragraphs } = await docxText(res.body as Buffer);
    firstText = text;
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG');
    expect(text).toMatch(/Số:\s+\/BC-UBND/u);
    expect(text).toMatch(/Hải Phòng, ngày\s+tháng\s+năm/u);
    // The recipients and the signer are the plan's (plan.yaml `report:`, `signer:`).
    expect(paragraphs).toEqual(expect.arrayContaining(['- Bộ Nội vụ;', '- Bộ Tài chính;', '- Lưu: VT.', 'KT. CHỦ TỊCH']));
    for (const heading of ['I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU', 'II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ TẠI PHỤ LỤC', 'IV. TÌNH HÌNH THỰC HIỆN THEO CƠ QUAN', 'V. NHIỆM VỤ CHẬM, QUÁ HẠN', 'VI. KHÓ KHĂN, VƯỚNG MẮC', 'VII. ĐỀ XUẤT, KIẾN NGHỊ']) {
      expect(paragraphs).toContain(heading);
    }
    expect(text).toContain('14/12/2026');
    // The target table: 1.184.000 and 99.000 for 2026, with the city's result.
    expect(paragraphs).toContain('1.184.000');
    expect(paragraphs).toContain('99.000');
    expect(paragraphs).toContain('1.190.250');
    // The allocations: one commune of one allocated, behind (9.300 on 30/11 where the line asks ≈ 9.915).
    const [commune] = await db.query(`SELECT name FROM agency WHERE code = (SELECT min(code) FROM agency WHERE level = 'commune')`);
    expect(text).toContain('đã phân bổ cho 1 cơ quan, xã, phường, đặc khu; 1 đơn vị có số liệu để đánh giá tiến độ, trong đó 1 đơn vị chậm so với tiến độ cần đạt:');
    const at = paragraphs.indexOf(commune.name);
    expect(paragraphs.slice(at, at + 4)).toEqual([commune.name, '10.000', '9.300 (đến 30/11/2026)', vn(Math.round(9000 + (1000 * 334) / 365))]);
    expect(xml).toContain('Times New Roman');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/u);
    // Every appendix row is there.
    for (const key of ['III.6', 'III.12', 'IV.1', 'V.7', 'VI.1', 'VI.2']) expect(text).toContain(`${key}.`);

    // Per agency: the four classifications at the cut-off, as counted in SQL, in one table row.
    const counts = await countsAtCutoff();
    expect(counts.size).toBeGreaterThan(100);
    const index = paragraphs.indexOf('IV. TÌNH HÌNH THỰC HIỆN THEO CƠ QUAN');
    const table = paragraphs.slice(index);
    const names: { name: string }[] = await db.query(`SELECT name FROM agency WHERE code IN ('TTTP', 'BHXH') OR code = (SELECT min(code) FROM agency WHERE level = 'commune')`);
    expect(names).toHaveLength(3);
    for (const { name: agency } of names) {
      const c = counts.get(agency)!;
      const at = table.indexOf(agency);
      expect(at).toBeGreaterThan(0);
      expect(table.slice(at + 1, at + 5)).toEqual([vn(c.onTime), vn(c.late), vn(c.open), vn(c.overdue)]);
    }
    const model = await app.get(ReportsService).annualModel({ year: 2026 });
    const sum = (f: (c: { onTime: number; late: number; open: number; overdue: number }) => number) => [...counts.values()].reduce((n, c) => n + f(c), 0);
    expect(model.compliance.counts).toMatchObject({ doneOnTime: sum((c) => c.onTime), doneLate: sum((c) => c.late), inProgressOnTime: sum((c) => c.open), overdueNotDone: sum((c) => c.overdue) });
    expect(model.late).toHaveLength(sum((c) => c.overdue));
    expect(model.targets.find((t) => t.indicatorCode === 'participants_total' && t.year === 2026)).toMatchObject({ target: 1184000, actual: 1190250, met: true, percentOfTarget: 100.5 });
    expect(model.targets.find((t) => t.indicatorCode === 'participants_voluntary')).toMatchObject({ target: 99000, actual: 97100, met: false });
    // Figures added up across agencies: III.11's activities, each commune's latest figure.
    const [{ total }] = await db.query(
      `SELECT sum(g.value)::int AS total FROM submission_figure g JOIN submission s ON s.id = g.submission_id
        WHERE g.metric_code = 'communication_activities' AND s.review_status <> 'returned'
          AND s.version = (SELECT max(x.version) FROM submission x WHERE x.instance_id = s.instance_id AND x.review_status <> 'returned')`,
    );
    expect(model.figures.find((f) => f.metricCode === 'communication_activities')?.total).toBe(total);
  });

  it('regenerated after later events, the figures read the same', async () => {
    const late = (await apiAs(app, monitor).get('/api/compliance?year=2026').expect(200)).body.late[0];
    await apiAs(app, monitor).post(`/api/instances/${late.instanceId}/waive`).send({ reason: 'Miễn sau ngày chốt' }).expect(200);
    clock.set('2026-12-20T09:00:00+07:00');
    const res = await apiAs(app, monitor).post('/api/reports/annual').send({ year: 2026 }).expect(201);
    const again = await apiAs(app, monitor).get(`/api/documents/${res.body.id}`).buffer(true).parse(binaryBody).expect(200);
    const { text } = await docxText(again.body as Buffer);
    const from = (t: string) => t.slice(t.indexOf('IV. TÌNH HÌNH THỰC HIỆN THEO CƠ QUAN'), t.indexOf('VI. KHÓ KHĂN, VƯỚNG MẮC'));
    expect(from(text)).toEqual(from(firstText));
    const targets = (t: string) => t.slice(t.indexOf('I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU'), t.indexOf('II. KẾT QUẢ'));
    expect(targets(text)).toEqual(targets(firstText));
  });

  it('the HTML preview: the same report in the browser, escaped, with only its own stylesheet allowed', async () => {
    const res = await apiAs(app, viewer).get('/api/reports/annual?year=2026&format=html').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/u);
    expect(res.text).toContain('<h2>IV. TÌNH HÌNH THỰC HIỆN THEO CƠ QUAN</h2>');
    expect(res.text).toContain('1.184.000');
    expect(res.text).toContain('Thanh tra thành phố Hải Phòng');
    await apiAs(app, viewer).get('/api/reports/annual?year=2026&format=pdf').expect(400);
  });

  it('the XLSX annex: one line per task, per agency and per late task, read back', async () => {
    const res = await apiAs(app, monitor).get('/api/reports/annual?year=2026&format=xlsx').buffer(true).parse(binaryBody).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Chỉ tiêu', 'Chậm tiến độ', 'Nhiệm vụ', 'Theo cơ quan', 'Quá hạn', 'Số liệu']);
    const targets = book.getWorksheet('Chỉ tiêu')!;
    expect(targets.getRow(2).getCell(4).value).toBe(1184000);
    const model = await app.get(ReportsService).annualModel({ year: 2026 });
    expect(book.getWorksheet('Theo cơ quan')!.rowCount - 1).toBe(model.agencies.length);
    expect(book.getWorksheet('Quá hạn')!.rowCount - 1).toBe(model.late.length);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM task_instance WHERE window_start BETWEEN '2026-01-01' AND '2026-12-31' AND opens_on <= '2026-12-20'`);
    expect(book.getWorksheet('Nhiệm vụ')!.rowCount - 1).toBe(n);
  });

  it('the reminder letter to a late agency lists exactly its overdue tasks; none for an agency with nothing late', async () => {
    const figures = (await apiAs(app, monitor).get('/api/compliance?year=2026&asOf=2026-12-20').expect(200)).body;
    const agency = figures.late[0].agencyCode as string;
    const mine = figures.late.filter((l: { agencyCode: string }) => l.agencyCode === agency);
    const res = await apiAs(app, monitor).post('/api/reports/reminder-letters').send({ agency }).expect(201);
    expect(res.body).toMatchObject({ kind: 'reminder-letter', agencyCode: agency, format: 'docx' });
    const file = await apiAs(app, monitor).get(`/api/documents/${res.body.id}`).buffer(true).parse(binaryBody).expect(200);
    const { text } = await docxText(file.body as Buffer);
    expect(text).toContain('SỞ NỘI VỤ');
    expect(text).toMatch(/Số:\s+\/SNV-VP/u);
    expect(text).toContain('UBND thành phố (để báo cáo)');
    expect(text).toContain('PHÓ GIÁM ĐỐC');
    expect(text).toContain('Kính gửi');
    expect(text).toContain(figures.late[0].agencyName);
    for (const task of mine) expect(text).toContain(task.task);
    const others = figures.late.filter((l: { agencyCode: string; task: string }) => l.agencyCode !== agency && !mine.some((m: { task: string }) => m.task === l.task));
    for (const task of others.slice(0, 5)) expect(text).not.toContain(task.task);
    const [clean] = await db.query(`SELECT code FROM agency WHERE code <> ALL($1::text[]) ORDER BY code LIMIT 1`, [figures.late.map((l: { agencyCode: string }) => l.agencyCode)]);
    const refused = await apiAs(app, monitor).post('/api/reports/reminder-letters').send({ agency: clean.code }).expect(409);
    expect(refused.body.error.message).toContain('không có nhiệm vụ quá hạn');
    await apiAs(app, monitor).post('/api/reports/reminder-letters').send({ agency: 'KHONG-CO' }).expect(404);
  });
});
