import { INestApplication } from '@nestjs/common';
import { fixedClock } from '../../src/common/clock';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** Task instances and the working calendar over HTTP, as of 10/12/2026 09:00 in Hải Phòng. */
describe('HTTP API: instances and calendar', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let admin: TestAccount;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database.url, { clock: fixedClock('2026-12-10T02:00:00Z') });
    admin = await createAccount(app, { roles: ['admin', 'monitor'] });
    await app.get(DefinitionsService).load();
    await app.get(GenerationService).generate({ until: '2026-12-10' });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const http = () => apiAs(app, admin);

  it('lists instances with filters and the total count', async () => {
    const res = await http().get('/api/instances?plan=HP-BHXH-2030&row=III.11&period=2026-H2&limit=10').expect(200);
    expect(res.body).toMatchObject({ total: 114, page: 1, limit: 10 });
    expect(res.body.items).toHaveLength(10);
    expect(res.body.items[0]).toMatchObject({
      plan: 'HP-BHXH-2030',
      row: { key: 'III.11', version: 1, task: 'Đa dạng hóa hình thức tuyên truyền trên hệ thống thông tin cơ sở' },
      period: { key: '2026-H2', kind: 'half', label: '6 tháng cuối năm 2026', start: '2026-07-01', end: '2026-12-31', cutoff: { from: '2026-06-15', to: '2026-12-14' } },
      role: 'lead',
      viaGroup: 'UBND_CAP_XA',
      state: 'open',
      classification: 'in-progress-on-time',
      dueDate: '2026-12-15',
      dueAt: '2026-12-15T16:59:59.999+00:00',
    });
    const overdue = await http().get('/api/instances?row=III.11&classification=overdue-not-done&limit=1').expect(200);
    expect(overdue.body.total).toBe(114); // the first half of 2026, due 15/06/2026
    expect(overdue.body.items[0].period.key).toBe('2026-H1');

    const vi1 = await http().get('/api/instances?row=VI.1&agency=SNV').expect(200);
    // 2027 opened on 02/12/2026, 30 days before its window.
    expect(vi1.body.items.map((i: { period: { key: string }; dueDate: string }) => [i.period.key, i.dueDate])).toEqual([
      ['2026', '2026-12-24'],
      ['2027', '2027-12-24'],
    ]);
    const due = await http().get('/api/instances?dueFrom=2026-12-24&dueTo=2026-12-24&state=open').expect(200);
    expect(due.body.items.every((i: { dueDate: string }) => i.dueDate === '2026-12-24')).toBe(true);
    expect(due.body.total).toBeGreaterThan(0);

    await http().get('/api/instances?classification=tre-han').expect(400);
    await http().get('/api/instances?limit=100000').expect(400);
  });

  it('shows one instance with its history, and creates ad-hoc instances', async () => {
    const created = await http()
      .post('/api/instances')
      .send({ plan: 'HP-BHXH-2030', row: 'V.6', dueDate: '2026-12-30' })
      .expect(409);
    expect(created.body.error.message).toBe('Dòng V.6 ("Hằng năm") không có thời gian "đột xuất": không tạo được nhiệm vụ đột xuất.');

    const adHoc = await http()
      .post('/api/instances')
      .send({ plan: 'HP-BHXH-2030', row: 'V.5', dueDate: '2026-12-30', agencies: ['TTTP'], title: 'Thanh tra đột xuất doanh nghiệp nợ BHXH', reason: 'Theo chỉ đạo của UBND thành phố' })
      .expect(201);
    expect(adHoc.body.created).toHaveLength(1);
    const id = adHoc.body.created[0].id;
    const one = await http().get(`/api/instances/${id}`).expect(200);
    expect(one.body).toMatchObject({
      row: { key: 'V.5' },
      agency: { code: 'TTTP', name: 'Thanh tra thành phố Hải Phòng' },
      adHoc: true,
      title: 'Thanh tra đột xuất doanh nghiệp nợ BHXH',
      period: { key: 'DX-2026-12-30', kind: 'ad-hoc', label: 'Đột xuất, hạn 30/12/2026' },
      history: [{ event: 'create-ad-hoc', to: 'open', actor: admin.actor, reason: 'Theo chỉ đạo của UBND thành phố' }],
    });
    await http().get('/api/instances/00000000-0000-0000-0000-000000000000').expect(404);
    await http().get('/api/instances/khong-phai-uuid').expect(400);
  });

  it('GET /api/calendar/:year lists days off and make-up days', async () => {
    const y2026 = await http().get('/api/calendar/2026').expect(200);
    const tet = y2026.body.nonWorkingDays.filter((d: { date: string }) => d.date >= '2026-02-14' && d.date <= '2026-02-22');
    expect(tet.map((d: { date: string }) => d.date)).toEqual([
      '2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22',
    ]);
    expect(y2026.body.workingDays).toBe(248);
    const y2025 = await http().get('/api/calendar/2025').expect(200);
    expect(y2025.body.makeUpWorkingDays.map((d: { date: string; reason: string }) => [d.date, d.reason])).toEqual([['2025-04-26', 'Làm bù']]);
    await http().get('/api/calendar/1800').expect(400);
  });
});
