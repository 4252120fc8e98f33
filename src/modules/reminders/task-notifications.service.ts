import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { mailDomainOf, messageIdFor } from '../mail/mail-transport';
import type { MailViewModel, TaskFacts } from './mail-templates';

/** The mails a task's review sends to the responsible agency's focal points, and the monitor's chasers. */
export type TaskNotificationTemplate = 'submission-received' | 'submission-accepted' | 'returned' | 'upcoming' | 'due-today' | 'late';

/** What the template needs beyond the task's facts; `daysLate` may be given (a chaser of a late task). */
type Extra<T extends TaskNotificationTemplate> = Omit<MailViewModel[T], keyof TaskFacts | 'monitoringAgencyName' | 'recipientName'> & { daysLate?: number };

interface FactsRow {
  plan_code: string;
  plan_title: string;
  row_key: string;
  task: string;
  period_label: string;
  agency_code: string;
  agency_name: string;
  role: TaskFacts['role'];
  due_date: string;
  monitoring_agency_name: string;
}

/**
 * Puts notification mails in the outbox inside the caller's transaction (they go out only if the
 * change they announce commits), once per (event, recipient): the key names the submission.
 */
@Injectable()
export class TaskNotificationsService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async enqueue<T extends TaskNotificationTemplate>(
    tx: EntityManager,
    template: T,
    instanceId: string,
    eventKey: string,
    extra: Extra<T>,
  ): Promise<number> {
    const [facts]: FactsRow[] = await tx.query(
      `SELECT p.code AS plan_code, p.title AS plan_title, d.key AS row_key, v.task, t.period_label, t.agency_code, a.name AS agency_name,
              t.role, to_char(t.due_date, 'YYYY-MM-DD') AS due_date, m.name AS monitoring_agency_name
         FROM task_instance t JOIN plan p ON p.id = t.plan_id JOIN agency a ON a.code = t.agency_code
         JOIN agency m ON m.code = p.monitoring_agency_code
         JOIN workflow_definition d ON d.id = t.definition_id JOIN workflow_definition_version v ON v.id = t.version_id
        WHERE t.id = $1`,
      [instanceId],
    );
    if (!facts) return 0;
    const people: { email: string; name: string | null }[] = await tx.query(
      `SELECT DISTINCT ON (lower(email)) email, name FROM person WHERE active AND agency_code = $1 AND role = 'focal-point' ORDER BY lower(email), created_at`,
      [facts.agency_code],
    );
    let queued = 0;
    for (const person of people) {
      const view = {
        monitoringAgencyName: facts.monitoring_agency_name,
        recipientName: person.name,
        planCode: facts.plan_code,
        planTitle: facts.plan_title,
        rowKey: facts.row_key,
        task: facts.task,
        periodLabel: facts.period_label,
        agencyName: facts.agency_name,
        role: facts.role,
        dueDate: facts.due_date,
        daysLate: 0,
        link: `${this.config.publicUrl}/nhiem-vu/${instanceId}`,
        ...extra,
      };
      const key = `notify:${template}:${eventKey}:${person.email.toLowerCase()}`;
      const saved: unknown[] = await tx.query(
        `INSERT INTO outbox_message (idempotency_key, template, to_email, to_name, view, message_id)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING RETURNING 1`,
        [key, template, person.email, person.name, JSON.stringify(view), messageIdFor(key, this.mailDomain())],
      );
      queued += saved.length;
    }
    return queued;
  }

  private mailDomain(): string {
    return mailDomainOf(this.config.mailFrom, this.config.publicUrl);
  }
}
