import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { DataSource } from 'typeorm';
import { fixedClock } from '../../src/common/clock';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { FileCleanupService } from '../../src/modules/deliverables/file-cleanup.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { sampleDocx, samplePdf } from '../support/sample-files';
import { apiAs, createCityOfficer, type TestAccount } from '../support/auth';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { binaryBody } from '../support/binary-body';

/**
 * The application with PHULUC_STORAGE_URL on an S3-compatible server (s3rver on loopback), as
 * several app nodes would share it: submissions, downloads, failures and orphan cleanup.
 */
/** Each app of these tests acts as an officer of Sở Nội vụ who is also focal point of every city agency. */
const accounts = new WeakMap<INestApplication, TestAccount>();
const signInOfficer = async (app: INestApplication) => accounts.set(app, await createCityOfficer(app));
const tokenAgent = (app: INestApplication) => apiAs(app, accounts.get(app)!);


describe('HTTP API: deliverables on S3-compatible storage', () => {
  let database: TestDatabase;
  let directory: string;
  let server: S3rver;
  let endpoint: string;
  let admin: S3Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    directory = await mkdtemp(join(tmpdir(), 'phuluc-s3rver-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
    const { port } = await server.run();
    endpoint = `127.0.0.1:${port}`;
    admin = new S3Client({ endpoint: `http://${endpoint}`, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await admin.send(new CreateBucketCommand({ Bucket: 'phuluc-files' }));
  });
  afterAll(async () => {
    admin?.destroy();
    await server?.close();
    await database?.drop();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  async function start(bucket: string): Promise<INestApplication> {
    const app = await createTestApp(database.url, {
      clock: fixedClock('2026-12-10T02:00:00Z'),
      env: { PHULUC_STORAGE_URL: `s3://S3RVER:S3RVER@${endpoint}/${bucket}/nop?tls=false` },
    });
    await app.get(DefinitionsService).load();
    await app.get(GenerationService).generate({ until: '2026-12-10' });
    await signInOfficer(app);
    return app;
  }

  const leadOf = async (app: INestApplication, row: string) =>
    (await tokenAgent(app).get(`/api/instances?plan=HP-BHXH-2030&row=${row}&period=2026&limit=500`).expect(200)).body.items.find(
      (i: { role: string }) => i.role === 'lead',
    ).id as string;

  it('stores, serves and cleans up through S3', async () => {
    const app = await start('phuluc-files');
    try {
      const id = await leadOf(app, 'III.6');
      const docx = await sampleDocx();
      const sent = await tokenAgent(app).post(`/api/instances/${id}/submissions`).attach('files', docx, 'Kế hoạch năm 2026.docx').expect(201);
      expect(sent.body.files[0]).toMatchObject({ name: 'Kế hoạch năm 2026.docx', kind: 'docx', sha256: createHash('sha256').update(docx).digest('hex') });
      const [row] = await app.get(DataSource).query(`SELECT storage_driver, storage_key FROM submission_file WHERE id = $1`, [sent.body.files[0].id]);
      expect(row.storage_driver).toBe('s3');

      const download = await tokenAgent(app)
        .get(sent.body.files[0].url)
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      expect(Buffer.compare(download.body as Buffer, docx)).toBe(0);

      // An object no submission references (a node died before committing) is removed by the job.
      await admin.send(new PutObjectCommand({ Bucket: 'phuluc-files', Key: 'nop/2026/11/0b0e0f00-1111-4222-8333-444455556666', Body: samplePdf() }));
      const cleanup = await app.get(FileCleanupService).cleanup(-1);
      expect(cleanup.removed).toEqual(['2026/11/0b0e0f00-1111-4222-8333-444455556666']);
      await tokenAgent(app).get(sent.body.files[0].url).expect(200);
    } finally {
      await app.close();
    }
  });

  it('a storage failure (the bucket is missing) rolls the submission back', async () => {
    const app = await start('no-such-bucket');
    try {
      const id = await leadOf(app, 'III.7');
      const res = await tokenAgent(app).post(`/api/instances/${id}/submissions`).attach('files', samplePdf(), 'bao-cao.pdf').expect(503);
      expect(res.body.error.code).toBe('STORAGE_FAILED');
      const [{ n }] = await app.get(DataSource).query(`SELECT count(*)::int AS n FROM submission s JOIN task_instance t ON t.id = s.instance_id WHERE t.id = $1`, [id]);
      expect(n).toBe(0);
      expect((await tokenAgent(app).get(`/api/instances/${id}`).expect(200)).body.state).toBe('open');
    } finally {
      await app.close();
    }
  });
});
