'use strict';
/**
 * upload.20mb.*: a 20 MB PDF (`%PDF-1.4`, then incompressible bytes as in a scanned document,
 * then `%%EOF`) uploaded BENCH_UPLOADS times, one after the other, through POST
 * /api/instances/:id/submissions on the real application (as `phuluc serve` starts it, from
 * dist/; files on disk in a temporary PHULUC_FILES_DIR) by a focal point of the instances'
 * agencies with an API token — the access checks, the multipart stream (busboy) written to a
 * temporary file while hashed (SHA-256), fsync'ed and renamed, the type read from its head, the
 * submission recorded with its transition — against a bare node:http server in this process
 * piping the request body to a file (fs.createWriteStream): same client (a child process
 * streaming the same multipart body from disk), same bytes. Each upload goes to an open instance
 * of its own (a task takes a submission only when open or returned); when there are fewer open
 * instances than uploads, the admin returns the earlier submission between two uploads
 * (not timed). App and bare uploads alternate, so machine noise hits both alike.
 *
 * Records (goal compared with):
 *   upload.20mb.ratio          MB/s  app vs bare file write from a socket            ratio >= 0.5
 *   upload.20mb.rss_growth_mb  MB    peak RSS of this process during the app's       value <= 64
 *                                    uploads minus RSS before the first upload
 *                                    (baseline: the same for the bare server)
 *   upload.20mb.rss_larger_files_mb  MB  peak RSS during BENCH_UPLOAD_LARGE (2) uploads  value <= 16
 *                                    of a file BENCH_UPLOAD_LARGE_FACTOR (3) times as
 *                                    large, minus the peak during the 20 MB uploads
 *                                    (baseline: the same for the bare server)
 * The last record tells a fixed cost (buffers, the collector's young generation, which Node 24
 * grows to 64 MB under load) from memory that grows with the file: an app that held one copy of
 * each file would be 40 MB higher with files three times as large; one that streams, no higher.
 * MB/s = bytes of the request bodies / the sum of the uploads' times (request start to answer
 * read), after BENCH_UPLOAD_WARMUP (1) untimed uploads to each (the RSS counts them: "before"
 * is before the first of all). Environment: BENCH_UPLOADS (10), BENCH_UPLOAD_MB (20),
 * BENCH_UPLOAD_WARMUP (1), BENCH_UPLOAD_INSTANCES (at most this many different instances;
 * default all the uploads), BENCH_LOG_LEVEL (warn), DATABASE_URL (unset: embedded PostgreSQL in a
 * temporary folder).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { makeRecord, printRecord } = require('./lib/record');
const { sendRequests } = require('./lib/requests');
const { startApp, adminToken, request, listen } = require('./lib/app');

const UPLOADS = Number(process.env.BENCH_UPLOADS || 10);
const FILE_MB = Number(process.env.BENCH_UPLOAD_MB || 20);
const WARMUP = Number(process.env.BENCH_UPLOAD_WARMUP ?? 1);
const TOTAL = WARMUP + UPLOADS;
const INSTANCES = Number(process.env.BENCH_UPLOAD_INSTANCES || TOTAL);
const LARGE = Number(process.env.BENCH_UPLOAD_LARGE ?? 2);
const LARGE_FACTOR = Number(process.env.BENCH_UPLOAD_LARGE_FACTOR || 3);
const MB = 1024 * 1024;

const log = (line) => process.stderr.write(`[upload] ${line}\n`);

/** A PDF-looking file of `bytes` bytes: the PDF header, a stream of random bytes, the trailer. */
function writePdf(file, bytes) {
  const head = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length ' + String(bytes) + ' >>\nstream\n', 'latin1');
  const tail = Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, head);
    let left = bytes - head.length - tail.length;
    while (left > 0) {
      const chunk = crypto.randomBytes(Math.min(left, MB));
      fs.writeSync(fd, chunk);
      left -= chunk.length;
    }
    fs.writeSync(fd, tail);
  } finally {
    fs.closeSync(fd);
  }
}

/** The multipart body around the file: { head, tail, contentType } (head and tail in latin1). */
function multipart(fileName) {
  const boundary = `----phulucbench${crypto.randomBytes(8).toString('hex')}`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head: `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`,
    tail: `\r\n--${boundary}--\r\n`,
  };
}

