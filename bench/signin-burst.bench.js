'use strict';
/**
 * signin.burst.*: a burst of BENCH_SIGNINS form sign-ins (POST /dang-nhap with the form's
 * double-submit CSRF token, as a browser sends it) by as many different accounts, 20 at a time,
 * each from its own address (X-Forwarded-For, honoured with PHULUC_TRUST_PROXY=loopback, so the
 * per-address throttle counts each person apart), on the real application (as `phuluc serve`
 * starts it, from dist/) running in this process — while perf_hooks.monitorEventLoopDelay
 * ({ resolution: 10 }) watches this process's event loop. Each sign-in reads the recent
 * attempts, verifies the argon2id hash (@node-rs/argon2: 19 MiB, 2 passes, on libuv's thread
 * pool), records the attempt and opens a session.
 *
 * Records (goal compared with):
 *   signin.burst.loop_p99_ms  ms  event-loop delay p99 during the burst vs the same app   value <= 50
 *                                 idle for as long as the burst lasted
 * The delay is the histogram's value minus the 10 ms resolution (the histogram records the
 * interval between two 10 ms timer ticks: an idle loop records ≈ 10 ms). Raw percentiles, the
 * sign-ins' latencies, the process's CPU time and event-loop utilisation go to stderr.
 * Environment: BENCH_SIGNINS (300), BENCH_SIGNIN_CONCURRENCY (20), BENCH_LOG_LEVEL (warn),
 * UV_THREADPOOL_SIZE (Node's default 4: the argon2 threads), DATABASE_URL (unset: embedded
 * PostgreSQL in a temporary folder).
 */
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { percentile } = require('./lib/load');
const { makeRecord, printRecord } = require('./lib/record');
const { sendRequests } = require('./lib/requests');
const { startApp, request, cpuMeter } = require('./lib/app');

const SIGNINS = Number(process.env.BENCH_SIGNINS || 300);
const CONCURRENCY = Number(process.env.BENCH_SIGNIN_CONCURRENCY || 20);
const WARMUP_SIGNINS = Math.min(20, SIGNINS);
const RESOLUTION_MS = 10;
const PASSWORD = 'Hải Phòng mùa hoa phượng đỏ 2026';

const log = (line) => process.stderr.write(`[signin-burst] ${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work(i)` for i in 0..count-1, `concurrency` at a time. */
async function pool(count, concurrency, work) {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** A distinct private address per sign-in: 10.x.y.z. */
const addressOf = (i) => `10.${((i + 1) >> 16) & 255}.${((i + 1) >> 8) & 255}.${(i + 1) & 255}`;

/** The histogram in ms: raw interval percentiles and the delay beyond the resolution. */
function loopFigures(histogram) {
  const ms = (ns) => ns / 1e6;
  const raw = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), mean: ms(histogram.mean), count: histogram.count };
  return { raw, delayP99: Math.max(0, raw.p99 - RESOLUTION_MS), delayP50: Math.max(0, raw.p50 - RESOLUTION_MS), delayMax: Math.max(0, raw.max - RESOLUTION_MS) };
}

const describeLoop = (label, f, ms) =>
  `${label}: event-loop delay p50 ${f.delayP50.toFixed(2)} ms, p99 ${f.delayP99.toFixed(2)} ms, max ${f.delayMax.toFixed(2)} ms ` +
  `(histogram raw p50 ${f.raw.p50.toFixed(2)}, p99 ${f.raw.p99.toFixed(2)}, max ${f.raw.max.toFixed(2)}, ${f.raw.count} samples over ${(ms / 1000).toFixed(1)} s)`;

