'use strict';
/**
 * compliance.*, report.*: reading compliance at scale, and drafting the annual report.
 *
 * The real application (AppModule from dist/, configured as `phuluc serve` configures it, on a
 * clock fixed at BENCH_NOW) loads the Hải Phòng plan from workflows/ and opens its tasks through
 * the end of 2026. Submissions go on a good share of the year's tasks (versions, files, figures,
 * notes, transitions; task_instance kept consistent). Then:
 *   1. report.annual.seconds — ReportsService.annualModel({ year: 2026 }) + renderAnnual(model,
 *      'docx') on that Hải Phòng-sized year, against replaying the SQL the report issued (recorded
 *      during the first run) sequentially on one pg connection.
 *   2. BENCH_INSTANCES (1,000,000) synthetic task instances are added with one INSERT … SELECT
 *      over generate_series, on the plan's real rows and agencies, spread evenly over 2026–2030
 *      (a realistic mix of open / submitted / accepted / returned and of due dates), with
 *      transitions for the ones handled; then VACUUM ANALYZE.
 *   3. compliance.overview.p95_ms — GET /api/compliance?year=2026 over HTTP with an API token,
 *      against every SQL statement the endpoint issues (recorded from one real
 *      ComplianceService.figures call: plan, calendar, names, the classified groups with their
 *      working days late, the late list), run one after another with pg.
 *   4. compliance.matrix.p95_ms — GET /api/exports/compliance.csv?year=2026 over HTTP, against
 *      every SQL statement PagesQueries.complianceMatrix issues (recorded from one call: plan,
 *      cells, sections, groups, periods), run sequentially with pg.
 * Requests are sequential (one at a time, Node's global agent) from this process. An endpoint that
 * does not answer 200 gives a record with value null and pass false (its error on stderr); the
 * other measurements go on. EXPLAIN ANALYZE of the endpoints' SQL is printed on stderr (which
 * task_instance scans they use, with the rows read).
 *
 * Records (goal compared with):
 *   compliance.overview.p95_ms  ms  endpoint p95 vs SQL-only p95          value <= 3 × baseline + 5
 *   compliance.matrix.p95_ms    ms  CSV export p95 vs SQL-only p95        value <= 3 × baseline + 5
 *   report.annual.seconds       s   model + DOCX vs the report's SQL      value <= 30
 * Environment: BENCH_INSTANCES (1000000), BENCH_REQUESTS (30 measured requests and SQL runs per
 * endpoint, after BENCH_WARMUP_REQUESTS = 3), BENCH_REPORT_RUNS (3, median), BENCH_NOW
 * (2026-11-25T10:00:00+07:00: before the 14/12 cut-off, so the endpoint computes rather than
 * reading the stored snapshot), BENCH_LOG_LEVEL (warn), DATABASE_URL (unset: embedded PostgreSQL).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { get, recordingSql } = require('./lib/app');
const { withBenchDatabase, dist } = require('./lib/database');
const { percentile } = require('./lib/load');
const { makeRecord, printRecord } = require('./lib/record');

const root = path.resolve(__dirname, '..');
const INSTANCES = Number(process.env.BENCH_INSTANCES || 1000000);
const REQUESTS = Number(process.env.BENCH_REQUESTS || 30);
const WARMUP = Number(process.env.BENCH_WARMUP_REQUESTS || 3);
const REPORT_RUNS = Number(process.env.BENCH_REPORT_RUNS || 3);
const NOW = new Date(process.env.BENCH_NOW || '2026-11-25T10:00:00+07:00');
const YEAR = 2026;

const log = (line) => process.stderr.write(`[compliance] ${line}\n`);
const msSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** `count` timed runs of `once` (after `warmup` untimed ones): sorted milliseconds. */
async function timeRuns(once, count, warmup = WARMUP) {
  for (let i = 0; i < warmup; i++) await once();
  const times = [];
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    await once();
    times.push(msSince(t0));
  }
  return times.sort((a, b) => a - b);
}

const describe = (label, times) =>
  log(`${label}: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms (${times.length} runs)`);

