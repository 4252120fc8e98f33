'use strict';
/**
 * Runs every bench/*.bench.js in sequence, each in its own process, against the built app in
 * dist/. Benchmarks print one JSON record per line on stdout (see bench/README.md) and their
 * progress on stderr. Exits 1 if any record has pass=false, a benchmark fails, or prints no record.
 *   node bench/run.js [filter]      (npm run bench builds dist/ first)
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

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

function runBenchmark(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
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

async function main() {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'main.js'))) {
    process.stderr.write('dist/ is missing: npm run build\n');
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (build.status !== 0) process.exit(1);
  }
  const filter = process.argv[2];
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
  for (const file of files) {
    process.stderr.write(`== ${path.relative(root, file)} (node ${process.version})\n`);
    const { records, problems } = await runBenchmark(file);
    failures.push(...problems);
    for (const r of records) if (r.pass !== true) failures.push(`${r.name}: ${r.value} ${r.unit} (ratio ${r.ratio}) misses goal ${r.goal.op} ${r.goal.value}`);
  }
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
