import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SettableClock } from '../../src/common/clock';
import { ComplianceQueries } from '../../src/modules/compliance/compliance.queries';
import { TickService } from '../../src/modules/reminders/tick.service';
import { WorkingCalendarProvider } from '../../src/modules/scheduling/working-calendar.provider';
import { classifyTask, openTaskState, replayTaskEvents, type TaskEvent } from '../../src/modules/tasks/domain/task-lifecycle';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { seedDemoYear } from '../support/seeded-year';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const FIELD = {
  'done-on-time': 'doneOnTime',
  'done-late': 'doneLate',
  'in-progress-on-time': 'inProgressOnTime',
  'overdue-not-done': 'overdueNotDone',
  waived: 'waived',
  cancelled: 'cancelled',
} as const;

/**
 * Compliance figures (GET /api/compliance) on a seeded year: now, as of a past day (checked
 * against the lifecycle's own replay of the stored events), within a focal point's reach, by
 * index, and frozen at the data cut-off.
 */
describe('compliance figures as of any date, and the snapshot at the cut-off', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let monitor: TestAccount;
  let focal: TestAccount;
  const clock = new SettableClock();

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database.url, { clock, env: { PHULUC_FILES_DIR: `/tmp/phuluc-compliance-${process.pid}` } });
    db = app.get(DataSource);
    await seedDemoYear(app, '2026-12-31');
    clock.set('2026-12-10T10:00:00+07:00');
    monitor = await createAccount(app, { roles: ['monitor'] });
    focal = await createAccount(app, { focalPointOf: ['TTTP'] });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  /** The four classes per agency, counted straight from the instance table. */
  async function sqlCounts(asOf: string, agency?: string): Promise<Record<string, number>> {
    const rows: { c: keyof typeof FIELD; n: number }[] = await db.query(
      `SELECT task_classification(status, submitted_at, due_at, $1) AS c, count(*)::int AS n FROM task_instance
        WHERE role = 'lead' AND window_start BETWEEN '2026-01-01' AND '2026-12-31' AND opens_on <= ($1::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
          AND ($2::text IS NULL OR agency_code = $2) GROUP BY 1`,
      [asOf, agency ?? null],
    );
    const counts: Record<string, number> = { doneOnTime: 0, doneLate: 0, inProgressOnTime: 0, overdueNotDone: 0, waived: 0, cancelled: 0 };
    for (const r of rows) counts[FIELD[r.c]] = r.n;
    return counts;
  }

  it('now: every count equals a count of the instance table, per agency and for the plan', async () => {
    const res = await apiAs(app, monitor).get('/api/compliance?year=2026').expect(200);
    expect(res.body.snapshot).toBeNull();
    expect(res.body.cutoff).toBe('2026-12-14');
    expect(res.body.total.counts).toEqual(await sqlCounts('2026-12-10T03:00:00Z'));
    expect(res.body.total.counts.doneLate).toBeGreaterThan(0);
    expect(res.body.total.counts.overdueNotDone).toBeGreaterThan(0);
    const tttp = res.body.agencies.find((a: { code: string }) => a.code === 'TTTP');
    expect(tttp.counts).toEqual(await sqlCounts('2026-12-10T03:00:00Z', 'TTTP'));
    const sumOf = (field: string) => res.body.agencies.reduce((n: number, a: { counts: Record<string, number> }) => n + a.counts[field], 0);
    expect(sumOf('overdueNotDone')).toBe(res.body.total.counts.overdueNotDone);
    expect(res.body.sections.reduce((n: number, s: { total: number }) => n + s.total, 0)).toBe(res.body.total.total);
    // The late list is the overdue tasks, each with its working days late.
    expect(res.body.late).toHaveLength(res.body.total.counts.overdueNotDone);
    expect(res.body.late[0]).toMatchObject({ agencyName: expect.any(String), rowKey: expect.any(String), workingDaysLate: expect.any(Number) });
    expect(res.body.late.every((l: { workingDaysLate: number }) => l.workingDaysLate > 0)).toBe(true);
    // The average working days late, recounted task by task with the working calendar.
    const lateTasks: { due: string; until: string }[] = await db.query(
      `SELECT to_char(due_date, 'YYYY-MM-DD') AS due,
              CASE WHEN status IN ('submitted', 'accepted') THEN to_char((submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'YYYY-MM-DD') ELSE '2026-12-10' END AS until
         FROM task_instance
        WHERE role = 'lead' AND window_start BETWEEN '2026-01-01' AND '2026-12-31' AND opens_on <= '2026-12-10'
          AND task_classification(status, submitted_at, due_at, '2026-12-10T03:00:00Z') IN ('done-late', 'overdue-not-done')`,
    );
    const calendar = await app.get(WorkingCalendarProvider).forYears(2025, 2028);
    const days = lateTasks.reduce((n, t) => n + calendar.workingDaysBetween(t.due, t.until), 0);
    expect(lateTasks.length).toBeGreaterThan(10);
    expect(res.body.total.averageWorkingDaysLate).toBe(Math.round((days / lateTasks.length) * 10) / 10);
    const { counts } = res.body.total;
    expect(res.body.total.onTimeRate).toBe(Math.round((counts.doneOnTime / (counts.doneOnTime + counts.doneLate)) * 1000) / 10);
  });

  it('as of a past day: the figures equal the lifecycle replayed from the stored events up to then', async () => {
    const asOf = new Date('2026-06-20T23:59:59.999+07:00');
    const res = await apiAs(app, monitor).get('/api/compliance?year=2026&asOf=2026-06-20').expect(200);
    expect(res.body.asOf).toBe(asOf.toISOString());
    const instances: { id: string; due: string; opens: string }[] = await db.query(
      `SELECT id, to_char(COALESCE(original_due_date, due_date), 'YYYY-MM-DD') AS due, to_char(opens_on, 'YYYY-MM-DD') AS opens FROM task_instance
        WHERE role = 'lead' AND window_start BETWEEN '2026-01-01' AND '2026-12-31' AND opens_on <= '2026-06-20'`,
    );
    const transitions: { instance_id: string; event: string; actor: string; details: Record<string, unknown>; at: Date }[] = await db.query(
      `SELECT instance_id, event, actor, details, at FROM task_transition WHERE event <> 'create-ad-hoc' ORDER BY at, id`,
    );
    const counts: Record<string, number> = { doneOnTime: 0, doneLate: 0, inProgressOnTime: 0, overdueNotDone: 0, waived: 0, cancelled: 0 };
    for (const instance of instances) {
      const events = transitions
        .filter((t) => t.instance_id === instance.id)
        .map((t) => ({ ...t.details, type: t.event, at: t.at.toISOString(), actor: { role: t.actor.split(':')[0], id: t.actor } }) as unknown as TaskEvent);
      counts[FIELD[classifyTask(replayTaskEvents(openTaskState(instance.due), events, asOf), asOf)]]++;
    }
    expect(res.body.total.counts).toEqual(counts);
    // Between June and December tasks were submitted: the past differs from now.
    const now = await apiAs(app, monitor).get('/api/compliance?year=2026').expect(200);
    expect(now.body.total.counts).not.toEqual(counts);
  });

  it('a focal point sees its own agency only', async () => {
    const res = await apiAs(app, focal).get('/api/compliance?year=2026').expect(200);
    expect(res.body.agencies.map((a: { code: string }) => a.code)).toEqual(['TTTP']);
    expect(res.body.total.counts).toEqual(await sqlCounts('2026-12-10T03:00:00Z', 'TTTP'));
    expect(res.body.late.every((l: { agencyCode: string }) => l.agencyCode === 'TTTP')).toBe(true);
  });

  it('refuses an unreadable date and an unknown plan with a clear message', async () => {
    const bad = await apiAs(app, monitor).get('/api/compliance?year=2026&asOf=20/06/2026').expect(400);
    expect(bad.body.error.message).toContain('"20/06/2026"');
    const unknown = await apiAs(app, monitor).get('/api/compliance?plan=KHONG-CO').expect(404);
    expect(unknown.body.error.message).toContain('KHONG-CO');
  });

  it('reads the instance table by index, now and as of a past day (EXPLAIN, sequential scans off)', async () => {
    const queries = app.get(ComplianceQueries);
    const [plan] = await db.query(`SELECT id FROM plan LIMIT 1`);
    const runner = db.createQueryRunner();
    try {
      await runner.query('SET enable_seqscan = off');
      for (const replay of [false, true]) {
        const params = queries.groupParams({
          planId: plan.id,
          from: '2026-01-01',
          to: '2027-01-01',
          asOf: new Date('2026-06-20T16:59:59Z'),
          asOfDate: '2026-06-20',
          agencies: null,
          replay,
          workingDays: { dates: ['2026-06-19', '2026-06-20'], counts: [0, 0] },
        });
        const plans: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN ${queries.groupsSql(replay)}`, params);
        const text = plans.map((p) => p['QUERY PLAN']).join('\n');
        expect(text).toMatch(/Index (Only )?Scan using task_instance_plan_window_idx|Bitmap Index Scan on task_instance_plan_window_idx/u);
        expect(text).not.toMatch(/Seq Scan on task_instance/u);
        if (replay) expect(text).not.toMatch(/Seq Scan on task_transition/u);
      }
    } finally {
      await runner.release();
    }
  });

  it('after the cut-off (14/12) the year reads from a snapshot that later events do not change', async () => {
    clock.set('2026-12-16T08:00:00+07:00');
    const tick = await app.get(TickService).tick();
    expect(tick.snapshots).toBe(1);
    const first = await apiAs(app, monitor).get('/api/compliance?year=2026').expect(200);
    expect(first.body.snapshot).toEqual({ takenAt: '2026-12-16T01:00:00.000Z' });
    expect(first.body.asOf).toBe('2026-12-14T16:59:59.999Z');
    expect(first.body.total.counts).toEqual(await sqlCounts('2026-12-14T16:59:59.999Z'));

    // An overdue task is waived after the cut-off: live figures move, the year's do not.
    const late = first.body.late[0];
    await apiAs(app, monitor).post(`/api/instances/${late.instanceId}/waive`).send({ reason: 'Không còn phù hợp' }).expect(200);
    clock.set('2027-01-05T08:00:00+07:00');
    expect((await app.get(TickService).tick()).snapshots).toBe(0);
    const again = await apiAs(app, monitor).get('/api/compliance?year=2026').expect(200);
    expect(again.body).toEqual(first.body);
    const live = await apiAs(app, monitor).get('/api/compliance?year=2026&asOf=2027-01-05').expect(200);
    expect(live.body.snapshot).toBeNull();
    expect(live.body.total.counts.waived).toBe(first.body.total.counts.waived + 1);
  });
});
