import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { fixedClock } from '../../src/common/clock';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { samplePdf } from '../support/sample-files';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { filesUnder } from '../support/files-under';


/** A PDF of `megabytes` MB: a real PDF header, then padding inside a comment-safe stream. */
function bigPdf(megabytes: number): Buffer {
  const head = samplePdf('tệp lớn');
  return Buffer.concat([head, Buffer.from('\n%'), Buffer.from(randomBytes(megabytes * 1024 * 512).toString('hex'))]);
}

/**
 * Concurrency under load: 50 reviews of one submission at once (exactly one wins), and large
 * uploads side by side with one aborted half-way (no orphan row, no file left on disk).
 */
describe('reliability: concurrent reviews and uploads', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let filesDir: string;
  let officer: TestAccount;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    filesDir = await mkdtemp(join(tmpdir(), 'phuluc-concurrency-'));
    app = await createTestApp(database.url, { clock: fixedClock('2026-12-10T02:00:00Z'), env: { PHULUC_FILES_DIR: filesDir, PHULUC_MAX_UPLOAD_MB: '50' } });
    await app.get(DefinitionsService).load();
    await app.get(GenerationService).generate({ until: '2026-12-10' });
    db = app.get(DataSource);
    const communes: { code: string }[] = await db.query(`SELECT code FROM agency WHERE level = 'commune'`);
    officer = await createAccount(app, { roles: ['monitor'], focalPointOf: communes.map((c) => c.code) });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await rm(filesDir, { recursive: true, force: true });
  });

  /** Open lead tasks of row III.11 (every commune), one per upload. */
  const openTasks = async (n: number): Promise<string[]> =>
    (
      await db.query(
        `SELECT t.id FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id
          WHERE d.key = 'III.11' AND t.role = 'lead' AND t.status = 'open' ORDER BY t.agency_code LIMIT $1`,
        [n],
      )
    ).map((r: { id: string }) => r.id);

  it('50 reviews of one submission at once: exactly one wins, the others get 409, one audit entry', async () => {
    const [id] = await openTasks(1);
    await apiAs(app, officer).post(`/api/instances/${id}/submissions`).attach('files', samplePdf(), 'bao-cao.pdf').field('figures', '{"communication_activities":"12"}').expect(201);
    const reviews = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        apiAs(app, officer)
          .post(`/api/instances/${id}/review`)
          .send(i % 2 ? { decision: 'accept' } : { decision: 'return', comment: `Bổ sung số liệu (${i}).` }),
      ),
    );
    const statuses = reviews.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const [audit] = await db.query(`SELECT count(*)::int AS n FROM audit_event WHERE instance_id = $1 AND action IN ('submission.accept', 'submission.return')`, [id]);
    expect(audit.n).toBe(1);
    const [task] = await db.query(`SELECT status FROM task_instance WHERE id = $1`, [id]);
    const winner = reviews.find((r) => r.status === 200)!;
    expect(task.status).toBe(winner.body.status);
    const transitions = await db.query(`SELECT event FROM task_transition WHERE instance_id = $1 ORDER BY at, id`, [id]);
    expect(transitions.map((t: { event: string }) => t.event)).toEqual(['submit', winner.body.status === 'accepted' ? 'accept' : 'return']);
  });

  it('four 20 MB uploads at once, one aborted half-way: three kept, no orphan row, no file left behind', async () => {
    const ids = await openTasks(4);
    const body = bigPdf(20);
    const boundary = '----phuluc-reliability';
    // Row III.11 is a figure deliverable: its figure goes first, then the file.
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="figures"\r\n\r\n{"communication_activities":"7"}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="bao-cao-lon.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const upload = (id: string, abortAfter?: number) =>
      new Promise<number | 'aborted'>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: `/api/instances/${id}/submissions`,
            headers: { authorization: `Bearer ${officer.token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + body.length + tail.length },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode!));
          },
        );
        req.on('error', (error) => (abortAfter !== undefined ? resolve('aborted') : reject(error)));
        req.write(head);
        const chunk = 256 * 1024;
        let sent = 0;
        const pump = () => {
          while (sent < body.length) {
            if (abortAfter !== undefined && sent >= abortAfter) {
              req.destroy();
              resolve('aborted');
              return;
            }
            const ok = req.write(body.subarray(sent, sent + chunk));
            sent += chunk;
            if (!ok) {
              req.once('drain', pump);
              return;
            }
          }
          req.end(tail);
        };
        pump();
      });
    const results = await Promise.all([upload(ids[0]), upload(ids[1]), upload(ids[2], body.length / 2), upload(ids[3])]);
    expect(results).toEqual([201, 201, 'aborted', 201]);
    const rows: { instance_id: string }[] = await db.query(`SELECT s.instance_id FROM submission s WHERE s.instance_id = ANY($1::uuid[]) ORDER BY s.instance_id`, [ids]);
    expect(rows.map((r) => r.instance_id).sort()).toEqual([ids[0], ids[1], ids[3]].sort());
    const keys: { storage_key: string; size: string }[] = await db.query(`SELECT storage_key, size FROM submission_file`);
    expect(keys.filter((k) => Number(k.size) === body.length)).toHaveLength(3);
    // On disk, once the server has noticed the abort: exactly the files the rows name (the first
    // test's small one included), nothing partial.
    const expected = keys.map((k) => k.storage_key).sort();
    let onDisk: string[] = [];
    for (let i = 0; i < 50 && JSON.stringify(onDisk) !== JSON.stringify(expected); i++) {
      if (i) await new Promise((r) => setTimeout(r, 100));
      onDisk = await filesUnder(filesDir);
    }
    expect(onDisk).toEqual(expected);
    const [aborted] = await db.query(`SELECT status, submission_count FROM task_instance WHERE id = $1`, [ids[2]]);
    expect(aborted).toEqual({ status: 'open', submission_count: 0 });
  });
});
