import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';

/** The probes a load balancer polls every few seconds: no request id, no line, no bound logger. */
export const PROBE_PATHS: readonly string[] = ['/health', '/health/live', '/health/ready'];
/** Prometheus's scrapes get an id and a bound logger but no request line: they would bury the requests people make. */
const SCRAPE_PATH = '/metrics';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Nest's token for the root logger (the one the module built), for app.setup.ts to build the request logger from. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** The process's logger: every line says which process of which machine wrote it. */
export function createRootLogger(level: Level | 'silent', destination?: DestinationStream): Logger {
  const options = { level, base: { pid: process.pid, hostname: hostname(), service: 'phuluc' } };
  return destination ? pino(options, destination) : pino(options);
}

/** Secrets that travel in URLs (a calendar feed's address, a reset link, a multipart form's CSRF token) stay out of the logs. */
export function loggedUrl(url: string): string {
  return url.replace(/^\/lich\/[^/?#]+/iu, '/lich/[REDACTED]').replace(/([?&](?:ma|_csrf)=)[^&#]*/giu, '$1[REDACTED]');
}

/** The caller's X-Request-Id when it is a plain token (a proxy's, so that both logs can be joined), else a new UUID. */
export function requestIdFrom(given: string | string[] | undefined): string {
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * The request logger, as an Express middleware placed before every route.
 * - Each request gets an id (`requestIdFrom`), sent back as X-Request-Id and kept as `req.id`
 *   (the error filter puts it in error answers).
 * - `req.log` is a child of the root logger bound to `{ req: { id, method, url } }`. nestjs-pino
 *   (`useExisting`) carries it through AsyncLocalStorage, so that every line the application
 *   writes while serving the request says which request it belongs to.
 * - When the answer has been sent (or the client went away) one line is written from that child:
 *   "request completed", "request aborted", or "request errored" at level error for a 5xx, with
 *   the status and the time taken in milliseconds. Below level info nothing is listened for (the
 *   exception filter still logs a 5xx's error).
 * This replaces pino-http, which for every request, whether or not its line would be written,
 * serialised the request into a child logger (10.8 KB allocated per API request on Node 20, V8's
 * sampling heap profile), kept two arrays of loggers and added three listeners.
 */
export function requestLogging(root: Logger) {
  return function logRequest(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (PROBE_PATHS.includes(path)) return next();
    const id = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', id);
    const log = root.child({ req: { id, method: req.method, url: loggedUrl(url) } });
    const bound = req as IncomingMessage & { id?: unknown; log?: Logger };
    bound.id = id;
    bound.log = log;
    if (path !== SCRAPE_PATH && log.isLevelEnabled('info')) {
      const started = performance.now();
      res.once('close', () => {
        const line = { res: { statusCode: res.statusCode }, responseTime: Math.round(performance.now() - started) };
        if (!res.writableFinished) log.info(line, 'request aborted');
        else if (res.statusCode >= 500) log.error(line, 'request errored');
        else log.info(line, 'request completed');
      });
    }
    next();
  };
}
