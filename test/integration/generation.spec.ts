import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { DefinitionsLoader } from '../../src/modules/definitions/definitions.loader';
import { readDefinitionSet } from '../../src/modules/definitions/files/read-definition-set';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { WorkingCalendarProvider } from '../../src/modules/scheduling/working-calendar.provider';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const ROOT = path.join(__dirname, '..', '..');
const WORKFLOWS = path.join(ROOT, 'workflows');

async function instances(db: DataSource): Promise<string> {
  const [{ digest, n }] = await db.query(
    `SELECT count(*)::int AS n,
            md5(string_agg(concat_ws('|', d.key, t.period_key, t.agency_code, t.role, t.due_date, t.due_at, t.opens_on, t.window_start, t.window_end),
                           ',' ORDER BY d.key, t.period_key, t.agency_code)) AS digest
       FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id`,
  );
  return `${n}:${digest}`;
}

describe('generating task instances for the Hải Phòng plan', () => {
  let database: TestDatabase;
  let db: DataSource;
  let generator: GenerationService;

  beforeEach(async () => {
    database = await createTestDatabase();
    db = await new DataSource(buildDataSourceOptions(database.url, { poolSize: 4 })).initialize();
    const { set, problems } = await readDefinitionSet(WORKFLOWS, WORKFLOWS, ROOT);
    expect(problems).toEqual([]);
    await new DefinitionsLoader(db).load(set);
    generator = new GenerationService(db, new WorkingCalendarProvider(db));
  });
  afterEach(async () => {
    await db.destroy();
    await database.drop();
  });

  it('gives instances that can be checked by hand against the appendix', async () => {
    const [plan] = await generator.generate({ until: '2031-01-31' });
    const rows = Object.fromEntries(plan.rows.map((r) => [r.key, r]));
    // VI.1 "Định kỳ, trước ngày 25/12 hằng năm": one per year 2026–2030, due the day before 25/12.
    const vi1 = await db.query(
      `SELECT t.period_key, to_char(t.due_date, 'YYYY-MM-DD') AS due, t.agency_code FROM task_instance t
         JOIN workflow_definition d ON d.id = t.definition_id WHERE d.key = 'VI.1' AND t.role = 'lead' ORDER BY 1`,
    );
    expect(vi1).toEqual([
      { period_key: '2026', due: '2026-12-24', agency_code: 'SNV' },
      { period_key: '2027', due: '2027-12-24', agency_code: 'SNV' },
      { period_key: '2028', due: '2028-12-22', agency_code: 'SNV' },
      { period_key: '2029', due: '2029-12-24', agency_code: 'SNV' },
      { period_key: '2030', due: '2030-12-24', agency_code: 'SNV' },
    ]);
    // III.11 is led by "UBND các xã, phường, đặc khu": one instance per commune-level unit per period.
    const [iii11] = await db.query(
      `SELECT count(DISTINCT t.agency_code)::int AS agencies, count(DISTINCT t.period_key)::int AS periods, count(*)::int AS n
         FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id WHERE d.key = 'III.11'`,
    );
    expect(iii11).toEqual({ agencies: 114, periods: 10, n: 1140 });
    expect(rows['III.11'].warnings).toContain('Cơ quan phối hợp "BHXH cơ sở" chưa có thành viên: chưa sinh nhiệm vụ cho nhóm này.');
    // Open forms are visible but generate nothing by themselves.
    expect(rows['IV.1']).toMatchObject({ periods: 0, created: 0, timing: { kind: 'roadmap' } });
    expect(rows['V.5']).toMatchObject({ periods: 0, created: 0 });
    // Yearly reports without a date are due 15/12 (the plan's setting); supporting agencies
    // contribute 5 working days before the lead's due date.
    const v6 = await db.query(
      `SELECT t.agency_code, t.role, to_char(t.due_date, 'YYYY-MM-DD') AS due FROM task_instance t
         JOIN workflow_definition d ON d.id = t.definition_id WHERE d.key = 'V.6' AND t.period_key = '2026' ORDER BY t.role, t.agency_code`,
    );
    expect(v6).toEqual([
      { agency_code: 'TTTP', role: 'lead', due: '2026-12-15' },
      { agency_code: 'BHXH', role: 'support', due: '2026-12-08' },
      { agency_code: 'CATP', role: 'support', due: '2026-12-08' },
      { agency_code: 'SNV', role: 'support', due: '2026-12-08' },
    ]);
    expect(plan.created).toBe(plan.rows.reduce((n, r) => n + r.created, 0));
  });

  it('opens only the periods whose lead time has started', async () => {
    const [early] = await generator.generate({ until: '2026-01-01' });
    const [{ latest }] = await db.query(`SELECT max(opens_on)::text AS latest FROM task_instance`);
    expect(latest <= '2026-01-01').toBe(true);
    const [later] = await generator.generate({ until: '2026-12-31' });
    expect(later.created).toBeGreaterThan(0);
    expect(later.existing).toBe(early.created);
  });

  it('generating twice gives the same rows', async () => {
    const first = await generator.generate({ until: '2031-01-31' });
    const snapshot = await instances(db);
    const second = await generator.generate({ until: '2031-01-31' });
    expect(second[0].created).toBe(0);
    expect(second[0].existing).toBe(first[0].created);
    expect(await instances(db)).toBe(snapshot);
  });

  it('two generators at once give the same rows as one', async () => {
    const other = await new DataSource(buildDataSourceOptions(database.url, { poolSize: 2 })).initialize();
    try {
      const otherGenerator = new GenerationService(other, new WorkingCalendarProvider(other));
      const [a, b] = await Promise.all([generator.generate({ until: '2031-01-31' }), otherGenerator.generate({ until: '2031-01-31' })]);
      expect(a[0].created + b[0].created).toBe(a[0].created + a[0].existing);
      const together = await instances(db);
      await db.query(`DELETE FROM task_instance`);
      await generator.generate({ until: '2031-01-31' });
      expect(await instances(db)).toBe(together);
    } finally {
      await other.destroy();
    }
  });

  it('a new version of a row does not duplicate the instances its earlier version opened', async () => {
    await generator.generate({ until: '2031-01-31' });
    const before = await instances(db);
    await db.query(
      `WITH d AS (SELECT id, current_version FROM workflow_definition WHERE key = 'VI.1'),
            v AS (INSERT INTO workflow_definition_version (definition_id, version, section_key, task, lead_text, support_text,
                         deliverable, timing_text, schedule, provenance, provenance_notes, content_hash)
                  SELECT definition_id, version + 1, section_key, task || ' (sửa)', lead_text, support_text, deliverable,
                         timing_text, schedule, provenance, provenance_notes, 'x'
                    FROM workflow_definition_version WHERE definition_id = (SELECT id FROM d) AND version = (SELECT current_version FROM d)
                  RETURNING id, definition_id)
       INSERT INTO workflow_party (version_id, role, position, agency_code, group_code)
       SELECT v.id, p.role, p.position, p.agency_code, p.group_code FROM v, workflow_party p
        WHERE p.version_id = (SELECT id FROM workflow_definition_version WHERE definition_id = v.definition_id AND version = 1)`,
    );
    await db.query(`UPDATE workflow_definition SET current_version = 2 WHERE key = 'VI.1'`);
    const [again] = await generator.generate({ until: '2031-01-31' });
    expect(again.created).toBe(0);
    expect(await instances(db)).toBe(before);
  });

  it('a row that fails half-way writes none of its instances; the other rows are kept', async () => {
    // The database refuses the 500th commune instance of III.11: that row's whole write rolls back.
    await db.query(`CREATE SEQUENCE fail_counter`);
    await db.query(`
      CREATE FUNCTION fail_midway() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.via_group = 'UBND_CAP_XA' AND NEW.role = 'lead' AND nextval('fail_counter') = 500 THEN
          RAISE EXCEPTION 'injected failure';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER fail_midway BEFORE INSERT ON task_instance FOR EACH ROW EXECUTE FUNCTION fail_midway()`);
    await expect(generator.generate({ until: '2031-01-31' })).rejects.toThrow('injected failure');
    const rows = await db.query(
      `SELECT d.key, count(*)::int AS n FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id GROUP BY 1 ORDER BY 1`,
    );
    const keys = rows.map((r: { key: string }) => r.key);
    expect(keys).toEqual(['III.10', 'III.6', 'III.7', 'III.8', 'III.9']);
    await db.query(`DROP TRIGGER fail_midway ON task_instance`);
    const [resumed] = await generator.generate({ until: '2031-01-31' });
    expect(resumed.rows.find((r) => r.key === 'III.11')).toMatchObject({ created: 1140, existing: 0 });
  });

  it('a killed generation leaves whole rows and periods or nothing', async () => {
    // The CLI is killed while it generates; every row it touched is then complete or absent.
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'phuluc'), 'generate', '--until', '2031-01-31'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.on('exit', r));
    // Start-up takes about a second; the kill lands somewhere in the middle of the writes or after them.
    await new Promise((r) => setTimeout(r, 700 + Math.floor(Math.random() * 600)));
    child.kill('SIGKILL');
    await exited;
    const partial = await db.query(
      `SELECT d.key, t.period_key, count(*)::int AS n FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id
        GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const [full] = await generator.generate({ until: '2031-01-31' });
    const complete = new Map(
      (await db.query(
        `SELECT d.key, t.period_key, count(*)::int AS n FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id GROUP BY 1, 2`,
      )).map((r: { key: string; period_key: string; n: number }) => [`${r.key}/${r.period_key}`, r.n]),
    );
    for (const p of partial) expect({ at: `${p.key}/${p.period_key}`, n: p.n }).toEqual({ at: `${p.key}/${p.period_key}`, n: complete.get(`${p.key}/${p.period_key}`) });
    const touchedRows = new Set(partial.map((p: { key: string }) => p.key));
    for (const row of full.rows) if (touchedRows.has(row.key)) expect({ key: row.key, created: row.created }).toEqual({ key: row.key, created: 0 });
  });
});
