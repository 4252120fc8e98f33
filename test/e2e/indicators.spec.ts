import { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { SettableClock } from '../../src/common/clock';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * Indicators through HTTP: actuals with their source entered by BHXH thành phố, progress against
 * the straight-line trajectory, allocations imported from CSV/XLSX (all or nothing), and a
 * commune's proposal approved by Sở Nội vụ.
 */
describe('indicators: targets, actuals, allocations, trajectory', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let monitor: TestAccount;
  let bhxh: TestAccount;
  let inspector: TestAccount;
  let commune: TestAccount;
  let communes: { code: string; name: string }[];
  const clock = new SettableClock();

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database.url, { clock });
    db = app.get(DataSource);
    await app.get(DefinitionsService).load();
    clock.set('2026-07-01T09:00:00+07:00');
    communes = await db.query(`SELECT code, name FROM agency WHERE level = 'commune' ORDER BY code LIMIT 3`);
    monitor = await createAccount(app, { roles: ['monitor'] });
    bhxh = await createAccount(app, { focalPointOf: ['BHXH'] });
    inspector = await createAccount(app, { focalPointOf: ['TTTP'] });
    commune = await createAccount(app, { focalPointOf: [communes[0].code] });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const total = (body: { indicators: { code: string }[] }) => body.indicators.find((i) => i.code === 'participants_total') as never as {
    city: { target: number; actuals: { asOf: string; value: number; source: string }[]; progress: { latest: { value: number }; expected: number; behind: boolean; percentOfTarget: number } };
    allocations: { sum: { allocated: number; difference: number } | null; agencies: { code: string; value: number | null; source: string; proposal: { value: number } | null; progress: { behind: boolean | null } }[] };
    targets: { year: number; value: number; provenance: string }[];
  };

  it('lists the targets with the plan’s marks', async () => {
    const res = await apiAs(app, inspector).get('/api/indicators?year=2026').expect(200);
    expect(res.body.indicators.map((i: { code: string }) => i.code)).toEqual(['participants_total', 'participants_voluntary']);
    expect(total(res.body).city.target).toBe(1184000);
    expect(total(res.body).targets.find((t) => t.year === 2030)).toMatchObject({ value: 1551000, provenance: 'uncertain' });
    expect(res.body.indicators[1]).toMatchObject({ targetKind: 'minimum', city: { target: 99000 } });
  });

  it('BHXH thành phố enters actuals with their source; progress is measured against the straight line', async () => {
    await apiAs(app, monitor).post('/api/indicators/participants_total/actuals').send({ asOf: '31/12/2025', value: '1.100.000', source: 'Báo cáo BHXH năm 2025' }).expect(201);
    const res = await apiAs(app, bhxh).post('/api/indicators/participants_total/actuals').send({ asOf: '2026-06-30', value: '1.150.000', source: 'Báo cáo số 120/BC-BHXH' }).expect(201);
    expect(res.body).toMatchObject({ asOf: '2026-06-30', value: 1150000, agency: null, replaced: false });
    // A correction of the same day replaces the value, and says so.
    const corrected = await apiAs(app, bhxh).post('/api/indicators/participants_total/actuals').send({ asOf: '2026-06-30', value: 1_138_000, source: 'Báo cáo số 121/BC-BHXH (đính chính)' }).expect(201);
    expect(corrected.body.replaced).toBe(true);
    const got = await apiAs(app, inspector).get('/api/indicators?year=2026').expect(200);
    const city = total(got.body).city;
    expect(city.actuals).toEqual([expect.objectContaining({ asOf: '2026-06-30', value: 1138000, source: 'Báo cáo số 121/BC-BHXH (đính chính)' })]);
    // From 1.100.000 on 31/12/2025 to 1.184.000 on 31/12/2026: 181 of 365 days gone by 30/06.
    const expected = Math.round(1_100_000 + (84_000 * 181) / 365);
    expect(city.progress).toMatchObject({ latest: { date: '2026-06-30', value: 1138000 }, expected, behind: true, percentOfTarget: 96.1 });
    const audit = await db.query(`SELECT before, after FROM audit_event WHERE action = 'indicator.actual' ORDER BY at, id`);
    expect(audit).toHaveLength(3);
    expect(audit[2].before).toMatchObject({ value: '1150000' });
  });

  it('refuses actuals from outside the reporting agency, in the future, or without a source, with clear messages', async () => {
    const other = await apiAs(app, inspector).post('/api/indicators/participants_total/actuals').send({ asOf: '2026-06-30', value: 1, source: 'x' }).expect(403);
    expect(other.body.error.message).toContain('BHXH');
    await apiAs(app, inspector).post('/api/indicators/participants_total/actuals').send({ agency: 'TTTP', asOf: '2026-06-30', value: 10, source: 'Tự báo cáo' }).expect(201);
    const future = await apiAs(app, bhxh).post('/api/indicators/participants_total/actuals').send({ asOf: '2026-08-01', value: 1, source: 'x' }).expect(400);
    expect(future.body.error.message).toBe('Ngày số liệu 2026-08-01 chưa đến.');
    const bad = await apiAs(app, bhxh).post('/api/indicators/participants_total/actuals').send({ asOf: '2026-06-30', value: '1.15', source: 'x' }).expect(400);
    expect(bad.body.error.message).toContain('"1.15"');
    const percent = await apiAs(app, bhxh).post('/api/indicators/participants_total/actuals').send({ asOf: '2026-06-30', value: '95%', source: 'x' }).expect(400);
    expect(percent.body.error.message).toContain('"95%"');
    await apiAs(app, bhxh).post('/api/indicators/participants_total/actuals').send({ asOf: '2026-06-30', value: 1, source: '  ' }).expect(400);
    await apiAs(app, bhxh).post('/api/indicators/khong_co/actuals').send({ asOf: '2026-06-30', value: 1, source: 'x' }).expect(404);
    // An empty agency is neither the city nor an agency (the fuzz suite once got a 500 for it).
    const empty = await apiAs(app, bhxh).post('/api/indicators/participants_total/actuals').send({ agency: '', asOf: '2026-06-30', value: 1, source: 'x' }).expect(400);
    expect(JSON.stringify(empty.body.error.details)).toContain('agency');
    await apiAs(app, bhxh).post('/api/indicators/participants_total/actuals').send({ agency: 'KHONG-CO', asOf: '2026-06-30', value: 1, source: 'x' }).expect(404);
  });

  it('imports allocations from CSV all or nothing: errors name the line and the column', async () => {
    const [a, b, c] = communes.map((x) => x.code);
    const broken = `ma_co_quan,chi_tieu,nam,gia_tri\n${a},participants_total,2026,10.000\n${b},participants_total,2026,12.5\nKHONG_CO,participants_total,2026,1\n`;
    const refused = await apiAs(app, monitor).post('/api/indicators/allocations').attach('file', Buffer.from(broken), 'phan-bo.csv').expect(422);
    expect(refused.body.error.message).toBe('Tệp phan-bo.csv có 2 lỗi; chưa phân bổ chỉ tiêu nào.');
    expect(refused.body.error.details.errors).toEqual([
      expect.objectContaining({ fileName: 'phan-bo.csv', line: 3, field: 'gia_tri' }),
      expect.objectContaining({ fileName: 'phan-bo.csv', line: 4, field: 'ma_co_quan' }),
    ]);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM indicator_allocation`);
    expect(n).toBe(0);

    const good = `Mã cơ quan;Chỉ tiêu;Năm;Giá trị;Ghi chú\n${a};participants_total;2026;10.000;\n${b};participants_total;2026;12.000;xã lớn\n${c};participants_total;2026;9.500;\n`;
    const res = await apiAs(app, monitor).post('/api/indicators/allocations').attach('file', Buffer.from(good), 'phan-bo.csv').expect(201);
    expect(res.body).toMatchObject({ imported: 3, totals: [{ indicator: 'participants_total', year: 2026, allocated: 31500, agencies: 3, target: 1184000, difference: 31500 - 1184000 }] });
    await apiAs(app, bhxh).post('/api/indicators/allocations').attach('file', Buffer.from(good), 'phan-bo.csv').expect(403);
  });

  it('imports allocations from XLSX and flags a commune behind its trajectory', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Phân bổ');
    sheet.addRow(['ma_co_quan', 'chi_tieu', 'nam', 'gia_tri']);
    sheet.addRow([communes[0].code, 'participants_voluntary', 2026, 800]);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    await apiAs(app, monitor).post('/api/indicators/allocations').attach('file', bytes, 'phan-bo.xlsx').expect(201);
    // BHXH enters the commune's figures: 9.000 at the start of the year, 9.100 at 30/06 against 10.000 for the year.
    for (const [asOf, value] of [['2025-12-31', 9000], ['2026-06-30', 9100]] as const) {
      await apiAs(app, bhxh).post('/api/indicators/participants_total/actuals').send({ agency: communes[0].code, asOf, value, source: 'BHXH cơ sở' }).expect(201);
    }
    const res = await apiAs(app, monitor).get('/api/indicators?year=2026').expect(200);
    const allocations = total(res.body).allocations;
    expect(allocations.sum).toMatchObject({ allocated: 31500 });
    const first = allocations.agencies.find((x) => x.code === communes[0].code)!;
    expect(first).toMatchObject({ value: 10000, progress: { behind: true } });
    expect(allocations.agencies.find((x) => x.code === communes[1].code)?.progress.behind).toBeNull();
    const voluntary = res.body.indicators[1].allocations.agencies;
    expect(voluntary).toEqual([expect.objectContaining({ code: communes[0].code, value: 800 })]);
    // The commune's own focal point sees its own allocation only.
    const own = await apiAs(app, commune).get('/api/indicators?year=2026').expect(200);
    expect(total(own.body).allocations.agencies.map((x) => x.code)).toEqual([communes[0].code]);
  });

  it('a commune proposes its targets for next year; Sở Nội vụ approves them', async () => {
    await apiAs(app, commune).post('/api/indicators/proposals').send({ year: 2027, values: { participants_total: '10.800', participants_voluntary: 850 }, note: 'Theo rà soát lực lượng lao động' }).expect(201);
    const pending = await apiAs(app, monitor).get('/api/indicators?year=2027').expect(200);
    expect(total(pending.body).allocations.agencies).toEqual([expect.objectContaining({ code: communes[0].code, value: null, proposal: expect.objectContaining({ value: 10800 }) })]);
    await apiAs(app, inspector).post('/api/indicators/proposals').send({ year: 2027, agency: communes[1].code, values: { participants_total: 1 } }).expect(403);
    await apiAs(app, commune).post('/api/indicators/proposals/approve').send({ year: 2027 }).expect(403);
    const approved = await apiAs(app, monitor).post('/api/indicators/proposals/approve').send({ year: 2027 }).expect(200);
    expect(approved.body.approved).toHaveLength(2);
    const after = await apiAs(app, monitor).get('/api/indicators?year=2027').expect(200);
    expect(total(after.body).allocations.agencies[0]).toMatchObject({ value: 10800, source: 'Đề xuất của cơ quan, Sở Nội vụ duyệt' });
    const again = await apiAs(app, monitor).post('/api/indicators/proposals/approve').send({ year: 2027 }).expect(409);
    expect(again.body.error.message).toContain('Không có đề xuất nào');
  });
});
