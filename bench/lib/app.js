'use strict';
/**
 * The real application for an HTTP benchmark, started as `phuluc serve` starts it (startServer
 * from dist/: database — embedded PostgreSQL in a temporary folder unless DATABASE_URL is set —,
 * migrations, workflows/ loaded and today's tasks opened, HTTP on a random port of 127.0.0.1),
 * in this process, and the small HTTP helpers the benchmarks share.
 *   const running = await startApp({ env: { PHULUC_TRUST_PROXY: 'loopback' } });
 *   … running.app, running.base, running.service('modules/access/tokens.service.js', 'TokensService') …
 *   await running.stop();   // stops the app and the database, removes the temporary folder
 */
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist', 'src');

/** `env` is added to process.env (PORT, HOST, PHULUC_DATA_DIR, LOG_LEVEL and PHULUC_TICK_SECONDS are set here). */
async function startApp({ env = {}, log = () => undefined } = {}) {
  if (!fs.existsSync(path.join(dist, 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (or `npm run bench`, which builds first)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-bench-'));
  fs.chmodSync(dataDir, 0o755); // as root, the embedded server runs as `postgres`
  try {
    const { loadConfig } = require(path.join(dist, 'config', 'app-config.js'));
    const { startServer } = require(path.join(dist, 'main.js'));
    const config = loadConfig(
      {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        PHULUC_DATA_DIR: dataDir,
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn', // request logs at info would mix with the records
        // An HTTP-only process (as in a scaled-out setup): the scheduler's first tick, a minute after
        // the start, plans every reminder and takes the compliance snapshots; landing in one side's
        // round only, it made that round an outlier. The tick's work has its own benchmarks.
        PHULUC_TICK_SECONDS: process.env.BENCH_TICK_SECONDS || '0',
        ...env,
      },
      root,
    );
    const started = Date.now();
    const server = await startServer(config);
    const port = server.app.getHttpServer().address().port;
    const base = `http://127.0.0.1:${port}`;
    log(`app started in ${Date.now() - started} ms (${server.database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}), ${base}`);
    let stopped = false;
    return {
      server,
      app: server.app,
      config,
      dataDir,
      dist,
      base,
      /** An export of a compiled module: service('modules/access/tokens.service.js', 'TokensService'). */
      module: (file, name) => require(path.join(dist, file))[name],
      /** The app's instance of a provider exported by a compiled module. */
      service(file, name) {
        return server.app.get(require(path.join(dist, file))[name]);
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await server.stop();
        } finally {
          fs.rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** An API token of the first admin (the first start made it): { token, headers, admin }. */
async function adminToken(running, name = 'bench') {
  const accounts = running.service('modules/access/accounts.service.js', 'AccountsService');
  const tokens = running.service('modules/access/tokens.service.js', 'TokensService');
  const admin = (await accounts.list()).find((a) => (a.roles ?? []).includes('admin')) ?? (await accounts.list())[0];
  const { token } = await tokens.create(admin.id, name);
  return { token, headers: { authorization: `Bearer ${token}` }, admin };
}

/** One request with a whole-buffer answer: { status, headers, body }. */
function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const get = (url, headers = {}) => request(url, { headers });

/** Listens on a random port of 127.0.0.1: the port. */
function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

/** Logs one `measure()` result and throws when a request failed or none completed. */
function describeRun(log, label, r) {
  log(`${label}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${r.requests} requests, ${r.errors} errors, ${r.bytesPerResponse} B/response`);
  if (r.errors > 0) throw new Error(`${label}: ${r.errors} failed requests (first: ${r.firstError})`);
  if (r.requests === 0) throw new Error(`${label}: no request completed`);
}

/** Busy and total jiffies of the whole machine (Linux /proc/stat), or undefined elsewhere. */
function machineTicks() {
  try {
    const [, ...fields] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const idle = fields[3] + (fields[4] || 0);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/**
 * CPU used between start() and stop(): by this process (cores, all its threads) and by the
 * whole machine (busy share of all cores; other jobs included) — to tell a slow path from a
 * starved one.
 */
function cpuMeter() {
  let cpu;
  let ticks;
  let t0;
  return {
    start() {
      cpu = process.cpuUsage();
      ticks = machineTicks();
      t0 = performance.now();
    },
    stop() {
      const used = process.cpuUsage(cpu);
      const wallMs = performance.now() - t0;
      const now = machineTicks();
      const processMs = (used.user + used.system) / 1000;
      const machineBusy = ticks && now && now.total > ticks.total ? (now.busy - ticks.busy) / (now.total - ticks.total) : undefined;
      return { processMs, processCores: processMs / wallMs, machineBusy, wallMs };
    },
  };
}

const describeCpu = (c) =>
  `process CPU ${c.processCores.toFixed(2)} cores, machine ${c.machineBusy === undefined ? '?' : `${(c.machineBusy * 100).toFixed(0)} %`} busy (${os.cpus().length} cores, other jobs included)`;

/** Runs `work` with every `dataSource.query(sql, params)` recorded (in order); restores it after. */
async function recordingSql(dataSource, work) {
  const statements = [];
  const original = dataSource.query;
  dataSource.query = function (sql, params, ...rest) {
    statements.push({ sql, params: params ?? [] });
    return original.call(this, sql, params, ...rest);
  };
  try {
    const result = await work();
    return { result, statements };
  } finally {
    dataSource.query = original;
  }
}

module.exports = { recordingSql, startApp, adminToken, request, get, listen, describeRun, cpuMeter, describeCpu, dist, root };
