'use strict';
/**
 * http.workflows.*: the real application (as `phuluc serve` starts it, from dist/) answering
 * GET /api/plans/HP-BHXH-2030/workflows with an API token — the access check (token and account
 * lookups) and one SQL query with JSON aggregation per request — against a bare node:http
 * server in this process answering the same body from memory.
 *
 * Records (goal compared with):
 *   http.workflows.rps     req/s  app vs bare                       value >= 250
 *   http.workflows.p95_ms  ms     app vs bare p95 latency           value <= 50
 *   http.workflows.rss_mb  MB     peak RSS while the app runs and   value <= 400
 *                                 serves, vs RSS before it started
 * (PostgreSQL's own processes are not counted in RSS.) The app and the bare server run in
 * alternation, BENCH_ROUNDS times each after one uncounted warm-up run each (lib/alternate.js); the
 * rate and the p95 are those of each side's median run. Environment: BENCH_CONNECTIONS (10),
 * BENCH_WARMUP_MS (1000), BENCH_DURATION_MS (5000), BENCH_ROUNDS (3), BENCH_LOG_LEVEL (warn:
 * request logs would mix with the records), DATABASE_URL (unset: embedded PostgreSQL in a
 * temporary folder).
 */
const fs = require('node:fs');
const http = require('node:http');
const { fork } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { measure } = require('./lib/load');
const { makeRecord, printRecord } = require('./lib/record');
const { alternate, roundsFromEnvironment, runLabel } = require('./lib/alternate');
const { get, listen, describeRun } = require('./lib/app');

const PLAN = 'HP-BHXH-2030';
const ROUTE = `/api/plans/${PLAN}/workflows`;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 10);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS || 1000);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS || 5000);
const ROUNDS = roundsFromEnvironment();
const MB = 1024 * 1024;

const log = (line) => process.stderr.write(`[http-workflows] ${line}\n`);

/** A bare node:http server answering `body` on ROUTE, in a child process: { port, stop() }. */
function startBareServer(body, contentType) {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--bare-server'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the bare server exited with code ${code}`)));
    child.once('message', ({ port }) =>
      resolve({
        port,
        stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', done), child.kill()))),
      }),
    );
    child.send({ body: body.toString('base64'), contentType });
  });
}

/** The child's side of startBareServer. */
function serveBare() {
  process.once('message', async ({ body: base64, contentType }) => {
    const body = Buffer.from(base64, 'base64');
    const server = http.createServer((req, res) => {
      if (req.method === 'GET' && req.url === ROUTE) {
        res.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
        res.end(body);
      } else {
        res.writeHead(404).end();
      }
    });
    process.send({ port: await listen(server) });
  });
}

async function main() {
  const rssBefore = process.memoryUsage.rss();
  const dist = path.resolve(__dirname, '..', 'dist', 'src');
  if (!fs.existsSync(path.join(dist, 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (or `npm run bench`, which builds first)');

  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-bench-'));
  fs.chmodSync(dataDir, 0o755); // as root, the embedded server runs as `postgres`
  const { loadConfig } = require(path.join(dist, 'config', 'app-config.js'));
  const { startServer } = require(path.join(dist, 'main.js'));
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    PHULUC_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn',
    PHULUC_TICK_SECONDS: process.env.BENCH_TICK_SECONDS || '0', // HTTP only, as lib/app.js says why
  }, path.resolve(__dirname, '..'));

  let server;
  let bare;
  try {
    const started = Date.now();
    server = await startServer(config);
    const appPort = server.app.getHttpServer().address().port;
    const appUrl = `http://127.0.0.1:${appPort}${ROUTE}`;
    log(`app started in ${Date.now() - started} ms (${server.database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}), ${appUrl}`);

    // The first start made an admin: the bench calls as that account, with an API token.
    const { AccountsService } = require(path.join(dist, 'modules', 'access', 'accounts.service.js'));
    const { TokensService } = require(path.join(dist, 'modules', 'access', 'tokens.service.js'));
    const [admin] = await server.app.get(AccountsService).list();
    const { token } = await server.app.get(TokensService).create(admin.id, 'bench');
    const headers = { authorization: `Bearer ${token}` };
    const sample = await get(appUrl, headers);
    if (sample.status !== 200) throw new Error(`GET ${ROUTE} answered ${sample.status}: ${sample.body.toString().slice(0, 300)}`);
    const rows = JSON.parse(sample.body.toString());
    if (!Array.isArray(rows) || rows.length === 0) throw new Error(`GET ${ROUTE} returned no workflows`);
    log(`${rows.length} workflows, ${sample.body.length} bytes; RSS ${(rssBefore / MB).toFixed(0)} MB before start, ${(process.memoryUsage.rss() / MB).toFixed(0)} MB after start`);

    // The baseline: the same body from memory, same content type, same client, in a child process
    // (its garbage would otherwise count in this process's RSS, which is the app's record).
    bare = await startBareServer(sample.body, sample.headers['content-type'] || 'application/json; charset=utf-8');
    const barePort = bare.port;

    const options = { connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS };
    const counted = (label, round, run) => (describeRun(log, runLabel(label, round), run), run);
    const { side, baseline: bareSide } = await alternate({
      rounds: ROUNDS,
      side: async (round) => counted('app', round, await measure(appUrl, { ...options, headers })),
      baseline: async (round) => counted('bare node:http', round, await measure(`http://127.0.0.1:${barePort}${ROUTE}`, options)),
      log,
      labels: ['app', 'bare node:http'],
    });
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    log(`peak RSS ${(peakRss / MB).toFixed(0)} MB, heap used ${(process.memoryUsage().heapUsed / MB).toFixed(0)} MB`);
    const app = side.median;
    const baseline = bareSide.median;
    log(`median runs: app p95 ${app.p95.toFixed(2)} ms, bare p95 ${baseline.p95.toFixed(2)} ms`);

    // The need, not the framework, sets the goal: ~140 agencies opening the appendix after one
    // reminder e-mail is well under 250 req/s. The query (JSON for 21 rows and their parties,
    // ≈ 1.6 ms in PostgreSQL, a third of it planning) bounds it at ≈ 600 req/s on 2 cores.
    printRecord(makeRecord('http.workflows.rps', app.rps, 'req/s', baseline.rps, { op: '>=', value: 250 }));
    printRecord(makeRecord('http.workflows.p95_ms', app.p95, 'ms', baseline.p95, { op: '<=', value: 50 }));
    // Node 24 keeps more garbage-collector slack under load (230–345 MB seen; heap in use after: 43–136 MB).
    printRecord(makeRecord('http.workflows.rss_mb', peakRss / MB, 'MB', rssBefore / MB, { op: '<=', value: 400 }));
  } finally {
    clearInterval(sampler);
    if (bare) await bare.stop();
    if (server) await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--bare-server') serveBare();
else
  main().then(
    () => process.exit(0),
    (error) => {
      log(`FAILED: ${error && error.stack ? error.stack : error}`);
      process.exit(1);
    },
  );
