'use strict';
/**
 * planning.*: the cost of planning reminders follows what is due, not what exists.
 * The same 10,000 due tasks (one per commune, due today, a focal point each) are planned once
 * among 10,000 instances in all and once among 1,000,000 (990,000 due in later years), with the
 * real ReminderPlanningService from dist/. Each run starts from an empty outbox.
 *
 * Record (goal compared with):
 *   planning.seconds_1m  s  planning among 1,000,000 vs among 10,000   ratio <= 2
 * Environment: BENCH_DUE (10000), BENCH_TOTAL (1000000), DATABASE_URL (unset: embedded PostgreSQL).
 */
const path = require('node:path');
const { withBenchDatabase, dist } = require('./lib/database');
const { makeRecord, printRecord } = require('./lib/record');

const DUE = Number(process.env.BENCH_DUE || 10000);
const TOTAL = Number(process.env.BENCH_TOTAL || 1000000);
const TODAY = '2027-03-10'; // a Wednesday, a working day
const NOW = new Date(`${TODAY}T08:00:00+07:00`);
const log = (line) => process.stderr.write(`[planning] ${line}\n`);

async function main() {
  await withBenchDatabase('planning', async ({ url }) => {
    const { buildDataSourceOptions } = require(path.join(dist, 'database', 'data-source-options.js'));
    const { loadConfig } = require(path.join(dist, 'config', 'app-config.js'));
    const { ReminderPlanningService } = require(path.join(dist, 'modules', 'reminders', 'reminder-planning.service.js'));
    const { WorkingCalendarProvider } = require(path.join(dist, 'modules', 'scheduling', 'working-calendar.provider.js'));
    const { DataSource } = require('typeorm');
    const db = await new DataSource(buildDataSourceOptions(url, { poolSize: 4 })).initialize();
    try {
        // A plan with one row; DUE communes, each with a focal point.
        await db.query(`INSERT INTO agency (code, name, kind, level, confirmation, source_file) VALUES ('SNV', 'Sở Nội vụ', 'co_quan_chuyen_mon', 'city', 'official', 'bench')`);
        await db.query(
          `INSERT INTO agency (code, name, kind, level, official_code, unit_name, unit_type, confirmation, source_file)
           SELECT 'X' || lpad(n::text, 6, '0'), 'Ủy ban nhân dân xã Thử ' || n, 'ubnd_cap_xa', 'commune', lpad(n::text, 6, '0'), 'Xã Thử ' || n, 'xa', 'official', 'bench'
             FROM generate_series(1, $1) AS n`,
          [DUE],
        );
        await db.query(`INSERT INTO person (agency_code, role, email) SELECT code, 'focal-point', lower(code) || '@xa.vn' FROM agency WHERE level = 'commune'`);
        const [plan] = await db.query(
          `INSERT INTO plan (code, title, issuer, monitoring_agency_code, horizon_start, horizon_end, status, source_file, content_hash)
           VALUES ('BENCH', 'Thử nghiệm', 'Thử nghiệm', 'SNV', '2026-01-01', '2040-12-31', 'active', 'bench', 'x') RETURNING id`,
        );
        const [def] = await db.query(`INSERT INTO workflow_definition (plan_id, key, position, current_version) VALUES ($1, 'I.1', 1, 1) RETURNING id`, [plan.id]);
        const [ver] = await db.query(
          `INSERT INTO workflow_definition_version (definition_id, version, section_key, task, lead_text, deliverable, timing_text, provenance, content_hash)
           VALUES ($1, 1, 'I', 'Báo cáo thử nghiệm', 'UBND các xã', '{"kind":"report","name":"Báo cáo","metrics":[]}', 'Hằng quý', 'verbatim', 'x') RETURNING id`,
          [def.id],
        );
        const insert = (periods, due) =>
          db.query(
            `INSERT INTO task_instance (plan_id, definition_id, version_id, period_key, period_kind, period_label, window_start, window_end,
                                        agency_code, role, nominal_due_date, due_date, due_at, opens_on)
             SELECT $1, $2, $3, 'P' || lpad(p::text, 4, '0'), 'quarter', 'Kỳ ' || p, $5::date - 90, $5::date + p * 30,
                    a.code, 'lead', $5::date + p * 30, $5::date + p * 30, ($5::date + p * 30 + 1)::timestamptz, $5::date - 90
               FROM generate_series($4::int, $4::int + $6::int - 1) AS p CROSS JOIN (SELECT code FROM agency WHERE level = 'commune') a`,
            [plan.id, def.id, ver.id, periods.from, due, periods.count],
          );
        const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url });
        const planner = new ReminderPlanningService(db, new WorkingCalendarProvider(db), config);
        const timePlanning = async () => {
          await db.query(`TRUNCATE outbox_message, outbox_item, outbox_attempt`);
          await db.query(`VACUUM ANALYZE task_instance`);
          const started = process.hrtime.bigint();
          const result = await planner.plan(NOW);
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          if (result.due !== DUE) throw new Error(`planned ${result.due} due reminders, expected ${DUE}`);
          return { seconds, result };
        };

        // Period 0 is due today for every commune: the due set.
        await insert({ from: 0, count: 1 }, TODAY);
        const small = await timePlanning();
        log(`${DUE} instances, ${DUE} due: ${small.seconds.toFixed(2)} s (${small.result.messages} messages)`);
        // Later periods, due one month apart from next year on: they exist but are not due.
        const later = Math.ceil((TOTAL - DUE) / DUE);
        const started = Date.now();
        await insert({ from: 12, count: later }, TODAY);
        const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM task_instance`);
        log(`added ${n - DUE} instances not due in ${((Date.now() - started) / 1000).toFixed(0)} s`);
        const large = await timePlanning();
        log(`${n} instances, ${DUE} due: ${large.seconds.toFixed(2)} s`);
        printRecord(makeRecord('planning.seconds_1m', large.seconds, 's', small.seconds, { op: '<=', value: 2, of: 'ratio' }));
    } finally {
      await db.destroy();
    }
  });
}

main().catch((error) => {
  process.stderr.write(`[planning] ${error.stack || error}\n`);
  process.exit(1);
});
