import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { fixedClock } from '../../src/common/clock';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { DefinitionsLoader } from '../../src/modules/definitions/definitions.loader';
import { readDefinitionSet } from '../../src/modules/definitions/files/read-definition-set';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { WorkingCalendarProvider } from '../../src/modules/scheduling/working-calendar.provider';
import { classifyTask, TaskState, TaskStatus } from '../../src/modules/tasks/domain/task-lifecycle';
import { AuditService } from '../../src/modules/audit/audit.service';
import { TasksService } from '../../src/modules/tasks/tasks.service';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const ROOT = path.join(__dirname, '..', '..');
const FOCAL = { id: 'can-bo@snv', role: 'focal-point' as const };
const MONITOR = { id: 'theo-doi@snv', role: 'monitor' as const };

describe('task instances: lifecycle and ad-hoc instances on PostgreSQL', () => {
  let database: TestDatabase;
  let db: DataSource;
  let tasks: TasksService;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await new DataSource(buildDataSourceOptions(database.url, { poolSize: 4 })).initialize();
    const { set } = await readDefinitionSet(path.join(ROOT, 'workflows'), path.join(ROOT, 'workflows'), ROOT);
    await new DefinitionsLoader(db).load(set);
    const calendars = new WorkingCalendarProvider(db);
    await new GenerationService(db, calendars).generate({ until: '2026-12-31' });
    tasks = new TasksService(db, calendars, new AuditService(db), fixedClock('2026-06-01T02:00:00Z'));
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const instanceOf = async (key: string, period: string, agency: string): Promise<string> => {
    const [row] = await db.query(
      `SELECT t.id FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id
        WHERE d.key = $1 AND t.period_key = $2 AND t.agency_code = $3`,
      [key, period, agency],
    );
    return row.id;
  };

  it('the SQL classification agrees with classifyTask()', async () => {
    const dueAt = '2026-12-24T16:59:59.999Z';
    const cases: [TaskStatus, string | undefined, string][] = [
      ['open', undefined, '2026-12-24T16:59:59.999Z'],
      ['open', undefined, '2026-12-24T17:00:00.000Z'],
      ['returned', undefined, '2027-01-05T00:00:00Z'],
      ['submitted', '2026-12-24T16:59:00Z', '2027-01-05T00:00:00Z'],
      ['submitted', '2026-12-24T17:00:00Z', '2027-01-05T00:00:00Z'],
      ['accepted', '2026-12-20T03:00:00Z', '2027-01-05T00:00:00Z'],
      ['accepted', '2026-12-26T03:00:00Z', '2026-12-27T00:00:00Z'],
      ['waived', undefined, '2026-01-01T00:00:00Z'],
      ['cancelled', undefined, '2027-01-01T00:00:00Z'],
    ];
    for (const [status, submittedAt, asOf] of cases) {
      const state: TaskState = { status, dueDate: '2026-12-24', dueAt, submissionCount: submittedAt ? 1 : 0, submittedAt };
      const [{ c }] = await db.query(`SELECT task_classification($1, $2, $3, $4) AS c`, [status, submittedAt ?? null, dueAt, asOf]);
      expect({ status, submittedAt, asOf, c }).toEqual({ status, submittedAt, asOf, c: classifyTask(state, new Date(asOf)) });
    }
  });

  it('stores every transition with actor, time and reason; a refused event changes nothing', async () => {
    // V.1 2026 is due 15/12/2026 (the plan's yearly due day): resubmitted on 14/12, it is on time.
    const id = await instanceOf('V.1', '2026', 'BHXH');
    await tasks.applyEvent(id, { type: 'submit', actor: FOCAL, at: '2026-12-10T02:00:00Z', note: 'Báo cáo khảo sát năm 2026' });
    await tasks.applyEvent(id, { type: 'return', actor: MONITOR, at: '2026-12-11T02:00:00Z', reason: 'Thiếu số liệu cấp xã' });
    await expect(tasks.applyEvent(id, { type: 'accept', actor: MONITOR, at: '2026-12-12T02:00:00Z' })).rejects.toMatchObject({
      code: 'TRANSITION_REFUSED',
    });
    await tasks.applyEvent(id, { type: 'submit', actor: FOCAL, at: '2026-12-14T02:00:00Z' });
    const done = await tasks.applyEvent(id, { type: 'accept', actor: MONITOR, at: '2026-12-18T02:00:00Z', comment: 'Đạt' });
    expect(done.state).toMatchObject({ status: 'accepted', submissionCount: 2, firstSubmittedAt: '2026-12-10T02:00:00.000Z' });

    const history = await db.query(
      `SELECT event, from_status, to_status, actor, reason, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS at
         FROM task_transition WHERE instance_id = $1 ORDER BY at`,
      [id],
    );
    expect(history).toEqual([
      { event: 'submit', from_status: 'open', to_status: 'submitted', actor: 'focal-point:can-bo@snv', reason: 'Báo cáo khảo sát năm 2026', at: '2026-12-10T02:00' },
      { event: 'return', from_status: 'submitted', to_status: 'returned', actor: 'monitor:theo-doi@snv', reason: 'Thiếu số liệu cấp xã', at: '2026-12-11T02:00' },
      { event: 'submit', from_status: 'returned', to_status: 'submitted', actor: 'focal-point:can-bo@snv', reason: null, at: '2026-12-14T02:00' },
      { event: 'accept', from_status: 'submitted', to_status: 'accepted', actor: 'monitor:theo-doi@snv', reason: 'Đạt', at: '2026-12-18T02:00' },
    ]);
    const [row] = await db.query(`SELECT status, task_classification(status, submitted_at, due_at, now()) AS c FROM task_instance WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'accepted', c: 'done-on-time' });
  });

  it('creates ad-hoc instances only on "đột xuất" rows, on a working day, with a fresh period key each time', async () => {
    const first = await tasks.createAdHoc({ plan: 'HP-BHXH-2030', row: 'V.5', dueDate: '2026-07-15', agencies: ['TTTP'], reason: 'Có đơn phản ánh' }, 'monitor:snv');
    const second = await tasks.createAdHoc({ plan: 'HP-BHXH-2030', row: 'V.5', dueDate: '2026-07-15' }, 'monitor:snv');
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(3);
    const rows = await db.query(
      `SELECT period_key, agency_code, period_label, to_char(due_date, 'YYYY-MM-DD') AS due, ad_hoc FROM task_instance
        WHERE id = ANY($1::uuid[]) ORDER BY period_key, agency_code`,
      [[...first, ...second]],
    );
    expect(rows).toEqual([
      { period_key: 'DX-2026-07-15', agency_code: 'TTTP', period_label: 'Đột xuất, hạn 15/07/2026', due: '2026-07-15', ad_hoc: true },
      { period_key: 'DX-2026-07-15-2', agency_code: 'BHXH', period_label: 'Đột xuất, hạn 15/07/2026', due: '2026-07-15', ad_hoc: true },
      { period_key: 'DX-2026-07-15-2', agency_code: 'SNV', period_label: 'Đột xuất, hạn 15/07/2026', due: '2026-07-15', ad_hoc: true },
      { period_key: 'DX-2026-07-15-2', agency_code: 'TTTP', period_label: 'Đột xuất, hạn 15/07/2026', due: '2026-07-15', ad_hoc: true },
    ]);
    const [created] = await db.query(`SELECT event, actor, reason FROM task_transition WHERE instance_id = $1`, [first[0]]);
    expect(created).toEqual({ event: 'create-ad-hoc', actor: 'monitor:snv', reason: 'Có đơn phản ánh' });
    const [audited] = await db.query(`SELECT action, actor, agency_code, after->>'periodKey' AS period FROM audit_event WHERE instance_id = $1`, [first[0]]);
    expect(audited).toEqual({ action: 'task.create-ad-hoc', actor: 'monitor:snv', agency_code: 'TTTP', period: 'DX-2026-07-15' });

    await expect(tasks.createAdHoc({ plan: 'HP-BHXH-2030', row: 'VI.1', dueDate: '2026-07-15' }, 'monitor:snv')).rejects.toThrow(
      'Dòng VI.1 ("Định kỳ, trước ngày 25/12 hằng năm") không có thời gian "đột xuất"',
    );
    await expect(tasks.createAdHoc({ plan: 'HP-BHXH-2030', row: 'V.5', dueDate: '2026-09-02' }, 'monitor:snv')).rejects.toThrow(
      'Ngày 02/09/2026 là ngày nghỉ',
    );
    await expect(tasks.createAdHoc({ plan: 'HP-BHXH-2030', row: 'V.5', dueDate: '2026-05-15' }, 'monitor:snv')).rejects.toThrow(
      'Hạn 15/05/2026 đã qua (hôm nay là 01/06/2026).',
    );
    await expect(
      tasks.createAdHoc({ plan: 'HP-BHXH-2030', row: 'V.5', dueDate: '2026-07-16', agencies: ['SXD'] }, 'monitor:snv'),
    ).rejects.toThrow('Cơ quan "SXD" không chủ trì dòng V.5.');
  });
});
