import { Module } from '@nestjs/common';
import * as path from 'node:path';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditModule } from '../audit/audit.module';
import { ComplianceModule } from '../compliance/compliance.module';
import { DeliverablesModule } from '../deliverables/deliverables.module';
import { IndicatorsModule } from '../indicators/indicators.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { AnnualReportBuilder } from './annual-report.builder';
import { ReportHtml } from './render/report-html';
import { ReportsController } from './reports.controller';
import { REPORT_HTML, ReportsService } from './reports.service';

@Module({
  imports: [ComplianceModule, DeliverablesModule, SchedulingModule, AuditModule, IndicatorsModule],
  controllers: [ReportsController],
  providers: [
    AnnualReportBuilder,
    ReportsService,
    { provide: REPORT_HTML, inject: [APP_CONFIG], useFactory: (config: AppConfig) => ReportHtml.load(path.join(config.templatesDir, 'reports')) },
  ],
  exports: [ReportsService],
})
export class ReportsModule {}
