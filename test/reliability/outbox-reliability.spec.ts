import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DEFAULT_DISPATCH_SETTINGS } from '../../src/modules/mail/outbox-dispatcher';
import { seedDueMessages } from '../support/outbox-seed';
import { startSmtpSink, type ReceivedMessage, type Rejection, type SmtpFaults, type SmtpSink } from '../support/smtp-sink';

/**
 * The reliability suite (`npm run test:reliability`): three `phuluc serve --no-http` processes
 * send RELIABILITY_MESSAGES (20,000) due reminders through a misbehaving SMTP server — 20% of
 * connections refused, 10% of messages answered 451, designated addresses refused 550, 0.5% of
 * final acknowledgements lost — while the test SIGKILLs processes (and starts replacements),
 * terminates their PostgreSQL connections, restarts PostgreSQL, and takes the SMTP server down
 * for RELIABILITY_SMTP_DOWN_SECONDS (60). After quiescence: no reminder lost, none created
 * twice, transport duplicates within the injected ambiguous acknowledgements plus the sends in
 * flight at each kill or database outage, nothing left in flight, retries after their backoff,
 * and the shared send rate held. CI runs a bounded version (smaller numbers, same faults).
 */

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'phuluc');
const MESSAGES = Number(process.env.RELIABILITY_MESSAGES || 20_000);
const SMTP_DOWN_SECONDS = Number(process.env.RELIABILITY_SMTP_DOWN_SECONDS || 60);
const RATE = Number(process.env.RELIABILITY_RATE || 400);
const PROCESSES = 3;
const MAIL_DOMAIN = 'test.vn';
/** Backoff base: an outage of D seconds costs a message about four attempts of its eight. */
const RETRY_BASE_SECONDS = Math.max(1, Math.round(SMTP_DOWN_SECONDS / 10));
const QUIESCE_SECONDS = Number(process.env.RELIABILITY_QUIESCE_SECONDS || 900);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The test's own PostgreSQL, in a child process so that it can be stopped and started again. */
interface Postgres {
  url: string;
  stop(): Promise<void>;
}

