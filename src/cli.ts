#!/usr/bin/env node
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Command } from 'commander';
import * as path from 'node:path';
import { AppModule } from './app.module';
import { cliMessages as t } from './cli.messages';
import { DomainError } from './common/domain-error';
import { AppConfig, loadConfig } from './config/app-config';
import { openDatabaseServer } from './database/database-server';
import { runMigrations } from './database/migrate';
import { type DemoResult, seedDemo, startServer } from './main';
import { DataSource } from 'typeorm';
import { formatProblem } from './modules/definitions/files/definition-error';
import { readDefinitionSet } from './modules/definitions/files/read-definition-set';
import { DefinitionsService, LoadResult } from './modules/definitions/definitions.service';
import { formatVietnamese, isLocalDate } from './modules/scheduling/domain/local-date';
import { GenerationService } from './modules/scheduling/generation.service';
import { importAppendix, ImportReport } from './modules/definitions/import/appendix-importer';
import { peopleMessages } from './modules/agencies/people.messages';
import { PeopleService, PersonRole } from './modules/agencies/people.service';
import { Clock, fixedClock, systemClock, vietnamDate } from './common/clock';
import { formatMailDateTime } from './modules/reminders/mail-format';
import { TickService } from './modules/reminders/tick.service';
import { AccountsService } from './modules/access/accounts.service';
import { TokensService } from './modules/access/tokens.service';
import { ACCOUNT_ROLES, type AccountRole } from './common/acting-user';
import { DEFAULT_ORPHAN_GRACE_MINUTES, FileCleanupService } from './modules/deliverables/file-cleanup.service';
import { REPORT_FORMATS, ReportsService } from './modules/reports/reports.service';
import { promises as fsp } from 'node:fs';

/** Exit codes: 0 done, 1 the input has problems, 2 the command could not run. */
const EXIT_INVALID = 1;
const EXIT_FAILED = 2;

/** A mistake in how the command was called: exit 2 with the message. */
class UsageError extends Error {}

const print = (line: string) => process.stdout.write(line + '\n');
const printJson = (value: unknown) => process.stdout.write(JSON.stringify(value, null, 2) + '\n');

/** Runs `work` with the application's modules on a started, migrated database, then stops both. */
async function withApplication<T>(
  config: AppConfig,
  work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>,
  clock?: Clock,
): Promise<T> {
  const database = await openDatabaseServer(config);
  try {
    await runMigrations(database.url);
    const quiet = { ...config, logLevel: 'warn' as const };
    const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config: quiet, databaseUrl: database.url, clock }), {
      logger: ['error'],
    });
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

function printDemo(demo: DemoResult): void {
  print(t.demoHeader(demo.submissions, demo.alreadySeeded));
  for (const a of demo.accounts) print(t.demoAccount(a.role, a.email, a.password));
}

function printWarning(w: { file: string; item?: string; message: string }): void {
  print(t.warning(`${w.file}${w.item ? ` [${w.item}]` : ''}: ${w.message}`));
}

function printLoad(result: LoadResult): void {
  print(t.loaded);
  print(t.agencies(result.summary.agencies));
  print(t.groups(result.summary.groups));
  print(t.calendarYears(result.summary.calendarYears));
  for (const plan of result.summary.plans) {
    print(t.plan(plan.code, plan.created, plan.updated));
    if (plan.rows) print(t.rows(plan.rows));
  }
  result.warnings.forEach(printWarning);
}

