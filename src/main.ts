import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { AppConfig, loadConfig } from './config/app-config';
import { DatabaseServer } from './database/embedded-postgres';
import { openDatabaseServer } from './database/database-server';
import { runMigrations } from './database/migrate';
import { Clock, CLOCK, SettableClock, vietnamDate } from './common/clock';
import { DemoSeedService } from './modules/demo/demo-seed.service';
import { DefinitionsService, LoadResult } from './modules/definitions/definitions.service';
import { GenerationService, PlanGeneration } from './modules/scheduling/generation.service';
import { FileCleanupService } from './modules/deliverables/file-cleanup.service';
import { TickService } from './modules/reminders/tick.service';
import { ShutdownState } from './modules/health/shutdown-state';
import { AccountsService } from './modules/access/accounts.service';
import { Metrics } from './modules/metrics/metrics';
import { startMetricsListener } from './modules/metrics/metrics-listener';

export interface RunningServer {
  app: INestApplication;
  database: DatabaseServer;
  url: string;
  loaded?: LoadResult;
  generated?: PlanGeneration[];
  /** With `--demo`: the demonstration accounts and their passwords (new at each start). */
  demo?: DemoResult;
  /** Set at the first start on an empty database: the admin created (and its password when generated). */
  firstAdmin?: { email: string; generatedPassword?: string };
  stop(): Promise<void>;
}

/**
 * Starts everything `phuluc serve` runs: the database (embedded unless DATABASE_URL is set),
 * migrations, the definitions in workflows/, and the HTTP server.
 */
export type DemoResult = Awaited<ReturnType<DemoSeedService['seed']>>;

/**
 * Demonstration data "as of" past dates: its own application context on the same database, with
 * a clock the seed sets back and forth (the served application keeps the real time).
 */
export async function seedDemo(config: AppConfig, databaseUrl: string): Promise<DemoResult> {
  const clock = new SettableClock();
  const context = await NestFactory.createApplicationContext(AppModule.forRoot({ config: { ...config, logLevel: 'warn' }, databaseUrl, clock }), { logger: ['error'] });
  try {
    return await context.get(DemoSeedService).seed();
  } finally {
    await context.close();
  }
}

export interface ServeOptions {
  loadDefinitions?: boolean;
  demo?: boolean;
  /** false: no HTTP server (a worker that only runs the scheduler). */
  http?: boolean;
  /** false: no scheduler (an HTTP-only process; another process ticks). */
  scheduler?: boolean;
}

export async function startServer(config: AppConfig, options: ServeOptions = {}): Promise<RunningServer> {
  const database = await openDatabaseServer(config, (line) => {
    if (config.logLevel === 'debug' || config.logLevel === 'trace') process.stderr.write(`[postgres] ${line}\n`);
  });
  let app: NestExpressApplication | undefined;
  try {
    await runMigrations(database.url);
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, databaseUrl: database.url }), {
      bufferLogs: true,
    });
    configureApp(app);
    let loaded: LoadResult | undefined;
    let generated: PlanGeneration[] | undefined;
    if (options.loadDefinitions ?? true) {
      loaded = await app.get(DefinitionsService).load();
      // Open today's tasks at once (idempotent); the scheduler keeps them current afterwards.
      generated = await app.get(GenerationService).generate({ until: vietnamDate(app.get<Clock>(CLOCK).now()) });
    }
    const firstAdmin = await app.get(AccountsService).ensureFirstAdmin(config.adminEmail, config.adminPassword);
    const demo = options.demo ? await seedDemo(config, database.url) : undefined;
    const shutdown = app.get(ShutdownState);
    let metricsListener: import('node:http').Server | undefined;
    if (options.http ?? true) await app.listen(config.port, config.host);
    else {
      await app.init();
      if (config.metricsPort !== undefined) metricsListener = await startMetricsListener(config, app.get(Metrics), () => shutdown.isStopping);
    }
    if (options.scheduler ?? true) {
      app.get(TickService).enableSchedule();
      app.get(FileCleanupService).enableSchedule();
    }
    let stopped = false;
    const running = app;
    return {
      app: running,
      database,
      url: config.publicUrl,
      loaded,
      generated,
      firstAdmin,
      demo,
      async stop() {
        if (stopped) return;
        stopped = true;
        // Readiness goes to 503 first; an HTTP process keeps answering for the drain pause so the
        // load balancer takes it out of rotation before its connections are refused.
        shutdown.begin();
        running.get(TickService).stopScheduling();
        if ((options.http ?? true) && config.shutdownDelaySeconds > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDelaySeconds * 1000));
        if (metricsListener) await new Promise((resolve) => metricsListener!.close(resolve));
        await running.close();
        await database.stop();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.stop();
    throw error;
  }
}

if (require.main === module) {
  startServer(loadConfig()).catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