/** RSS sampled every 10 ms between start() and stop(): the peak. */
function rssSampler() {
  let peak = 0;
  let timer;
  return {
    start() {
      peak = process.memoryUsage.rss();
      timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
    },
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return peak;
    },
  };
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-bench-upload-'));
  const filesDir = path.join(work, 'files');
  const bareDir = path.join(work, 'bare');
  fs.mkdirSync(filesDir);
  fs.mkdirSync(bareDir);
  let running;
  let bare;
  try {
    const source = path.join(work, 'bao-cao.pdf');
    writePdf(source, Math.round(FILE_MB * MB));
    const fileBytes = fs.statSync(source).size;
    const largeSource = path.join(work, 'bao-cao-lon.pdf');
    if (LARGE > 0) writePdf(largeSource, Math.round(FILE_MB * LARGE_FACTOR * MB));
    const largeBytes = LARGE > 0 ? fs.statSync(largeSource).size : fileBytes;
    // The operator's upload limit (PHULUC_MAX_UPLOAD_MB) raised so that the larger files fit.
    const maxUploadMB = Math.max(50, Math.ceil(largeBytes / MB) + 1);
    running = await startApp({ log, env: { PHULUC_FILES_DIR: filesDir, PHULUC_MAX_UPLOAD_MB: String(maxUploadMB) } });
    const { DataSource } = require('typeorm');
    const db = running.app.get(DataSource);

    // Open instances whose row takes a PDF of this size and nothing else (no figures, no link).
    const instances = await db.query(
      `SELECT t.id, t.agency_code AS agency, t.role, d.key AS row
         FROM task_instance t JOIN workflow_definition_version v ON v.id = t.version_id JOIN workflow_definition d ON d.id = t.definition_id
        WHERE t.status = 'open'
          AND v.deliverable->>'kind' NOT IN ('metric', 'link', 'system')
          AND jsonb_array_length(COALESCE(v.deliverable->'metrics', '[]'::jsonb)) = 0
          AND (v.deliverable->'fileTypes' IS NULL OR v.deliverable->'fileTypes' ? 'pdf')
          AND COALESCE((v.deliverable->>'maxUploadMB')::numeric, $2) * 1048576 >= $1
        ORDER BY t.role, t.due_date, t.id
        LIMIT $3`,
      [largeBytes + 1024, running.config.maxUploadBytes / MB, Math.min(INSTANCES, TOTAL + LARGE)],
    );
    if (instances.length === 0) throw new Error('no open instance takes a PDF upload after the start: did workflows/ load?');
    const agencies = [...new Set(instances.map((i) => i.agency))];
    log(
      `${fileBytes} bytes PDF; ${instances.length} open instances for ${TOTAL} uploads (${WARMUP} untimed) and ${LARGE} of ${largeBytes} bytes (${instances.map((i) => `${i.row}/${i.agency}/${i.role}`).join(', ')})` +
        (instances.length < TOTAL + LARGE ? `: the admin returns a submission between uploads to the same instance` : ''),
    );

    // The focal point of those agencies, with a token; the admin reviews when an instance is reused.
    const accounts = running.service('modules/access/accounts.service.js', 'AccountsService');
    const tokens = running.service('modules/access/tokens.service.js', 'TokensService');
    const { account } = await accounts.upsert({ email: 'bench.upload@phuluc.local', name: 'Đầu mối thử', roles: [], focalPointOf: agencies, password: 'Hải Phòng mùa hoa phượng đỏ 2026' });
    const { token } = await tokens.create(account.id, 'bench-upload');
    const admin = await adminToken(running);

    // The baseline server: the body, as it comes, into a file.
    let bareCount = 0;
    bare = http.createServer((req, res) => {
      if (req.method !== 'POST') return void res.writeHead(404).end();
      const file = path.join(bareDir, `upload-${++bareCount}`);
      const out = fs.createWriteStream(file);
      let size = 0;
      req.on('data', (chunk) => (size += chunk.length));
      req.pipe(out);
      out.on('finish', () => {
        const body = JSON.stringify({ size });
        res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
      out.on('error', (error) => res.writeHead(500).end(error.message));
    });
    const barePort = await listen(bare);

    const upload = async (url, headers, sampler, file = source) => {
      const body = multipart(path.basename(file));
      sampler?.start();
      const { results } = await sendRequests([{ url, method: 'POST', headers: { ...headers, 'content-type': body.contentType }, file: { path: file, head: body.head, tail: body.tail } }], { concurrency: 1 });
      const peak = sampler?.stop();
      const [r] = results;
      if (r.status !== 201) throw new Error(`POST ${new URL(url).pathname} answered ${r.status}: ${(r.body ?? '').slice(0, 300)}`);
      return { ms: r.ms, bytes: r.sentBytes, peak };
    };

    const app = { ms: 0, bytes: 0, times: [] };
    const base = { ms: 0, bytes: 0, times: [] };
    let appPeak = 0;
    let barePeak = 0;
    let rssBefore;
    let bareRssBefore;
    // The instance of the k-th upload: each once, then again after the admin returns its submission.
    const instanceFor = async (k) => {
      const instance = instances[k % instances.length];
      if (k >= instances.length) {
        const returned = await request(`${running.base}/api/instances/${instance.id}/review`, {
          method: 'POST',
          headers: { ...admin.headers, 'content-type': 'application/json' },
          body: JSON.stringify({ decision: 'return', comment: 'Trả lại để thử tải lên lần nữa.' }),
        });
        if (returned.status !== 200) throw new Error(`review (return) answered ${returned.status}: ${returned.body.toString().slice(0, 300)}`);
      }
      return instance;
    };
    const removeBareUpload = (expectedBytes) => {
      const written = path.join(bareDir, `upload-${bareCount}`);
      if (fs.statSync(written).size !== expectedBytes) throw new Error(`the bare server wrote ${fs.statSync(written).size} bytes of ${expectedBytes}`);
      fs.rmSync(written);
    };
    for (let k = 0; k < TOTAL; k++) {
      const timed = k >= WARMUP;
      const instance = await instanceFor(k);
      if (k === 0) rssBefore = process.memoryUsage.rss();
      const sampler = rssSampler();
      const a = await upload(`${running.base}/api/instances/${instance.id}/submissions`, { authorization: `Bearer ${token}` }, sampler);
      appPeak = Math.max(appPeak, a.peak);

      if (k === 0) bareRssBefore = process.memoryUsage.rss();
      const bareSampler = rssSampler();
      const b = await upload(`http://127.0.0.1:${barePort}/upload`, { authorization: `Bearer ${token}` }, bareSampler);
      barePeak = Math.max(barePeak, b.peak);
      if (timed) {
        for (const [total, one] of [[app, a], [base, b]]) {
          total.ms += one.ms;
          total.bytes += one.bytes;
          total.times.push(one.ms);
        }
      }
      removeBareUpload(b.bytes);
      log(`${timed ? `upload ${k - WARMUP + 1}/${UPLOADS}` : 'warm-up upload'}: app ${a.ms.toFixed(0)} ms (${(a.bytes / MB / (a.ms / 1000)).toFixed(0)} MB/s, RSS peak ${(a.peak / MB).toFixed(0)} MB), bare ${b.ms.toFixed(0)} ms (${(b.bytes / MB / (b.ms / 1000)).toFixed(0)} MB/s)`);
    }

    // The same again with larger files: a peak that follows the file's size is memory held per file.
    let largeAppPeak = 0;
    let largeBarePeak = 0;
    for (let k = 0; k < LARGE; k++) {
      const instance = await instanceFor(TOTAL + k);
      const a = await upload(`${running.base}/api/instances/${instance.id}/submissions`, { authorization: `Bearer ${token}` }, rssSampler(), largeSource);
      largeAppPeak = Math.max(largeAppPeak, a.peak);
      const b = await upload(`http://127.0.0.1:${barePort}/upload`, { authorization: `Bearer ${token}` }, rssSampler(), largeSource);
      largeBarePeak = Math.max(largeBarePeak, b.peak);
      removeBareUpload(b.bytes);
      log(`larger file ${k + 1}/${LARGE} (${(largeBytes / MB).toFixed(0)} MB): app ${a.ms.toFixed(0)} ms, RSS peak ${(a.peak / MB).toFixed(0)} MB; bare ${b.ms.toFixed(0)} ms, RSS peak ${(b.peak / MB).toFixed(0)} MB`);
    }

    // What the app stored: every file whole, as many as uploaded.
    const [stored] = await db.query(`SELECT count(*)::int AS files, COALESCE(sum(size), 0)::bigint AS bytes FROM submission_file`);
    const expectedBytes = TOTAL * fileBytes + LARGE * largeBytes;
    if (stored.files !== TOTAL + LARGE || Number(stored.bytes) !== expectedBytes) throw new Error(`the app recorded ${stored.files} files, ${stored.bytes} bytes; expected ${TOTAL + LARGE} files, ${expectedBytes} bytes`);
    const appRate = app.bytes / MB / (app.ms / 1000);
    const bareRate = base.bytes / MB / (base.ms / 1000);
    log(`app: ${appRate.toFixed(1)} MB/s over ${UPLOADS} uploads (${app.times.map((t) => t.toFixed(0)).join(', ')} ms); bare node:http → file: ${bareRate.toFixed(1)} MB/s (${base.times.map((t) => t.toFixed(0)).join(', ')} ms)`);
    log(`RSS: ${(rssBefore / MB).toFixed(0)} MB before the first app upload, peak ${(appPeak / MB).toFixed(0)} MB during the app's uploads; bare server: ${(bareRssBefore / MB).toFixed(0)} MB → peak ${(barePeak / MB).toFixed(0)} MB`);

    printRecord(makeRecord('upload.20mb.ratio', appRate, 'MB/s', bareRate, { op: '>=', value: 0.5, of: 'ratio' }));
    printRecord(makeRecord('upload.20mb.rss_growth_mb', (appPeak - rssBefore) / MB, 'MB', Math.max(0, barePeak - bareRssBefore) / MB, { op: '<=', value: 64 }));
    if (LARGE > 0) {
      log(`RSS with ${LARGE_FACTOR}× larger files: app peak ${(largeAppPeak / MB).toFixed(0)} MB (${(appPeak / MB).toFixed(0)} MB with ${FILE_MB} MB files), bare ${(largeBarePeak / MB).toFixed(0)} MB (${(barePeak / MB).toFixed(0)} MB)`);
      printRecord(makeRecord('upload.20mb.rss_larger_files_mb', Math.max(0, largeAppPeak - appPeak) / MB, 'MB', Math.max(0, largeBarePeak - barePeak) / MB, { op: '<=', value: 16 }));
    }
  } finally {
    if (bare) await new Promise((resolve) => bare.close(resolve));
    if (running) await running.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    log(`FAILED: ${error && error.stack ? error.stack : error}`);
    process.exit(1);
  },
);
