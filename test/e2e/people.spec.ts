import { INestApplication } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const ROOT = path.join(__dirname, '..', '..');

/** The people who receive reminders: through the command line and the API, on one database. */
describe('people of agencies', () => {
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

  const phuluc = (args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'phuluc'), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });

  it('phuluc person add / list, then the API sees the same records', async () => {
    const added = phuluc(['person', 'add', '--agency', '11560', '--role', 'focal-point', '--email', 'dauMoi@thuynguyen.haiphong.gov.vn', '--name', 'Phạm Thị Hoa']);
    expect(added.stderr).toBe('');
    expect(added.stdout.trim()).toBe('Đã thêm Phạm Thị Hoa <dauMoi@thuynguyen.haiphong.gov.vn> làm cán bộ đầu mối của 11560.');
    const again = phuluc(['person', 'add', '--agency', '11560', '--role', 'focal-point', '--email', 'daumoi@thuynguyen.haiphong.gov.vn', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, created: false, person: { name: 'Phạm Thị Hoa' } });
    const bad = phuluc(['person', 'add', '--agency', 'KHONG_CO', '--role', 'head', '--email', 'a@b.vn']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Không có cơ quan "KHONG_CO" trong danh bạ.');

    const res = await apiAs(app, admin).get('/api/people?agency=11560').expect(200);
    expect(res.body).toEqual([
      expect.objectContaining({ agency: '11560', role: 'focal-point', email: 'dauMoi@thuynguyen.haiphong.gov.vn', name: 'Phạm Thị Hoa', active: true, source: 'manual' }),
    ]);
    const agencies = await apiAs(app, admin).get('/api/agencies?level=commune').expect(200);
    expect(agencies.body.find((a: { code: string }) => a.code === '11560').focalPoints).toEqual([
      { name: 'Phạm Thị Hoa', title: null, email: 'dauMoi@thuynguyen.haiphong.gov.vn', phone: null },
    ]);
  });

  it('POST and DELETE /api/people: add a head, validate input, deactivate without losing the record', async () => {
    const created = await apiAs(app, admin)
      .post('/api/people')
      .send({ agency: 'SNV', role: 'head', email: 'giamdoc.snv@haiphong.gov.vn', name: 'Nguyễn Văn An', title: 'Giám đốc' })
      .expect(201);
    expect(created.body).toMatchObject({ created: true, person: { agency: 'SNV', role: 'head', title: 'Giám đốc' } });
    await apiAs(app, admin).post('/api/people').send({ agency: 'SNV', role: 'boss', email: 'x@y.vn' }).expect(400);
    await apiAs(app, admin).post('/api/people').send({ agency: 'SNV', role: 'head', email: 'khong-phai-email' }).expect(400);
    const gone = await apiAs(app, admin).delete(`/api/people/${created.body.person.id}`).expect(200);
    expect(gone.body.active).toBe(false);
    const list = await apiAs(app, admin).get('/api/people?agency=SNV').expect(200);
    expect(list.body).toEqual([]);
    const all = await apiAs(app, admin).get('/api/people?agency=SNV&includeInactive=true').expect(200);
    expect(all.body).toHaveLength(1);
  });
});
