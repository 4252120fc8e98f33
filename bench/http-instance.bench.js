'use strict';
/**
 * http.instance.*: an authorized GET /api/instances/:id on the real application (as `phuluc
 * serve` starts it, from dist/; the first admin's API token; an instance the start opened from
 * workflows/) — per request the token check (a lookup with the account and its roles, reused for
 * PHULUC_TOKEN_CACHE_SECONDS, default 1 s) and the instance read (one JSON-building query with its
 * history and who may see it) — against that read alone: the SQL the endpoint issues, recorded
 * from one real request, run with `pg` in a closed loop by a pg.Pool of the same concurrency for
 * the same duration. The sides run in alternation, BENCH_ROUNDS times each after one uncounted
 * warm-up run each (lib/alternate.js); the record keeps the median of each side.
 * What the ratio shows: the cost of the framework and of authorization around the data itself.
 *
 * Records (goal compared with):
 *   http.instance.ratio  req/s  app vs queries/s of the read alone   ratio >= 0.5
 * Also on stderr: the statements one request issued, the rate of all of them in sequence (what
 * the database alone costs per request), their planning and execution times (EXPLAIN ANALYZE)
 * and the CPU used. Environment: BENCH_CONNECTIONS (10), BENCH_WARMUP_MS (1000), BENCH_DURATION_MS
 * (5000), BENCH_ROUNDS (3), BENCH_LOG_LEVEL (warn), DATABASE_URL (unset: embedded PostgreSQL in a
 * temporary folder).
 */
const { Pool } = require('pg');
const { measure, percentile } = require('./lib/load');
const { makeRecord, printRecord } = require('./lib/record');
const { startApp, adminToken, get, describeRun, cpuMeter, describeCpu, recordingSql } = require('./lib/app');
const { alternate, roundsFromEnvironment, runLabel } = require('./lib/alternate');

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 10);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS || 1000);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS || 5000);
const ROUNDS = roundsFromEnvironment();

const log = (line) => process.stderr.write(`[http-instance] ${line}\n`);

/**
 * `CONNECTIONS` closed-loop workers on a pool of that size running `once(client)` for
 * WARMUP_MS + DURATION_MS; those started in the warm-up are not counted. → { rps, p50, p95, … }
 */
async function closedLoop(pool, once) {
  const start = performance.now();
  const measureFrom = start + WARMUP_MS;
  const end = measureFrom + DURATION_MS;
  const latencies = [];
  const worker = async () => {
    const client = await pool.connect();
    try {
      while (performance.now() < end) {
        const t0 = performance.now();
        await once(client);
        const t1 = performance.now();
        if (t0 >= measureFrom && t1 <= end) latencies.push(t1 - t0);
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, rps: latencies.length / (DURATION_MS / 1000), p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

const oneLine = (sql) => sql.replace(/\s+/g, ' ').trim();

async function main() {
  let running;
  let pool;
  try {
    running = await startApp({ log });
    const { headers } = await adminToken(running);
    const { DataSource } = require('typeorm');
    const db = running.app.get(DataSource);

    // An instance with the longest history among those the start opened.
    const [instance] = await db.query(
      `SELECT t.id, t.agency_code, t.period_key, (SELECT count(*)::int FROM task_transition h WHERE h.instance_id = t.id) AS transitions,
              (SELECT count(*)::int FROM task_instance) AS instances
         FROM task_instance t ORDER BY transitions DESC, t.due_date, t.id LIMIT 1`,
    );
    if (!instance) throw new Error('no task instance after the start: did workflows/ load?');
    const url = `${running.base}/api/instances/${instance.id}`;
    log(`instance ${instance.id} (${instance.agency_code}, ${instance.period_key}, ${instance.transitions} transitions) among ${instance.instances}`);

    // One request, its statements recorded (the first use of a token looks it up and touches it;
    // the request after that one, within the token cache's second, is the steady state).
    await get(url, headers);
    const { result: sample, statements } = await recordingSql(db, () => get(url, headers));
    if (sample.status !== 200) throw new Error(`GET /api/instances/:id answered ${sample.status}: ${sample.body.toString().slice(0, 300)}`);
    const item = JSON.parse(sample.body.toString());
    if (item.id !== instance.id) throw new Error(`GET /api/instances/:id returned ${sample.body.toString().slice(0, 300)}`);
    log(`GET /api/instances/:id: ${sample.body.length} bytes; ${statements.length} statements per request:`);
    statements.forEach((s, i) => log(`  ${i + 1}. ${oneLine(s.sql).slice(0, 160)}… (${s.params.length} params)`));
    const read = statements.find((s) => /'history'/.test(s.sql));
    if (!read) throw new Error('the instance read (the statement with the history) was not recorded');

    // Each side's warm-up run is not counted: the application's first seconds after start are
    // spent compiling the framework's code (V8 optimises it under load).
    pool = new Pool({ connectionString: running.server.database.url, max: CONNECTIONS });
    const check = await pool.query(read.sql, read.params);
    if (check.rows.length !== 1) throw new Error(`the recorded read returned ${check.rows.length} rows`);

    const options = { connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS };
    const cpu = cpuMeter();
    const appRun = async (round) => {
      cpu.start();
      const run = await measure(url, { ...options, headers });
      describeRun(log, runLabel('app', round), run);
      log(`app: ${describeCpu(cpu.stop())}`);
      return run;
    };
    const readRun = async (round) => {
      cpu.start();
      const run = await closedLoop(pool, (client) => client.query(read.sql, read.params));
      log(`${runLabel('the read alone with pg', round)}: ${run.rps.toFixed(0)} queries/s, p50 ${run.p50.toFixed(2)} ms, p95 ${run.p95.toFixed(2)} ms, p99 ${run.p99.toFixed(2)} ms, ${run.requests} queries; ${describeCpu(cpu.stop())}`);
      return run;
    };
    const { side, baseline: base } = await alternate({ rounds: ROUNDS, side: appRun, baseline: readRun, log, labels: ['app', 'the read alone'] });
    const app = side.median;
    const baseline = base.median;
    const all = await closedLoop(pool, async (client) => {
      for (const s of statements) await client.query(s.sql, s.params);
    });
    log(`all ${statements.length} statements in sequence with pg: ${all.rps.toFixed(0)} requests/s, p50 ${all.p50.toFixed(2)} ms, p95 ${all.p95.toFixed(2)} ms`);
    log(`app / all statements: ${(app.rps / all.rps).toFixed(3)}`);
    // Where the database's time goes: planning (each unnamed statement is planned again) and execution.
    const plans = [];
    for (const s of statements) {
      const [{ 'QUERY PLAN': [plan] }] = (await pool.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${s.sql}`, s.params)).rows;
      plans.push(`${plan['Planning Time'].toFixed(2)} + ${plan['Execution Time'].toFixed(2)} ms`);
    }
    log(`EXPLAIN ANALYZE, planning + execution: ${plans.map((p, i) => `${i + 1}. ${p}`).join('; ')}`);

    printRecord(makeRecord('http.instance.ratio', app.rps, 'req/s', baseline.rps, { op: '>=', value: 0.5, of: 'ratio' }));
  } finally {
    if (pool) await pool.end();
    if (running) await running.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    log(`FAILED: ${error && error.stack ? error.stack : error}`);
    process.exit(1);
  },
);