/**
 * GETs `url` once (checked by `check(body)`, which returns a description), then times REQUESTS
 * sequential GETs after WARMUP: { times } — or { failure } when the endpoint does not answer 200
 * (a failing endpoint is a result of the benchmark, not a reason to stop it).
 */
async function timeEndpoint(url, headers, check) {
  const label = `GET ${new URL(url).pathname}${new URL(url).search}`;
  const first = await get(url, headers);
  if (first.status !== 200) {
    const failure = `${label} answered ${first.status}: ${first.body.toString().slice(0, 300)}`;
    log(`FAILED: ${failure}`);
    return { failure };
  }
  log(`${label}: ${check(first.body)}`);
  let failure;
  const times = await timeRuns(async () => {
    const r = await get(url, headers);
    if (r.status !== 200) failure ??= `${label} answered ${r.status}: ${r.body.toString().slice(0, 300)}`;
  }, REQUESTS);
  if (failure) {
    log(`FAILED: ${failure}`);
    return { failure };
  }
  describe(label, times);
  return { times };
}

/** The scans of task_instance in an EXPLAIN (FORMAT JSON) plan: "Index Scan using x", "Seq Scan", … */
function taskInstanceScans(plan) {
  const found = [];
  const walk = (node) => {
    const onTable = node['Relation Name'] === 'task_instance' || (node['Node Type'] === 'Bitmap Index Scan' && /^task_instance/.test(node['Index Name'] ?? ''));
    // Actual Rows is per loop: a parallel scan's workers and leader are loops.
    const rows = node['Actual Rows'] !== undefined ? ` (${Math.round(node['Actual Rows'] * (node['Actual Loops'] ?? 1))} rows)` : '';
    if (onTable) found.push(`${node['Parallel Aware'] ? 'Parallel ' : ''}${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}${rows}`);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan[0].Plan);
  return found;
}

async function explain(pg, label, { sql, params }) {
  const { rows } = await pg.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
  const plan = rows[0]['QUERY PLAN'];
  const scans = taskInstanceScans(plan);
  log(`EXPLAIN ${label}: ${plan[0]['Execution Time'].toFixed(1)} ms execution, ${plan[0]['Planning Time'].toFixed(1)} ms planning; task_instance: ${scans.join('; ') || 'not read'}`);
  return scans;
}

/**
 * The outcome of a task from a number r in [0, 100), its due instant and opening day, as of $now:
 * past due — 50 % accepted on time, 12 % accepted late, 8 % submitted on time and not yet
 * reviewed, 6 % returned, 24 % still open (overdue); open and not due yet — 10 % accepted,
 * 15 % submitted early, the rest in progress; not open yet — open.
 */
function outcome({ r, due, opens, now }) {
  const opened = `((${opens})::timestamp + interval '8 hours') AT TIME ZONE 'Asia/Ho_Chi_Minh'`;
  return {
    status: `CASE WHEN ${due} < ${now} THEN (CASE WHEN ${r} < 62 THEN 'accepted' WHEN ${r} < 70 THEN 'submitted' WHEN ${r} < 76 THEN 'returned' ELSE 'open' END)
                  WHEN ${opens} <= (${now} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN (CASE WHEN ${r} < 10 THEN 'accepted' WHEN ${r} < 25 THEN 'submitted' ELSE 'open' END)
                  ELSE 'open' END`,
    submittedAt: `CASE WHEN ${due} < ${now} AND ${r} >= 50 AND ${r} < 62 THEN LEAST(${now} - interval '1 hour', ${due} + (${r} % 9 + 1) * interval '1 day')
                       ELSE LEAST(${now} - interval '1 hour', GREATEST(${opened}, ${due} - (${r} % 5 + 1) * interval '1 day')) END`,
    opened,
  };
}

/** A deterministic number in [0, 100) from a bigint. */
const hundred = (n) => `((hashint8(${n}) & 2147483647) % 100)`;