function printImport(report: ImportReport, loaded: LoadResult | undefined, dryRun: boolean): void {
  print(t.importHeader(report.file, report.plan, report.planExists, formatVietnamese(report.horizon.start), formatVietnamese(report.horizon.end)));
  const names = (parties: ImportReport['rows'][number]['lead']) =>
    parties.map((p) => (p.resolved ? `${p.name} (${p.resolved})` : `${p.name} (?)`)).join('; ');
  for (const row of report.rows) {
    const dues = row.timing.dueDates.length ? row.timing.dueDates.map(formatVietnamese).join(', ') : t.importNoDue;
    print(t.importRow(row.key, row.lines.join(','), row.timing.kind, `${row.timing.text} → ${dues}`));
    print(t.importParties('chủ trì', names(row.lead)));
    if (row.support.length) print(t.importParties('phối hợp', names(row.support)));
    row.warnings.forEach((w) => print(t.rowWarning(row.key, w)));
  }
  const s = report.summary;
  print(t.importSummary(s.rows, s.linesRead, s.linesInRows, s.linesHeadings, s.linesNoted));
  report.notes.forEach((n) => print(t.importNote(n)));
  if (s.unresolvedNames.length) print(t.importUnresolved(s.unresolvedNames));
  if (s.blockingRows.length) print(t.importBlocking(s.blockingRows));
  if (dryRun) print(t.importDryRun);
  else print(t.importWritten(report.written));
  if (report.problems.length) {
    print(t.importProblems(report.problems.length));
    report.problems.forEach((p) => print(t.importProblem(p)));
  }
  if (loaded) printLoad(loaded);
}

