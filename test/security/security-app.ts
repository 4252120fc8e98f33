import { INestApplication } from '@nestjs/common';
import { promises as fs } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { fixedClock } from '../../src/common/clock';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { createAccount, type TestAccount } from '../support/auth';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

export interface SecurityApp {
  app: INestApplication;
  db: DataSource;
  database: TestDatabase;
  work: string;
  /** An administrator (API token). */
  admin: TestAccount;
  /** A Sở Nội vụ officer who is also focal point of every agency: reaches every monitor and focal-point route. */
  monitor: TestAccount;
  close(): Promise<void>;
}

/**
 * The real application (as `phuluc serve` builds it) on a database of its own, "now" being
 * Thursday 10/12/2026 09:00 in Hải Phòng, with the definitions loaded and the tasks of 2026
 * generated. Files, data and a copy of workflows/ live in a temporary folder, so that routes that
 * write (uploads, the appendix import) touch nothing of the repository.
 */
export async function startSecurityApp(env: Record<string, string> = {}): Promise<SecurityApp> {
  const database = await createTestDatabase();
  const work = await mkdtemp(path.join(tmpdir(), 'phuluc-security-'));
  await fs.cp(path.join(__dirname, '../../workflows'), path.join(work, 'workflows'), { recursive: true });
  const app = await createTestApp(database.url, {
    clock: fixedClock('2026-12-10T02:00:00Z'),
    env: {
      PHULUC_WORKFLOWS_DIR: path.join(work, 'workflows'),
      PHULUC_DATA_DIR: path.join(work, 'data'),
      PHULUC_FILES_DIR: path.join(work, 'files'),
      PUBLIC_URL: 'https://phuluc.haiphong.gov.vn',
      // PHULUC_SECURITY_LOG_LEVEL=error shows the stack of a 500 while investigating.
      LOG_LEVEL: process.env.PHULUC_SECURITY_LOG_LEVEL ?? 'silent',
      ...env,
    },
  });
  await app.get(DefinitionsService).load();
  await app.get(GenerationService).generate({ until: '2026-12-31' });
  const db = app.get(DataSource);
  const agencies: { code: string }[] = await db.query(`SELECT code FROM agency`);
  const admin = await createAccount(app, { name: 'Quản trị viên', roles: ['admin'] });
  const monitor = await createAccount(app, { name: 'Chuyên viên Sở Nội vụ', roles: ['monitor'], focalPointOf: agencies.map((a) => a.code) });
  return {
    app,
    db,
    database,
    work,
    admin,
    monitor,
    close: async () => {
      await app.close();
      await database.drop();
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** The task of a row, period and agency (the lead's when no agency is named). */
export async function taskId(db: DataSource, row: string, period: string, agency?: string): Promise<string> {
  const rows: { id: string }[] = await db.query(
    `SELECT t.id FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id
      WHERE d.key = $1 AND t.period_key = $2 AND ($3::text IS NULL OR t.agency_code = $3) ORDER BY (t.role = 'lead') DESC, t.agency_code LIMIT 1`,
    [row, period, agency ?? null],
  );
  if (!rows[0]) throw new Error(`no task ${row} ${period} ${agency ?? ''}`);
  return rows[0].id;
}

/** A multipart/form-data body built by hand (so that any bytes and any names can be sent). */
export function multipart(parts: { name: string; value: Buffer | string; fileName?: string; type?: string }[], boundary = `----phuluc${Date.now().toString(36)}`) {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name.replace(/["\r\n]/gu, '_')}"${part.fileName !== undefined ? `; filename="${part.fileName.replace(/["\r\n]/gu, '_')}"` : ''}`;
    const headers = [`Content-Disposition: ${disposition}`, ...(part.fileName !== undefined ? [`Content-Type: ${part.type ?? 'application/octet-stream'}`] : [])];
    chunks.push(Buffer.from(`--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n`), Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
