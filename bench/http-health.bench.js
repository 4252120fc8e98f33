'use strict';
/**
 * http.health.*: GET /health on the real application (as `phuluc serve` starts it, from dist/):
 * helmet, the access guard (a public route: it still looks for a token or a session), the
 * request logger, the metrics middleware and the database ping (`SELECT 1` through TypeORM, the
 * report in Terminus's shape) — against a bare Nest application in this process: NestFactory with
 * the Express adapter, one @Controller() with @Get('health') returning the same JSON body, no
 * guard, no middleware, no database, and (as the app) no ETag.
 *
 * Records (goal compared with):
 *   http.health.ratio  req/s  app vs bare Nest route   ratio >= 0.7
 * The two sides are measured in alternation, BENCH_ROUNDS times each after one uncounted warm-up
 * run each (lib/alternate.js), and the record keeps the median of each side. The p50/p95/p99 of every run go to stderr, and the app's
 * GET /health/live (the same pipeline without the database ping) for comparison. Environment:
 * BENCH_CONNECTIONS (10), BENCH_WARMUP_MS (1000), BENCH_DURATION_MS (5000), BENCH_ROUNDS (3),
 * BENCH_LOG_LEVEL (warn), DATABASE_URL (unset: embedded PostgreSQL in a temporary folder).
 */
const { measure } = require('./lib/load');
const { makeRecord, printRecord } = require('./lib/record');
const { startApp, get, describeRun, cpuMeter, describeCpu } = require('./lib/app');
const { alternate, medianBy, roundsFromEnvironment, runLabel } = require('./lib/alternate');

const ROUTE = '/health';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 10);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS || 1000);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS || 5000);
const ROUNDS = roundsFromEnvironment();

const log = (line) => process.stderr.write(`[http-health] ${line}\n`);

/** A Nest application with one route answering `body`: what Nest itself costs. */
async function startBareNest(body) {
  // The app's own copies of Nest (the project's node_modules, as dist/ uses them).
  require('reflect-metadata');
  const { Controller, Get, Module } = require('@nestjs/common');
  const { NestFactory } = require('@nestjs/core');
  const { ExpressAdapter } = require('@nestjs/platform-express');

  class BareHealthController {
    health() {
      return body;
    }
  }
  // The decorators, applied by hand (this file is plain JavaScript).
  Get('health')(BareHealthController.prototype, 'health', Object.getOwnPropertyDescriptor(BareHealthController.prototype, 'health'));
  Controller()(BareHealthController);
  class BareModule {}
  Module({ controllers: [BareHealthController] })(BareModule);

  // No `logger` option: one would replace Nest's static logger for the whole process, the app's
  // included. Its start-up lines go to the app's logger, at the benchmark's level (warn: dropped).
  const bare = await NestFactory.create(BareModule, new ExpressAdapter());
  // As the app: no ETag computed from each body (the app turns it off, its answers being
  // no-store). Left on, it costs the bare route a SHA-1 per answer the app does not pay.
  bare.getHttpAdapter().getInstance().set('etag', false);
  await bare.listen(0, '127.0.0.1');
  return bare;
}

async function main() {
  let running;
  let bare;
  try {
    running = await startApp({ log });
    const appUrl = `${running.base}${ROUTE}`;
    const sample = await get(appUrl);
    if (sample.status !== 200) throw new Error(`GET ${ROUTE} answered ${sample.status}: ${sample.body.toString().slice(0, 300)}`);
    const body = JSON.parse(sample.body.toString());
    if (body.status !== 'ok') throw new Error(`GET ${ROUTE}: ${sample.body.toString()}`);
    log(`GET ${ROUTE}: ${sample.body.length} bytes ${sample.body.toString()}; headers ${Object.keys(sample.headers).length} (${sample.headers['content-security-policy'] ? 'helmet on' : 'no helmet?'})`);

    bare = await startBareNest(body);
    const bareUrl = `http://127.0.0.1:${bare.getHttpServer().address().port}${ROUTE}`;
    const check = await get(bareUrl);
    if (check.status !== 200 || check.body.toString() !== sample.body.toString()) throw new Error(`bare Nest answered ${check.status} ${check.body.toString().slice(0, 300)}`);

    const options = { connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS };
    const cpu = cpuMeter();
    const measured = (label, url) => async (round) => {
      cpu.start();
      const run = await measure(url, options);
      describeRun(log, runLabel(label, round), run);
      const used = cpu.stop();
      // The process's CPU per request (warm-up included in both, at the same rate).
      run.cpuUsPerRequest = (used.processMs * 1000) / (run.rps * (used.wallMs / 1000));
      log(`${label}: ${describeCpu(used)}, ${run.cpuUsPerRequest.toFixed(0)} µs of CPU per request`);
      return run;
    };
    const { side: app, baseline } = await alternate({ rounds: ROUNDS, side: measured('app', appUrl), baseline: measured('bare Nest', bareUrl), log, labels: ['app', 'bare Nest'] });
    // For the diagnosis: the same pipeline without the database ping (GET /health/live, when the app has it).
    const liveUrl = `${running.base}${ROUTE}/live`;
    if ((await get(liveUrl)).status === 200) describeRun(log, 'app GET /health/live (no database ping; not a record)', await measure(liveUrl, options));
    log(`p95 of the median runs: app ${app.median.p95.toFixed(2)} ms, bare Nest ${baseline.median.p95.toFixed(2)} ms`);
    // On 2 cores the load generator (≈ 0.1–0.15 ms of CPU per request) takes one: when the server
    // answers faster than it asks, both sides run at the generator's pace and the ratio nears 1.
    // The CPU each side spends per request is not capped that way (not a record).
    const cpuPerRequest = (side) => medianBy(side.runs, (run) => run.cpuUsPerRequest).cpuUsPerRequest;
    log(`CPU per request, median of the rounds: app ${cpuPerRequest(app).toFixed(0)} µs, bare Nest ${cpuPerRequest(baseline).toFixed(0)} µs; bare / app ${(cpuPerRequest(baseline) / cpuPerRequest(app)).toFixed(3)}`);

    printRecord(makeRecord('http.health.ratio', app.median.rps, 'req/s', baseline.median.rps, { op: '>=', value: 0.7, of: 'ratio' }));
  } finally {
    if (bare) await bare.close();
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
