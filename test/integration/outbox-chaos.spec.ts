import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { messageIdFor } from '../../src/modules/mail/mail-transport';
import { DEFAULT_DISPATCH_SETTINGS } from '../../src/modules/mail/outbox-dispatcher';
import { DueTodayMail, MailTemplates } from '../../src/modules/reminders/mail-templates';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * Several phuluc processes dispatching one outbox while things break: three dispatch-only
 * processes (test/support/dispatch-worker.js, the real OutboxService from dist/) share ≥ 10,000
 * due messages through PostgreSQL and send them to a real SMTP server on loopback that refuses
 * some connections, answers 421 / 451 to some messages and 550 to some recipients. During the
 * run the test terminates the workers' PostgreSQL connections three times and SIGKILLs one
 * worker mid-dispatch. At the end: every deliverable message sent exactly once by the outbox
 * (duplicates at the server counted and bounded), 550s dead after one attempt, backoff kept,
 * the killed worker's claims sent by the others once its lease ran out, and nothing created twice.
 */

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'phuluc');
const WORKER = path.join(ROOT, 'test', 'support', 'dispatch-worker.js');
const TEMPLATES = path.join(ROOT, 'templates', 'mail');
const MESSAGES = 10_000;
const WORKERS = 3;
const MAIL_DOMAIN = 'test.vn';
/** First-retry backoff given to the workers (MAIL_RETRY_BASE_SECONDS); doubles each attempt. */
const RETRY_BASE_SECONDS = 1;
const LEASE_SECONDS = DEFAULT_DISPATCH_SETTINGS.leaseSeconds;
const TEST_APP_NAME = 'phuluc-chaos-test-observer';

/** A number in [0, 1000) from a Message-ID (its first hex digits are a SHA-256 prefix). */
const bucketOf = (messageId: string) => parseInt(messageId.slice(1, 9), 16) % 1000;
const isFail550 = (address: string) => address.startsWith('fail550-');
/** Set when the suite ends: polling loops still running (after a timeout) stop instead of keeping Jest alive. */
let finished = false;
const sleep = async (ms: number) => {
  if (finished) throw new Error('the test ended (timeout?) while this loop was still waiting');
  await new Promise((resolve) => setTimeout(resolve, ms));
};

function phuluc(args: string[], databaseUrl: string): void {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`phuluc ${args.join(' ')} exited with ${result.status}: ${result.stderr}${result.stdout}`);
}

interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** `hostname:pid`, what the outbox stores in claimed_by. */
  id?: string;
  ready: Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  done?: { rounds: number; claimed: number; sent: number; retried: number; dead: number; errors: number; errorMessages: string[] };
  stderr: string;
}

function startWorker(databaseUrl: string, smtpUrl: string): WorkerProcess {
  const child = spawn(process.execPath, [WORKER], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtpUrl,
      MAIL_FROM: `phuluc <no-reply@${MAIL_DOMAIN}>`,
      MAIL_RATE_PER_SECOND: '5000',
      MAIL_RETRY_BASE_SECONDS: String(RETRY_BASE_SECONDS),
      PHULUC_TICK_SECONDS: '0',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const worker = { child, pid: child.pid!, stderr: '' } as WorkerProcess;
  let signalReady: () => void = () => undefined;
  worker.ready = new Promise((resolve) => (signalReady = resolve));
  worker.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let buffer = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buffer += chunk;
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      const event = JSON.parse(line) as { event: string; worker?: string } & Record<string, unknown>;
      if (event.event === 'ready') {
        worker.id = event.worker;
        signalReady();
      } else if (event.event === 'done') worker.done = event as unknown as WorkerProcess['done'];
    }
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (worker.stderr += chunk));
  return worker;
}

/** The smallest delay backoffSeconds() can give after attempt n (jitter factor ≥ 0.75, then rounded, at least 1 s). */
function backoffLowerBound(attempt: number): number {
  const plain = Math.min(DEFAULT_DISPATCH_SETTINGS.backoffMaxSeconds, RETRY_BASE_SECONDS * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(plain * 0.75));
}

