import { INestApplication } from '@nestjs/common';
import * as http from 'node:http';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { fixedClock } from '../../src/common/clock';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { FileCleanupService } from '../../src/modules/deliverables/file-cleanup.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { samplePdf } from '../support/sample-files';
import { apiAs, createCityOfficer, type TestAccount } from '../support/auth';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';


/** Each app of these tests acts as an officer of Sở Nội vụ who is also focal point of every city agency. */
const accounts = new WeakMap<INestApplication, TestAccount>();
const signInOfficer = async (app: INestApplication) => accounts.set(app, await createCityOfficer(app));
const tokenAgent = (app: INestApplication) => apiAs(app, accounts.get(app)!);

const MB = 1024 * 1024;

// A full collection before each memory sample, so garbage not yet collected is not counted
// as memory held: what remains is what the server keeps of the upload.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

async function leadInstance(app: INestApplication, row: string, period: string): Promise<string> {
  const res = await tokenAgent(app).get(`/api/instances?plan=HP-BHXH-2030&row=${row}&period=${period}&limit=500`).expect(200);
  return res.body.items.find((i: { role: string }) => i.role === 'lead').id;
}

interface StreamedUpload {
  status: number;
  body: string;
  /** Bytes of the body the client had written when the answer came. */
  sentWhenAnswered: number;
  /** Growth of the test process's live heap + buffers while uploading (the server runs in it too). */
  peakMemoryGrowth: number;
}

/**
 * POSTs one file part of `totalBytes` (generated chunk by chunk, never held whole), stopping as
 * soon as the server answers.
 */
function streamUpload(port: number, path: string, totalBytes: number, token: string): Promise<StreamedUpload> {
  const boundary = 'phuluc-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="video.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  // An MP4 header, then filler: the same 1 MiB buffer written again and again.
  const chunk = Buffer.alloc(MB, 0x41);
  Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]).copy(chunk);
  const memory = () => {
    collectGarbage();
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.arrayBuffers;
  };
  const baseline = memory();
  let peak = 0;
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered: { status: number; sentWhenAnswered: number } | undefined;
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, Authorization: `Bearer ${token}` } }, (res) => {
      answered = { status: res.statusCode ?? 0, sentWhenAnswered: sent };
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        req.destroy();
        resolve({ ...answered!, body: Buffer.concat(parts).toString('utf8'), peakMemoryGrowth: peak });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server closes the connection after answering: a write may then fail.
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && sent < totalBytes) {
        if (sent % (8 * MB) === 0) peak = Math.max(peak, memory() - baseline);
        const first = sent === 0;
        const ok = req.write(first ? Buffer.concat([head, chunk]) : chunk);
        sent += chunk.length;
        if (!ok) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered && sent >= totalBytes) req.end(`\r\n--${boundary}--\r\n`);
    };
    pump();
  });
}