async function main() {
  let running;
  try {
    running = await startApp({ log, env: { PHULUC_TRUST_PROXY: 'loopback' } });
    log(`libuv thread pool: ${process.env.UV_THREADPOOL_SIZE || '4 (default)'} threads; ${require('node:os').cpus().length} cores`);

    // The accounts, each with the same known password (hashing is the slow part: 4 at a time).
    const accounts = running.service('modules/access/accounts.service.js', 'AccountsService');
    const t0 = performance.now();
    const emails = Array.from({ length: SIGNINS }, (_, i) => `bench.signin.${i}@phuluc.local`);
    await pool(SIGNINS, 4, (i) => accounts.upsert({ email: emails[i], name: `Người thử ${i}`, roles: ['viewer'], password: PASSWORD }));
    log(`${SIGNINS} accounts created in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // Each sign-in's form (its double-submit cookie and field), fetched from its own address.
    const forms = new Array(SIGNINS);
    await pool(SIGNINS, 10, async (i) => {
      const form = await request(`${running.base}/dang-nhap`, { headers: { 'x-forwarded-for': addressOf(i) } });
      const cookie = (form.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('phuluc_form='));
      const csrf = /name="_csrf" value="([^"]+)"/u.exec(form.body.toString())?.[1];
      if (form.status !== 200 || !cookie || !csrf) throw new Error(`GET /dang-nhap answered ${form.status} without a form token`);
      forms[i] = { cookie, csrf };
    });
    const signinRequest = (i) => ({
      url: `${running.base}/dang-nhap`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: forms[i].cookie, 'x-forwarded-for': addressOf(i), 'user-agent': 'phuluc-bench' },
      body: new URLSearchParams({ _csrf: forms[i].csrf, email: emails[i], password: PASSWORD, tiep: '/' }).toString(),
    });
    const check = (label, { results }) => {
      const bad = results.filter((r) => r.status !== 303 || !(r.setCookie ?? []).some((c) => c.startsWith('phuluc_session=')));
      if (bad.length) throw new Error(`${label}: ${bad.length} of ${results.length} sign-ins failed (first: HTTP ${bad[0].status} ${(bad[0].body ?? '').replace(/\s+/g, ' ').slice(0, 300)})`);
    };

    // Warm-up (the first sign-ins again: a success never counts against the throttle).
    check('warm-up', await sendRequests(Array.from({ length: WARMUP_SIGNINS }, (_, i) => signinRequest(i)), { concurrency: CONCURRENCY }));
    await sleep(500);

    // The burst, the event loop watched from the moment the client starts sending.
    const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    const meter = cpuMeter();
    let elu;
    const burst = await sendRequests(Array.from({ length: SIGNINS }, (_, i) => signinRequest(i)), {
      concurrency: CONCURRENCY,
      onStart: () => {
        meter.start();
        elu = performance.eventLoopUtilization();
        histogram.enable();
      },
    });
    histogram.disable();
    const burstCpu = meter.stop();
    const burstElu = performance.eventLoopUtilization(elu);
    check('burst', burst);
    const busy = loopFigures(histogram);
    const latencies = burst.results.map((r) => r.ms).sort((a, b) => a - b);
    log(
      `burst: ${SIGNINS} sign-ins, ${CONCURRENCY} at a time, in ${(burst.wallMs / 1000).toFixed(2)} s (${(SIGNINS / (burst.wallMs / 1000)).toFixed(1)}/s); ` +
        `latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms`,
    );
    log(
      `burst: process CPU ${burstCpu.processCores.toFixed(2)} cores (${(burstCpu.processMs / SIGNINS).toFixed(1)} ms per sign-in, argon2 threads included), ` +
        `machine ${burstCpu.machineBusy === undefined ? '?' : `${(burstCpu.machineBusy * 100).toFixed(0)} %`} busy (other jobs included); event-loop utilisation ${(burstElu.utilization * 100).toFixed(0)} %`,
    );
    log(describeLoop('burst', busy, burst.wallMs));
    // The throttle saw each sign-in from its own address (trust proxy honoured X-Forwarded-For).
    const { DataSource } = require('typeorm');
    const [attempts] = await running.app.get(DataSource).query(
      `SELECT count(*)::int AS attempts, count(DISTINCT ip)::int AS addresses, count(*) FILTER (WHERE NOT succeeded)::int AS failures FROM signin_attempt`,
    );
    log(`signin_attempt: ${attempts.attempts} attempts from ${attempts.addresses} addresses, ${attempts.failures} failures`);
    if (attempts.addresses < SIGNINS) throw new Error(`the sign-ins came from ${attempts.addresses} addresses, not ${SIGNINS}: is X-Forwarded-For trusted?`);

    // The baseline: the same app, idle, as long as the burst lasted.
    await sleep(1000);
    const idle = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    idle.enable();
    await sleep(burst.wallMs);
    idle.disable();
    const quiet = loopFigures(idle);
    log(describeLoop('idle', quiet, burst.wallMs));

    printRecord(makeRecord('signin.burst.loop_p99_ms', busy.delayP99, 'ms', quiet.delayP99, { op: '<=', value: 50 }));
  } finally {
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