describe('outbox dispatch by three processes against a failing SMTP server', () => {
  let database: TestDatabase;
  let observer: Client;
  let sink: SmtpSink | undefined;
  const workers: WorkerProcess[] = [];
  const seeded = { messages: 0, items: 0, fail550: 0 };

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'dist', 'src', 'app.module.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    database = await createTestDatabase();
    // Real task instances to hang the outbox items on: the Hải Phòng plan through 2030.
    phuluc(['load', '--json'], database.url);
    phuluc(['generate', '--until', '2031-01-31', '--json'], database.url);
    observer = new Client({ connectionString: database.url, application_name: TEST_APP_NAME });
    await observer.connect();

    const instances: {
      id: string;
      role: 'lead' | 'support';
      due_date: string;
      agency_name: string;
      plan_code: string;
      plan_title: string;
      monitoring_agency_name: string;
      row_key: string;
      task: string;
      period_label: string;
    }[] = (
      await observer.query(
        `SELECT t.id, t.role, to_char(t.due_date, 'YYYY-MM-DD') AS due_date, a.name AS agency_name, p.code AS plan_code,
                p.title AS plan_title, m.name AS monitoring_agency_name, d.key AS row_key, v.task, t.period_label
           FROM task_instance t
           JOIN plan p ON p.id = t.plan_id
           JOIN agency a ON a.code = t.agency_code
           JOIN agency m ON m.code = p.monitoring_agency_code
           JOIN workflow_definition d ON d.id = t.definition_id
           JOIN workflow_definition_version v ON v.id = t.version_id
          ORDER BY t.due_date, t.id`,
      )
    ).rows;
    expect(instances.length).toBeGreaterThan(5000);

    // ≥ 10,000 due-today messages of one item each; an instance is reused with another occurrence.
    const rows = Array.from({ length: MESSAGES }, (_, i) => {
      const instance = instances[i % instances.length];
      const occurrence = Math.floor(i / instances.length);
      const to = i % 100 === 37 ? `fail550-${i}@${MAIL_DOMAIN}` : `cb-${i}@${MAIL_DOMAIN}`;
      const key = `${instance.id}:due-today:${occurrence}:${instance.due_date}:${to}`;
      const view: DueTodayMail = {
        monitoringAgencyName: instance.monitoring_agency_name,
        recipientName: null,
        planCode: instance.plan_code,
        planTitle: instance.plan_title,
        rowKey: instance.row_key,
        task: instance.task,
        periodLabel: instance.period_label,
        agencyName: instance.agency_name,
        role: instance.role,
        dueDate: instance.due_date,
        daysLate: 0,
        link: `http://localhost:3000/nhiem-vu/${instance.id}`,
      };
      return { key, to, view, message_id: messageIdFor(key, MAIL_DOMAIN), instance_id: instance.id, occurrence, ladder_due: instance.due_date };
    });
    // A view the templates cannot render would make every message dead: check one first.
    const templates = await MailTemplates.load(TEMPLATES);
    expect(templates.render('due-today', rows[0].view).subject).toContain(rows[0].view.rowKey);

    for (let from = 0; from < rows.length; from += 2500) {
      const result = await observer.query(
        `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb)
                      AS x(key text, "to" text, view jsonb, message_id text, instance_id uuid, occurrence int, ladder_due date)),
              m AS (INSERT INTO outbox_message (idempotency_key, template, to_email, view, message_id)
                    SELECT key, 'due-today', "to", view, message_id FROM x RETURNING id, idempotency_key)
         INSERT INTO outbox_item (message_id, instance_id, step, occurrence, ladder_due, recipient, send_on)
         SELECT m.id, x.instance_id, 'due-today', x.occurrence, x.ladder_due, x."to", x.ladder_due
           FROM m JOIN x ON x.key = m.idempotency_key`,
        [JSON.stringify(rows.slice(from, from + 2500))],
      );
      seeded.items += result.rowCount ?? 0;
    }
    seeded.messages = rows.length;
    seeded.fail550 = rows.filter((r) => isFail550(r.to)).length;
  }, 120_000);

  afterAll(async () => {
    finished = true;
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exit));
    await sink?.stop();
    await observer?.end();
    await database?.drop();
  });

  it('sends every deliverable message once, through refused connections, 4xx, 550s, killed connections and a SIGKILLed worker', async () => {
    expect(seeded).toEqual({ messages: MESSAGES, items: MESSAGES, fail550: 100 });
    sink = await startSmtpSink({
      faults: {
        // Every 13th connection reset before the greeting (nodemailer's pool silently re-queues the
        // message on a new connection: no failed attempt), every 17th greeted with 421.
        connection: (n) => (n % 13 === 5 ? 'reset' : n % 17 === 8 ? 421 : undefined),
        recipient: (address) => (isFail550(address) ? 550 : undefined),
        // 4 % of messages: 451 on their first DATA; 1 % also on their second; the 25th message of
        // every 3rd connection: 421 and the connection closes.
        message: ({ messageId, attempt, connection, transaction }) => {
          const bucket = bucketOf(messageId);
          if (attempt === 1 && bucket < 40) return 451;
          if (attempt === 2 && bucket < 10) return 451;
          if (connection % 3 === 0 && transaction === 25) return 421;
          return undefined;
        },
      },
    });
    const smtp = sink;
    const started = Date.now();
    for (let i = 0; i < WORKERS; i++) workers.push(startWorker(database.url, smtp.url));
    const crashed = workers.map((w) => w.exit.then((e) => ({ ...e, w })));
    await Promise.race([
      Promise.all(workers.map((w) => w.ready)),
      Promise.race(crashed).then(({ code, w }) => {
        throw new Error(`a worker exited with ${code} before it was ready: ${w.stderr}`);
      }),
    ]);
    const readyAt = Date.now();

    /** Terminates every PostgreSQL connection of the workers (not the observer's). */
    const terminated: number[] = [];
    const killConnections = async () => {
      const { rows } = await observer.query(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name LIKE 'phuluc%' AND application_name <> $1 AND pid <> pg_backend_pid()`,
        [TEST_APP_NAME],
      );
      terminated.push(rows[0].n as number);
    };
    let victim: WorkerProcess | undefined;
    /** A worker that died by itself (not the one this test kills) fails the test at once. */
    const checkNoCrash = () => {
      const crash = workers.find((w) => w !== victim && w.child.exitCode !== null && (w.child.exitCode !== 0 || w.child.signalCode !== null));
      if (crash) throw new Error(`worker ${crash.pid} crashed (exit ${crash.child.exitCode ?? crash.child.signalCode}):\n${crash.stderr}`);
    };
    const waitForSink = async (count: number) => {
      while (smtp.messages.length < count) {
        checkNoCrash();
        await sleep(20);
      }
    };

    // 1. Connections killed while the three are sending.
    await waitForSink(1500);
    await killConnections();

    // 2. SIGKILL a worker that holds claimed, unsent rows. A worker seen holding rows may
    // record them before the signal lands, so each candidate is frozen first (SIGSTOP), given
    // a moment for anything already on its socket to reach PostgreSQL, and checked again:
    // only a frozen worker that still holds rows is killed; the others are let go on.
    await waitForSink(3000);
    while (!victim) {
      await sleep(5);
      for (const w of workers) {
        w.child.kill('SIGSTOP');
        await sleep(200);
        const { rows } = await observer.query(`SELECT count(*)::int AS n FROM outbox_message WHERE state = 'sending' AND claimed_by = $1`, [w.id]);
        if (rows[0].n > 0) {
          victim = w;
          break;
        }
        w.child.kill('SIGCONT');
      }
    }
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    const victimExit = await victim.exit;
    const sentBeforeKill = smtp.messages.length;
    // What the dead worker held: claimed, never recorded (PostgreSQL rolled back its open transaction).
    const orphans: { id: string; message_id: string; lease_left: number }[] = (
      await observer.query(
        `SELECT id, message_id, EXTRACT(EPOCH FROM lease_until - clock_timestamp())::float8 AS lease_left
           FROM outbox_message WHERE state = 'sending' AND claimed_by = $1`,
        [victim.id],
      )
    ).rows;
    const orphanIds = orphans.map((o) => o.id);

    // The victim's rows come back when their lease runs out and are sent by the survivors:
    // watched from the kill on, while the connection kills below go on.
    let reclaimedAfter: number | undefined;
    let orphansSentAfter: number | undefined;
    const watchRecovery = async () => {
      while (orphansSentAfter === undefined) {
        const { rows } = await observer.query(
          `SELECT count(*) FILTER (WHERE claimed_by <> $2)::int AS reclaimed, count(*) FILTER (WHERE state IN ('sent', 'dead'))::int AS finished
             FROM outbox_message WHERE id = ANY($1::uuid[])`,
          [orphanIds, victim.id],
        );
        if (reclaimedAfter === undefined && rows[0].reclaimed === orphanIds.length) reclaimedAfter = (Date.now() - killedAt) / 1000;
        if (rows[0].finished === orphanIds.length) orphansSentAfter = (Date.now() - killedAt) / 1000;
        else {
          checkNoCrash();
          await sleep(100);
        }
      }
    };
    const recovery = watchRecovery().then(
      () => undefined,
      (error: Error) => error,
    );

    // 3. And more connection kills while the two survivors carry on.
    await waitForSink(5000);
    await killConnections();
    await waitForSink(7000);
    await killConnections();
    const recoveryFailure = await recovery;
    if (recoveryFailure) throw recoveryFailure;

    // Every survivor ends by itself when nothing is left to send.
    const survivors = workers.filter((w) => w !== victim);
    const exits = await Promise.all(survivors.map((w) => w.exit));
    const finishedAt = Date.now();

    // Measurements first (printed even when an assertion below fails), then the assertions.
    const q = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await observer.query(sql, params)).rows as T[];
    const states = Object.fromEntries((await q<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM outbox_message GROUP BY state`)).map((r) => [r.state, r.n]));
    const [counts] = await q<{ messages: number; items: number }>(
      `SELECT (SELECT count(*)::int FROM outbox_message) AS messages, (SELECT count(*)::int FROM outbox_item) AS items`,
    );
    const deadNot550 = await q(`SELECT to_email, last_error FROM outbox_message WHERE state = 'dead' AND to_email NOT LIKE 'fail550-%'`);
    const sent = await q<{ message_id: string; idempotency_key: string }>(`SELECT message_id, idempotency_key FROM outbox_message WHERE state = 'sent'`);
    const received = new Map<string, number>();
    for (const m of smtp.messages) received.set(m.messageId, (received.get(m.messageId) ?? 0) + 1);
    const duplicates = smtp.messages.length - received.size;
    const duplicated = [...received].filter(([, n]) => n > 1).map(([id]) => id);
    // For each duplicate: who recorded what (a send whose record never committed leaves a gap in attempts).
    const duplicateHistory = await q<{ message_id: string; attempts: number; history: string }>(
      `SELECT m.message_id, m.attempts, string_agg(a.attempt || ':' || a.outcome || '@' || split_part(a.worker, ':', 2), ' ' ORDER BY a.attempt) AS history
         FROM outbox_message m LEFT JOIN outbox_attempt a ON a.message_id = m.id
        WHERE m.message_id = ANY($1::text[]) GROUP BY m.id`,
      [duplicated],
    );
    // A 550 recipient's attempts: connection-level failures (a 421 greeting) may come first; the
    // 550 itself must be the one and last attempt.
    const dead550 = await q<{ to_email: string; refusals: number; last: string; history: string }>(
      `SELECT m.to_email, count(*) FILTER (WHERE a.smtp_code = 550)::int AS refusals,
              (array_agg(a.outcome || ' ' || COALESCE(a.smtp_code::text, '-') ORDER BY a.attempt DESC))[1] AS last,
              string_agg(a.outcome || ' ' || COALESCE(a.smtp_code::text, '-'), ', ' ORDER BY a.attempt) AS history
         FROM outbox_message m LEFT JOIN outbox_attempt a ON a.message_id = m.id
        WHERE m.to_email LIKE 'fail550-%' GROUP BY m.id`,
    );
    const rcpt550 = new Map<string, number>();
    for (const r of smtp.rejections) if (r.stage === 'rcpt' && r.recipient) rcpt550.set(r.recipient, (rcpt550.get(r.recipient) ?? 0) + 1);
    // Backoff: after a failed attempt n, the next one started no earlier than the smallest delay
    // backoffSeconds(n) can give (the retry's next_attempt_at is set after its finished_at).
    const gaps = await q<{ attempt: number; gap: number }>(
      `SELECT a.attempt, EXTRACT(EPOCH FROM b.started_at - a.finished_at)::float8 AS gap
         FROM outbox_attempt a
         JOIN LATERAL (SELECT started_at FROM outbox_attempt b WHERE b.message_id = a.message_id AND b.attempt > a.attempt
                        ORDER BY b.attempt LIMIT 1) b ON true
        WHERE a.outcome = 'retry'`,
    );
    const tooEarly = gaps.filter((g) => g.gap < backoffLowerBound(g.attempt) - 0.005);
    const [{ retried }] = await q<{ retried: number }>(`SELECT count(DISTINCT message_id)::int AS retried FROM outbox_attempt WHERE outcome = 'retry'`);
    const attemptsHistogram = Object.fromEntries(
      (await q<{ attempts: number; n: number }>(`SELECT attempts, count(*)::int AS n FROM outbox_message GROUP BY attempts ORDER BY attempts`)).map((r) => [r.attempts, r.n]),
    );
    const retryCauses = Object.fromEntries(
      (
        await q<{ cause: string; n: number }>(
          `SELECT COALESCE(smtp_code::text, 'none') || ' ' || left(regexp_replace(error, '[0-9a-f]{32}', '…', 'g'), 60) AS cause, count(*)::int AS n
             FROM outbox_attempt WHERE outcome = 'retry' GROUP BY 1 ORDER BY 2 DESC`,
        )
      ).map((r) => [r.cause, r.n]),
    );
    // The slowest of the victim's messages: each attempt as outcome@seconds after the kill.
    const [slowestOrphan] = await q<{ history: string }>(
      `SELECT string_agg(a.outcome || '@' || round(EXTRACT(EPOCH FROM a.started_at - to_timestamp($2::float8 / 1000))::numeric, 1), ' '
                         ORDER BY a.attempt) AS history
         FROM outbox_message m JOIN outbox_attempt a ON a.message_id = m.id
        WHERE m.id = ANY($1::uuid[]) GROUP BY m.id ORDER BY max(a.started_at) DESC LIMIT 1`,
      [orphanIds, killedAt],
    );
    const terminatedTotal = terminated.reduce((a, b) => a + b, 0);
    process.stderr.write(
      `[outbox-chaos] ${JSON.stringify({
        seconds: { workersReady: (readyAt - started) / 1000, dispatch: (finishedAt - readyAt) / 1000 },
        states,
        sink: {
          accepted: smtp.messages.length,
          distinct: received.size,
          duplicates,
          duplicateHistory,
          connections: smtp.connections(),
          faults: smtp.rejections.reduce<Record<string, number>>((acc, r) => ({ ...acc, [`${r.stage}:${r.code}`]: (acc[`${r.stage}:${r.code}`] ?? 0) + 1 }), {}),
          perSecond: Math.round(smtp.messages.length / ((finishedAt - readyAt) / 1000)),
        },
        sigkill: {
          atAccepted: sentBeforeKill,
          orphans: orphans.length,
          leaseLeftAtKill: orphans.length ? Math.max(...orphans.map((o) => o.lease_left)) : null,
          reclaimedAfterSeconds: reclaimedAfter,
          orphansDoneAfterSeconds: orphansSentAfter,
          slowestOrphan: slowestOrphan?.history,
        },
        pgTerminated: terminated,
        workers: workers.map((w) => ({ pid: w.pid, killed: w === victim, ...(w.done ?? {}), errorMessages: [...new Set(w.done?.errorMessages ?? [])] })),
        retriedMessages: retried,
        retryCauses,
        retryGaps: gaps.length,
        attemptsHistogram,
        fail550: {
          retriedBefore550: dead550.filter((d) => d.history !== 'dead 550').map((d) => d.history),
          smtpRefusalsMax: Math.max(...rcpt550.values()),
        },
      })}\n`,
    );

    // No process crashed: the victim died of SIGKILL, the others finished by themselves.
    expect(victimExit).toEqual({ code: null, signal: 'SIGKILL' });
    for (const [i, e] of exits.entries()) {
      if (e.code !== 0) throw new Error(`worker ${survivors[i].pid} crashed (${JSON.stringify(e)}):\n${survivors[i].stderr}`);
    }
    expect(terminatedTotal).toBeGreaterThan(0);

    // The outbox: everything deliverable sent, every 550 dead, nothing left, nothing created twice.
    expect(states).toEqual({ sent: MESSAGES - seeded.fail550, dead: seeded.fail550 });
    expect(counts).toEqual({ messages: MESSAGES, items: MESSAGES });
    expect(deadNot550).toEqual([]);

    // The server: every sent message received, nothing else, under the idempotency key it was planned with.
    expect(sent.filter((m) => !received.has(m.message_id))).toEqual([]);
    expect(received.size).toBe(sent.length);
    const keys = new Map(sent.map((m) => [m.message_id, m.idempotency_key]));
    expect(smtp.messages.filter((m) => keys.get(m.messageId) !== m.headers['x-phuluc-key'])).toEqual([]);
    expect(smtp.messages.filter((m) => m.to.some(isFail550))).toEqual([]);
    // A duplicate needs a send whose record never committed: one of the killed worker's claims,
    // or a record transaction on a terminated connection (one per terminated backend at most).
    expect(duplicates).toBeLessThanOrEqual(orphans.length + terminatedTotal);

    // 550: dead at the first 550 (one recorded 550 attempt, the last one).
    expect(dead550).toHaveLength(seeded.fail550);
    expect(dead550.filter((d) => d.refusals !== 1 || d.last !== 'dead 550')).toEqual([]);
    expect(rcpt550.size).toBe(seeded.fail550);

    // Backoff kept, for first and second retries.
    expect(tooEarly).toEqual([]);
    expect(gaps.length).toBeGreaterThan(300);
    expect(gaps.some((g) => g.attempt >= 2)).toBe(true);

    // The killed worker's claims: taken by the others within one lease (15 s) of the kill, plus a little.
    expect(orphans.length).toBeGreaterThan(0);
    expect(reclaimedAfter).toBeLessThanOrEqual(LEASE_SECONDS + 5);
  }, 150_000);
});