const NOTES = [
  'Thiếu kinh phí tổ chức tuyên truyền tại cơ sở',
  'Cán bộ phụ trách còn kiêm nhiệm nhiều việc, chưa có người chuyên trách',
  'Người dân ở các xã đảo khó tiếp cận hình thức tuyên truyền trực tuyến',
  'Phần mềm chưa kết nối, liên thông dữ liệu với cơ quan thuế',
  'Chưa nhận được hướng dẫn thống nhất về mẫu báo cáo',
  'Số lao động tự do biến động, khó thống kê chính xác',
];

/** Submissions on the plan's tasks of the year (the real Hải Phòng instances), set-based. */
async function addSubmissions(db, planId) {
  const o = outcome({ r: 'x.r', due: 'x.due_at', opens: 'x.opens_on', now: '$3::timestamptz' });
  await db.query(
    `CREATE TEMP TABLE bench_outcome AS
     SELECT y.*, CASE WHEN y.status = 'accepted' AND y.r % 7 = 0 THEN 2 ELSE 1 END AS versions
       FROM (SELECT x.*, ${o.status} AS status, ${o.submittedAt} AS submitted_at, ${o.opened} AS opened_at
               FROM (SELECT t.id, t.period_key, t.due_at, t.cutoff_to, t.opens_on, t.version_id,
                            ${hundred('row_number() OVER (ORDER BY t.agency_code, t.definition_id, t.period_key, t.role)')} AS r
                       FROM task_instance t
                      WHERE t.plan_id = $1 AND t.window_start >= make_date($2, 1, 1) AND t.window_start < make_date($2 + 1, 1, 1)) x) y
      WHERE y.status <> 'open'`,
    [planId, YEAR, NOW],
  );
  // Version 1 of a task accepted at version 2 was sent back three days before.
  await db.query(
    `INSERT INTO submission (instance_id, version, period_key, submitted_by, submitted_at, due_at, cutoff_to, after_due, after_cutoff,
                             note, link, document, review_status, reviewed_by, reviewed_at, review_comment)
     SELECT o.id, g.v, o.period_key, 'bench', s.at, o.due_at, o.cutoff_to, s.at > o.due_at,
            o.cutoff_to IS NOT NULL AND (s.at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date > o.cutoff_to,
            CASE WHEN o.r % 3 = 0 THEN ($2::text[])[o.r % ${NOTES.length} + 1] END,
            CASE WHEN v.deliverable->>'kind' IN ('link', 'system') THEN 'https://haiphong.gov.vn/bhxh/' || o.id END,
            CASE WHEN v.deliverable->>'kind' IN ('plan', 'report') THEN jsonb_build_object('number', (100 + o.r) || '/BC-UBND', 'issuedOn', to_char((s.at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'YYYY-MM-DD')) END,
            CASE WHEN g.v < o.versions OR o.status = 'returned' THEN 'returned' WHEN o.status = 'accepted' THEN 'accepted' ELSE 'pending' END,
            CASE WHEN o.status IN ('accepted', 'returned') OR g.v < o.versions THEN 'bench-monitor' END,
            CASE WHEN o.status IN ('accepted', 'returned') OR g.v < o.versions THEN LEAST($1::timestamptz - interval '30 minutes', s.at + interval '2 days') END,
            CASE WHEN g.v < o.versions OR o.status = 'returned' THEN 'Đề nghị bổ sung số liệu theo mẫu' END
       FROM bench_outcome o JOIN workflow_definition_version v ON v.id = o.version_id
      CROSS JOIN LATERAL generate_series(1, o.versions) AS g(v)
      CROSS JOIN LATERAL (SELECT CASE WHEN g.v < o.versions THEN GREATEST(o.opened_at, o.submitted_at - interval '3 days') ELSE o.submitted_at END AS at) s`,
    [NOW, NOTES],
  );
  await db.query(
    `UPDATE task_instance t
        SET status = o.status, submission_count = o.versions,
            first_submitted_at = (SELECT min(s.submitted_at) FROM submission s WHERE s.instance_id = t.id),
            submitted_at = CASE WHEN o.status = 'returned' THEN NULL ELSE o.submitted_at END,
            accepted_at = CASE WHEN o.status = 'accepted' THEN LEAST($1::timestamptz - interval '30 minutes', o.submitted_at + interval '2 days') END,
            returned_at = CASE WHEN o.status = 'returned' THEN LEAST($1::timestamptz - interval '30 minutes', o.submitted_at + interval '2 days') END,
            status_changed_at = LEAST($1::timestamptz - interval '30 minutes', o.submitted_at + interval '2 days'), updated_at = $1
       FROM bench_outcome o WHERE o.id = t.id`,
    [NOW],
  );
  // One or two PDF files on each submission of a deliverable that is a document.
  await db.query(
    `INSERT INTO submission_file (submission_id, position, storage_driver, storage_key, size, sha256, kind, mime, original_name, declared_type, scan, uploaded_at)
     SELECT s.id, f.p, 'disk', to_char(s.submitted_at, 'YYYY/MM') || '/' || gen_random_uuid(), 40000 + abs(hashtext(s.id::text || f.p)) % 2000000,
            encode(sha256(convert_to(s.id::text || f.p, 'UTF8')), 'hex'), 'pdf', 'application/pdf',
            CASE f.p WHEN 1 THEN 'Bao-cao-' ELSE 'Phu-luc-' END || t.agency_code || '-' || t.period_key || '.pdf', 'application/pdf', 'not-scanned', s.submitted_at
       FROM submission s JOIN task_instance t ON t.id = s.instance_id JOIN workflow_definition_version v ON v.id = t.version_id
      CROSS JOIN LATERAL generate_series(1, 1 + abs(hashtext(s.id::text)) % 2) AS f(p)
      WHERE v.deliverable->>'kind' NOT IN ('link', 'metric')`,
  );
  // Figures for every metric of the row.
  await db.query(
    `INSERT INTO submission_figure (submission_id, metric_code, metric_name, unit, type, value, updated_at)
     SELECT s.id, m->>'code', m->>'name', m->>'unit', x.type,
            CASE x.type WHEN 'percentage' THEN 40 + abs(hashtext(s.id::text || (m->>'code'))) % 60 ELSE 50 + abs(hashtext(s.id::text || (m->>'code'))) % 20000 END,
            s.submitted_at
       FROM submission s JOIN task_instance t ON t.id = s.instance_id JOIN workflow_definition_version v ON v.id = t.version_id
      CROSS JOIN LATERAL jsonb_array_elements(COALESCE(v.deliverable->'metrics', '[]'::jsonb)) AS m
      CROSS JOIN LATERAL (SELECT COALESCE(m->>'type', CASE WHEN btrim(m->>'unit') = '%' THEN 'percentage' ELSE 'integer' END) AS type) x`,
  );
  // The transitions: submit for each version, then accept or return when reviewed.
  await db.query(
    `INSERT INTO task_transition (instance_id, event, from_status, to_status, actor, reason, details, at)
     SELECT s.instance_id, 'submit', CASE WHEN s.version = 1 THEN 'open' ELSE 'returned' END, 'submitted', 'user:bench', NULL,
            jsonb_build_object('version', s.version), s.submitted_at
       FROM submission s
     UNION ALL
     SELECT s.instance_id, CASE s.review_status WHEN 'accepted' THEN 'accept' ELSE 'return' END, 'submitted', s.review_status, 'user:bench-monitor',
            s.review_comment, '{}'::jsonb, s.reviewed_at
       FROM submission s WHERE s.review_status <> 'pending'`,
  );
  const [counts] = await db.query(
    `SELECT (SELECT count(*)::int FROM task_instance t WHERE t.plan_id = $1 AND t.window_start >= make_date($2, 1, 1) AND t.window_start < make_date($2 + 1, 1, 1)) AS instances,
            (SELECT count(*)::int FROM bench_outcome) AS handled,
            (SELECT count(*)::int FROM submission) AS submissions,
            (SELECT count(*)::int FROM submission_file) AS files,
            (SELECT count(*)::int FROM submission_figure) AS figures,
            (SELECT count(*)::int FROM submission WHERE note IS NOT NULL) AS notes,
            (SELECT count(*)::int FROM task_transition) AS transitions`,
    [planId, YEAR],
  );
  await db.query(`DROP TABLE bench_outcome`);
  return counts;
}

