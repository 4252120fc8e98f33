import { Client } from 'pg';
import { revertMigrations, runMigrations } from '../../src/database/migrate';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const EXPECTED_TABLES = [
  'agency',
  'agency_group',
  'agency_group_member',
  'api_token',
  'audit_event',
  'calendar_feed',
  'calendar_year',
  'compliance_snapshot',
  'generated_document',
  'indicator',
  'indicator_actual',
  'indicator_allocation',
  'indicator_target',
  'mail_control',
  'outbox_attempt',
  'outbox_item',
  'outbox_message',
  'password_reset',
  'person',
  'plan',
  'plan_section',
  'signin_attempt',
  'submission',
  'submission_figure',
  'submission_file',
  'task_instance',
  'task_transition',
  'user_account',
  'user_role',
  'user_session',
  'workflow_definition',
  'workflow_definition_version',
  'workflow_party',
];

async function tables(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migration' ORDER BY 1`,
    );
    return rows.map((r) => r.table_name);
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase({ empty: true });
  });
  afterEach(async () => {
    await db.drop();
  });

  it('apply to an empty database, roll back completely, and apply again', async () => {
    expect(await tables(db.url)).toEqual([]);
    const applied = await runMigrations(db.url);
    expect(applied.length).toBeGreaterThan(0);
    expect(await tables(db.url)).toEqual(EXPECTED_TABLES);
    expect(await runMigrations(db.url)).toEqual([]);

    expect(await revertMigrations(db.url)).toBe(applied.length);
    expect(await tables(db.url)).toEqual([]);

    expect(await runMigrations(db.url)).toEqual(applied);
    expect(await tables(db.url)).toEqual(EXPECTED_TABLES);
  });

  it('are applied once when several processes start at the same moment', async () => {
    const results = await Promise.all([runMigrations(db.url), runMigrations(db.url), runMigrations(db.url)]);
    const applied = results.flat();
    expect(new Set(applied).size).toBe(applied.length);
    expect(results.filter((r) => r.length > 0)).toHaveLength(1);
    expect(await tables(db.url)).toEqual(EXPECTED_TABLES);
  });
});
