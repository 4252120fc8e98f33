import { INestApplication } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/access/accounts.service';
import { fixedClock } from '../../src/common/clock';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { seedDemoYear } from '../support/seeded-year';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { binaryBody } from '../support/binary-body';

// ical.js is an ES module; its CommonJS build is what this CommonJS test file can load.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof import('ical.js', { with: { 'resolution-mode': 'import' } }).default;


/** XLSX and CSV exports of the instance list and the compliance matrix, read back by exceljs and csv-parse. */
describe('exports: instance list and compliance matrix as XLSX and CSV', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let monitor: TestAccount;
  let focal: TestAccount;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database.url, { clock: fixedClock('2026-12-10T02:00:00Z'), env: { PHULUC_FILES_DIR: `/tmp/phuluc-exports-${process.pid}` } });
    await seedDemoYear(app, '2026-12-10');
    monitor = await createAccount(app, { roles: ['monitor'] });
    focal = await createAccount(app, { focalPointOf: ['TTTP'] });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('the instance list as XLSX: Vietnamese headers, real dates, the same rows as the API, filtered', async () => {
    const res = await apiAs(app, monitor).get('/api/exports/instances.xlsx?row=III.11&period=2026-H1').buffer(true).parse(binaryBody).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="nhiem-vu-\d{4}-\d{2}-\d{2}\.xlsx"$/u);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    const sheet = book.getWorksheet('Nhiệm vụ')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Dòng', 'Nhiệm vụ', 'Kỳ', 'Mã cơ quan', 'Cơ quan', 'Vai trò', 'Hạn', 'Trạng thái', 'Phân loại', 'Ngày gửi', 'Số lần gửi']);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.rowCount - 1).toBe(114);
    const due = sheet.getRow(2).getCell(7);
    expect(due.value).toEqual(new Date('2026-06-15T00:00:00Z'));
    expect(due.numFmt).toBe('dd/mm/yyyy');
    const [{ late }] = await app.get(DataSource).query(
      `SELECT count(*)::int AS late FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id
        WHERE d.key = 'III.11' AND t.period_key = '2026-H1' AND task_classification(t.status, t.submitted_at, t.due_at, '2026-12-10T02:00:00Z') = 'done-late'`,
    );
    const labels = [] as string[];
    sheet.eachRow((row, n) => n > 1 && labels.push(String(row.getCell(9).value)));
    expect(labels.filter((l) => l === 'Hoàn thành quá hạn')).toHaveLength(late);
  });

  it('the compliance matrix as CSV, UTF-8 with a BOM for Excel, within the user’s reach', async () => {
    const res = await apiAs(app, monitor).get('/api/exports/compliance.csv?year=2026&group=UBND_CAP_XA&period=2026-H1').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const rows: string[][] = parse(res.text, { bom: true });
    expect(rows[0]).toEqual(['Mã cơ quan', 'Cơ quan', 'III.11', 'Tỷ lệ đúng hạn (%)']);
    expect(rows).toHaveLength(1 + 114);
    const accepted = rows.find((r) => r[2] === '1/1 Hoàn thành quá hạn');
    expect(accepted?.[3]).toBe('0');
    expect(rows.some((r) => r[2] === '0/1 Quá hạn chưa hoàn thành')).toBe(true);

    // A focal point exports only its own agency's tasks, and not the matrix.
    const own = await apiAs(app, focal).get('/api/exports/instances.csv').expect(200);
    const ownRows: string[][] = parse(own.text, { bom: true });
    expect(ownRows.length).toBeGreaterThan(1);
    expect(ownRows.slice(1).every((r) => r[3] === 'TTTP')).toBe(true);
    await apiAs(app, focal).get('/api/exports/compliance.xlsx').expect(403);
    await apiAs(app, monitor).get('/api/exports/instances.pdf').expect(404);
  });

  it('the figures per agency as XLSX: one line per agency, period and metric, equal to the submitted figures', async () => {
    const res = await apiAs(app, monitor).get('/api/exports/figures.xlsx?year=2026&row=III.11').buffer(true).parse(binaryBody).expect(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="so-lieu-2026-\d{4}-\d{2}-\d{2}\.xlsx"$/u);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    const sheet = book.getWorksheet('Số liệu 2026')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Dòng', 'Kỳ', 'Mã cơ quan', 'Cơ quan', 'Mã số liệu', 'Số liệu', 'Đơn vị', 'Giá trị', 'Lần gửi', 'Ngày gửi', 'Tình trạng xem xét']);
    const expected: { agency_code: string; value: number }[] = await app.get(DataSource).query(
      `SELECT t.agency_code, g.value::int AS value FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id
         JOIN submission s ON s.instance_id = t.id AND s.review_status <> 'returned'
          AND s.version = (SELECT max(x.version) FROM submission x WHERE x.instance_id = t.id AND x.review_status <> 'returned')
         JOIN submission_figure g ON g.submission_id = s.id
        WHERE d.key = 'III.11' ORDER BY t.agency_code`,
    );
    const got: { agency_code: string; value: number }[] = [];
    sheet.eachRow((row, n) => n > 1 && got.push({ agency_code: String(row.getCell(3).value), value: Number(row.getCell(8).value) }));
    expect(expected.length).toBeGreaterThan(50);
    expect(got.sort((a, b) => a.agency_code.localeCompare(b.agency_code))).toEqual(expected);
    expect(typeof sheet.getRow(2).getCell(8).value).toBe('number');
    // A focal point gets its own agency's figures only.
    const own = await apiAs(app, focal).get('/api/exports/figures.csv?year=2026').expect(200);
    const ownRows: string[][] = parse(own.text, { bom: true });
    expect(ownRows.slice(1).every((r) => r[2] === 'TTTP')).toBe(true);
    expect(ownRows).toHaveLength(2);
  });

  it('a private iCalendar feed of an agency’s due dates, parsed back by ical.js, revocable', async () => {
    const created = await apiAs(app, focal).post('/api/calendar-feeds').send({ agency: 'TTTP' }).expect(201);
    expect(created.body.url).toMatch(/\/lich\/[A-Za-z0-9_-]{43}\.ics$/u);
    const path = new URL(created.body.url).pathname;
    const feed = await request(app.getHttpServer()).get(path).expect(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const calendar = new ICAL.Component(ICAL.parse(feed.text));
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const v6 = events.find((e) => e.summary.startsWith('Hạn V.6 – Năm 2026'));
    expect(v6).toBeDefined();
    expect(v6!.startDate.toString()).toBe('2026-12-15');
    expect(v6!.startDate.isDate).toBe(true);
    expect(v6!.summary).toContain('Thanh tra thành phố Hải Phòng');
    expect(v6!.description).toContain('Hạn: 15/12/2026');
    const [{ n }] = await app.get(DataSource).query(
      `SELECT count(*)::int AS n FROM task_instance WHERE agency_code = 'TTTP' AND status IN ('open', 'returned', 'submitted') AND due_date >= '2026-10-11'`,
    );
    expect(events).toHaveLength(n);
    // Another agency's feed cannot be made; a revoked feed is gone.
    await apiAs(app, focal).post('/api/calendar-feeds').send({ agency: 'SKHCN' }).expect(404);
    await apiAs(app, focal).delete(`/api/calendar-feeds/${created.body.id}`).expect(204);
    await request(app.getHttpServer()).get(path).expect(404);
    await request(app.getHttpServer()).get('/lich/khong-phai-ma-bi-mat.ics').expect(404);
  });

  it('a person’s own feed follows the person: it stops when the account is disabled', async () => {
    const person = await createAccount(app, { headOf: ['SKHCN'] });
    const created = await apiAs(app, person).post('/api/calendar-feeds').send({}).expect(201);
    const path = new URL(created.body.url).pathname;
    const feed = await request(app.getHttpServer()).get(path).expect(200);
    expect(feed.text).toContain('X-WR-CALNAME:Hạn nhiệm vụ của Người kiểm thử');
    expect(feed.text).toContain('Sở Khoa học và Công nghệ');
    await app.get(AccountsService).setDisabled(person.id, true);
    await request(app.getHttpServer()).get(path).expect(404);
  });
});
