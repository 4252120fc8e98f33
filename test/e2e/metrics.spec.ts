import { BeforeApplicationShutdown, INestApplication, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { type Clock, fixedClock, vietnamDate } from '../../src/common/clock';
import { loadConfig } from '../../src/config/app-config';
import { returnedRows } from '../../src/database/sql';
import { PeopleService } from '../../src/modules/agencies/people.service';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { INSTANCES_CACHE_MS, OUTBOX_STATES } from '../../src/modules/metrics/database-gauges';
import { Metrics } from '../../src/modules/metrics/metrics';
import { startMetricsListener } from '../../src/modules/metrics/metrics-listener';
import { metricsMessages } from '../../src/modules/metrics/metrics.messages';
import { TickService } from '../../src/modules/reminders/tick.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { TASK_CLASSIFICATIONS } from '../../src/modules/tasks/domain/task-lifecycle';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { unusedPort } from '../support/unused-port';

const TOKEN = 'ma-doc-so-do-cua-prometheus-0123456789abcdef';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format 0.0.4, strictly: every line a comment or `name{labels} value`. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key] = raw.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
    }
    const value = match[3] === '+Inf' ? Infinity : match[3] === '-Inf' ? -Infinity : Number(match[3]);
    samples.push({ name: match[1], labels, value });
  }
  return samples;
}

/** The samples of one metric whose labels include `labels`. */
function select(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The value of the one sample of `name` with exactly these label values. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = select(samples, name, labels);
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0].value;
}

/** Counts of a SQL `GROUP BY` as an object, every key of `keys` present (0 when no row). */
function withZeros(keys: readonly string[], rows: { key: string; n: number }[]): Record<string, number> {
  return Object.fromEntries(keys.map((k) => [k, rows.find((r) => r.key === k)?.n ?? 0]));
}

/**
 * GET /metrics and the probes through the application as `phuluc serve` builds it: who may
 * scrape, the exposition format, each metric against what the database says, and the readiness
 * probe refusing traffic while a migration is pending or the application is stopping.
 */
