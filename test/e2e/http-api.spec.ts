import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { PlansQueries } from '../../src/modules/definitions/plans.queries';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** The HTTP API through the same module and setup as `phuluc serve`, on a real PostgreSQL. */
describe('HTTP API', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let admin: TestAccount;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database.url);
    admin = await createAccount(app, { roles: ['admin', 'monitor'] });
    await app.get(DefinitionsService).load();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('GET /health checks the database', async () => {
    const res = await apiAs(app, admin).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });
  });

  it('GET /api/plans lists the Hải Phòng plan', async () => {
    const res = await apiAs(app, admin).get('/api/plans').expect(200);
    expect(res.body).toEqual([
      {
        code: 'HP-BHXH-2030',
        title: 'Kế hoạch phát triển đối tượng tham gia bảo hiểm xã hội trên địa bàn thành phố Hải Phòng đến năm 2030',
        status: 'active',
        issuer: 'Ủy ban nhân dân thành phố Hải Phòng',
        documentNumber: null,
        issuedOn: null,
        monitoringAgency: { code: 'SNV', name: 'Sở Nội vụ thành phố Hải Phòng' },
        horizon: { start: '2026-01-01', end: '2031-01-31' },
        workflowCount: 21,
      },
    ]);
  });

  it('GET /api/plans/:code gives sections with what is missing from the source, and the yearly targets', async () => {
    const res = await apiAs(app, admin).get('/api/plans/HP-BHXH-2030').expect(200);
    expect(res.body.legalBases[0]).toBe('Nghị quyết 403/NQ-CP ngày 10/12/2025 của Chính phủ về giao chỉ tiêu phát triển đối tượng tham gia BHXH đến năm 2030.');
    expect(res.body.sections.map((s: { key: string; provenance: string; rowsInSource: boolean; workflowCount: number }) => [s.key, s.provenance, s.rowsInSource, s.workflowCount])).toEqual([
      ['I', 'inferred', false, 0],
      ['II', 'inferred', false, 0],
      ['III', 'inferred', true, 7],
      ['IV', 'verbatim', true, 5],
      ['V', 'verbatim', true, 7],
      ['VI', 'verbatim', true, 2],
    ]);
    expect(res.body.sections[2].rowsNotInSource).toEqual(['III.1', 'III.2', 'III.3', 'III.4', 'III.5']);
    const [total, voluntary] = res.body.indicators;
    expect(total.targets.map((t: { year: number; value: number }) => [t.year, t.value])).toEqual([
      [2026, 1184000], [2027, 1267000], [2028, 1355000], [2029, 1450000], [2030, 1551000],
    ]);
    expect(total.targets[4]).toMatchObject({ provenance: 'uncertain', note: expect.stringContaining('"1.551.009"') });
    expect(voluntary).toMatchObject({ code: 'participants_voluntary', targetKind: 'minimum', partOf: 'participants_total' });
  });

  it('GET /api/plans/:code/workflows returns the 21 rows with their Vietnamese text and provenance marks', async () => {
    const res = await apiAs(app, admin).get('/api/plans/HP-BHXH-2030/workflows').expect(200);
    expect(res.body).toHaveLength(21);
    expect(res.body.map((r: { key: string }) => r.key).join(' ')).toBe(
      'III.6 III.7 III.8 III.9 III.10 III.11 III.12 IV.1 IV.2 IV.3 IV.4 IV.5 V.1 V.2 V.3 V.4 V.5 V.6 V.7 VI.1 VI.2',
    );
    const byKey = Object.fromEntries(res.body.map((r: { key: string }) => [r.key, r]));
    expect(byKey['III.6']).toMatchObject({
      section: 'III',
      number: '6',
      task: '… về phát triển người tham gia BHXH',
      lead: { text: '… Công nghệ', parties: [{ code: 'SKHCN', type: 'agency', name: 'Sở Khoa học và Công nghệ thành phố Hải Phòng' }] },
      provenance: { mark: 'uncertain', notes: [{ field: 'task', mark: 'uncertain' }, { field: 'lead', mark: 'uncertain' }] },
      timing: { text: 'Hằng năm' },
      version: 1,
    });
    expect(byKey['III.11'].lead.parties).toEqual([
      { code: 'UBND_CAP_XA', type: 'group', name: 'UBND các xã, phường, đặc khu', membership: 'listed', memberCount: 114 },
    ]);
    expect(byKey['III.11'].support.parties[0]).toMatchObject({ code: 'BHXH_CO_SO', membership: 'pending', memberCount: 0 });
    expect(byKey['III.12'].timing.text).toBe('Tháng 5 (hằng năm)');
    expect(byKey['VI.1'].timing.schedule).toMatchObject({
      kind: 'yearly',
      parts: [{ kind: 'yearly', deadline: { day: 25, month: 12, rule: 'before' } }],
      warnings: [],
    });
    expect(byKey['IV.1'].timing.schedule.kind).toBe('roadmap');
    expect(byKey['IV.4'].deliverable.metrics.map((m: { name: string }) => m.name)).toEqual([
      'Tỷ lệ hồ sơ giao dịch điện tử',
      'Số lượng đơn vị, cá nhân thực hiện',
    ]);
    expect(byKey['V.5'].lead.text).toBe('Thanh tra thành phố; BHXH thành phố; Sở Nội vụ');
    expect(byKey['VI.2']).toMatchObject({ task: 'Tổng kết thực hiện Kế hoạch', timing: { text: 'Trước ngày 31/01/2031' }, provenance: { mark: 'verbatim', notes: [] } });
  });

  it('GET /api/plans/:code/workflows sends the JSON PostgreSQL builds: the rows the pages read, instants in UTC as toISOString writes them, retired rows only when asked and last', async () => {
    const db = app.get(DataSource);
    const res = await apiAs(app, admin).get('/api/plans/HP-BHXH-2030/workflows').expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual(JSON.parse(JSON.stringify(await app.get(PlansQueries).listWorkflows('HP-BHXH-2030'))));
    const [{ created_at: createdAt }] = await db.query(
      `SELECT v.created_at FROM workflow_definition d JOIN workflow_definition_version v ON v.definition_id = d.id AND v.version = d.current_version WHERE d.key = 'IV.2'`,
    );
    expect(res.body.find((r: { key: string }) => r.key === 'IV.2')).toMatchObject({ versionCreatedAt: (createdAt as Date).toISOString(), retiredAt: null });

    const retiredAt = new Date('2026-03-04T05:06:07.089Z');
    await db.query(`UPDATE workflow_definition SET retired_at = $1 WHERE key = 'III.6'`, [retiredAt]);
    try {
      const current = await apiAs(app, admin).get('/api/plans/HP-BHXH-2030/workflows').expect(200);
      expect(current.body.map((r: { key: string }) => r.key)).not.toContain('III.6');
      expect(current.body).toHaveLength(20);
      const all = await apiAs(app, admin).get('/api/plans/HP-BHXH-2030/workflows?includeRetired=true').expect(200);
      expect(all.body).toHaveLength(21);
      expect(all.body[20]).toMatchObject({ key: 'III.6', retiredAt: '2026-03-04T05:06:07.089Z' });
      await apiAs(app, admin).get('/api/plans/KHONG-CO/workflows').expect(404);
    } finally {
      await db.query(`UPDATE workflow_definition SET retired_at = NULL WHERE key = 'III.6'`);
    }
  });

  it('GET /api/agencies lists city agencies "to be confirmed" and the 114 communes with official codes', async () => {
    const all = await apiAs(app, admin).get('/api/agencies').expect(200);
    expect(all.body).toHaveLength(138);
    const communes = await apiAs(app, admin).get('/api/agencies?level=commune').expect(200);
    expect(communes.body).toHaveLength(114);
    expect(communes.body.find((a: { code: string }) => a.code === '11560')).toMatchObject({
      officialCode: '11560',
      unitName: 'Phường Thủy Nguyên',
      unitType: 'phuong',
      confirmation: 'official',
      head: null,
      focalPoints: [],
      groups: ['UBND_CAP_XA'],
    });
    const snv = all.body.find((a: { code: string }) => a.code === 'SNV');
    expect(snv).toMatchObject({ name: 'Sở Nội vụ thành phố Hải Phòng', level: 'city', confirmation: 'to_be_confirmed' });
  });

  it('GET /api/groups reports the empty group instead of failing', async () => {
    const res = await apiAs(app, admin).get('/api/groups').expect(200);
    const groups = Object.fromEntries(res.body.map((g: { code: string }) => [g.code, g]));
    expect(groups.UBND_CAP_XA).toMatchObject({ memberCount: 114, empty: false });
    expect(groups.BHXH_CO_SO).toMatchObject({ name: 'BHXH cơ sở', membership: 'pending', memberCount: 0, empty: true, members: [] });
    expect(groups.CQ_LIEN_QUAN).toMatchObject({ membership: 'per_row', empty: true });
  });

  it('errors carry a code, a Vietnamese message and the request id, never a stack trace', async () => {
    const missing = await apiAs(app, admin).get('/api/plans/KHONG-CO').set('X-Request-Id', 'kiem-tra-1').expect(404);
    expect(missing.headers['x-request-id']).toBe('kiem-tra-1');
    expect(missing.body).toEqual({ error: { code: 'PLAN_NOT_FOUND', message: 'Không tìm thấy kế hoạch "KHONG-CO".', requestId: 'kiem-tra-1' } });

    const bad = await apiAs(app, admin).get('/api/agencies?level=tinh').expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.(ts|js):\d+/);

    const route = await apiAs(app, admin).get('/api/khong-co').expect(404);
    expect(route.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Không có đường dẫn GET /api/khong-co.' });
    expect(route.body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document and its UI at /api/docs', async () => {
    const doc = await apiAs(app, admin).get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/api/plans', '/api/plans/{code}', '/api/plans/{code}/workflows', '/api/agencies', '/api/groups']),
    );
    const ui = await apiAs(app, admin).get('/api/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });
});
