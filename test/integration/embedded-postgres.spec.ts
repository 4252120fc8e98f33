import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createServer, type Server } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { unusedPort } from '../support/unused-port';

const SERVER_PROCESS = path.join(__dirname, '..', 'support', 'embedded-postgres-process.js');

/** A port held by a listener of this test, as another program would hold it. */
async function heldPort(): Promise<{ port: number; server: Server }> {
  const port = await unusedPort();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { port, server };
}

/**
 * startEmbeddedPostgres in its own process (Jest's sandbox cannot load the ES module
 * embedded-postgres) with `port` and the ports it is to pick; → what it printed, once it is ready
 * or has exited.
 */
interface Ready {
  url: string;
  log: string[];
  mallocEnvLeft: string[];
}
function startServer(dataDir: string, port: number, picks: number[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; ready?: Ready; stderr: string; code: number | null }> {
  const args = [SERVER_PROCESS, dataDir, String(port), ...(picks.length ? ['--pick-ports', picks.join(',')] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  return new Promise((resolve) => {
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve({ child, ready: JSON.parse(stdout.split('\n')[0]) as Ready, stderr, code: null });
    });
    child.once('exit', (code) => resolve({ child, stderr, code }));
  });
}

describe('embedded PostgreSQL on a port it picks', () => {
  let dataDir: string;
  const held: Server[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'phuluc-embedded-port-'));
    await fs.chmod(dataDir, 0o755); // as root, the server runs as `postgres`
  });

  afterAll(async () => {
    await Promise.all(children.filter((child) => child.exitCode === null).map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'))));
    await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('starts on another port when the one it picked is taken before the server binds it', async () => {
    const taken = await heldPort();
    held.push(taken.server);
    const free = await unusedPort();
    const started = await startServer(dataDir, 0, [taken.port, free]);
    children.push(started.child);
    expect(started.stderr).toBe('');
    expect(started.ready).toBeDefined();
    expect(new URL(started.ready!.url).port).toBe(String(free));
    expect(started.ready!.log.some((line) => line.includes(`ở cổng ${taken.port}, thử cổng khác.`))).toBe(true);
    const client = new Client({ connectionString: started.ready!.url });
    await client.connect();
    try {
      expect((await client.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
    await new Promise((resolve) => started.child.once('exit', resolve).kill('SIGTERM'));
  }, 120_000);

  it('runs its server with fixed malloc thresholds (an operator’s own value wins), without leaving them in the starting process', async () => {
    // Backends are forked from the postmaster and keep its malloc settings; the postmaster's own
    // environment is the one to read (a backend writes its status over its environment's memory).
    const serverEnvironment = async () => {
      const pid = (await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0];
      return Object.fromEntries((await fs.readFile(`/proc/${pid}/environ`, 'utf8')).split('\0').filter(Boolean).map((entry) => entry.split(/=(.*)/su, 2)));
    };
    const stop = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'));

    const started = await startServer(dataDir, 0, []);
    children.push(started.child);
    expect(started.ready?.mallocEnvLeft).toEqual([]);
    const environment = await serverEnvironment();
    expect(environment.MALLOC_MMAP_THRESHOLD_).toBe(String(4 * 1024 * 1024));
    expect(environment.MALLOC_TRIM_THRESHOLD_).toBe(String(8 * 1024 * 1024));
    await stop(started.child);

    const tuned = await startServer(dataDir, 0, [], { MALLOC_TRIM_THRESHOLD_: '1048576' });
    children.push(tuned.child);
    const own = await serverEnvironment();
    expect(own.MALLOC_TRIM_THRESHOLD_).toBe('1048576');
    expect(own.MALLOC_MMAP_THRESHOLD_).toBe(String(4 * 1024 * 1024));
    await stop(tuned.child);
  }, 120_000);

  it('gives up after three taken ports, naming the data folder and the last port; a port it was given is not changed', async () => {
    const ports = await Promise.all([heldPort(), heldPort(), heldPort(), heldPort()]);
    held.push(...ports.map((p) => p.server));
    const picked = await startServer(dataDir, 0, ports.map((p) => p.port));
    expect(picked.code).toBe(1);
    expect(picked.stderr).toContain(`Không khởi động được PostgreSQL nhúng (dữ liệu tại ${path.join(dataDir, 'postgres')}, cổng ${ports[2].port})`);
    const given = await startServer(dataDir, ports[3].port, []);
    expect(given.code).toBe(1);
    expect(given.stderr).toContain(`cổng ${ports[3].port})`);
  }, 120_000);
});
