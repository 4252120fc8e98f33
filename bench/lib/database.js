'use strict';
/**
 * A fresh, migrated database for one benchmark, on DATABASE_URL's server or on an embedded
 * PostgreSQL in a temporary folder; dropped (and the server stopped) afterwards.
 *   await withBenchDatabase('generation', async ({ url, dist }) => { … })
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');

const dist = path.resolve(__dirname, '..', '..', 'dist', 'src');

async function withBenchDatabase(name, work) {
  if (!fs.existsSync(path.join(dist, 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (or `npm run bench`, which builds first)');
  const { startEmbeddedPostgres } = require(path.join(dist, 'database', 'embedded-postgres.js'));
  const { runMigrations } = require(path.join(dist, 'database', 'migrate.js'));
  let server;
  let dataDir;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `phuluc-bench-${name}-`));
    fs.chmodSync(dataDir, 0o755); // as root, the embedded server runs as `postgres`
    server = await startEmbeddedPostgres({ dataDir, port: 0 });
    serverUrl = server.url;
  }
  const dbName = `phuluc_bench_${name}_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${dbName}`);
    const url = new URL(serverUrl);
    url.pathname = `/${dbName}`;
    await runMigrations(url.toString());
    return await work({ url: url.toString(), dist });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

module.exports = { withBenchDatabase, dist };