describe('metrics and probes', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let sink: SmtpSink;
  let dataDir: string;
  let admin: TestAccount;
  let viewer: TestAccount;
  const clock: Clock = fixedClock('2026-12-10T08:00:00+07:00');

  const scrape = async (): Promise<Sample[]> => {
    const res = await request(app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    return parseExposition(res.text);
  };

  beforeAll(async () => {
    // A relay that accepts mail, asks to try again later (451) for "tam-thoi…" and refuses (550) "hong…".
    sink = await startSmtpSink({
      faults: { recipient: (address) => (address.startsWith('tam-thoi') ? 451 : address.startsWith('hong') ? 550 : undefined) },
    });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'phuluc-metrics-'));
    database = await createTestDatabase();
    app = await createTestApp(database.url, {
      clock,
      env: { PHULUC_METRICS_TOKEN: TOKEN, SMTP_URL: sink.url, MAIL_RATE_PER_SECOND: '1000', PHULUC_DATA_DIR: dataDir },
    });
    db = app.get(DataSource);
    admin = await createAccount(app, { roles: ['admin'] });
    viewer = await createAccount(app, { roles: ['viewer'] });
    await app.get(DefinitionsService).load();
    await app.get(GenerationService).generate({ until: '2026-12-10' });
    // Reminders are due on 10/12/2026 for these agencies (one digest per focal point).
    await app.get(PeopleService).add({ agency: 'BHXH', role: 'focal-point', email: 'dau.moi@bhxh.haiphong.gov.vn' });
    await app.get(PeopleService).add({ agency: 'BHXH', role: 'focal-point', email: 'hong.hop.thu@bhxh.haiphong.gov.vn' });
    await app.get(PeopleService).add({ agency: 'SNV', role: 'focal-point', email: 'tam-thoi@snv.haiphong.gov.vn' });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await sink?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a scrape without credentials (401), with a wrong token (401) and from a non-admin (403)', async () => {
    const server = app.getHttpServer();
    const anonymous = await request(server).get('/metrics').expect(401);
    expect(anonymous.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: metricsMessages.credentialsRequired });
    expect(anonymous.text).not.toContain('phuluc_');

    const wrong = await request(server).get('/metrics').set('Authorization', `Bearer ${TOKEN.replace(/f$/, 'e')}`).expect(401);
    expect(wrong.body.error.code).toBe('UNAUTHENTICATED');
    await request(server).get('/metrics').set('Authorization', TOKEN).expect(401);

    const notAdmin = await apiAs(app, viewer).get('/metrics').expect(403);
    expect(notAdmin.body.error.code).toBe('FORBIDDEN');

    // A browser is sent to sign in, as on every page.
    const browser = await request(server).get('/metrics').set('Accept', 'text/html').redirects(0).expect(303);
    expect(browser.headers.location).toBe('/dang-nhap?tiep=%2Fmetrics');
  });

  it('serves the Prometheus text format to the token and to a signed-in admin', async () => {
    const scraped = await request(app.getHttpServer())
      .get('/metrics')
      .set('Authorization', `Bearer ${TOKEN}`)
      .set('Accept', 'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1')
      .expect(200);
    expect(scraped.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4(;|$)/);
    const samples = parseExposition(scraped.text);
    expect(scraped.text).toContain('# TYPE phuluc_outbox_messages gauge');
    expect(scraped.text).toContain('# TYPE phuluc_instances gauge');
    expect(scraped.text).toContain('# TYPE phuluc_mail_sent_total counter');
    expect(scraped.text).toContain('# TYPE phuluc_mail_failures_total counter');
    expect(scraped.text).toContain('# TYPE phuluc_tick_duration_seconds histogram');
    expect(scraped.text).toContain('# TYPE phuluc_http_request_duration_seconds histogram');
    // The default metrics of the process, with the prefix.
    expect(valueOf(samples, 'phuluc_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(select(samples, 'phuluc_nodejs_heap_size_used_bytes')).toHaveLength(1);
    expect(samples.every((s) => s.name.startsWith('phuluc_'))).toBe(true);

    const asAdmin = await apiAs(app, admin).get('/metrics').expect(200);
    expect(asAdmin.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(asAdmin.text).toContain('# TYPE phuluc_outbox_messages gauge');
  });

  it('counts the outbox by state as the database does, the sends and failures of this process, and times the tick', async () => {
    const before = await scrape();
    const ticksBefore = valueOf(before, 'phuluc_tick_duration_seconds_count');
    expect(valueOf(before, 'phuluc_mail_sent_total')).toBe(0);
    expect(valueOf(before, 'phuluc_mail_failures_total', { kind: 'retry' })).toBe(0);
    expect(valueOf(before, 'phuluc_mail_failures_total', { kind: 'dead' })).toBe(0);

    const result = await app.get(TickService).tick();
    expect(result.planning.messages).toBeGreaterThanOrEqual(3);

    const after = await scrape();
    const states: { key: string; n: number }[] = await db.query(`SELECT state AS key, count(*)::int AS n FROM outbox_message GROUP BY state`);
    const expected = withZeros(OUTBOX_STATES, states);
    expect(Object.fromEntries(OUTBOX_STATES.map((s) => [s, valueOf(after, 'phuluc_outbox_messages', { state: s })]))).toEqual(expected);
    expect(expected).toMatchObject({ sent: expect.any(Number), pending: expect.any(Number), dead: expect.any(Number) });
    expect(Math.min(expected.sent, expected.pending, expected.dead)).toBeGreaterThan(0);

    const outcomes = withZeros(['sent', 'retry', 'dead'], await db.query(`SELECT outcome AS key, count(*)::int AS n FROM outbox_attempt GROUP BY outcome`));
    expect(outcomes.sent).toBe(sink.messages.length);
    expect(valueOf(after, 'phuluc_mail_sent_total')).toBe(outcomes.sent);
    expect(valueOf(after, 'phuluc_mail_failures_total', { kind: 'retry' })).toBe(outcomes.retry);
    expect(valueOf(after, 'phuluc_mail_failures_total', { kind: 'dead' })).toBe(outcomes.dead);
    expect(outcomes.retry).toBeGreaterThan(0);
    expect(outcomes.dead).toBeGreaterThan(0);

    expect(valueOf(after, 'phuluc_tick_duration_seconds_count')).toBe(ticksBefore + 1);
    expect(valueOf(after, 'phuluc_tick_duration_seconds_sum')).toBeGreaterThan(0);
    expect(valueOf(after, 'phuluc_tick_duration_seconds_bucket', { le: '+Inf' })).toBe(ticksBefore + 1);
  });

  it('times HTTP requests by route pattern, never by URL', async () => {
    const [{ id }]: { id: string }[] = await db.query(`SELECT id FROM task_instance ORDER BY id LIMIT 1`);
    await apiAs(app, admin).get(`/api/instances/${id}`).expect(200);
    await apiAs(app, admin).get(`/api/instances/${randomUUID()}`).expect(404);
    await apiAs(app, admin).get(`/api/khong-co/${randomUUID()}`).expect(404);

    const samples = await scrape();
    const count = 'phuluc_http_request_duration_seconds_count';
    expect(valueOf(samples, count, { method: 'GET', route: '/api/instances/:id', status: '200' })).toBe(1);
    expect(valueOf(samples, count, { method: 'GET', route: '/api/instances/:id', status: '404' })).toBe(1);
    expect(valueOf(samples, count, { method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    // The scrapes themselves: the token ones (answered before the guard) and the refused ones.
    expect(valueOf(samples, count, { method: 'GET', route: '/metrics', status: '200' })).toBeGreaterThanOrEqual(3);
    expect(valueOf(samples, count, { method: 'GET', route: '/metrics', status: '401' })).toBeGreaterThanOrEqual(2);

    const http = samples.filter((s) => s.name.startsWith('phuluc_http_request_duration_seconds'));
    const routes = new Set(http.map((s) => s.labels.route));
    expect(routes.size).toBeGreaterThanOrEqual(3);
    const withId = http.filter((s) => Object.values(s.labels).some((v) => UUID.test(v) || v.includes(id)));
    expect(withId).toEqual([]);
    expect([...routes].every((r) => r === 'unmatched' || r.startsWith('/'))).toBe(true);
  });

  it('counts opened instances by classification as of now, recounted at most once a minute', async () => {
    const now = clock.now();
    const countSql = async () =>
      withZeros(
        TASK_CLASSIFICATIONS,
        await db.query(
          `SELECT task_classification(status, submitted_at, due_at, $1) AS key, count(*)::int AS n FROM task_instance WHERE opens_on <= $2 GROUP BY 1`,
          [now, vietnamDate(now)],
        ),
      );
    const gauge = (samples: Sample[]) => Object.fromEntries(TASK_CLASSIFICATIONS.map((c) => [c, valueOf(samples, 'phuluc_instances', { classification: c })]));
    const realNow = Date.now.bind(Date);
    let shift = 0;
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + shift);
    try {
      // Past any count kept by the scrapes above: a fresh count.
      shift = INSTANCES_CACHE_MS + 1000;
      const expected = await countSql();
      expect(gauge(await scrape())).toEqual(expected);
      expect(Object.values(expected).filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
      const total = Object.values(expected).reduce((a, b) => a + b, 0);
      const [{ all }]: { all: number }[] = await db.query(`SELECT count(*)::int AS "all" FROM task_instance WHERE opens_on <= $1`, [vietnamDate(now)]);
      expect(total).toBe(all);

      // One task waived: the gauge keeps the count it has for a minute, then shows the change.
      const [open]: { id: string }[] = await db.query(`SELECT id FROM task_instance WHERE status = 'open' AND opens_on <= $1 LIMIT 1`, [vietnamDate(now)]);
      await db.query(`UPDATE task_instance SET status = 'waived', closed_at = now() WHERE id = $1`, [open.id]);
      const changed = await countSql();
      expect(changed.waived).toBe(expected.waived + 1);
      shift += 1000;
      expect(gauge(await scrape())).toEqual(expected);
      shift += INSTANCES_CACHE_MS;
      expect(gauge(await scrape())).toEqual(changed);
    } finally {
      spy.mockRestore();
    }
  });

  it('/health/live answers without the database; /health/ready answers 503 while a migration is pending', async () => {
    const server = app.getHttpServer();
    expect((await request(server).get('/health/live').expect(200)).body).toEqual({ status: 'ok' });

    const ready = await request(server).get('/health/ready').expect(200);
    const known = db.migrations.length;
    expect(known).toBeGreaterThanOrEqual(7);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, migrations: { status: 'up', applied: known } } });

    // The database as an older release left it: the newest migration not applied yet.
    const [last] = returnedRows<{ id: number; timestamp: string; name: string }>(
      await db.query(`DELETE FROM schema_migration WHERE id = (SELECT max(id) FROM schema_migration) RETURNING id, timestamp, name`),
    );
    try {
      const pending = await request(server).get('/health/ready').expect(503);
      expect(pending.body).toMatchObject({ status: 'error', error: { migrations: { status: 'down', pending: [last.name] } }, info: { database: { status: 'up' } } });
      // Liveness does not depend on the schema: the process is not restarted for it.
      await request(server).get('/health/live').expect(200);
    } finally {
      await db.query(`INSERT INTO schema_migration (id, timestamp, name) VALUES ($1, $2, $3)`, [last.id, last.timestamp, last.name]);
    }
    await request(server).get('/health/ready').expect(200);
    // GET /health is unchanged.
    expect((await request(server).get('/health').expect(200)).body).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });
  });

  it('a scheduler-only process answers /health/live on its metrics port exactly as the application does, running and stopping', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', HOST: '127.0.0.1', DATABASE_URL: database.url, PHULUC_DATA_DIR: dataDir, PHULUC_METRICS_PORT: String(await unusedPort()), PHULUC_METRICS_TOKEN: TOKEN });
    let stopping = false;
    const listener = await startMetricsListener(config, app.get(Metrics), () => stopping);
    const base = `http://${config.host}:${config.metricsPort}`;
    try {
      const running = await fetch(`${base}/health/live`);
      expect(running.status).toBe(200);
      expect(running.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await running.json()).toEqual((await request(app.getHttpServer()).get('/health/live').expect(200)).body);
      stopping = true;
      const stopped = await fetch(`${base}/health/live`);
      expect(stopped.status).toBe(503);
      expect(await stopped.json()).toEqual({ status: 'shutting_down' }); // what the application's probes answer (the test below)
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it('GET /health: probes that arrive during a ping share it; the next probe pings again, and a failed ping is not remembered', async () => {
    const server = app.getHttpServer();
    const pings: Promise<void>[] = [];
    let holdPing: Promise<void> = Promise.resolve();
    let failPing = false;
    const realQuery = db.query.bind(db);
    const spy = jest.spyOn(db, 'query').mockImplementation(async (sql: string, ...rest: unknown[]) => {
      if (sql !== 'SELECT 1') return realQuery(sql, ...(rest as []));
      const ping = holdPing.then(() => {
        if (failPing) throw new Error('connection terminated');
      });
      pings.push(ping.catch(() => undefined));
      await ping;
      return realQuery(sql);
    });
    try {
      // Ten probes while the first ping is held: one ping answers all ten.
      let release!: () => void;
      holdPing = new Promise<void>((resolve) => (release = resolve));
      const burst = Array.from({ length: 10 }, () => request(server).get('/health').then((r) => r));
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      const answers = await Promise.all(burst);
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(pings).toHaveLength(1);

      // The next probe does not reuse that answer: it pings again.
      holdPing = Promise.resolve();
      await request(server).get('/health').expect(200);
      expect(pings).toHaveLength(2);

      // A failed ping answers 503 to the probes that shared it, and only to them.
      failPing = true;
      holdPing = new Promise<void>((resolve) => (release = resolve));
      const failing = Array.from({ length: 3 }, () => request(server).get('/health').then((r) => r));
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      const failed = await Promise.all(failing);
      expect(failed.map((a) => a.status)).toEqual([503, 503, 503]);
      expect(failed[0].body).toMatchObject({ status: 'error', error: { database: { status: 'down', message: 'connection terminated' } } });
      expect(pings).toHaveLength(3);
      failPing = false;
      holdPing = Promise.resolve();
      await request(server).get('/health').expect(200);
      expect(pings).toHaveLength(4);
    } finally {
      spy.mockRestore();
    }
  });

  it('both probes answer 503 once the application is stopping, while the server still answers', async () => {
    // Holds the application in its shutdown, after onModuleDestroy, until the probes have been asked.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let stopping!: () => void;
    const reachedShutdown = new Promise<void>((resolve) => (stopping = resolve));
    @Injectable()
    class HoldShutdown implements BeforeApplicationShutdown {
      async beforeApplicationShutdown(): Promise<void> {
        stopping();
        await released;
      }
    }
    const config = loadConfig({ LOG_LEVEL: 'silent', PHULUC_TICK_SECONDS: '0', DATABASE_URL: database.url, PHULUC_DATA_DIR: dataDir });
    @Module({ imports: [AppModule.forRoot({ config, databaseUrl: database.url, clock })], providers: [HoldShutdown] })
    class Host {}
    const other = configureApp(await NestFactory.create(Host, { bufferLogs: true }));
    await other.listen(0, '127.0.0.1');
    const server = other.getHttpServer();
    let closing: Promise<void> | undefined;
    try {
      await request(server).get('/health/live').expect(200);
      await request(server).get('/health/ready').expect(200);
      closing = other.close();
      await reachedShutdown;
      expect((await request(server).get('/health/live').expect(503)).body).toEqual({ status: 'shutting_down' });
      expect((await request(server).get('/health/ready').expect(503)).body).toMatchObject({ status: 'shutting_down' });
    } finally {
      release();
      await (closing ?? other.close());
    }
  });
});
