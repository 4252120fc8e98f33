import * as path from 'node:path';
import { DataSourceOptions } from 'typeorm';

/** Compiled migrations live in dist/migrations; under ts-jest the TypeScript ones are loaded. */
const MIGRATIONS_GLOB = path.join(__dirname, '..', '..', 'migrations', __filename.endsWith('.ts') ? '*.ts' : '*.js');

/** The one DataSource definition, shared by the application, the tests and the TypeORM CLI. */
export function buildDataSourceOptions(url: string, overrides: { poolSize?: number; applicationName?: string } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // No entity classes: reads and writes are SQL through this DataSource (set-based where it matters);
    // the schema is the migrations'.
    entities: [],
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'schema_migration',
    migrationsRun: false,
    synchronize: false,
    // Failed queries surface as errors where they happen; TypeORM's own console logging stays off.
    logging: false,
    applicationName: overrides.applicationName ?? 'phuluc',
    extra: { max: overrides.poolSize ?? 10 },
  };
}
