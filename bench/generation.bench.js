'use strict';
/**
 * generation.*: opening task instances for a national-scale synthetic plan — BENCH_COMMUNES
 * (3,300) commune-level units × BENCH_ROWS (40) rows led by the group of all of them × quarterly
 * × 5 years (2,640,000 instances) — with the real code path (GenerationService from dist/),
 * against a raw `INSERT … SELECT … generate_series` of the same rows into a table of the same
 * shape (columns, defaults, checks, indexes), in the same run and database.
 *
 * Records (goal compared with):
 *   generation.rows_per_s   rows/s  generator vs raw INSERT … SELECT     ratio >= 0.5
 *   generation.peak_rss_mb  MB      peak RSS while generating vs before  ratio <= 1.5 (flat memory)
 * Environment: BENCH_COMMUNES, BENCH_ROWS, DATABASE_URL (unset: embedded PostgreSQL in a temp folder).
 */
const path = require('node:path');
const { withBenchDatabase, dist } = require('./lib/database');
const { makeRecord, printRecord } = require('./lib/record');

const COMMUNES = Number(process.env.BENCH_COMMUNES || 3300);
const ROWS = Number(process.env.BENCH_ROWS || 40);
const MB = 1024 * 1024;
const log = (line) => process.stderr.write(`[generation] ${line}\n`);

function syntheticSet() {
  const communes = Array.from({ length: COMMUNES }, (_, i) => ({
    code: `X${String(i + 1).padStart(5, '0')}`,
    name: `Ủy ban nhân dân xã Thử Nghiệm ${i + 1}`,
    shortName: null,
    kind: 'ubnd_cap_xa',
    level: 'commune',
    officialCode: String(10000 + i),
    unitName: `Xã Thử Nghiệm ${i + 1}`,
    unitType: 'xa',
    confirmation: 'official',
    head: null,
    focalPoints: [],
    sourceFile: 'bench',
  }));
  const monitor = { ...communes[0], code: 'SNV', name: 'Sở Nội vụ', kind: 'co_quan_chuyen_mon', level: 'city', officialCode: null, unitName: null, unitType: null };
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    key: `I.${i + 1}`,
    position: i + 1,
    section: 'I',
    task: `Nhiệm vụ thử nghiệm số ${i + 1}`,
    lead: { text: 'UBND các xã', parties: ['ALL_COMMUNES'] },
    support: null,
    deliverable: { kind: 'report', name: 'Báo cáo', metrics: [] },
    timing: 'Hằng quý',
    provenance: 'verbatim',
    provenanceNotes: [],
  }));
  return {
    agencies: [monitor, ...communes],
    groups: [{ code: 'ALL_COMMUNES', name: 'UBND các xã', description: null, membership: 'listed', confirmation: 'official', members: communes.map((c) => c.code), sourceFile: 'bench' }],
    plans: [
      {
        code: 'BENCH',
        title: 'Kế hoạch thử nghiệm quy mô quốc gia',
        documentNumber: null,
        issuedOn: null,
        issuer: 'Thử nghiệm',
        signer: null,
        report: {},
        monitoringAgency: 'SNV',
        horizon: { start: '2026-01-01', end: '2030-12-31' },
        status: 'active',
        settings: {},
        legalBases: [],
        notes: [],
        sections: [{ key: 'I', title: 'Thử nghiệm', provenance: 'verbatim', rowsInSource: true, rowsNotInSource: [], note: null }],
        indicators: [],
        sourceFile: 'bench',
        appendix: { sourceFile: 'bench', rows },
      },
    ],
    calendarYears: [],
    calendarFiles: [],
    directoryFiles: [],
    warnings: [],
  };
}

