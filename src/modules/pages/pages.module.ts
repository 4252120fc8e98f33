import { Global, Module } from '@nestjs/common';
import * as path from 'node:path';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditModule } from '../audit/audit.module';
import { ComplianceModule } from '../compliance/compliance.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { DeliverablesModule } from '../deliverables/deliverables.module';
import { RemindersModule } from '../reminders/reminders.module';
import { ReportsModule } from '../reports/reports.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { TasksModule } from '../tasks/tasks.module';
import { AdminOutboxPagesController } from './admin-outbox-pages.controller';
import { AdminImportPagesController } from './admin-import-pages.controller';
import { AdminPagesController } from './admin-pages.controller';
import { AdminPlanPagesController } from './admin-plan-pages.controller';
import { AuthPagesController } from './auth-pages.controller';
import { PAGE_RENDERER, PageRenderer } from './page-renderer';
import { PagesQueries } from './pages.queries';
import { ReportPagesController } from './report-pages.controller';
import { TaskPagesController } from './task-pages.controller';

@Global()
@Module({
  imports: [SchedulingModule, TasksModule, AuditModule, DeliverablesModule, RemindersModule, DefinitionsModule, ComplianceModule, ReportsModule],
  controllers: [AuthPagesController, TaskPagesController, AdminPagesController, AdminOutboxPagesController, AdminPlanPagesController, AdminImportPagesController, ReportPagesController],
  providers: [{ provide: PAGE_RENDERER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => PageRenderer.load(path.join(config.templatesDir, 'pages')) }, PagesQueries],
  exports: [PAGE_RENDERER, PagesQueries],
})
export class PagesModule {}