async function startPostgres(dataDir: string, port = 0): Promise<Postgres> {
  const child = spawn(process.execPath, [path.join(ROOT, 'test', 'support', 'embedded-postgres-process.js'), dataDir, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    void exit.then((code) => reject(new Error(`PostgreSQL exited (${code}) before it was ready: ${output}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exit;
    },
  };
}
/** A number in [0, 1000) from a Message-ID: the faults are a pure function of the message. */
const bucket = (messageId: string) => parseInt(createHash('sha256').update(messageId).digest('hex').slice(0, 8), 16) % 1000;

interface App {
  child: ChildProcess;
  output: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

jest.setTimeout((QUIESCE_SECONDS + SMTP_DOWN_SECONDS + 300) * 1000);

describe('reliability: three processes, 20,000 reminders, a misbehaving SMTP server, kills and outages', () => {
  let dataDir: string;
  let postgres: Postgres;
  let port: number;
  let url: string;
  let observer: Client;
  let smtpPort = 0;
  let sink: SmtpSink | undefined;
  const received: ReceivedMessage[] = [];
  const rejections: Rejection[] = [];
  const apps: App[] = [];
  /** Sends in flight when the test broke something: the duplicates it may cause. */
  const inFlightAtFaults: { fault: string; sending: number }[] = [];

  const faults: SmtpFaults = {
    connection: (n) => (n % 5 === 0 ? 'reset' : undefined),
    recipient: (address) => (address.startsWith('fail550-') ? 550 : undefined),
    message: ({ messageId, attempt }) => (attempt === 1 && bucket(messageId) < 100 ? 451 : undefined),
    dropAck: ({ messageId, attempt }) => attempt === 1 && bucket(messageId) >= 500 && bucket(messageId) < 505,
  };

  async function startSink(): Promise<void> {
    sink = await startSmtpSink({ faults, port: smtpPort });
    smtpPort = sink.port;
  }

  async function stopSink(): Promise<void> {
    if (!sink) return;
    received.push(...sink.messages);
    rejections.push(...sink.rejections);
    await sink.stop();
    sink = undefined;
  }

  const allReceived = () => [...received, ...(sink?.messages ?? [])];
  const allRejections = () => [...rejections, ...(sink?.rejections ?? [])];

  function startApp(): App {
    const child = spawn(process.execPath, [BIN, 'serve', '--no-http', '--no-load'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: url,
        LOG_LEVEL: 'warn',
        PHULUC_TICK_SECONDS: '1',
        PHULUC_DATA_DIR: dataDir,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: `phuluc <no-reply@${MAIL_DOMAIN}>`,
        MAIL_RATE_PER_SECOND: String(RATE),
        MAIL_RETRY_BASE_SECONDS: String(RETRY_BASE_SECONDS),
        ADMIN_PASSWORD: 'mật khẩu quản trị dài cho bộ kiểm thử độ tin cậy',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app: App = { child, output: '', exit: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))) };
    child.stdout!.on('data', (c) => (app.output = (app.output + c).slice(-20_000)));
    child.stderr!.on('data', (c) => (app.output = (app.output + c).slice(-20_000)));
    apps.push(app);
    return app;
  }

  const alive = () => apps.filter((a) => a.child.exitCode === null && a.child.signalCode === null);

  async function sending(): Promise<number> {
    for (let i = 0; i < 30; i++) {
      try {
        return (await observer.query(`SELECT count(*)::int AS n FROM outbox_message WHERE state = 'sending'`)).rows[0].n;
      } catch {
        await reconnectObserver();
      }
    }
    throw new Error('the observer cannot reach PostgreSQL');
  }

  async function reconnectObserver(): Promise<void> {
    await observer?.end().catch(() => undefined);
    for (let i = 0; i < 60; i++) {
      try {
        observer = new Client({ connectionString: url, application_name: 'reliability-observer' });
        observer.on('error', () => undefined);
        await observer.connect();
        return;
      } catch {
        await sleep(500);
      }
    }
    throw new Error('PostgreSQL did not come back');
  }

  function phuluc(args: string[]): void {
    const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 180_000 });
    if (result.status !== 0) throw new Error(`phuluc ${args.join(' ')}: ${result.stderr}${result.stdout}`);
  }

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'dist', 'src', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm run test:reliability does)');
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'phuluc-reliability-'));
    await fs.chmod(dataDir, 0o755);
    // Its own PostgreSQL, so the test can restart it.
    postgres = await startPostgres(dataDir);
    port = Number(new URL(postgres.url).port);
    url = postgres.url;
    phuluc(['load']);
    phuluc(['generate', '--until', '2031-01-31']);
    await reconnectObserver();
  }, 300_000);

  afterAll(async () => {
    for (const a of alive()) a.child.kill('SIGKILL');
    await Promise.all(apps.map((a) => a.exit));
    await observer?.end().catch(() => undefined);
    await stopSink();
    await postgres?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('loses nothing, duplicates only what it could not know, leaves nothing in flight', async () => {
    const seeded = await seedDueMessages(observer, { count: MESSAGES, tag: 'r', mailDomain: MAIL_DOMAIN, fail550: (i) => i % 200 === 7 });
    const fail550 = seeded.filter((m) => m.to.startsWith('fail550-')).length;
    await startSink();
    for (let i = 0; i < PROCESSES; i++) startApp();
    const t0 = Date.now();
    const progress = async () => (await observer.query(`SELECT count(*) FILTER (WHERE state IN ('sent', 'dead'))::int AS n FROM outbox_message`)).rows[0].n as number;
    const waitFor = async (done: number) => {
      while ((await progress().catch(async () => (await reconnectObserver(), 0))) < done) await sleep(200);
    };
    const kill = async (fault: string) => {
      const victim = alive()[Math.floor(Math.random() * alive().length)];
      inFlightAtFaults.push({ fault, sending: await sending() });
      victim.child.kill('SIGKILL');
      await victim.exit;
      startApp();
    };

    // The faults, spread over the run.
    await waitFor(Math.round(MESSAGES * 0.1));
    await kill('SIGKILL 1');
    await waitFor(Math.round(MESSAGES * 0.2));
    inFlightAtFaults.push({ fault: 'connections terminated', sending: await sending() });
    await observer.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'phuluc%' AND pid <> pg_backend_pid()`);
    await waitFor(Math.round(MESSAGES * 0.35));
    inFlightAtFaults.push({ fault: 'PostgreSQL restarted', sending: await sending() });
    await observer.end().catch(() => undefined);
    await postgres.stop();
    await sleep(2000);
    postgres = await startPostgres(dataDir, port);
    await reconnectObserver();
    await waitFor(Math.round(MESSAGES * 0.5));
    inFlightAtFaults.push({ fault: 'SMTP down', sending: await sending() });
    await stopSink();
    await sleep(SMTP_DOWN_SECONDS * 1000);
    await startSink();
    await waitFor(Math.round(MESSAGES * 0.7));
    await kill('SIGKILL 2');

    // Quiescence: every message sent or dead, nothing in flight.
    const deadline = Date.now() + QUIESCE_SECONDS * 1000;
    for (;;) {
      const { rows } = await observer.query(`SELECT state, count(*)::int AS n FROM outbox_message GROUP BY state`);
      const by = Object.fromEntries(rows.map((r: { state: string; n: number }) => [r.state, r.n]));
      if ((by.sent ?? 0) + (by.dead ?? 0) === MESSAGES) break;
      if (Date.now() > deadline) throw new Error(`not quiescent after ${QUIESCE_SECONDS} s: ${JSON.stringify(by)}\n${alive().map((a) => a.output).join('\n---\n')}`);
      await sleep(500);
    }
    const seconds = (Date.now() - t0) / 1000;
    for (const a of alive()) a.child.kill('SIGTERM');
    const exits = await Promise.all(alive().map((a) => a.exit));

    // --- invariants ---
    const q = async <T>(sql: string): Promise<T[]> => (await observer.query(sql)).rows as T[];
    const [counts] = await q<{ messages: number; items: number; sending: number; sent: number; dead: number; dead550: number }>(
      `SELECT (SELECT count(*)::int FROM outbox_message) AS messages, (SELECT count(*)::int FROM outbox_item) AS items,
              count(*) FILTER (WHERE state = 'sending')::int AS sending, count(*) FILTER (WHERE state = 'sent')::int AS sent,
              count(*) FILTER (WHERE state = 'dead')::int AS dead, count(*) FILTER (WHERE state = 'dead' AND to_email LIKE 'fail550-%')::int AS dead550
         FROM outbox_message`,
    );
    const accepted = allReceived();
    const distinct = new Set(accepted.map((m) => m.messageId));
    const droppedAcks = allRejections().filter((r) => r.stage === 'ack').length;
    const inFlight = inFlightAtFaults.reduce((n, f) => n + f.sending, 0);
    // The shared rate: attempts started in any 5-second window, at most rate × 5 + the bucket's burst.
    const [window] = await q<{ worst: number }>(
      `SELECT COALESCE(max(n), 0)::int AS worst FROM (
         SELECT count(*) OVER (ORDER BY started_at RANGE BETWEEN CURRENT ROW AND interval '5 seconds' FOLLOWING) AS n FROM outbox_attempt) w`,
    );
    const gaps = await q<{ attempt: number; gap: number }>(
      `SELECT a.attempt, EXTRACT(EPOCH FROM b.started_at - a.finished_at)::float8 AS gap
         FROM outbox_attempt a
         JOIN LATERAL (SELECT started_at FROM outbox_attempt b WHERE b.message_id = a.message_id AND b.attempt > a.attempt ORDER BY b.attempt LIMIT 1) b ON true
        WHERE a.outcome = 'retry'`,
    );
    const lowerBound = (attempt: number) => Math.max(1, Math.round(Math.min(DEFAULT_DISPATCH_SETTINGS.backoffMaxSeconds, RETRY_BASE_SECONDS * 2 ** Math.max(0, attempt - 1)) * 0.75));
    const tooEarly = gaps.filter((g) => g.gap < lowerBound(g.attempt) - 0.005);
    process.stderr.write(
      `[reliability] ${JSON.stringify({
        messages: MESSAGES,
        seconds,
        counts,
        smtp: { accepted: accepted.length, distinct: distinct.size, duplicates: accepted.length - distinct.size, droppedAcks, faults: allRejections().length },
        inFlightAtFaults,
        worstFiveSeconds: window.worst,
        retryGaps: gaps.length,
        exits,
      })}\n`,
    );

    // None lost: every deliverable message reached the server; only the refused addresses are dead.
    expect(counts.sending).toBe(0);
    expect(counts.sent).toBe(MESSAGES - fail550);
    expect(counts.dead).toBe(fail550);
    expect(counts.dead550).toBe(fail550);
    expect(distinct.size).toBe(MESSAGES - fail550);
    // None created twice.
    expect(counts.messages).toBe(MESSAGES);
    expect(counts.items).toBe(MESSAGES);
    // Duplicates at the server: at most the lost acknowledgements plus the sends in flight at the faults.
    expect(accepted.length - distinct.size).toBeLessThanOrEqual(droppedAcks + inFlight);
    expect(droppedAcks).toBeGreaterThan(0);
    // Retries waited for their backoff.
    expect(gaps.length).toBeGreaterThan(0);
    expect(tooEarly).toEqual([]);
    // The shared rate held across the processes.
    expect(window.worst).toBeLessThanOrEqual(RATE * 5 + Math.ceil(RATE * 2) + PROCESSES);
    // The survivors stopped cleanly on SIGTERM.
    for (const e of exits) expect(e).toEqual({ code: 0, signal: null });
  });
});
