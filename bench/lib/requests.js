'use strict';
/**
 * Sends a fixed list of HTTP requests from a child process (so the server under test has its
 * event loop to itself), `concurrency` at a time over keep-alive node:http connections, each
 * client sending its next request when the previous answer has been read. Counterpart of
 * load.js for requests that are not repeated GETs: a burst of form posts, file uploads.
 *
 * Parent side: `await sendRequests(requests, { concurrency, onStart })`
 *   requests: [{ url, method?, headers?, body?: string (UTF-8), file?: { path, head?, tail? } }]
 *     file: the body is `head` + the file's bytes (streamed from disk) + `tail` (head/tail as
 *     latin1 strings), with a Content-Length.
 *   → { wallMs, results: [{ status, ms, sentBytes, receivedBytes, location?, setCookie?, body? }] }
 *     (`body`: the first 500 characters of the answer, only when keepBody is set or the status
 *     is 400 or more; `ms` from the request's start to the end of its answer.)
 */
const fs = require('node:fs');
const http = require('node:http');
const { fork } = require('node:child_process');

function one(agent, spec) {
  return new Promise((resolve) => {
    const head = spec.file ? Buffer.from(spec.file.head ?? '', 'latin1') : undefined;
    const tail = spec.file ? Buffer.from(spec.file.tail ?? '', 'latin1') : undefined;
    const body = spec.body !== undefined ? Buffer.from(spec.body, 'utf8') : undefined;
    const sentBytes = spec.file ? head.length + fs.statSync(spec.file.path).size + tail.length : (body?.length ?? 0);
    const headers = { ...(spec.headers ?? {}) };
    if (spec.file || body) headers['content-length'] = String(sentBytes);
    const t0 = performance.now();
    let done = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      resolve({ ms: performance.now() - t0, sentBytes, ...result });
    };
    const req = http.request(spec.url, { method: spec.method ?? 'GET', headers, agent }, (res) => {
      const chunks = [];
      let receivedBytes = 0;
      res.on('data', (chunk) => {
        receivedBytes += chunk.length;
        if (receivedBytes <= 4096) chunks.push(chunk);
      });
      res.on('end', () => {
        const status = res.statusCode;
        const text = Buffer.concat(chunks).toString('utf8');
        finish({
          status,
          receivedBytes,
          ...(res.headers.location ? { location: res.headers.location } : {}),
          ...(res.headers['set-cookie'] ? { setCookie: res.headers['set-cookie'] } : {}),
          ...(spec.keepBody || status >= 400 ? { body: text.slice(0, 500) } : {}),
        });
      });
      res.on('error', (error) => finish({ status: 0, receivedBytes, body: `response error: ${error.message}` }));
    });
    req.on('error', (error) => finish({ status: 0, receivedBytes: 0, body: `request error: ${error.message}` }));
    if (spec.file) {
      req.write(head);
      const source = fs.createReadStream(spec.file.path, { highWaterMark: 64 * 1024 });
      source.on('error', (error) => req.destroy(error));
      source.on('end', () => req.end(tail));
      source.pipe(req, { end: false });
    } else {
      req.end(body);
    }
  });
}

async function send({ requests, concurrency }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  const results = new Array(requests.length);
  let next = 0;
  const start = performance.now();
  const client = async () => {
    while (next < requests.length) {
      const i = next++;
      results[i] = await one(agent, requests[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, requests.length)) }, client));
  const wallMs = performance.now() - start;
  agent.destroy();
  return { wallMs, results };
}

/** Sends `requests` from a child process: { wallMs, results }. `onStart()` runs as the child starts sending. */
function sendRequests(requests, { concurrency = 1, onStart } = {}) {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    let result;
    child.on('message', (message) => {
      if (message.type === 'start') onStart?.();
      else result = message.result;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`request sender exited with code ${code}`));
    });
    child.send({ requests, concurrency });
  });
}

if (require.main === module && process.argv.includes('--child')) {
  process.once('message', (options) => {
    process.send({ type: 'start' });
    send(options).then(
      (result) => process.send({ type: 'result', result }, () => process.exit(0)),
      (error) => {
        process.stderr.write(`request sender: ${error.stack || error}\n`);
        process.exit(1);
      },
    );
  });
}

module.exports = { sendRequests };
