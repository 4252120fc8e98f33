import { AppConfig } from '../config/app-config';
import { DatabaseServer, startEmbeddedPostgres } from './embedded-postgres';

/** The configured PostgreSQL (`DATABASE_URL`) or, without one, the embedded server. */
export async function openDatabaseServer(config: AppConfig, log?: (line: string) => void): Promise<DatabaseServer> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  }
  return startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedDatabasePort, log });
}
