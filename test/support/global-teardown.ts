import { promises as fs } from 'node:fs';
import { Client } from 'pg';
import { DatabaseServer } from '../../src/database/embedded-postgres';
import { ENV_RUN_ID, ENV_SERVER_URL } from './test-database';

/** Drops every database this run created, and stops the embedded server if one was started. */
export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env[ENV_SERVER_URL];
  const runId = process.env[ENV_RUN_ID];
  if (serverUrl && runId) {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${runId}%`]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }
  const started = (globalThis as Record<string, unknown>).__phulucTestServer as { server: DatabaseServer; dataDir: string } | undefined;
  if (started) {
    await started.server.stop();
    await fs.rm(started.dataDir, { recursive: true, force: true });
  }
}
