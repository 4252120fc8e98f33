import * as http from 'node:http';
import type { AppConfig } from '../../config/app-config';
import { livenessAnswer } from '../health/shutdown-state';
import { Metrics } from './metrics';
import { carriesToken } from './metrics-token.middleware';

/**
 * For a process without the HTTP application (serve --no-http): a bare listener on
 * PHULUC_METRICS_PORT answering GET /metrics (with PHULUC_METRICS_TOKEN only) and
 * GET /health/live, so the scheduler's sends and ticks can be scraped too.
 */
export async function startMetricsListener(config: AppConfig, metrics: Metrics, isStopping: () => boolean): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'GET' && path === '/health/live') {
      const { status, body } = livenessAnswer(isStopping());
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
      return;
    }
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    if (!config.metricsToken || !carriesToken(request.headers.authorization, config.metricsToken)) {
      response.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end();
      return;
    }
    metrics.exposition().then(
      ({ contentType, body }) => response.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.metricsPort, config.host, () => resolve());
  });
  return server;
}
