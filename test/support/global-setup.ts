import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';
import { adminQuery, ENV_RUN_ID, ENV_SERVER_URL, ENV_TEMPLATE, withDatabase } from './test-database';

/**
 * Once per `npm test`: reach PostgreSQL (DATABASE_URL, or an embedded server in a temporary
 * folder), migrate a template database once, and let each test file clone it.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `phuluc_test_${process.pid}_${Date.now().toString(36)}`;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'phuluc-test-pg-'));
    const server = await startEmbeddedPostgres({ dataDir, port: 0 });
    serverUrl = server.url;
    (globalThis as Record<string, unknown>).__phulucTestServer = { server, dataDir };
  }
  const template = `${runId}_template`;
  await adminQuery(serverUrl, `CREATE DATABASE "${template}"`);
  await runMigrations(withDatabase(serverUrl, template));
  process.env[ENV_SERVER_URL] = serverUrl;
  process.env[ENV_TEMPLATE] = template;
  process.env[ENV_RUN_ID] = runId;
}
