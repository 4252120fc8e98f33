import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { Clock } from '../../src/common/clock';
import { loadConfig } from '../../src/config/app-config';

/**
 * The HTTP application exactly as `phuluc serve` builds it (AppModule + configureApp), on the
 * given database, quiet, with the scheduler off and API tokens looked up on every request (many
 * tests change roles in SQL between two calls; the token cache has its own spec); `env` adds or
 * overrides environment settings; `logDestination` receives the log lines instead of stdout.
 */
export async function createTestApp(
  databaseUrl: string,
  options: { env?: Record<string, string>; clock?: Clock; logDestination?: DestinationStream } = {},
): Promise<INestApplication> {
  const config = loadConfig({ LOG_LEVEL: 'silent', PHULUC_TICK_SECONDS: '0', PHULUC_TOKEN_CACHE_SECONDS: '0', DATABASE_URL: databaseUrl, ...options.env });
  const app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl, clock: options.clock, logDestination: options.logDestination }), { bufferLogs: true });
  configureApp(app);
  await app.init();
  return app;
}