async function main() {
  const { buildDataSourceOptions } = require(path.join(dist, 'database', 'data-source-options.js'));
  const { DefinitionsLoader } = require(path.join(dist, 'modules', 'definitions', 'definitions.loader.js'));
  const { GenerationService } = require(path.join(dist, 'modules', 'scheduling', 'generation.service.js'));
  const { WorkingCalendarProvider } = require(path.join(dist, 'modules', 'scheduling', 'working-calendar.provider.js'));
  const { DataSource } = require('typeorm');

  let db;
  await withBenchDatabase('generation', async ({ url }) => {
    try {
      db = await new DataSource(buildDataSourceOptions(url, { poolSize: 4 })).initialize();
      let started = Date.now();
      await new DefinitionsLoader(db).load(syntheticSet());
      log(`loaded ${COMMUNES} communes and ${ROWS} rows in ${Date.now() - started} ms`);

      // The generator, with memory sampled while it runs.
      global.gc?.();
      const rssBefore = process.memoryUsage.rss();
      let peakRss = rssBefore;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
      started = process.hrtime.bigint();
      const [plan] = await new GenerationService(db, new WorkingCalendarProvider(db)).generate({ until: '2030-12-31', plan: 'BENCH' });
      const generationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      clearInterval(sampler);
      const expected = COMMUNES * ROWS * 20;
      if (plan.created !== expected) throw new Error(`generated ${plan.created} instances, expected ${expected}`);
      log(`generator: ${plan.created} instances in ${generationSeconds.toFixed(1)} s; RSS ${(rssBefore / MB).toFixed(0)} → peak ${(peakRss / MB).toFixed(0)} MB`);

      // The baseline: the same rows in one raw statement, into a table of the same shape.
      await db.query(`CREATE TABLE baseline_instance (LIKE task_instance INCLUDING ALL)`);
      // Same shape includes the same foreign keys (LIKE copies everything else).
      await db.query(`ALTER TABLE baseline_instance ADD FOREIGN KEY (version_id) REFERENCES workflow_definition_version (id),
                      ADD FOREIGN KEY (agency_code) REFERENCES agency (code)`);
      started = process.hrtime.bigint();
      const result = await db.query(
        `INSERT INTO baseline_instance (plan_id, definition_id, version_id, period_key, period_kind, period_label, window_start,
                                        window_end, cutoff_from, cutoff_to, agency_code, role, via_group, nominal_due_date,
                                        due_date, due_at, opens_on)
         SELECT d.plan_id, d.id, v.id, (2026 + q / 4) || '-Q' || (q % 4 + 1), 'quarter', 'Quý ' || (q % 4 + 1) || '/' || (2026 + q / 4),
                make_date(2026 + q / 4, (q % 4) * 3 + 1, 1), make_date(2026 + q / 4, (q % 4) * 3 + 3, 28),
                make_date(2026 + q / 4, (q % 4) * 3 + 1, 15), make_date(2026 + q / 4, (q % 4) * 3 + 3, 14),
                m.agency_code, 'lead', 'ALL_COMMUNES', make_date(2026 + q / 4, (q % 4) * 3 + 3, 28),
                make_date(2026 + q / 4, (q % 4) * 3 + 3, 28), now(), make_date(2026 + q / 4, (q % 4) * 3 + 1, 1)
           FROM workflow_definition d
           JOIN workflow_definition_version v ON v.definition_id = d.id
           CROSS JOIN generate_series(0, 19) AS q
           JOIN agency_group_member m ON m.group_code = 'ALL_COMMUNES'`,
      );
      const baselineSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM baseline_instance`);
      if (n !== expected) throw new Error(`baseline inserted ${n} rows, expected ${expected} (${JSON.stringify(result).slice(0, 80)})`);
      log(`raw INSERT … SELECT: ${n} rows in ${baselineSeconds.toFixed(1)} s`);

      printRecord(makeRecord('generation.rows_per_s', expected / generationSeconds, 'rows/s', n / baselineSeconds, { op: '>=', value: 0.5, of: 'ratio' }));
      printRecord(makeRecord('generation.peak_rss_mb', peakRss / MB, 'MB', rssBefore / MB, { op: '<=', value: 1.5, of: 'ratio' }));
    } finally {
      await db?.destroy();
    }
  });
}

main().catch((error) => {
  process.stderr.write(`[generation] ${error.stack || error}\n`);
  process.exit(1);
});