/**
 * INSTANCES synthetic instances for the plan: instance n is (row, agency) combination n mod C of
 * the plan's current rows × the agencies its tasks go to, period k = n div C ('bench-000123', a
 * 7-day window starting on a day spread evenly over 2026–2030, due 1–2 weeks after the window),
 * 90 % lead; status by outcome() as of NOW; transitions for the handled ones.
 */
async function addSyntheticInstances(db, planId) {
  const [{ rows, agencies }] = await db.query(
    `SELECT (SELECT count(*)::int FROM workflow_definition d WHERE d.plan_id = $1) AS rows,
            (SELECT count(DISTINCT agency_code)::int FROM task_instance WHERE plan_id = $1) AS agencies`,
    [planId],
  );
  const combinations = rows * agencies;
  const periods = Math.ceil(INSTANCES / combinations);
  const o = outcome({ r: 'x.r', due: 'x.due_at', opens: 'x.window_start', now: '$5::timestamptz' });
  let t0 = process.hrtime.bigint();
  await db.query(
    `WITH v AS (SELECT v.id, d.id AS definition_id, row_number() OVER (ORDER BY d.position) - 1 AS i
                  FROM workflow_definition d JOIN workflow_definition_version v ON v.definition_id = d.id AND v.version = d.current_version
                 WHERE d.plan_id = $1),
          a AS (SELECT code, row_number() OVER (ORDER BY code) - 1 AS i FROM (SELECT DISTINCT agency_code AS code FROM task_instance WHERE plan_id = $1) x),
          combination AS (SELECT v.id AS version_id, v.definition_id, a.code AS agency_code, v.i * (SELECT count(*) FROM a) + a.i AS c FROM v CROSS JOIN a)
     INSERT INTO task_instance (plan_id, definition_id, version_id, period_key, period_kind, period_label, window_start, window_end,
                                agency_code, role, status, nominal_due_date, due_date, due_at, opens_on, submission_count,
                                first_submitted_at, submitted_at, accepted_at, returned_at, status_changed_at, created_at, updated_at)
     SELECT $1, y.definition_id, y.version_id, 'bench-' || lpad(y.k::text, 6, '0'), 'window', 'Đợt ' || (y.k + 1) || ' (thử nghiệm)',
            y.window_start, y.window_start + 6, y.agency_code, CASE WHEN y.h % 10 = 0 THEN 'support' ELSE 'lead' END, y.status,
            y.due_date, y.due_date, y.due_at, y.window_start, CASE WHEN y.status = 'open' THEN 0 ELSE 1 END,
            CASE WHEN y.status <> 'open' THEN y.submitted_at END,
            CASE WHEN y.status IN ('submitted', 'accepted') THEN y.submitted_at END,
            CASE WHEN y.status = 'accepted' THEN LEAST($5::timestamptz - interval '30 minutes', y.submitted_at + interval '2 days') END,
            CASE WHEN y.status = 'returned' THEN LEAST($5::timestamptz - interval '30 minutes', y.submitted_at + interval '2 days') END,
            CASE WHEN y.status = 'open' THEN y.window_start::timestamptz ELSE LEAST($5::timestamptz - interval '30 minutes', y.submitted_at + interval '2 days') END,
            $5, $5
       FROM (SELECT x.*, ${o.status} AS status, ${o.submittedAt} AS submitted_at
               FROM (SELECT w.*, ((w.due_date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') - interval '1 millisecond' AS due_at
                       FROM (SELECT g.n, g.n / $3 AS k, c.version_id, c.definition_id, c.agency_code,
                                    ${hundred('g.n')} AS r, ((hashint8(g.n) & 2147483647) / 100) % 100 AS h,
                                    date '2026-01-01' + ((g.n / $3) * 1819 / $4)::int + (c.c % 7)::int AS window_start,
                                    date '2026-01-01' + ((g.n / $3) * 1819 / $4)::int + (c.c % 7)::int + 13 + (c.c % 3)::int * 3 AS due_date
                               FROM generate_series(0::bigint, $2::bigint - 1) AS g(n) JOIN combination c ON c.c = g.n % $3) w) x) y`,
    [planId, INSTANCES, combinations, periods, NOW],
  );
  const insertMs = msSince(t0);
  t0 = process.hrtime.bigint();
  await db.query(
    `INSERT INTO task_transition (instance_id, event, from_status, to_status, actor, details, at)
     SELECT t.id, 'submit', 'open', 'submitted', 'user:bench', '{"version":1}'::jsonb, t.first_submitted_at
       FROM task_instance t WHERE t.plan_id = $1 AND t.period_key LIKE 'bench-%' AND t.status <> 'open'
     UNION ALL
     SELECT t.id, CASE t.status WHEN 'accepted' THEN 'accept' ELSE 'return' END, 'submitted', t.status, 'user:bench-monitor', '{}'::jsonb, t.status_changed_at
       FROM task_instance t WHERE t.plan_id = $1 AND t.period_key LIKE 'bench-%' AND t.status IN ('accepted', 'returned')`,
    [planId],
  );
  const transitionMs = msSince(t0);
  t0 = process.hrtime.bigint();
  await db.query(`VACUUM ANALYZE task_instance`);
  await db.query(`VACUUM ANALYZE task_transition`);
  await db.query(`ANALYZE`);
  const analyzeMs = msSince(t0);
  return { rows, agencies, combinations, periods, insertMs, transitionMs, analyzeMs };
}

