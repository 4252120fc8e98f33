'use strict';
/**
 * A small closed-loop HTTP load generator on node:http (no dependency): `connections`
 * keep-alive clients, each sending its next request when the previous response has been read.
 * Requests started during the warm-up are not counted. It runs in a child process so the
 * server under test has its event loop to itself.
 *
 * Parent side: `await measure(url, { connections, warmupMs, durationMs })`
 *   → { requests, errors, rps, p50, p95, p99, maxMs, bytesPerResponse }
 */
const http = require('node:http');
const { fork } = require('node:child_process');

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

async function generate({ url, connections, warmupMs, durationMs, headers = {} }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  const latencies = [];
  let errors = 0;
  let firstError;
  let bytes = 0;

  const one = () =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = http.get(url, { agent, headers: { accept: 'application/json', ...headers } }, (res) => {
        let size = 0;
        res.on('data', (chunk) => (size += chunk.length));
        res.on('end', () => {
          const t1 = performance.now();
          if (res.statusCode !== 200) {
            errors++;
            firstError ??= `HTTP ${res.statusCode}`;
          } else if (t0 >= measureFrom && t1 <= end) {
            latencies.push(t1 - t0);
            bytes = size;
          }
          resolve();
        });
        res.on('error', (error) => {
          errors++;
          firstError ??= error.message;
          resolve();
        });
      });
      req.on('error', (error) => {
        errors++;
        firstError ??= error.message;
        resolve();
      });
    });

  const client = async () => {
    while (performance.now() < end) await one();
  };
  await Promise.all(Array.from({ length: connections }, client));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    firstError,
    rps: latencies.length / (durationMs / 1000),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    maxMs: latencies.length ? latencies[latencies.length - 1] : NaN,
    bytesPerResponse: bytes,
  };
}

/** Runs the load generator in a child process against `url`. */
function measure(url, options) {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    let result;
    child.once('message', (message) => (result = message));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`load generator exited with code ${code}`));
    });
    child.send({ url, ...options });
  });
}

if (require.main === module && process.argv.includes('--child')) {
  process.once('message', (options) => {
    generate(options).then(
      (result) => process.send(result, () => process.exit(0)),
      (error) => {
        process.stderr.write(`load generator: ${error.stack || error}\n`);
        process.exit(1);
      },
    );
  });
}

module.exports = { measure, percentile };