describe('HTTP API: upload limits and storage failures', () => {
  let database: TestDatabase;
  const dirs: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  async function start(env: Record<string, string>): Promise<{ app: INestApplication; port: number }> {
    const app = await createTestApp(database.url, { clock: fixedClock('2026-12-10T02:00:00Z'), env });
    await app.get(DefinitionsService).load();
    await app.get(GenerationService).generate({ until: '2026-12-10' });
    await signInOfficer(app);
    await app.listen(0, '127.0.0.1');
    return { app, port: (app.getHttpServer().address() as AddressInfo).port };
  }

  it('answers 413 to a file over the 50 MB default while it streams, without reading the rest or holding it in memory', async () => {
    const filesDir = await mkdtemp(join(tmpdir(), 'phuluc-files-'));
    dirs.push(filesDir);
    const { app, port } = await start({ PHULUC_FILES_DIR: filesDir });
    try {
      const id = await leadInstance(app, 'III.6', '2026');
      const result = await streamUpload(port, `/api/instances/${id}/submissions`, 200 * MB, accounts.get(app)!.token);
      expect(result.status).toBe(413);
      expect(JSON.parse(result.body).error).toMatchObject({ code: 'FILE_TOO_LARGE', message: 'Tệp vượt quá dung lượng cho phép (tối đa 50 MB).' });
      // Answered once the limit was passed: far from the 200 MB the client meant to send.
      expect(result.sentWhenAnswered).toBeGreaterThan(50 * MB);
      expect(result.sentWhenAnswered).toBeLessThan(80 * MB);
      // Memory stays flat: the 50 MB read went to disk, not to buffers.
      expect(result.peakMemoryGrowth).toBeLessThan(16 * MB);
      // Nothing kept: no file, no temporary part, no row.
      expect(await readdir(filesDir).then((e) => e.filter((n) => n !== 'tmp'))).toEqual([]);
      expect(await readdir(join(filesDir, 'tmp'))).toEqual([]);
      const [{ n }] = await app.get(DataSource).query(`SELECT count(*)::int AS n FROM submission`);
      expect(n).toBe(0);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('takes a row’s own limit from its definition, and the application’s from PHULUC_MAX_UPLOAD_MB', async () => {
    const filesDir = await mkdtemp(join(tmpdir(), 'phuluc-files-'));
    dirs.push(filesDir);
    const { app, port } = await start({ PHULUC_FILES_DIR: filesDir, PHULUC_MAX_UPLOAD_MB: '2' });
    try {
      const id = await leadInstance(app, 'III.7', '2026');
      const result = await streamUpload(port, `/api/instances/${id}/submissions`, 20 * MB, accounts.get(app)!.token);
      expect(result.status).toBe(413);
      expect(JSON.parse(result.body).error.message).toBe('Tệp vượt quá dung lượng cho phép (tối đa 2 MB).');
      // A row that allows more (a video deliverable) is configured in its definition.
      await app.get(DataSource).query(
        `UPDATE workflow_definition_version v SET deliverable = v.deliverable || '{"maxUploadMB": 8}'
           FROM task_instance t WHERE t.id = $1 AND v.id = t.version_id`,
        [id],
      );
      const larger = await streamUpload(port, `/api/instances/${id}/submissions`, 6 * MB, accounts.get(app)!.token);
      expect(larger.status).toBe(201);
      expect(JSON.parse(larger.body).files).toMatchObject([{ name: 'video.mp4', kind: 'mp4', size: 6 * MB }]);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('rolls the submission back when the disk cannot be written: 503, no row, the task still open', async () => {
    const root = await mkdtemp(join(tmpdir(), 'phuluc-broken-'));
    dirs.push(root);
    const notADirectory = join(root, 'plain-file');
    await writeFile(notADirectory, 'this is a file, not a folder');
    const { app } = await start({ PHULUC_FILES_DIR: join(notADirectory, 'files') });
    try {
      const id = await leadInstance(app, 'III.8', '2026');
      const db = app.get(DataSource);
      const tally = async () =>
        (
          await db.query(
            `SELECT (SELECT count(*)::int FROM submission) AS submissions, (SELECT count(*)::int FROM audit_event) AS audits,
                    (SELECT count(*)::int FROM outbox_message) AS mails`,
          )
        )[0];
      const before = await tally();
      const res = await tokenAgent(app).post(`/api/instances/${id}/submissions`).attach('files', samplePdf(), 'Báo cáo.pdf').field('link', 'https://haiphong.gov.vn').expect(503);
      expect(res.body.error).toMatchObject({ code: 'STORAGE_FAILED', message: 'Không lưu được tệp vào kho lưu trữ; chưa có gì được ghi nhận, vui lòng gửi lại sau.' });
      expect(await tally()).toEqual(before);
      expect((await tokenAgent(app).get(`/api/instances/${id}`).expect(200)).body.state).toBe('open');
    } finally {
      await app.close();
    }
  });

  it('the cleanup job removes stored files no submission references, once they are old enough', async () => {
    const filesDir = await mkdtemp(join(tmpdir(), 'phuluc-files-'));
    dirs.push(filesDir);
    const { app } = await start({ PHULUC_FILES_DIR: filesDir });
    try {
      const id = await leadInstance(app, 'III.9', '2026');
      const kept = await tokenAgent(app).post(`/api/instances/${id}/submissions`).attach('files', samplePdf(), 'giu-lai.pdf').expect(201);
      // An orphan: a file stored by a process that died before its transaction committed.
      await mkdir(join(filesDir, '2026', '12'), { recursive: true });
      await writeFile(join(filesDir, '2026', '12', '0b0e0f00-1111-4222-8333-444455556666'), samplePdf());
      await writeFile(join(filesDir, 'tmp', '0b0e0f00-1111-4222-8333-444455556666.part'), 'half');
      const cleanup = app.get(FileCleanupService);
      // Young files are left alone: their transaction may still commit.
      expect(await cleanup.cleanup(60)).toEqual({ removed: [], partials: [] });
      const result = await cleanup.cleanup(-1);
      expect(result).toEqual({ removed: ['2026/12/0b0e0f00-1111-4222-8333-444455556666'], partials: ['0b0e0f00-1111-4222-8333-444455556666.part'] });
      await tokenAgent(app).get(kept.body.files[0].url).expect(200);
    } finally {
      await app.close();
    }
  });
});
