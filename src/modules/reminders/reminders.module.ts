import { Module } from '@nestjs/common';
import * as path from 'node:path';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { FileTransport, MailTransport, SmtpTransport } from '../mail/mail-transport';
import { AuditModule } from '../audit/audit.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { ComplianceModule } from '../compliance/compliance.module';
import { MailTemplates } from './mail-templates';
import { OutboxController } from './outbox.controller';
import { OutboxQueries } from './outbox.queries';
import { MAIL_TEMPLATES, MAIL_TRANSPORT, OutboxService } from './outbox.service';
import { ReminderPlanningService } from './reminder-planning.service';
import { ChaseController } from './chase.controller';
import { ChaseService } from './chase.service';
import { TaskNotificationsService } from './task-notifications.service';
import { TickService } from './tick.service';

@Module({
  imports: [SchedulingModule, AuditModule, ComplianceModule],
  controllers: [OutboxController, ChaseController],
  providers: [
    {
      provide: MAIL_TRANSPORT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): MailTransport =>
        config.smtpUrl ? new SmtpTransport(config.smtpUrl) : new FileTransport(path.join(config.dataDir, 'mail')),
    },
    { provide: MAIL_TEMPLATES, inject: [APP_CONFIG], useFactory: (config: AppConfig) => MailTemplates.load(path.join(config.templatesDir, 'mail')) },
    OutboxService,
    ReminderPlanningService,
    TickService,
    TaskNotificationsService,
    ChaseService,
    OutboxQueries,
  ],
  exports: [TickService, OutboxService, ReminderPlanningService, TaskNotificationsService, ChaseService, OutboxQueries],
})
export class RemindersModule {}
