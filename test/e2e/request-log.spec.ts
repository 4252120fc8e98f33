import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { apiAs, createAccount, type TestAccount } from '../support/auth';
import { captureLogLines } from '../support/log-lines';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

interface Line {
  level: number;
  msg: string;
  context?: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
}

/**
 * The request log of the application as `phuluc serve` builds it, at LOG_LEVEL=info: the request
 * id sent back and put in error answers, the one line per request, and the lines the application
 * writes while serving a request (here the access guard's warning) bound to that request through
 * nestjs-pino's AsyncLocalStorage; the probes and scrapes leave no line.
 */
describe('the request log', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let admin: TestAccount;
  const log = captureLogLines<Line>();
  let lines: Line[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database.url, { env: { LOG_LEVEL: 'info' }, logDestination: log.destination });
    admin = await createAccount(app, { roles: ['admin'] });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });
  beforeEach(() => log.clear());
  /** The request line is written when the response closes, just after supertest has the answer. */
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    lines = log.parsed();
  };

  it('binds what the application logs during a request to that request, and closes with one line', async () => {
    const refused = await request(app.getHttpServer()).get('/api/me?xem=1').set('Authorization', 'Bearer khong-phai-token').set('X-Request-Id', 'kiem-tra-nhat-ky').expect(401);
    await settle();
    expect(refused.headers['x-request-id']).toBe('kiem-tra-nhat-ky');
    expect(refused.body.error.requestId).toBe('kiem-tra-nhat-ky');
    const bound = { id: 'kiem-tra-nhat-ky', method: 'GET', url: '/api/me?xem=1' };
    expect(lines.map((l) => [l.level, l.msg, l.context, l.req])).toEqual([
      [40, 'API token refused', 'Access', bound],
      [30, 'request completed', undefined, bound],
    ]);
    expect(lines[1].res).toEqual({ statusCode: 401 });
    expect(lines[1].responseTime).toEqual(expect.any(Number));
  });

  it('gives each request its own id when the caller sends none', async () => {
    const [first, second] = [await apiAs(app, admin).get('/api/me').expect(200), await apiAs(app, admin).get('/api/me').expect(200)];
    await settle();
    const ids = [first.headers['x-request-id'], second.headers['x-request-id']];
    expect(new Set(ids).size).toBe(2);
    expect(lines.filter((l) => l.msg === 'request completed').map((l) => l.req?.id)).toEqual(ids);
  });

  it('leaves no line for the probes and the scrapes', async () => {
    for (const path of ['/health', '/health/live', '/health/ready']) {
      const probe = await request(app.getHttpServer()).get(path);
      expect(probe.status).toBe(200);
      expect(probe.headers['x-request-id']).toBeUndefined();
    }
    await request(app.getHttpServer()).get('/metrics');
    await settle();
    expect(lines.filter((l) => l.req)).toEqual([]);
  });
});
