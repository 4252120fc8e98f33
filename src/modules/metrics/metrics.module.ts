import { Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { DatabaseGauges } from './database-gauges';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { MetricsTokenMiddleware } from './metrics-token.middleware';

/**
 * Prometheus metrics: GET /metrics, the application's registry (Metrics, global so the outbox and
 * the tick can count into it), the gauges read from the database, and the HTTP timing.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [Metrics, DatabaseGauges],
  exports: [Metrics],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Timing first, so that the scrapes answered by the token middleware are timed too.
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
    consumer.apply(MetricsTokenMiddleware).forRoutes({ path: 'metrics', method: RequestMethod.GET });
  }
}
