import { ChildProcess, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { seedDueMessages } from '../support/outbox-seed';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { unusedPort } from '../support/unused-port';

/**
 * phuluc as a city runs it: three processes of the same code on one PostgreSQL — two HTTP-only
 * (`serve --no-scheduler`) behind an imagined load balancer and one worker (`serve --no-http`).
 * Sessions and the sign-in throttle are shared through the database; only the worker sends mail;
 * SIGTERM makes the worker stop claiming, finish the batch in flight and exit 0, leaving nothing
 * claimed, and a new worker sends the rest, each message once.
 */

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'phuluc');
const ADMIN_EMAIL = 'quan-tri@snv.haiphong.gov.vn';
const ADMIN_PASSWORD = 'mật khẩu quản trị dài cho kiểm thử nhiều tiến trình';
const MAIL_DOMAIN = 'test.vn';

interface Proc {
  child: ChildProcess;
  output: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('several phuluc processes on one PostgreSQL', () => {
  let database: TestDatabase;
  let db: Client;
  let sink: SmtpSink;
  let filesDir: string;
  const procs: Proc[] = [];
  const ports: string[] = [];
  const METRICS_TOKEN = 'ma-theo-doi-prometheus-cho-kiem-thu-0123456789';
  const base = (i: number) => `http://127.0.0.1:${ports[i]}`;

  function start(args: string[], env: Record<string, string>): Proc {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        LOG_LEVEL: 'silent',
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
        PHULUC_FILES_DIR: filesDir,
        PHULUC_TRUST_PROXY: 'loopback',
        SMTP_URL: sink.url,
        MAIL_FROM: `phuluc <no-reply@${MAIL_DOMAIN}>`,
        MAIL_RATE_PER_SECOND: '1000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc: Proc = { child, output: '', exit: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))) };
    child.stdout!.on('data', (chunk) => (proc.output += chunk));
    child.stderr!.on('data', (chunk) => (proc.output += chunk));
    procs.push(proc);
    return proc;
  }

  async function until(what: string, check: () => Promise<boolean> | boolean, seconds = 90): Promise<void> {
    for (let i = 0; i < seconds * 5; i++) {
      if (await check()) return;
      await sleep(200);
    }
    throw new Error(`timed out waiting for ${what}\n${procs.map((p) => p.output).join('\n---\n')}`);
  }

  /** Due-now reminder messages put straight into the outbox, as the planner would. */
  async function seedOutbox(count: number, tag: string): Promise<string[]> {
    return (await seedDueMessages(db, { count, tag, mailDomain: MAIL_DOMAIN })).map((m) => m.messageId);
  }

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) ports.push(String(await unusedPort()));
    database = await createTestDatabase({ empty: true });
    filesDir = await fs.mkdtemp(path.join(os.tmpdir(), 'phuluc-scale-'));
    sink = await startSmtpSink({ answerDelayMs: 25 });
    // All three start at once on an empty database: one migrates (advisory lock), the others wait.
    start(['--no-scheduler'], { PORT: ports[0] });
    start(['--no-scheduler', '--no-load'], { PORT: ports[1] });
    start(['--no-http', '--no-load'], { PHULUC_TICK_SECONDS: '1', PHULUC_METRICS_PORT: ports[2], PHULUC_METRICS_TOKEN: METRICS_TOKEN });
    for (const i of [0, 1]) await until(`process ${i} to answer /health`, () => fetch(`${base(i)}/health`).then((r) => r.ok, () => false));
    await until('the worker to start', () => procs[2].output.includes('phuluc đang chạy bộ lập lịch (không mở cổng HTTP).'));
    db = new Client({ connectionString: database.url });
    await db.connect();
    await until('the plan to be loaded and opened', async () => (await db.query(`SELECT count(*)::int AS n FROM task_instance`)).rows[0].n > 500);
  }, 180_000);

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exit));
    await db?.end();
    await sink?.stop();
    await database?.drop();
    await fs.rm(filesDir, { recursive: true, force: true });
  });

  async function signInForm(i: number, email: string, password: string, ip: string) {
    const form = await fetch(`${base(i)}/dang-nhap`, { headers: { 'X-Forwarded-For': ip } });
    const cookie = form.headers.get('set-cookie')!.split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/u.exec(await form.text())![1];
    return fetch(`${base(i)}/dang-nhap`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, 'X-Forwarded-For': ip },
      body: new URLSearchParams({ _csrf: csrf, email, password, tiep: '/' }).toString(),
    });
  }

  it('migrated once and made one admin, though three processes started together', async () => {
    const { rows: admins } = await db.query(`SELECT email FROM user_account`);
    expect(admins).toEqual([{ email: ADMIN_EMAIL }]);
    const { rows: migrations } = await db.query(`SELECT name, count(*)::int AS n FROM schema_migration GROUP BY name HAVING count(*) > 1`);
    expect(migrations).toEqual([]);
  });

  it('a session opened on one process works on the other', async () => {
    const signedIn = await signInForm(0, ADMIN_EMAIL, ADMIN_PASSWORD, '192.0.2.10');
    expect(signedIn.status).toBe(303);
    const session = signedIn.headers.get('set-cookie')!.split(';')[0];
    for (const i of [0, 1]) {
      const me = await fetch(`${base(i)}/api/me`, { headers: { Cookie: session } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { email: string }).email).toBe(ADMIN_EMAIL);
    }
  });

  it('the sign-in throttle counts failures made on either process', async () => {
    for (let attempt = 0; attempt < 5; attempt++) expect((await signInForm(attempt % 2, ADMIN_EMAIL, `đoán ${attempt}`, '198.51.100.20')).status).toBe(401);
    for (const i of [0, 1]) expect((await signInForm(i, ADMIN_EMAIL, ADMIN_PASSWORD, '198.51.100.20')).status).toBe(429);
  });

  it('only the worker sends mail, each message once', async () => {
    const ids = await seedOutbox(120, 'a');
    await until('120 messages sent', async () => (await db.query(`SELECT count(*)::int AS n FROM outbox_message WHERE state = 'sent' AND idempotency_key LIKE '%:a:%'`)).rows[0].n === 120);
    const received = sink.messages.filter((m) => ids.includes(m.messageId));
    expect(new Set(received.map((m) => m.messageId)).size).toBe(120);
    expect(received).toHaveLength(120);
    const { rows } = await db.query(`SELECT DISTINCT split_part(claimed_by, ':', 2) AS pid FROM outbox_message WHERE idempotency_key LIKE '%:a:%'`);
    expect(rows).toEqual([{ pid: String(procs[2].child.pid) }]);
    // The worker has no HTTP application, but its sends can be scraped on its metrics port.
    const scrape = await fetch(`${base(2)}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scrape.status).toBe(200);
    expect(Number(/^phuluc_mail_sent_total (\d+)/mu.exec(await scrape.text())?.[1])).toBeGreaterThanOrEqual(120);
    expect((await fetch(`${base(2)}/metrics`)).status).toBe(401);
    expect((await fetch(`${base(2)}/health/live`)).status).toBe(200);
  });

  it('SIGTERM: the worker stops claiming, finishes its batch, exits 0; a new worker sends the rest once', async () => {
    const ids = await seedOutbox(400, 'b');
    const sentB = async () => (await db.query(`SELECT count(*)::int AS n FROM outbox_message WHERE state = 'sent' AND idempotency_key LIKE '%:b:%'`)).rows[0].n as number;
    await until('some of the 400 to be sent', async () => (await sentB()) >= 20);
    procs[2].child.kill('SIGTERM');
    const exit = await Promise.race([procs[2].exit, sleep(60_000).then(() => 'timeout' as const)]);
    expect(exit).toEqual({ code: 0, signal: null });
    const { rows: states } = await db.query(
      `SELECT state, count(*)::int AS n, count(*) FILTER (WHERE lease_until > now())::int AS leased FROM outbox_message WHERE idempotency_key LIKE '%:b:%' GROUP BY state ORDER BY state`,
    );
    // Nothing left claimed: every row is sent or waiting, none in flight.
    expect(states.filter((s: { state: string }) => s.state === 'sending')).toEqual([]);
    const sentAtStop = await sentB();
    expect(sentAtStop).toBeLessThan(400);
    expect(sink.messages.filter((m) => ids.includes(m.messageId))).toHaveLength(sentAtStop);

    start(['--no-http', '--no-load'], { PHULUC_TICK_SECONDS: '1' });
    await until('the rest to be sent by a new worker', async () => (await sentB()) === 400, 120);
    const received = sink.messages.filter((m) => ids.includes(m.messageId));
    expect(received).toHaveLength(400);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(400);
  }, 240_000);

  it('an HTTP process stopped with SIGTERM exits cleanly while the other keeps serving', async () => {
    procs[0].child.kill('SIGTERM');
    expect(await procs[0].exit).toEqual({ code: 0, signal: null });
    expect((await fetch(`${base(1)}/health`)).status).toBe(200);
  });
});
