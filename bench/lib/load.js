'use strict';
/**
 * A small closed-loop HTTP/1.1 load generator (no dependency): `connections` keep-alive
 * sockets, each sending its next GET when the previous response has been read. Requests started
 * during the warm-up are not counted. It runs in a child process so the server under test has its
 * event loop to itself.
 *
 * It writes one prepared request per turn and reads the answer off the socket itself (status line,
 * Content-Length, body length) instead of going through node:http's client: on 2 cores the
 * generator shares the CPU with the server it measures, and node:http's client cost 0.26–0.48 ms
 * of CPU per request against 0.15–0.18 ms for this one. An answer without Content-Length (chunked)
 * is counted as an error and named: every route measured here sends one.
 *
 * Parent side: `await measure(url, { connections, warmupMs, durationMs, headers })`
 *   → { requests, errors, firstError, rps, p50, p95, p99, maxMs, bytesPerResponse }
 */
const net = require('node:net');
const { fork } = require('node:child_process');

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** The bytes of a keep-alive GET of `url` with `headers`. */
function requestBytes(url, headers) {
  const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`, 'Connection: keep-alive', 'Accept: application/json'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/**
 * The first complete response at the start of `buffer`: { status, bodyBytes, length } (length: the
 * bytes it takes), undefined when more bytes are needed; throws when it has no Content-Length.
 */
function responseAt(buffer) {
  const headEnd = buffer.indexOf(HEAD_END);
  if (headEnd < 0) return undefined;
  const head = buffer.toString('latin1', 0, headEnd);
  const contentLength = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
  if (!contentLength) throw new Error(`an answer without Content-Length: ${head.split('\r\n')[0]}`);
  const bodyBytes = Number(contentLength[1]);
  const length = headEnd + HEAD_END.length + bodyBytes;
  if (buffer.length < length) return undefined;
  return { status: Number(head.slice(9, 12)), bodyBytes, length };
}

async function generate({ url, connections, warmupMs, durationMs, headers = {} }) {
  const target = new URL(url);
  const request = requestBytes(target, headers);
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  const latencies = [];
  let errors = 0;
  let firstError;
  let bytes = 0;
  const failed = (message) => {
    errors++;
    firstError ??= message;
  };

  const client = () =>
    new Promise((resolve) => {
      const socket = net.connect({ host: target.hostname, port: Number(target.port || 80), noDelay: true });
      let pending = Buffer.alloc(0);
      let sentAt = 0;
      let done = false;
      const next = () => {
        if (performance.now() >= end) {
          done = true;
          socket.end();
          return resolve();
        }
        sentAt = performance.now();
        socket.write(request);
      };
      socket.on('connect', next);
      socket.on('error', (error) => {
        done = true;
        failed(error.message);
        resolve();
      });
      socket.on('close', () => {
        if (!done) failed('the server closed the connection');
        resolve();
      });
      socket.on('data', (chunk) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        let response;
        try {
          response = responseAt(pending);
        } catch (error) {
          done = true;
          failed(error.message);
          socket.destroy();
          return resolve();
        }
        if (!response) return;
        const receivedAt = performance.now();
        pending = pending.subarray(response.length);
        if (response.status !== 200) failed(`HTTP ${response.status}`);
        else if (sentAt >= measureFrom && receivedAt <= end) {
          latencies.push(receivedAt - sentAt);
          bytes = response.bodyBytes;
        }
        next();
      });
    });

  await Promise.all(Array.from({ length: connections }, client));
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
