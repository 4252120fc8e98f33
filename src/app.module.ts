import { DynamicModule, Global, Module, RequestMethod, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { Clock, CLOCK, systemClock } from './common/clock';
import { HttpErrorFilter } from './common/http-exception.filter';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { buildDataSourceOptions } from './database/data-source-options';
import { AgenciesModule } from './modules/agencies/agencies.module';
import { DefinitionsModule } from './modules/definitions/definitions.module';
import { HealthModule } from './modules/health/health.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { SchedulingModule } from './modules/scheduling/scheduling.module';
import { TasksModule } from './modules/tasks/tasks.module';
import { RemindersModule } from './modules/reminders/reminders.module';
import { AuditModule } from './modules/audit/audit.module';
import { AccessModule } from './modules/access/access.module';
import { PagesModule } from './modules/pages/pages.module';
import { DemoModule } from './modules/demo/demo.module';
import { ExportsModule } from './modules/exports/exports.module';
import { ComplianceModule } from './modules/compliance/compliance.module';
import { ReportsModule } from './modules/reports/reports.module';
import { IndicatorsModule } from './modules/indicators/indicators.module';
import { DeliverablesModule } from './modules/deliverables/deliverables.module';
import { ScheduleModule } from '@nestjs/schedule';

export interface AppModuleOptions {
  config: AppConfig;
  /** The server actually used: DATABASE_URL or the embedded one started before the app. */
  databaseUrl: string;
  /** Tests and `phuluc tick --now` pass a fixed clock. */
  clock?: Clock;
}

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
      ],
      exports: [APP_CONFIG, CLOCK],
    };
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Secrets that travel in URLs (a calendar feed's address, a reset link, a multipart form's CSRF token) stay out of the logs. */
function loggedUrl(url: string): string {
  return url.replace(/^\/lich\/[^/?#]+/iu, '/lich/[REDACTED]').replace(/([?&](?:ma|_csrf)=)[^&#]*/giu, '$1[REDACTED]');
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, clock = systemClock }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (req: IncomingMessage, res: ServerResponse) => {
              const given = req.headers['x-request-id'];
              const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
              res.setHeader('X-Request-Id', id);
              return id;
            },
            // On every line, request or not; a per-request customProps would build one more child
            // logger for each request.
            base: { pid: process.pid, hostname: hostname(), service: 'phuluc' },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggedUrl(req.url) }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            // Probes and scrapes come every few seconds: they would bury the requests people make.
            autoLogging: { ignore: (req: IncomingMessage) => ['/health', '/health/live', '/health/ready', '/metrics'].includes((req.url ?? '').split('?')[0]) },
          },
          // The probes skip the request logger altogether: it builds a child logger per request,
          // a tenth of the main thread when a load balancer polls every second.
          exclude: [
            { method: RequestMethod.GET, path: 'health' },
            { method: RequestMethod.GET, path: 'health/live' },
            { method: RequestMethod.GET, path: 'health/ready' },
          ],
        }),
        TypeOrmModule.forRoot({ ...buildDataSourceOptions(databaseUrl), autoLoadEntities: false }),
        HealthModule,
        MetricsModule,
        AgenciesModule,
        DefinitionsModule,
        SchedulingModule,
        TasksModule,
        ScheduleModule.forRoot(),
        RemindersModule,
        AuditModule,
        DeliverablesModule,
        AccessModule,
        PagesModule,
        DemoModule,
        ExportsModule,
        ComplianceModule,
        ReportsModule,
        IndicatorsModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
        },
      ],
    };
  }
}
