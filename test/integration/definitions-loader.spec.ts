import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { DefinitionsLoader } from '../../src/modules/definitions/definitions.loader';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { readDefinitionSet } from '../../src/modules/definitions/files/read-definition-set';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const WORKFLOWS = path.join(__dirname, '..', '..', 'workflows');

/** Every row of every definition table, as text: equal fingerprints mean nothing was written. */
async function fingerprint(db: DataSource): Promise<string> {
  const tables = ['calendar_year', 'agency', 'person', 'agency_group', 'agency_group_member', 'plan', 'plan_section',
    'workflow_definition', 'workflow_definition_version', 'workflow_party', 'indicator', 'indicator_target'];
  const parts: string[] = [];
  for (const t of tables) {
    const [{ digest }] = await db.query(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS digest FROM ${t} x`);
    parts.push(`${t}:${digest}`);
  }
  return parts.join('\n');
}

async function copyWorkflows(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'phuluc-workflows-'));
  await fs.cp(WORKFLOWS, path.join(dir, 'workflows'), { recursive: true });
  return path.join(dir, 'workflows');
}

async function editFile(file: string, from: string, to: string): Promise<void> {
  const text = await fs.readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${from} not in ${file}`);
  await fs.writeFile(file, text.replace(from, to));
}

describe('loading definitions into PostgreSQL', () => {
  let database: TestDatabase;
  let db: DataSource;
  let workflows: string;

  const load = async (dir = workflows) => {
    const { set, problems } = await readDefinitionSet(dir, dir, path.dirname(dir));
    expect(problems).toEqual([]);
    return new DefinitionsLoader(db).load(set);
  };

  beforeEach(async () => {
    database = await createTestDatabase();
    db = await new DataSource(buildDataSourceOptions(database.url, { poolSize: 4 })).initialize();
    workflows = await copyWorkflows();
  });
  afterEach(async () => {
    await db.destroy();
    await database.drop();
    await fs.rm(path.dirname(workflows), { recursive: true, force: true });
  });

  it('loads the Hải Phòng plan, and loading it twice changes nothing', async () => {
    const first = await load();
    expect(first.agencies).toEqual({ added: 138, updated: 0, unchanged: 0, retired: 0 });
    expect(first.groups).toEqual({ added: 4, updated: 0, unchanged: 0, retired: 0 });
    expect(first.calendarYears).toEqual({ added: 2, updated: 0, unchanged: 0, retired: 0 });
    expect(first.plans).toEqual([
      { code: 'HP-BHXH-2030', created: true, updated: false, indicators: 2, rows: { added: 21, newVersions: 0, unchanged: 0, retired: 0, total: 21 } },
    ]);
    const before = await fingerprint(db);

    const second = await load();
    expect(second.agencies).toEqual({ added: 0, updated: 0, unchanged: 138, retired: 0 });
    expect(second.groups).toEqual({ added: 0, updated: 0, unchanged: 4, retired: 0 });
    expect(second.calendarYears).toEqual({ added: 0, updated: 0, unchanged: 2, retired: 0 });
    expect(second.plans[0]).toMatchObject({ created: false, updated: false, rows: { added: 0, newVersions: 0, unchanged: 21, retired: 0 } });
    expect(await fingerprint(db)).toBe(before);

    const [{ members }] = await db.query(`SELECT count(*)::int AS members FROM agency_group_member WHERE group_code = 'UBND_CAP_XA'`);
    expect(members).toBe(114);
    const targets = await db.query(
      `SELECT t.year, t.value::int AS value, t.provenance FROM indicator_target t JOIN indicator i ON i.id = t.indicator_id
        WHERE i.code = 'participants_total' ORDER BY t.year`,
    );
    expect(targets.at(-1)).toEqual({ year: 2030, value: 1551000, provenance: 'uncertain' });
  });

  it('changing one row creates exactly one new version and leaves the old one as it was', async () => {
    await load();
    const [old] = await db.query(
      `SELECT v.id, v.task, v.content_hash FROM workflow_definition_version v JOIN workflow_definition d ON d.id = v.definition_id WHERE d.key = 'III.7'`,
    );
    await editFile(path.join(workflows, 'hp-bhxh-2030', 'appendix.yaml'), '(tờ rơi, video, nội dung số)', '(tờ rơi, video, nội dung số, áp phích)');

    const summary = await load();
    expect(summary.plans[0].rows).toEqual({ added: 0, newVersions: 1, unchanged: 20, retired: 0, total: 21 });
    const versions = await db.query(
      `SELECT d.key, v.version, v.task, d.current_version FROM workflow_definition_version v
         JOIN workflow_definition d ON d.id = v.definition_id ORDER BY d.key, v.version`,
    );
    expect(versions).toHaveLength(22);
    const iii7 = versions.filter((v: { key: string }) => v.key === 'III.7');
    expect(iii7.map((v: { version: number; current_version: number }) => [v.version, v.current_version])).toEqual([[1, 2], [2, 2]]);
    expect(iii7[1].task).toContain('áp phích');
    const [unchanged] = await db.query(`SELECT id, task, content_hash FROM workflow_definition_version WHERE id = $1`, [old.id]);
    expect(unchanged).toEqual(old);
    // Party references of the old version are kept too.
    const [{ parties }] = await db.query(`SELECT count(*)::int AS parties FROM workflow_party WHERE version_id = $1`, [old.id]);
    expect(parties).toBe(2);
  });

  it('a row removed from the file is retired, and comes back without a new version', async () => {
    await load();
    const file = path.join(workflows, 'hp-bhxh-2030', 'appendix.yaml');
    const original = await fs.readFile(file, 'utf8');
    const start = original.indexOf('  - key: V.6');
    const end = original.indexOf('  - key: V.7');
    await fs.writeFile(file, original.slice(0, start) + original.slice(end));
    expect((await load()).plans[0].rows).toEqual({ added: 0, newVersions: 0, unchanged: 20, retired: 1, total: 20 });
    const [retired] = await db.query(`SELECT retired_at IS NOT NULL AS retired FROM workflow_definition WHERE key = 'V.6'`);
    expect(retired.retired).toBe(true);

    await fs.writeFile(file, original);
    expect((await load()).plans[0].rows).toEqual({ added: 0, newVersions: 0, unchanged: 21, retired: 0, total: 21 });
    const rows = await db.query(`SELECT key, current_version, retired_at FROM workflow_definition WHERE key = 'V.6'`);
    expect(rows).toEqual([{ key: 'V.6', current_version: 1, retired_at: null }]);
  });

  it('keeps the status an admin gave the plan and contacts entered in the application', async () => {
    await load();
    await db.query(`UPDATE plan SET status = 'closed' WHERE code = 'HP-BHXH-2030'`);
    await db.query(`INSERT INTO person (agency_code, role, name, email) VALUES ('SNV', 'head', 'Nguyễn Văn A', 'giamdoc@snv.haiphong.gov.vn')`);
    await editFile(
      path.join(workflows, 'directory', 'hai-phong-agencies.yaml'),
      '  - code: SNV\n    name: "Sở Nội vụ thành phố Hải Phòng"\n    shortName: "SNV"\n    kind: co_quan_chuyen_mon\n    level: city\n    head: null\n    focalPoints: []',
      '  - code: SNV\n    name: "Sở Nội vụ thành phố Hải Phòng"\n    shortName: "SNV"\n    kind: co_quan_chuyen_mon\n    level: city\n    head: null\n    focalPoints: [{ name: Trần Thị B, email: dauMoi@snv.haiphong.gov.vn }]',
    );
    await load();
    const [{ status }] = await db.query(`SELECT status FROM plan WHERE code = 'HP-BHXH-2030'`);
    expect(status).toBe('closed');
    const contacts = await db.query(`SELECT role, name, email, source FROM person WHERE agency_code = 'SNV' ORDER BY role`);
    expect(contacts).toEqual([
      { role: 'focal-point', name: 'Trần Thị B', email: 'dauMoi@snv.haiphong.gov.vn', source: 'definitions' },
      { role: 'head', name: 'Nguyễn Văn A', email: 'giamdoc@snv.haiphong.gov.vn', source: 'manual' },
    ]);
  });

  it('two loads at the same time give the same rows as one', async () => {
    const other = await new DataSource(buildDataSourceOptions(database.url, { poolSize: 2 })).initialize();
    try {
      const { set } = await readDefinitionSet(workflows, workflows, path.dirname(workflows));
      const [a, b] = await Promise.all([new DefinitionsLoader(db).load(set), new DefinitionsLoader(other).load(set)]);
      expect([a.plans[0].rows?.added, b.plans[0].rows?.added].sort()).toEqual([0, 21]);
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM workflow_definition_version`);
      expect(n).toBe(21);
    } finally {
      await other.destroy();
    }
  });

  it('writes nothing when a definition is invalid, or when the database refuses part of a load', async () => {
    await load();
    const before = await fingerprint(db);
    await editFile(path.join(workflows, 'hp-bhxh-2030', 'appendix.yaml'), 'parties: [SXD]', 'parties: [SO_XAY_DUNG]');
    await editFile(path.join(workflows, 'hp-bhxh-2030', 'appendix.yaml'), '(tờ rơi, video, nội dung số)', '(tờ rơi)');
    const service = new DefinitionsService(loadConfig({ PHULUC_WORKFLOWS_DIR: workflows }), db);
    await expect(service.load()).rejects.toMatchObject({
      code: 'DEFINITIONS_INVALID',
      details: { text: [expect.stringMatching(/^workflows\/hp-bhxh-2030\/appendix\.yaml:\d+:\d+: \[V\.7\] lead\.parties\[0\]: "SO_XAY_DUNG"/)] },
    });
    expect(await fingerprint(db)).toBe(before);

    // A set that slipped past validation: the last write fails, so the earlier ones roll back.
    const { set } = await readDefinitionSet(WORKFLOWS, WORKFLOWS, path.dirname(WORKFLOWS));
    set.agencies.push({ ...set.agencies[0], code: 'MOI', name: 'Cơ quan mới' });
    set.plans[0].appendix!.rows[0] = { ...set.plans[0].appendix!.rows[0], task: 'đổi', lead: { text: 'x', parties: ['KHONG_CO'] } };
    await expect(new DefinitionsLoader(db).load(set)).rejects.toThrow();
    expect(await fingerprint(db)).toBe(before);
  });
});