export function buildCli(config: AppConfig): Command {
  const program = new Command('phuluc').description(t.description).showHelpAfterError();
  const resolveTarget = (target?: string) => (target ? path.resolve(target) : config.workflowsDir);

  program
    .command('validate')
    .description(t.validateDescription)
    .argument('[path]', t.pathArgument)
    .option('--json', t.jsonOption)
    .action(async (target: string | undefined, opts: { json?: boolean }) => {
      const result = await readDefinitionSet(resolveTarget(target), config.workflowsDir, path.dirname(config.workflowsDir));
      const ok = result.problems.length === 0;
      if (opts.json) {
        printJson({ ok, files: result.files, problems: result.problems, warnings: result.set.warnings });
      } else {
        result.problems.forEach((p) => print(formatProblem(p)));
        print(ok ? t.valid(result.files.length) : t.invalid(result.problems.length));
        result.set.warnings.forEach(printWarning);
      }
      process.exitCode = ok ? 0 : EXIT_INVALID;
    });

  program
    .command('load')
    .description(t.loadDescription)
    .argument('[path]', t.pathArgument)
    .option('--json', t.jsonOption)
    .action(async (target: string | undefined, opts: { json?: boolean }) => {
      try {
        const result = await withApplication(config, (app) => app.get(DefinitionsService).load(resolveTarget(target)));
        if (opts.json) printJson({ ok: true, ...result });
        else printLoad(result);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'DEFINITIONS_INVALID') throw error;
        const details = error.details as { problems: Parameters<typeof formatProblem>[0][] };
        if (opts.json) printJson({ ok: false, problems: details.problems });
        else {
          details.problems.forEach((p) => print(formatProblem(p)));
          print(error.message);
        }
        process.exitCode = EXIT_INVALID;
      }
    });

  program
    .command('generate')
    .description(t.generateDescription)
    .option('--until <date>', t.untilOption)
    .option('--plan <code>', t.planOption)
    .option('--json', t.jsonOption)
    .action(async (opts: { until?: string; plan?: string; json?: boolean }) => {
      const until = opts.until ?? vietnamDate(systemClock.now());
      if (!isLocalDate(until)) throw new UsageError(t.badDate('--until', until));
      const plans = await withApplication(config, (app) => app.get(GenerationService).generate({ until, plan: opts.plan }));
      if (opts.json) {
        printJson({ ok: true, plans });
        return;
      }
      for (const plan of plans) {
        print(t.generatedPlan(plan.plan, formatVietnamese(plan.until), plan.created, plan.existing));
        for (const row of plan.rows) {
          print(t.generatedRow(row.key, row.timing.text, row.periods, row.agencies.lead, row.agencies.support, row.created, row.existing));
          row.warnings.forEach((w) => print(t.rowWarning(row.key, w)));
        }
      }
    });

  program
    .command('import')
    .description(t.importDescription)
    .argument('<file>', t.importFileArgument)
    .requiredOption('--plan <code>', t.importPlanOption)
    .option('--from <date>', t.fromOption)
    .option('--to <date>', t.toOption)
    .option('--dry-run', t.dryRunOption)
    .option('--force', t.forceOption)
    .option('--load', t.loadOption)
    .option('--title <title>', t.titleOption)
    .option('--monitor <code>', t.monitorOption)
    .option('--json', t.jsonOption)
    .action(async (file: string, opts: { plan: string; from?: string; to?: string; dryRun?: boolean; force?: boolean; load?: boolean; title?: string; monitor?: string; json?: boolean }) => {
      for (const [name, value] of [['--from', opts.from], ['--to', opts.to]] as const) {
        if (value !== undefined && !isLocalDate(value)) throw new UsageError(t.badDate(name, value));
      }
      let report: ImportReport;
      try {
        report = await importAppendix({ ...opts, file }, config.workflowsDir, vietnamDate(systemClock.now()));
      } catch (error) {
        if (error instanceof DomainError && error.code === 'IMPORT_FILE_INVALID') {
          if (opts.json) printJson({ ok: false, error: { code: (error.details as { code?: string })?.code ?? error.code, message: error.message } });
          else print(error.message);
          process.exitCode = EXIT_INVALID;
          return;
        }
        throw error;
      }
      let loaded: LoadResult | undefined;
      if (opts.load && !opts.dryRun && report.problems.length === 0) {
        const folder = path.resolve(path.dirname(config.workflowsDir), path.dirname(report.written[report.written.length - 1]));
        loaded = await withApplication(config, (app) => app.get(DefinitionsService).load(folder));
      }
      const ok = report.problems.length === 0 && report.summary.blockingRows.length === 0;
      if (opts.json) printJson({ ok, ...report, loaded: loaded?.summary ?? null });
      else printImport(report, loaded, !!opts.dryRun);
      process.exitCode = ok ? 0 : EXIT_INVALID;
    });

  const person = program.command('person').description(t.personDescription);
  person
    .command('add')
    .description(t.personAddDescription)
    .requiredOption('--agency <code>', t.agencyOption)
    .requiredOption('--role <role>', t.roleOption)
    .requiredOption('--email <email>', t.emailOption)
    .option('--name <name>', t.nameOption)
    .option('--title <title>', t.personTitleOption)
    .option('--json', t.jsonOption)
    .action(async (opts: { agency: string; role: PersonRole; email: string; name?: string; title?: string; json?: boolean }) => {
      const result = await withApplication(config, (app) => app.get(PeopleService).add(opts));
      if (opts.json) printJson({ ok: true, ...result });
      else print(peopleMessages.added(result.person.name ?? '', result.person.email, peopleMessages.roleLabel[result.person.role], result.person.agency, result.created));
    });
  person
    .command('list')
    .description(t.personListDescription)
    .option('--agency <code>', t.agencyOption)
    .option('--json', t.jsonOption)
    .action(async (opts: { agency?: string; json?: boolean }) => {
      const people = await withApplication(config, (app) => app.get(PeopleService).list({ agency: opts.agency }));
      if (opts.json) printJson({ ok: true, people });
      else people.forEach((p) => print(`${p.agency.padEnd(12)} ${peopleMessages.roleLabel[p.role].padEnd(16)} ${p.email}${p.name ? ` (${p.name})` : ''}`));
    });

  const user = program.command('user').description(t.userDescription);
  user
    .command('add')
    .description(t.userAddDescription)
    .requiredOption('--email <email>', t.emailOption)
    .requiredOption('--name <name>', t.nameOption)
    .option('--role <role...>', t.accountRoleOption, [])
    .option('--focal-point <agency...>', t.focalPointOption, [])
    .option('--head <agency...>', t.headOption, [])
    .option('--json', t.jsonOption)
    .action(async (opts: { email: string; name: string; role: string[]; focalPoint: string[]; head: string[]; json?: boolean }) => {
      for (const role of opts.role) if (!(ACCOUNT_ROLES as readonly string[]).includes(role)) throw new UsageError(t.badAccountRole(role));
      // The password is never taken from the command line (it would stay in the shell history): one is generated.
      const result = await withApplication(config, (app) =>
        app.get(AccountsService).upsert({ email: opts.email, name: opts.name, roles: opts.role as AccountRole[], focalPointOf: opts.focalPoint, headOf: opts.head }),
      );
      if (opts.json) printJson({ ok: true, created: result.created, account: result.account, password: result.generatedPassword ?? null });
      else print(t.userSaved(result.account.email, result.created, result.generatedPassword));
    });
  user
    .command('list')
    .description(t.userListDescription)
    .option('--json', t.jsonOption)
    .action(async (opts: { json?: boolean }) => {
      const accounts = await withApplication(config, (app) => app.get(AccountsService).list());
      if (opts.json) printJson({ ok: true, accounts });
      else accounts.forEach((a) => print(t.userLine(a)));
    });

  const token = program.command('token').description(t.tokenDescription);
  token
    .command('create')
    .description(t.tokenCreateDescription)
    .requiredOption('--email <email>', t.emailOption)
    .option('--name <name>', t.tokenNameOption, 'dòng lệnh')
    .option('--json', t.jsonOption)
    .action(async (opts: { email: string; name: string; json?: boolean }) => {
      const created = await withApplication(config, async (app) => {
        const account = (await app.get(AccountsService).list()).find((a) => a.email.toLowerCase() === opts.email.trim().toLowerCase());
        if (!account) throw new UsageError(t.noSuchAccount(opts.email));
        return app.get(TokensService).create(account.id, opts.name);
      });
      if (opts.json) printJson({ ok: true, id: created.view.id, name: created.view.name, token: created.token });
      else print(t.tokenCreated(created.token));
    });

  program
    .command('seed-demo')
    .description(t.seedDemoDescription)
    .option('--json', t.jsonOption)
    .action(async (opts: { json?: boolean }) => {
      const result = await withApplication(config, async (app) => {
        await app.get(DefinitionsService).load();
        await app.get(GenerationService).generate({ until: vietnamDate(systemClock.now()) });
        const database = app.get(DataSource).options as { url?: string };
        return seedDemo(config, database.url!);
      });
      if (opts.json) printJson({ ok: true, ...result });
      else printDemo(result);
    });

  program
    .command('tick')
    .description(t.tickDescription)
    .option('--now <instant>', t.nowOption)
    .option('--json', t.jsonOption)
    .action(async (opts: { now?: string; json?: boolean }) => {
      const now = opts.now ? new Date(opts.now) : systemClock.now();
      if (Number.isNaN(now.getTime()) || (opts.now && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(opts.now))) {
        throw new UsageError(t.badInstant(opts.now ?? ''));
      }
      const result = await withApplication(config, (app) => app.get(TickService).tick(now), fixedClock(now));
      if (opts.json) printJson({ ok: true, ...result });
      else print(t.tickDone({ ...result, now: formatMailDateTime(result.now) }));
    });

  const report = program.command('report').description(t.reportDescription);
  report
    .command('annual')
    .description(t.reportAnnualDescription)
    .option('--plan <code>', t.planOption)
    .requiredOption('--year <yyyy>', t.reportYearOption)
    .option('--format <format>', t.reportFormatOption, 'docx')
    .option('--final', t.reportFinalOption)
    .requiredOption('--out <file>', t.reportOutOption)
    .option('--json', t.jsonOption)
    .action(async (opts: { plan?: string; year: string; format: string; final?: boolean; out: string; json?: boolean }) => {
      const year = Number(opts.year);
      if (!/^\d{4}$/.test(opts.year)) throw new UsageError(t.badYear(opts.year));
      const format = REPORT_FORMATS.find((f) => f === opts.format);
      if (!format) throw new UsageError(t.badReportFormat(opts.format));
      const out = path.resolve(opts.out);
      const result = await withApplication(config, async (app) => {
        const reports = app.get(ReportsService);
        const kind = opts.final ? 'final' : 'annual';
        // The DOCX draft is kept and attached to the report row's task, as when the monitor clicks on the page.
        if (format === 'docx') {
          const { document, rendered, model } = await reports.draftAnnual({ plan: opts.plan, year, kind }, 'cli');
          return { body: rendered.body, document, total: model.compliance.total, late: model.late.length };
        }
        const model = await reports.annualModel({ plan: opts.plan, year, kind });
        const rendered = await reports.renderAnnual(model, format);
        return { body: rendered.body, document: null, total: model.compliance.total, late: model.late.length };
      });
      await fsp.writeFile(out, result.body);
      if (opts.json) printJson({ ok: true, file: out, bytes: result.body.length, document: result.document, tasks: result.total, late: result.late });
      else print(t.reportWritten(out, result.body.length, result.total, result.late, result.document !== null));
    });

  const files = program.command('files').description(t.filesDescription);
  files
    .command('cleanup')
    .description(t.filesCleanupDescription)
    .option('--older-than-minutes <n>', t.olderThanOption, String(DEFAULT_ORPHAN_GRACE_MINUTES))
    .option('--json', t.jsonOption)
    .action(async (opts: { olderThanMinutes: string; json?: boolean }) => {
      const minutes = Number(opts.olderThanMinutes);
      if (!Number.isInteger(minutes) || minutes < 0) throw new UsageError(t.badMinutes(opts.olderThanMinutes));
      const result = await withApplication(config, (app) => app.get(FileCleanupService).cleanup(minutes));
      if (opts.json) printJson({ ok: true, ...result });
      else print(t.filesCleaned(result.removed.length, result.partials.length));
    });

  program
    .command('migrate')
    .description(t.migrateDescription)
    .option('--json', t.jsonOption)
    .action(async (opts: { json?: boolean }) => {
      const database = await openDatabaseServer(config);
      try {
        const applied = await runMigrations(database.url);
        if (opts.json) printJson({ ok: true, applied });
        else print(t.migrations(applied));
      } finally {
        await database.stop();
      }
    });

  program
    .command('serve')
    .description(t.serveDescription)
    .option('--no-load', t.noLoadOption)
    .option('--demo', t.demoOption)
    .option('--no-http', t.noHttpOption)
    .option('--no-scheduler', t.noSchedulerOption)
    .option('--json', t.jsonOption)
    .action(async (opts: { load: boolean; demo?: boolean; http: boolean; scheduler: boolean; json?: boolean }) => {
      if (!opts.http && !opts.scheduler) throw new UsageError(t.nothingToRun);
      const server = await startServer(config, { loadDefinitions: opts.load, demo: opts.demo, http: opts.http, scheduler: opts.scheduler });
      if (opts.json) printJson({ ok: true, url: server.url, embeddedDatabase: server.database.embedded, loaded: server.loaded ?? null, firstAdmin: server.firstAdmin ?? null, demo: server.demo ?? null });
      else {
        if (server.database.embedded) print(t.embedded(path.join(config.dataDir, 'postgres')));
        if (server.loaded) printLoad(server.loaded);
        for (const plan of server.generated ?? []) print(t.generatedPlan(plan.plan, formatVietnamese(plan.until), plan.created, plan.existing));
        if (server.firstAdmin) print(t.firstAdmin(server.firstAdmin.email, server.firstAdmin.generatedPassword));
        if (server.demo) printDemo(server.demo);
        print(opts.http ? t.listening(server.url) : t.workerRunning);
        if (!opts.scheduler) print(t.schedulerOff);
      }
      const shutdown = (signal: NodeJS.Signals) => {
        process.stderr.write(t.stopping + '\n');
        server.stop().then(
          () => process.exit(0),
          (error) => {
            process.stderr.write(t.failed(String(error)) + '\n');
            process.exit(EXIT_FAILED);
          },
        );
        void signal;
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });

  return program;
}

export async function main(): Promise<void> {
  // `phuluc validate | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(EXIT_FAILED);
  }
  try {
    await buildCli(config).parseAsync(process.argv);
  } catch (error) {
    const message = error instanceof DomainError ? error.message : error instanceof Error ? error.message : String(error);
    process.stderr.write(t.failed(message) + '\n');
    // A bad option value is invalid input (1); anything else means the command could not run (2).
    process.exitCode = error instanceof UsageError ? EXIT_INVALID : EXIT_FAILED;
  }
}

if (require.main === module) void main();