async function main() {
  const { loadConfig } = require(path.join(dist, 'config', 'app-config.js'));
  const { AppModule } = require(path.join(dist, 'app.module.js'));
  const { configureApp } = require(path.join(dist, 'app.setup.js'));
  const { fixedClock } = require(path.join(dist, 'common', 'clock.js'));
  const { CLI_USER } = require(path.join(dist, 'common', 'acting-user.js'));
  const { DefinitionsService } = require(path.join(dist, 'modules', 'definitions', 'definitions.service.js'));
  const { GenerationService } = require(path.join(dist, 'modules', 'scheduling', 'generation.service.js'));
  const { AccountsService } = require(path.join(dist, 'modules', 'access', 'accounts.service.js'));
  const { TokensService } = require(path.join(dist, 'modules', 'access', 'tokens.service.js'));
  const { ComplianceQueries } = require(path.join(dist, 'modules', 'compliance', 'compliance.queries.js'));
  const { ComplianceService } = require(path.join(dist, 'modules', 'compliance', 'compliance.service.js'));
  const { PagesQueries } = require(path.join(dist, 'modules', 'pages', 'pages.queries.js'));
  const { ReportsService } = require(path.join(dist, 'modules', 'reports', 'reports.service.js'));
  const { NestFactory } = require('@nestjs/core');

  await withBenchDatabase('compliance', async ({ url }) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-bench-compliance-'));
    let app;
    const pg = new Client({ connectionString: url });
    await pg.connect();
    try {
      const [{ version }] = (await pg.query(`SELECT version()`)).rows;
      const settings = (await pg.query(`SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'max_parallel_workers_per_gather', 'jit')`)).rows;
      const cpus = os.cpus();
      log(`machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, ${os.platform()} ${os.release()}, node ${process.version}`);
      log(`database: ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'} ${version.split(',')[0]}; ${settings.map((s) => `${s.name}=${s.setting}${s.unit ?? ''}`).join(', ')}`);

      // The application as `phuluc serve` builds it, on a fixed clock, without the scheduler's
      // tick (which would plan reminders and take snapshots while we measure).
      let t0 = process.hrtime.bigint();
      const config = loadConfig(
        { ...process.env, DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1', PHULUC_DATA_DIR: dataDir, LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn', PHULUC_TICK_SECONDS: '0' },
        root,
      );
      app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl: url, clock: fixedClock(NOW) }), { bufferLogs: true });
      configureApp(app);
      await app.get(DefinitionsService).load();
      const [generated] = await app.get(GenerationService).generate({ until: `${YEAR}-12-31` });
      await app.get(AccountsService).ensureFirstAdmin(config.adminEmail, config.adminPassword);
      await app.listen(0, '127.0.0.1');
      const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
      const queries = app.get(ComplianceQueries);
      const db = queries.db;
      const plan = await queries.plan(undefined);
      const [{ agencies: planAgencies }] = await db.query(`SELECT count(DISTINCT agency_code)::int AS agencies FROM task_instance WHERE plan_id = $1`, [plan.id]);
      log(`app up in ${(msSince(t0) / 1000).toFixed(1)} s: plan ${plan.code}, ${generated?.created ?? '?'} instances opened through ${YEAR}-12-31 for ${planAgencies} agencies; now = ${NOW.toISOString()}`);

      // ---- report.annual.seconds: a Hải Phòng-sized year with its submissions ----
      t0 = process.hrtime.bigint();
      const counts = await addSubmissions(db, plan.id);
      log(`${YEAR}: ${counts.instances} instances, ${counts.handled} handled, ${counts.submissions} submissions (${counts.notes} with notes), ${counts.files} files, ${counts.figures} figures, ${counts.transitions} transitions; written in ${(msSince(t0) / 1000).toFixed(1)} s`);
      await pg.query(`VACUUM ANALYZE`);
      const reports = app.get(ReportsService);
      const reportTimes = [];
      let reportSql;
      let rendered;
      let model;
      for (let i = 0; i < REPORT_RUNS; i++) {
        t0 = process.hrtime.bigint();
        const run = async () => {
          model = await reports.annualModel({ year: YEAR });
          rendered = await reports.renderAnnual(model, 'docx');
        };
        if (i === 0) reportSql = (await recordingSql(db, run)).statements;
        else await run();
        reportTimes.push(msSince(t0) / 1000);
      }
      const rowInstances = model.sections.reduce((n, s) => n + s.rows.reduce((m, r) => m + r.instances.length, 0), 0);
      log(`annual report: ${rendered.body.length} bytes DOCX, ${rowInstances} instances in the rows, ${model.agencies.length} agencies, ${model.late.length} late, ${model.figures.length} figure totals, ${model.difficulties.length} difficulties; runs ${reportTimes.map((s) => s.toFixed(2)).join(', ')} s`);
      const replay = async () => {
        for (const s of reportSql) await pg.query(s.sql, s.params);
      };
      const reportSqlTimes = [];
      for (let i = 0; i < REPORT_RUNS; i++) {
        t0 = process.hrtime.bigint();
        await replay();
        reportSqlTimes.push(msSince(t0) / 1000);
      }
      log(`the report's ${reportSql.length} SQL statements replayed: ${reportSqlTimes.map((s) => s.toFixed(3)).join(', ')} s`);
      const reportRecord = makeRecord('report.annual.seconds', median(reportTimes), 's', median(reportSqlTimes), { op: '<=', value: 30 });

      // ---- the synthetic instances ----
      t0 = process.hrtime.bigint();
      const synthetic = await addSyntheticInstances(db, plan.id);
      const [sizes] = await db.query(
        `SELECT (SELECT count(*)::int FROM task_instance) AS instances,
                (SELECT count(*)::int FROM task_instance WHERE plan_id = $1 AND window_start >= make_date($2, 1, 1) AND window_start < make_date($2 + 1, 1, 1)) AS year,
                (SELECT count(*)::int FROM task_transition) AS transitions,
                pg_size_pretty(pg_total_relation_size('task_instance')) AS size`,
        [plan.id, YEAR],
      );
      log(
        `added ${INSTANCES} instances (${synthetic.rows} rows × ${synthetic.agencies} agencies × ${synthetic.periods} periods) in ${(synthetic.insertMs / 1000).toFixed(1)} s, ` +
          `${sizes.transitions - counts.transitions} transitions in ${(synthetic.transitionMs / 1000).toFixed(1)} s, VACUUM ANALYZE in ${(synthetic.analyzeMs / 1000).toFixed(1)} s; ` +
          `task_instance: ${sizes.instances} rows (${sizes.year} in ${YEAR}), ${sizes.size} with indexes; task_transition: ${sizes.transitions} rows`,
      );

      // ---- compliance.overview.p95_ms ----
      const { token } = await app.get(TokensService).create((await app.get(AccountsService).list())[0].id, 'bench');
      const headers = { authorization: `Bearer ${token}` };
      // The statements the endpoint issues, recorded from one real call (the plan, the calendar, the names,
      // the classified groups with their lateness, the late list): the baseline runs them one after another.
      const recorded = (await recordingSql(queries.db, () => app.get(ComplianceService).figures({ year: YEAR, scope: 'all' }))).statements;
      const groups = recorded.find((st) => st.sql.includes('unnest($10::date[]'));
      const late = recorded.find((st) => st.sql.includes("= 'overdue-not-done'"));
      if (!groups || !late) throw new Error('the compliance statements were not recorded: has the query changed?');
      const groupRows = (await pg.query(groups.sql, groups.params)).rows;
      const counted = groupRows.reduce((n, g) => n + g.n, 0);
      log(`compliance scope: ${counted} lead instances of ${YEAR} open by now, in ${groupRows.length} groups (agency, row, classification); ${recorded.length} statements per request`);
      await explain(pg, 'compliance groups', groups);
      await explain(pg, 'compliance late', late);
      const overview = await timeEndpoint(`${base}/api/compliance?year=${YEAR}`, headers, (body) => {
        const figures = JSON.parse(body.toString());
        if (figures.snapshot) throw new Error('the endpoint answered with the stored snapshot: BENCH_NOW is after the cut-off');
        const answered = Object.values(figures.total.counts).reduce((n, c) => n + c, 0);
        if (counted !== answered) throw new Error(`the groups SQL counts ${counted} instances, the endpoint ${answered}: not the same scope`);
        return `${body.length} bytes, ${figures.agencies.length} agencies, ${figures.late.length} late; counts ${JSON.stringify(figures.total.counts)}`;
      });
      const overviewSql = await timeRuns(async () => {
        for (const st of recorded) await pg.query(st.sql, st.params);
      }, REQUESTS);
      describe('the endpoint statements, one after another', overviewSql);
      const overviewBaseline = percentile(overviewSql, 95);

      // ---- compliance.matrix.p95_ms ----
      const matrixSql = (await recordingSql(app.get(PagesQueries).db, () => app.get(PagesQueries).complianceMatrix(CLI_USER, { year: YEAR }))).statements;
      log(`complianceMatrix issues ${matrixSql.length} statements`);
      for (const [i, s] of matrixSql.entries()) if (/task_instance/.test(s.sql)) await explain(pg, `matrix statement ${i + 1} (${/task_classification/.test(s.sql) ? 'cells' : /period_key AS key/.test(s.sql) ? 'periods' : 'other'})`, s);
      const matrix = await timeEndpoint(`${base}/api/exports/compliance.csv?year=${YEAR}`, headers, (body) => `${body.length} bytes, ${body.toString().split('\n').length - 2} agencies`);
      const matrixBaselineTimes = await timeRuns(async () => {
        for (const s of matrixSql) await pg.query(s.sql, s.params);
      }, REQUESTS);
      describe('the matrix SQL', matrixBaselineTimes);
      const matrixBaseline = percentile(matrixBaselineTimes, 95);

      log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
      // A failing endpoint is a result: its record has no value (null) and does not pass.
      const p95 = (result) => (result.times ? percentile(result.times, 95) : NaN);
      printRecord(makeRecord('compliance.overview.p95_ms', p95(overview), 'ms', overviewBaseline, { op: '<=', value: Math.round((3 * overviewBaseline + 5) * 1000) / 1000 }));
      printRecord(makeRecord('compliance.matrix.p95_ms', p95(matrix), 'ms', matrixBaseline, { op: '<=', value: Math.round((3 * matrixBaseline + 5) * 1000) / 1000 }));
      printRecord(reportRecord);
    } finally {
      await app?.close().catch((error) => log(`closing the app: ${error.message}`));
      await pg.end().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    log(`FAILED: ${error && error.stack ? error.stack : error}`);
    process.exit(1);
  },
);
