import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Set by global-setup: the server every test file uses, and the migrated template database. */
export const ENV_SERVER_URL = 'PHULUC_TEST_SERVER_URL';
export const ENV_TEMPLATE = 'PHULUC_TEST_TEMPLATE';
export const ENV_RUN_ID = 'PHULUC_TEST_RUN_ID';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file: a copy of the migrated template (fast), or an empty
 * one when `empty` is set (for migration tests).
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env[ENV_SERVER_URL];
  const template = process.env[ENV_TEMPLATE];
  if (!serverUrl || !template) throw new Error('test/support/global-setup.ts did not run');
  const name = `${process.env[ENV_RUN_ID]}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}" ${options.empty ? 'TEMPLATE template0' : `TEMPLATE "${template}"`}`);
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
