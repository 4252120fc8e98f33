import { Inject, Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { sameSecret, secretHash } from '../access/secret-hash';
import { Metrics } from './metrics';
import { metricsMessages as say } from './metrics.messages';

/** Does `Authorization: Bearer …` carry this token? Compared in constant time (through hashes of equal length). */
export function carriesToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)$/iu.exec(authorization ?? '');
  return match !== null && sameSecret(secretHash(match[1]), secretHash(token));
}

/**
 * Prometheus cannot sign in. GET /metrics is an admin route in the access matrix; a scrape that
 * carries `Authorization: Bearer <PHULUC_METRICS_TOKEN>` is answered here, before the access
 * guard (which would try the token as an API token and refuse it). Any other request goes on to
 * the guard: an admin's session or API token is let in; anyone else gets 401/403, and a wrong
 * token is logged as a refused API token. Without PHULUC_METRICS_TOKEN only admins read /metrics.
 */
@Injectable()
export class MetricsTokenMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Metrics');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const token = this.config.metricsToken;
    if (!token || !carriesToken(request.get('authorization'), token)) return next();
    this.metrics.exposition().then(
      ({ contentType, body }) => {
        // setHeader and end, not Express's set/send: they would reorder the type's parameters (charset first).
        response.status(200).setHeader('Content-Type', contentType);
        response.end(body);
      },
      (error: Error) => {
        this.logger.error({ msg: 'metrics export failed', error: error.message });
        response.status(500).type('text/plain').send(say.exportFailed);
      },
    );
  }
}
