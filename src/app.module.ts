import { DynamicModule, Global, Module, RequestMethod, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream, Logger } from 'pino';
import { Clock, CLOCK, systemClock } from './common/clock';
import { HttpErrorFilter } from './common/http-exception.filter';
import { createRootLogger, PROBE_PATHS, ROOT_LOGGER } from './common/request-logging';
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
  /** Where the log lines go: standard output unless a test captures them. */
  logDestination?: DestinationStream;
}

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig, clock: Clock, rootLogger: Logger): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: ROOT_LOGGER, useValue: rootLogger },
      ],
      exports: [APP_CONFIG, CLOCK, ROOT_LOGGER],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, clock = systemClock, logDestination }: AppModuleOptions): DynamicModule {
    const rootLogger = createRootLogger(config.logLevel, logDestination);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, clock, rootLogger),
        // The root logger for Nest's Logger everywhere; the request-bound child comes from
        // requestLogging (app.setup.ts) as req.log, which nestjs-pino carries through the request.
        LoggerModule.forRoot({
          pinoHttp: { logger: rootLogger },
          useExisting: true,
          exclude: PROBE_PATHS.map((path) => ({ method: RequestMethod.GET, path: path.slice(1) })),
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
