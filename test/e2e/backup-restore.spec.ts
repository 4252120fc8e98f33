import { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource, type DataSourceOptions, type MigrationInterface, type QueryRunner } from 'typeorm';
import { SettableClock } from '../../src/common/clock';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { revertMigrations, runMigrations } from '../../src/database/migrate';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { FileCleanupService } from '../../src/modules/deliverables/file-cleanup.service';
import { DemoSeedService } from '../../src/modules/demo/demo-seed.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { apiAs, createAccount, TEST_PASSWORD, type TestAccount } from '../support/auth';
import { samplePdf } from '../support/sample-files';
import { createTestApp } from '../support/test-app';
import { adminQuery, createTestDatabase, ENV_RUN_ID, TestDatabase, withDatabase } from '../support/test-database';

const exec = promisify(execFile);
const SCRIPTS = join(__dirname, '..', '..', 'scripts');
const NOW = '2026-12-15T09:00:00+07:00';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const binary = (res: any, done: (error: Error | null, body: unknown) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * The server the backup tests dump. pg_dump refuses a server newer than itself, and the embedded
 * test server is PostgreSQL 17 while the machine's client tools may be older: so these tests use
 * the machine's PostgreSQL (DATABASE_URL when the tests run on it, else 127.0.0.1:5432), never
 * the embedded one. PHULUC_BACKUP_TEST_SERVER_URL names another.
 */
const BACKUP_SERVER_URL = process.env.PHULUC_BACKUP_TEST_SERVER_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** `name --version`, or a clear failure: the procedure the README documents needs these tools. */
async function toolVersion(name: string): Promise<string> {
  try {
    return (await exec(name, ['--version'])).stdout.trim();
  } catch (error) {
    throw new Error(
      `The backup test needs \`${name}\` (README, "Sao lưu và khôi phục"): ${(error as Error).message}. ` +
        'Install the PostgreSQL client tools of the server’s major version or newer (apt-get install postgresql-client) and tar.',
    );
  }
}

/** Fails, with what to do, unless pg_dump can dump the server (its major version ≥ the server's). */
async function checkTools(): Promise<void> {
  const dump = await toolVersion('pg_dump');
  await toolVersion('pg_restore');
  await toolVersion('tar');
  const client = new Client({ connectionString: BACKUP_SERVER_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`The backup test needs PostgreSQL at ${BACKUP_SERVER_URL} (set PHULUC_BACKUP_TEST_SERVER_URL): ${(error as Error).message}`);
  }
  try {
    const [{ server_version_num: server }] = (await client.query('SHOW server_version_num')).rows;
    const client_major = Number(/(\d+)(?:\.\d+)*/u.exec(dump)?.[1]);
    const server_major = Math.floor(Number(server) / 10000);
    if (!(client_major >= server_major)) throw new Error(`${dump} cannot dump PostgreSQL ${server_major} at ${BACKUP_SERVER_URL}: install client tools ${server_major} or newer.`);
  } finally {
    await client.end();
  }
}

const createdDatabases: string[] = [];
/** A new empty database on the backup server (dropped in afterAll). */
async function createDatabase(label: string): Promise<{ name: string; url: string }> {
  const name = `${process.env[ENV_RUN_ID] ?? 'phuluc_test'}_${label}_${randomBytes(3).toString('hex')}`;
  await adminQuery(BACKUP_SERVER_URL, `CREATE DATABASE "${name}" TEMPLATE template0`);
  createdDatabases.push(name);
  return { name, url: withDatabase(BACKUP_SERVER_URL, name) };
}

/** Runs scripts/<name>.sh with sh (POSIX), as an operator would. */
async function script(name: 'backup' | 'restore', dir: string, env: { DATABASE_URL: string; PHULUC_FILES_DIR: string }) {
  return exec('sh', [join(SCRIPTS, `${name}.sh`), dir], { env: { PATH: process.env.PATH, ...env } });
}

/** Every file under `root` but tmp/, as relative path → SHA-256. */
async function filesTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const rel = join(e.parentPath, e.name).slice(root.length + 1);
    if (!rel.startsWith('tmp/')) out[rel] = sha256(await readFile(join(root, rel)));
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Signs in through the form; returns the session cookie (`phuluc_session=…`). */
async function signIn(app: INestApplication, email: string, password: string): Promise<string> {
  const agent = request.agent(app.getHttpServer());
  const form = await agent.get('/dang-nhap').expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/u.exec(form.text)![1];
  const res = await agent.post('/dang-nhap').type('form').send({ _csrf: csrf, email, password, tiep: '/' }).redirects(0).expect(303);
  return (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('phuluc_session='))!.split(';')[0];
}

/** What a person sees through the HTTP API: the facts a restore must give back unchanged. */
async function readFacts(app: INestApplication, account: TestAccount) {
  const http = () => apiAs(app, account);
  const instances: { id: string; submissionCount: number }[] = [];
  for (let page = 1; ; page++) {
    const res = await http().get(`/api/instances?plan=HP-BHXH-2030&limit=500&page=${page}`).expect(200);
    instances.push(...res.body.items);
    if (instances.length >= res.body.total) break;
  }
  const submissions: Record<string, unknown> = {};
  const files: Record<string, { sha256: string; bytes: string }> = {};
  for (const instance of instances.filter((i) => i.submissionCount > 0)) {
    const res = await http().get(`/api/instances/${instance.id}/submissions`).expect(200);
    submissions[instance.id] = res.body;
    for (const submission of res.body.submissions as { files: { id: string; sha256: string }[] }[]) {
      for (const file of submission.files) {
        const download = await http().get(`/api/files/${file.id}`).buffer(true).parse(binary).expect(200);
        files[file.id] = { sha256: file.sha256, bytes: sha256(download.body as Buffer) };
      }
    }
  }
  const compliance = [(await http().get('/api/compliance?year=2026').expect(200)).body, (await http().get('/api/compliance?year=2026&asOf=2026-11-30').expect(200)).body];
  const documents = (await http().get('/api/documents').expect(200)).body as { id: string; sha256?: string }[];
  const documentBytes: Record<string, string> = {};
  for (const d of documents) documentBytes[d.id] = sha256((await http().get(`/api/documents/${d.id}`).buffer(true).parse(binary).expect(200)).body as Buffer);
  const audit = [];
  for (let page = 1; ; page++) {
    const res = await http().get(`/api/audit?limit=500&page=${page}`).expect(200);
    audit.push(...res.body.items);
    if (audit.length >= res.body.total) break;
  }
  const me = (await http().get('/api/me').expect(200)).body;
  return { me, instances, submissions, files, compliance, documents, documentBytes, audit };
}

/**
 * Backup and restore as a round trip (scripts/backup.sh, scripts/restore.sh: pg_dump -Fc, then a
 * tar of the files directory; files first, then pg_restore): a seeded year with submitted PDFs and
 * a drafted annual report reads the same through the API on the restored database and files
 * directory, byte for byte; accounts, passwords and sessions come back; nothing is left to migrate.
 * Then the order: files taken before the dump lose files the rows reference; files taken after
 * the dump only carry orphans, which the file cleanup removes.
 */
describe('backup and restore (pg_dump -Fc / pg_restore, tar of the files directory)', () => {
  const work: string[] = [];
  let a: { name: string; url: string };
  let filesA: string;
  let monitor: TestAccount;
  let facts: Awaited<ReturnType<typeof readFacts>>;
  let sessionCookie: string;
  const apps: INestApplication[] = [];
  const clock = new SettableClock();

  const tempDir = async (label: string) => {
    const dir = await mkdtemp(join(tmpdir(), `phuluc-backup-${label}-`));
    work.push(dir);
    return dir;
  };
  const startApp = async (url: string, filesDir: string) => {
    const app = await createTestApp(url, { clock, env: { PHULUC_FILES_DIR: filesDir } });
    apps.push(app);
    return app;
  };
  const stopApp = async (app: INestApplication) => {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  };

  beforeAll(async () => {
    await checkTools();
    a = await createDatabase('backup_a');
    await runMigrations(a.url);
    filesA = await tempDir('files-a');
    const app = await startApp(a.url, filesA);
    await app.get(DefinitionsService).load();
    await app.get(GenerationService).generate({ until: '2026-12-31' });
    await app.get(DemoSeedService).seed();
    clock.set(NOW);
    monitor = await createAccount(app, { roles: ['monitor'], focalPointOf: ['SKHCN', 'BHXH'] });
    await apiAs(app, monitor).post('/api/reports/annual').send({ year: 2026 }).expect(201);
    facts = await readFacts(app, monitor);
    sessionCookie = await signIn(app, monitor.email, TEST_PASSWORD);
    await stopApp(app);
  }, 180_000);

  afterAll(async () => {
    for (const app of [...apps]) await app.close();
    for (const name of createdDatabases) await adminQuery(BACKUP_SERVER_URL, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    for (const dir of work) await rm(dir, { recursive: true, force: true });
  });

  it('the facts read before the backup are substantial: submissions with PDFs, a report, an audit trail', () => {
    expect(facts.instances.length).toBeGreaterThan(500);
    expect(Object.keys(facts.files).length).toBeGreaterThan(80);
    for (const f of Object.values(facts.files)) expect(f.bytes).toBe(f.sha256);
    expect(facts.documents).toHaveLength(1);
    expect(facts.audit.length).toBeGreaterThan(100);
  });

  it('restores the database and the files directory: the same API answers, the same bytes, the same accounts and sessions, nothing to migrate', async () => {
    const backup = await tempDir('dump');
    await script('backup', backup, { DATABASE_URL: a.url, PHULUC_FILES_DIR: filesA });
    expect((await readdir(backup)).sort()).toEqual(['files.tar', 'phuluc.dump']);
    // A second backup into the same folder is refused rather than mixing two.
    await expect(script('backup', backup, { DATABASE_URL: a.url, PHULUC_FILES_DIR: filesA })).rejects.toMatchObject({ code: 2 });

    const b = await createDatabase('backup_b');
    const filesB = join(await tempDir('files-b'), 'files');
    await script('restore', backup, { DATABASE_URL: b.url, PHULUC_FILES_DIR: filesB });

    // Nothing left to migrate on the restored database, and the same migrations recorded.
    const check = new DataSource(buildDataSourceOptions(b.url, { poolSize: 1 }));
    await check.initialize();
    try {
      expect(await check.showMigrations()).toBe(false);
    } finally {
      await check.destroy();
    }
    expect(await runMigrations(b.url)).toEqual([]);

    // The files directory: the same paths, the same bytes.
    expect(await filesTree(filesB)).toEqual(await filesTree(filesA));

    const app = await startApp(b.url, filesB);
    try {
      expect(await readFacts(app, monitor)).toEqual(facts);
      // Sessions are rows of the database: a session of the backup is still valid on the restored
      // copy (until its idle and absolute timeouts, counted by the database clock).
      const me = await request(app.getHttpServer()).get('/api/me').set('Cookie', sessionCookie).expect(200);
      expect(me.body.email).toBe(monitor.email);
      // The same account signs in with the same password (argon2id hashes are in the dump).
      const fresh = await signIn(app, monitor.email, TEST_PASSWORD);
      await request(app.getHttpServer()).get('/api/me').set('Cookie', fresh).expect(200);
      await request(app.getHttpServer()).get('/health').expect(200);
      // No file the restored database references is missing, and none is an orphan.
      expect(await app.get(FileCleanupService).cleanup(0)).toEqual({ removed: [], partials: [] });
    } finally {
      await stopApp(app);
    }
  }, 180_000);

  it('order: files taken before the dump miss what the dump references; files taken after it only carry orphans, which cleanup removes', async () => {
    const live = await startApp(a.url, filesA);
    const http = () => apiAs(live, monitor);
    const iii6 = (await http().get('/api/instances?plan=HP-BHXH-2030&row=III.6&period=2026').expect(200)).body.items as { id: string; role: string }[];
    const lead = iii6.find((i) => i.role === 'lead')!.id;
    const support = iii6.find((i) => i.role === 'support')!.id;
    const submit = async (id: string, name: string) => {
      const res = await http().post(`/api/instances/${id}/submissions`).attach('files', samplePdf(name), `${name}.pdf`).expect(201);
      return res.body;
    };

    // Wrong: the files first, then a submission lands, then the database.
    const wrong = await tempDir('wrong');
    await exec('tar', ['-C', filesA, '--exclude=./tmp', '-cf', join(wrong, 'files.tar'), '.']);
    await submit(lead, 'Ke hoach SKHCN 2026');
    await exec('pg_dump', ['-Fc', '-d', a.url, '-f', join(wrong, 'phuluc.dump')]);

    // Right (scripts/backup.sh): the database first, then a submission lands, then the files.
    const right = await tempDir('right');
    await exec('pg_dump', ['-Fc', '-d', a.url, '-f', join(right, 'phuluc.dump')]);
    await submit(support, 'Phoi hop BHXH 2026');
    await exec('tar', ['-C', filesA, '--exclude=./tmp', '-cf', join(right, 'files.tar'), '.']);
    const [lateFile] = (await live.get(DataSource).query(
      `SELECT f.storage_key FROM submission_file f JOIN submission s ON s.id = f.submission_id WHERE s.instance_id = $1`,
      [support],
    )) as { storage_key: string }[];
    await stopApp(live);

    // The wrong order: the lead's submission is in the database, its file is not on disk.
    const c = await createDatabase('backup_wrong');
    const filesC = await tempDir('files-wrong');
    await script('restore', wrong, { DATABASE_URL: c.url, PHULUC_FILES_DIR: filesC });
    let app = await startApp(c.url, filesC);
    try {
      const [submission] = (await apiAs(app, monitor).get(`/api/instances/${lead}/submissions`).expect(200)).body.submissions;
      const missing = await apiAs(app, monitor).get(`/api/files/${submission.files[0].id}`).expect(404);
      expect(missing.body.error.message).toBe('Tệp "Ke hoach SKHCN 2026.pdf" không còn trong kho lưu trữ; báo quản trị viên.');
    } finally {
      await stopApp(app);
    }

    // The right order: every referenced file is there; the submission made after the dump is not,
    // its file is an orphan, and the cleanup removes exactly that file.
    const d = await createDatabase('backup_right');
    const filesD = await tempDir('files-right');
    await script('restore', right, { DATABASE_URL: d.url, PHULUC_FILES_DIR: filesD });
    app = await startApp(d.url, filesD);
    try {
      const [submission] = (await apiAs(app, monitor).get(`/api/instances/${lead}/submissions`).expect(200)).body.submissions;
      const file = await apiAs(app, monitor).get(`/api/files/${submission.files[0].id}`).buffer(true).parse(binary).expect(200);
      expect(sha256(file.body as Buffer)).toBe(submission.files[0].sha256);
      expect((await apiAs(app, monitor).get(`/api/instances/${support}/submissions`).expect(200)).body.submissions).toEqual([]);
      expect(Object.keys(await filesTree(filesD))).toContain(lateFile.storage_key);
      expect(await app.get(FileCleanupService).cleanup(0)).toEqual({ removed: [lateFile.storage_key], partials: [] });
      expect(Object.keys(await filesTree(filesD))).not.toContain(lateFile.storage_key);
    } finally {
      await stopApp(app);
    }
  }, 180_000);
});

/** An additive migration of a release to come: nullable columns, nothing the old code reads changes. */
class AddUpgradeProbe1900000000000 implements MigrationInterface {
  name = 'AddUpgradeProbe1900000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_instance ADD COLUMN upgrade_probe text NULL`);
    await q.query(`ALTER TABLE calendar_feed ADD COLUMN upgrade_probe text NULL`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calendar_feed DROP COLUMN upgrade_probe`);
    await q.query(`ALTER TABLE task_instance DROP COLUMN upgrade_probe`);
  }
}

/**
 * Upgrades while old processes still run: the schema of the previous release (the last migration
 * reverted), an application serving it, and a new release's migration applied by `runMigrations`
 * (advisory-locked: it waits for another migrator, then applies) while requests keep flowing; and
 * an additive change (ADD COLUMN … NULL) to a table the running code reads and writes. No request
 * fails before, during or after.
 */
describe('upgrade: migrations applied while the previous release keeps serving', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let account: TestAccount;
  const clock = new SettableClock();
  let filesDir: string;
  let lastMigration: string;

  beforeAll(async () => {
    clock.set('2026-07-20T09:00:00+07:00');
    database = await createTestDatabase();
    // The previous release's schema: without the last migration (whichever it is).
    const probe = new Client({ connectionString: database.url });
    await probe.connect();
    [{ name: lastMigration }] = (await probe.query(`SELECT name FROM schema_migration ORDER BY id DESC LIMIT 1`)).rows;
    await probe.end();
    filesDir = await mkdtemp(join(tmpdir(), 'phuluc-upgrade-files-'));
    app = await createTestApp(database.url, { clock, env: { PHULUC_FILES_DIR: filesDir } });
    // The plan is loaded first (this release's loader may write what the last migration added),
    // then the schema goes back one migration: the traffic below runs code the previous release
    // shares (lists, figures, audit, probes, calendar feeds).
    await app.get(DefinitionsService).load();
    await app.get(GenerationService).generate({ until: '2026-07-20' });
    account = await createAccount(app, { roles: ['monitor'], focalPointOf: ['SKHCN', 'BHXH'] });
    expect(await revertMigrations(database.url, 1)).toBe(1);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    if (filesDir) await rm(filesDir, { recursive: true, force: true });
  });

  /** Requests the previous release serves (reads and writes), in a loop until stopped; every answer recorded. */
  function traffic() {
    const results: { path: string; status: number }[] = [];
    let running = true;
    const http = () => apiAs(app, account);
    const loop = (async () => {
      while (running) {
        const requests: [string, request.Test][] = [
          ['instances', http().get('/api/instances?plan=HP-BHXH-2030&limit=100')],
          ['compliance', http().get('/api/compliance?year=2026')],
          ['audit', http().get('/api/audit?limit=20')],
          ['health', request(app.getHttpServer()).get('/health')],
          // A write: a calendar feed link (a row inserted), cheap and repeatable.
          ['calendar-feed', http().post('/api/calendar-feeds').send({})],
        ];
        const answers = await Promise.all(requests.map(async ([path, r]) => ({ path, status: (await r).status })));
        results.push(...answers);
      }
    })();
    loop.catch(() => undefined); // a request that throws fails the test in stop()
    return {
      results,
      stop: async () => {
        running = false;
        await loop;
        return results;
      },
    };
  }

  it('the previous release keeps answering while runMigrations waits for the lock, applies a migration, and while a column is added', async () => {
    const load = traffic();
    const count = () => load.results.length;
    while (count() < 10) await new Promise((r) => setTimeout(r, 20));

    // Another migrator holds the advisory lock: runMigrations waits for it, the app keeps serving.
    const other = new Client({ connectionString: database.url });
    await other.connect();
    let applied: Promise<string[]>;
    try {
      await other.query(`SELECT pg_advisory_lock(x'7068756c'::int)`);
      applied = runMigrations(database.url);
      applied.catch(() => undefined); // awaited below
      const waiting = async () =>
        (await other.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)).rows[0].n;
      for (let i = 0; i < 200 && (await waiting()) === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await waiting()).toBe(1);
      const before = count();
      while (count() < before + 10) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await other.query(`SELECT pg_advisory_unlock(x'7068756c'::int)`);
      await other.end();
    }
    expect(await applied).toEqual([lastMigration]);
    const afterMigration = count();

    // A new release's expand step, as a migration class run through a DataSource: columns added
    // to tables the running code reads and writes. The old code neither knows nor minds them.
    const migrator = new DataSource({ ...buildDataSourceOptions(database.url, { poolSize: 1 }), migrations: [AddUpgradeProbe1900000000000] } as DataSourceOptions);
    await migrator.initialize();
    try {
      expect((await migrator.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual(['AddUpgradeProbe1900000000000']);
    } finally {
      await migrator.destroy();
    }
    while (count() < afterMigration + 10) await new Promise((r) => setTimeout(r, 20));
    const results = await load.stop();

    const failed = results.filter((r) => r.status >= 400);
    expect(failed).toEqual([]);
    expect(results.length).toBeGreaterThan(30);
    // The responses do not leak the new column (the queries name their columns).
    const list = await apiAs(app, account).get('/api/instances?plan=HP-BHXH-2030&limit=1').expect(200);
    expect(Object.keys(list.body.items[0])).not.toContain('upgrade_probe');
    expect(await runMigrations(database.url)).toEqual([]);
  }, 120_000);
});
