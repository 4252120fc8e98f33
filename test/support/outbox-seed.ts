import type { Client } from 'pg';
import { messageIdFor } from '../../src/modules/mail/mail-transport';
import type { DueTodayMail } from '../../src/modules/reminders/mail-templates';

export interface SeededMessage {
  key: string;
  to: string;
  messageId: string;
}

/**
 * Due-now "due today" reminders put straight into the outbox, as the planner would write them:
 * one message and one item each, on real task instances (reused with another occurrence when
 * there are fewer instances than messages). `fail550` picks the recipients the test's SMTP
 * server refuses for good.
 */
export async function seedDueMessages(
  db: Client,
  options: { count: number; tag: string; mailDomain: string; fail550?: (i: number) => boolean },
): Promise<SeededMessage[]> {
  const { rows: instances } = await db.query<{ id: string; due: string; agency: string; row_key: string; task: string; period: string; role: 'lead' | 'support' }>(
    `SELECT t.id, to_char(t.due_date, 'YYYY-MM-DD') AS due, a.name AS agency, d.key AS row_key, v.task, t.period_label AS period, t.role
       FROM task_instance t JOIN agency a ON a.code = t.agency_code
       JOIN workflow_definition d ON d.id = t.definition_id JOIN workflow_definition_version v ON v.id = t.version_id
      ORDER BY t.due_date, t.id LIMIT $1`,
    [options.count],
  );
  if (!instances.length) throw new Error('no task instance to hang reminders on: load and generate the plan first');
  const rows = Array.from({ length: options.count }, (_, i) => {
    const instance = instances[i % instances.length];
    const occurrence = Math.floor(i / instances.length);
    const to = options.fail550?.(i) ? `fail550-${options.tag}-${i}@${options.mailDomain}` : `cb-${options.tag}-${i}@${options.mailDomain}`;
    const key = `${instance.id}:due-today:${options.tag}:${occurrence}:${to}`;
    const view: DueTodayMail = {
      monitoringAgencyName: 'Sở Nội vụ',
      recipientName: null,
      planCode: 'HP-BHXH-2030',
      planTitle: 'Kế hoạch phát triển đối tượng tham gia bảo hiểm xã hội',
      rowKey: instance.row_key,
      task: instance.task,
      periodLabel: instance.period,
      agencyName: instance.agency,
      role: instance.role,
      dueDate: instance.due,
      daysLate: 0,
      link: `http://localhost:3000/nhiem-vu/${instance.id}`,
    };
    return { key, to, view, message_id: messageIdFor(key, options.mailDomain), instance_id: instance.id, occurrence, due: instance.due };
  });
  for (let from = 0; from < rows.length; from += 2500) {
    await db.query(
      `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(key text, "to" text, view jsonb, message_id text, instance_id uuid, occurrence int, due date)),
            m AS (INSERT INTO outbox_message (idempotency_key, template, to_email, view, message_id)
                  SELECT key, 'due-today', "to", view, message_id FROM x RETURNING id, idempotency_key)
       INSERT INTO outbox_item (message_id, instance_id, step, occurrence, ladder_due, recipient, send_on)
       SELECT m.id, x.instance_id, 'due-today', x.occurrence, x.due, x."to", x.due FROM m JOIN x ON x.key = m.idempotency_key`,
      [JSON.stringify(rows.slice(from, from + 2500))],
    );
  }
  return rows.map((r) => ({ key: r.key, to: r.to, messageId: r.message_id }));
}
