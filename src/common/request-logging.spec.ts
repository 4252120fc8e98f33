import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { captureLogLines } from '../../test/support/log-lines';
import { createRootLogger, loggedUrl, requestIdFrom, requestLogging } from './request-logging';

interface Line {
  level: number;
  msg: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
  service?: string;
  pid?: number;
}

/**
 * The request logger in front of a real node:http server: the handler answers with the status
 * the URL asks for, writes a line through `req.log` while it works, and `/slow` waits for the
 * client to give up. Lines are captured from the root logger's destination.
 */
async function serve(level: 'info' | 'warn'): Promise<{ server: Server; port: number; log: ReturnType<typeof captureLogLines<Line>>; root: Logger }> {
  const log = captureLogLines<Line>();
  const root = createRootLogger(level, log.destination);
  const logRequest = requestLogging(root);
  const server = createServer((req: IncomingMessage, res: ServerResponse) =>
    logRequest(req, res, () => {
      if (req.url === '/slow') return; // never answered: the client aborts
      ((req as { log?: Logger }).log ?? root).warn('đang xử lý');
      const status = Number(/status=(\d+)/u.exec(req.url ?? '')?.[1] ?? 200);
      res.statusCode = status;
      res.end('ok');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, log, root };
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; requestId: string | undefined }> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, requestId: res.headers['x-request-id'] as string | undefined }));
    })
      .on('error', reject)
      .end();
  });
}

/** The 'close' listener runs on the tick after the answer reached the client. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/u;

describe('requestIdFrom', () => {
  it.each([
    ['kiem-tra-1', 'kiem-tra-1'],
    ['abc.DEF_123', 'abc.DEF_123'],
    ['x'.repeat(100), 'x'.repeat(100)],
  ])('keeps the caller’s plain token %s', (given, expected) => {
    expect(requestIdFrom(given)).toBe(expected);
  });
  it.each([[undefined], [''], ['có dấu'], ['a b'], ['x'.repeat(101)], ['a\nb'], [['a', 'b']]])('replaces %p with a new UUID', (given) => {
    expect(requestIdFrom(given as string | string[] | undefined)).toMatch(UUID);
  });
});

describe('loggedUrl', () => {
  it.each([
    ['/lich/bi-mat-123.ics', '/lich/[REDACTED]'],
    ['/Lich/bi-mat-123.ics?x=1', '/lich/[REDACTED]?x=1'],
    ['/dat-lai-mat-khau?ma=bi-mat&x=1', '/dat-lai-mat-khau?ma=[REDACTED]&x=1'],
    ['/nhiem-vu/5/nop?_csrf=token#a', '/nhiem-vu/5/nop?_csrf=[REDACTED]#a'],
    ['/api/instances?limit=1', '/api/instances?limit=1'],
  ])('%s → %s', (url, expected) => {
    expect(loggedUrl(url)).toBe(expected);
  });
});

describe('requestLogging on a real HTTP server', () => {
  let info: Awaited<ReturnType<typeof serve>>;
  let warn: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    info = await serve('info');
    warn = await serve('warn');
  });
  afterAll(async () => {
    await new Promise((resolve) => info.server.close(resolve));
    await new Promise((resolve) => warn.server.close(resolve));
  });
  beforeEach(() => {
    info.log.clear();
    warn.log.clear();
  });

  it('binds the request to every line written while serving it, then writes one line for the request', async () => {
    const answer = await get(info.port, '/api/me?x=1', { 'X-Request-Id': 'kiem-tra-1' });
    await settle();
    expect(answer.requestId).toBe('kiem-tra-1');
    expect(info.log.parsed().map((l) => [l.level, l.msg, l.req])).toEqual([
      [40, 'đang xử lý', { id: 'kiem-tra-1', method: 'GET', url: '/api/me?x=1' }],
      [30, 'request completed', { id: 'kiem-tra-1', method: 'GET', url: '/api/me?x=1' }],
    ]);
    const [, done] = info.log.parsed();
    expect(done.res).toEqual({ statusCode: 200 });
    expect(done.responseTime).toEqual(expect.any(Number));
    expect(done).toMatchObject({ service: 'phuluc', pid: process.pid });
  });

  it('gives a request without a usable id a new one, sent back to the client', async () => {
    const answer = await get(info.port, '/a', { 'X-Request-Id': 'a b; c' });
    await settle();
    expect(answer.requestId).toMatch(UUID);
    expect(info.log.parsed().every((l) => l.req?.id === answer.requestId)).toBe(true);
  });

  it('writes a 5xx at level error as "request errored" and keeps 4xx at info', async () => {
    await get(info.port, '/b?status=503');
    await get(info.port, '/c?status=404');
    await settle();
    const requestLines = info.log.parsed().filter((l) => l.res);
    expect(requestLines.map((l) => [l.level, l.msg, l.res?.statusCode])).toEqual([
      [50, 'request errored', 503],
      [30, 'request completed', 404],
    ]);
  });

  it('writes "request aborted" when the client goes away before the answer', async () => {
    await new Promise<void>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port: info.port, path: '/slow' });
      req.on('error', () => resolve());
      req.end();
      setTimeout(() => req.destroy(), 50);
    });
    await settle();
    expect(info.log.parsed().map((l) => [l.msg, l.req?.url, l.res?.statusCode])).toEqual([['request aborted', '/slow', 200]]);
  });

  it('keeps secrets in URLs out of the line', async () => {
    await get(info.port, '/lich/bi-mat-cua-toi.ics');
    await settle();
    expect(JSON.stringify(info.log.parsed())).not.toContain('bi-mat-cua-toi');
    expect(info.log.parsed().map((l) => l.req?.url)).toEqual(['/lich/[REDACTED]', '/lich/[REDACTED]']);
  });

  it('leaves the probes alone (no id, no bound logger, no line) and scrapes unlogged', async () => {
    for (const path of ['/health', '/health/live', '/health/ready?x']) {
      const answer = await get(info.port, path);
      expect(answer.requestId).toBeUndefined();
    }
    const scrape = await get(info.port, '/metrics');
    expect(scrape.requestId).toMatch(UUID);
    await settle();
    // The probes' handler lines carry no request; the scrape's does; no request line for any.
    expect(info.log.parsed().map((l) => [l.msg, l.req?.url])).toEqual([
      ['đang xử lý', undefined],
      ['đang xử lý', undefined],
      ['đang xử lý', undefined],
      ['đang xử lý', '/metrics'],
    ]);
  });

  it('at level warn writes no request line but still binds the request to warnings', async () => {
    await get(warn.port, '/d', { 'X-Request-Id': 'kiem-tra-2' });
    await settle();
    expect(warn.log.parsed().map((l) => [l.msg, l.req?.id])).toEqual([['đang xử lý', 'kiem-tra-2']]);
    expect(warn.root.isLevelEnabled('info')).toBe(false);
  });
});
