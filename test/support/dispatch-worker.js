'use strict';
/**
 * A dispatch-only phuluc process, for tests that run several of them against one database
 * (test/integration/outbox-chaos.spec.ts). It builds the application context exactly as the
 * `phuluc` commands do (cli.ts `withApplication`: the configured database, migrations, then
 * `AppModule.forRoot` with the quiet config) and calls the real `OutboxService.dispatchAll()`
 * from dist/ until the outbox holds nothing that can still be sent (no pending or sending row).
 * It does not plan reminders or open instances (what `phuluc tick` does besides dispatching).
 *
 * A failed round (e.g. its PostgreSQL connection was terminated) is caught, counted and
 * retried after a short pause, as TickService's scheduler does; anything that escapes that
 * (an unhandled 'error' event, a rejected promise) crashes the process, as it would crash
 * `phuluc serve`.
 *
 * Environment: the application's own (DATABASE_URL, SMTP_URL, MAIL_FROM, MAIL_RATE_PER_SECOND,
 * MAIL_RETRY_BASE_SECONDS, …). stdout: one JSON line `{"event":"ready","worker",…}` when the
 * context is up, `{"event":"round",…}` for every round that claimed something, and
 * `{"event":"done",…totals}` at the end.
 */
require('reflect-metadata');
const path = require('node:path');

const dist = path.resolve(__dirname, '..', '..', 'dist', 'src');
const { NestFactory } = require('@nestjs/core');
const { DataSource } = require('typeorm');
const { AppModule } = require(path.join(dist, 'app.module.js'));
const { loadConfig } = require(path.join(dist, 'config', 'app-config.js'));
const { openDatabaseServer } = require(path.join(dist, 'database', 'database-server.js'));
const { runMigrations } = require(path.join(dist, 'database', 'migrate.js'));
const { OutboxService } = require(path.join(dist, 'modules', 'reminders', 'outbox.service.js'));

const IDLE_MS = Number(process.env.DISPATCH_WORKER_IDLE_MS || 100);
const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const config = loadConfig();
  const database = await openDatabaseServer(config);
  try {
    await runMigrations(database.url);
    const quiet = { ...config, logLevel: 'warn' };
    const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config: quiet, databaseUrl: database.url }), { logger: ['error'] });
    try {
      const outbox = app.get(OutboxService);
      const db = app.get(DataSource);
      const totals = { rounds: 0, claimed: 0, sent: 0, retried: 0, dead: 0, errors: 0 };
      const errors = [];
      emit({ event: 'ready', worker: outbox.worker, pid: process.pid, transport: outbox.transportName });
      for (;;) {
        try {
          const r = await outbox.dispatchAll();
          totals.rounds++;
          totals.claimed += r.claimed;
          totals.sent += r.sent;
          totals.retried += r.retried;
          totals.dead += r.dead;
          if (r.claimed > 0) {
            emit({ event: 'round', ...r });
            continue;
          }
          // Nothing could go now: finished, or waiting for a backoff or another worker's lease.
          const [{ left }] = await db.query(`SELECT count(*)::int AS left FROM outbox_message WHERE state IN ('pending', 'sending')`);
          if (left === 0) break;
        } catch (error) {
          totals.errors++;
          if (errors.length < 20) errors.push(String(error && error.message ? error.message : error));
          process.stderr.write(`[dispatch-worker ${process.pid}] round failed: ${error && error.message ? error.message : error}\n`);
        }
        await sleep(IDLE_MS);
      }
      emit({ event: 'done', worker: outbox.worker, ...totals, errorMessages: errors });
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`[dispatch-worker ${process.pid}] ${error && error.stack ? error.stack : error}\n`);
    process.exit(2);
  },
);
