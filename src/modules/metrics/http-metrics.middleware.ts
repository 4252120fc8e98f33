import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Metrics } from './metrics';

/**
 * The route label of a request: Express's route pattern as Nest registered it, controller prefix
 * included (`/api/instances/:id`), never the URL itself (ids would make a series per task), and
 * "unmatched" when no controller route took the request (Nest's 404s, the OpenAPI UI that
 * Swagger serves as middleware). Middleware bound to every path
 * (`forRoutes` with RequestMethod.ALL, e.g. the request logger's) is mounted by Nest as an Express
 * route `/{*path}`, which is what `req.route` still holds when no controller route matched: a
 * wildcard is therefore "unmatched" (no controller of phuluc declares one).
 */
export function routeLabel(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && !path.includes('*') ? path : 'unmatched';
}

/**
 * Times every request into phuluc_http_request_duration_seconds. A middleware rather than an
 * interceptor: it also sees the requests a guard refuses and the ones no route matches. The
 * labels are read when the response has been sent, once Express has matched the route.
 * A request whose client went away before the answer was sent is not counted.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: Metrics) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const end = this.metrics.httpDuration.startTimer();
    response.once('finish', () => end({ method: request.method, route: routeLabel(request), status: String(response.statusCode) }));
    next();
  }
}
