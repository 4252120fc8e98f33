import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../src/config/app-config';
import { startServer, type RunningServer } from '../../src/main';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const DELAY_SECONDS = 1.5;

/**
 * SIGTERM behind a load balancer (PHULUC_SHUTDOWN_DELAY_SECONDS): `phuluc serve` calls the same
 * stop() on SIGTERM. Readiness answers 503 at once while requests are still served for the
 * pause; then the server closes.
 */
describe('the drain pause before an HTTP process closes', () => {
  let database: TestDatabase;
  let dataDir: string;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'phuluc-drain-'));
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it(`answers for ${DELAY_SECONDS} s with /health/ready at 503, then refuses connections`, async () => {
    const config = loadConfig({
      DATABASE_URL: database.url,
      PORT: '0',
      HOST: '127.0.0.1',
      PHULUC_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      PHULUC_TICK_SECONDS: '0',
      PHULUC_SHUTDOWN_DELAY_SECONDS: String(DELAY_SECONDS),
    });
    server = await startServer(config, { loadDefinitions: false });
    const { port } = server.app.getHttpServer().address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);

    const began = performance.now();
    const stopping = server.stop();
    let stoppedAt: number | undefined;
    void stopping.then(() => (stoppedAt = performance.now()));

    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'shutting_down' });
    // People's requests are still answered during the pause: the sign-in page, the plan list.
    const page = await fetch(`${base}/dang-nhap`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Đăng nhập');
    expect((await fetch(`${base}/api/plans`)).status).toBe(401);
    expect(stoppedAt).toBeUndefined();

    await stopping;
    expect(stoppedAt! - began).toBeGreaterThanOrEqual(DELAY_SECONDS * 1000 - 50);
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  });
});
