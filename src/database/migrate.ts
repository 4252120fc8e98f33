import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

/** Any constant shared by every phuluc process; "phuluc" as a 32-bit number. */
const MIGRATION_LOCK_KEY = 0x7068756c;

/**
 * Applies pending migrations. Several processes may start at once: the first takes a
 * PostgreSQL advisory lock, the others wait for it and then find nothing left to run.
 * Each migration runs in its own transaction.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const lock = new Client({ connectionString: url, application_name: 'phuluc-migrate-lock' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const dataSource = new DataSource(buildDataSourceOptions(url, { poolSize: 2, applicationName: 'phuluc-migrate' }));
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}

/** Rolls back the last `steps` migrations (used by tests and by operators). */
export async function revertMigrations(url: string, steps = Number.POSITIVE_INFINITY): Promise<number> {
  const dataSource = new DataSource(buildDataSourceOptions(url, { poolSize: 2 }));
  await dataSource.initialize();
  let reverted = 0;
  try {
    while (reverted < steps) {
      const executed = await dataSource.query(`SELECT count(*)::int AS n FROM schema_migration`).catch(() => [{ n: 0 }]);
      if (executed[0].n === 0) break;
      await dataSource.undoLastMigration({ transaction: 'each' });
      reverted++;
    }
  } finally {
    await dataSource.destroy();
  }
  return reverted;
}
