import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { mailDomainOf, messageIdFor } from '../mail/mail-transport';
import { addDays, LocalDate } from '../scheduling/domain/local-date';
import { WorkingCalendarProvider } from '../scheduling/working-calendar.provider';
import { TaskStatus } from '../tasks/domain/task-lifecycle';
import { DueReminder, groupIntoDigests, localClock, planReminders, ResolvedReminder, withinWorkingHours } from './domain/reminder-planner';
import { Audience, ReminderPolicy, resolveReminderPolicy } from './domain/reminder-policy';
import { DigestItem, TaskFacts } from './mail-templates';

export interface PlanningResult {
  /** Reminder steps found due (one per instance at most: missed steps are caught up once). */
  due: number;
  /** Outbox items written (one per reminder and recipient). */
  planned: number;
  /** E-mails written to the outbox (digests carry several items). */
  messages: number;
  /** Due reminders with nobody to send them to (no focal point or head entered yet). */
  withoutRecipient: number;
  /** False when another process was planning at the same moment (it does the work). */
  ran: boolean;
}

interface InstanceRow {
  id: string;
  status: TaskStatus;
  role: 'lead' | 'support';
  due_date: string;
  agency_code: string;
  agency_name: string;
  plan_id: string;
  plan_code: string;
  plan_title: string;
  monitoring_agency: string;
  monitoring_agency_name: string;
  row_key: string;
  task: string;
  period_label: string;
  row_reminders: Record<string, unknown> | null;
}

interface PersonRow {
  agency_code: string;
  role: 'head' | 'focal-point';
  email: string;
  name: string | null;
}

/** Serialises planning across processes; the loser of a race skips its turn. */
const PLANNING_LOCK_KEY = 0x706c616e;

/**
 * Finds the reminder steps due now for open tasks, resolves who gets them, groups focal-point
 * reminders of one day into digests, and writes them to the outbox once: outbox_item has one
 * row per (instance, step, occurrence, ladder date, recipient), so a repeated tick adds nothing.
 */
@Injectable()
export class ReminderPlanningService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: WorkingCalendarProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async plan(now: Date): Promise<PlanningResult> {
    return this.db.transaction(async (tx) => {
      const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [PLANNING_LOCK_KEY]);
      const result: PlanningResult = { due: 0, planned: 0, messages: 0, withoutRecipient: 0, ran: locked };
      if (!locked) return result;
      const plans: { id: string; settings: unknown }[] = await tx.query(`SELECT id, settings FROM plan WHERE status = 'active'`);
      const { today, minute } = localClock(now);
      const year = Number(today.slice(0, 4));
      const calendar = await this.calendars.forYears(year - 2, year + 1);
      // Nights, weekends and holidays cost nothing: nothing is sent then.
      if (!calendar.isWorkingDay(today)) return result;
      for (const plan of plans) {
        const { policy } = resolveReminderPolicy(plan.settings);
        const add = await this.planPlan(tx, plan.id, plan.settings, policy, calendar, now, today, minute);
        result.due += add.due;
        result.planned += add.planned;
        result.messages += add.messages;
        result.withoutRecipient += add.withoutRecipient;
      }
      return result;
    });
  }

  private async planPlan(
    tx: EntityManager,
    planId: string,
    settings: unknown,
    policy: ReminderPolicy,
    calendar: Awaited<ReturnType<WorkingCalendarProvider['forYears']>>,
    now: Date,
    today: LocalDate,
    minute: number,
  ): Promise<Omit<PlanningResult, 'ran'>> {
    const out = { due: 0, planned: 0, messages: 0, withoutRecipient: 0 };
    // Rows may have their own ladders; plan-wide: nothing goes outside the plan's working hours.
    if (!withinWorkingHours(policy, minute)) return out;
    // Only tasks whose ladder can be running: due within the first step's reach ahead, and not
    // past the last repeat behind (working days, bounded generously in calendar days).
    // Rows with their own ladders widen the window as far as their steps reach.
    const overridesInPlan: { reminders: unknown }[] = await tx.query(
      `SELECT DISTINCT v.reminders FROM workflow_definition d
         JOIN workflow_definition_version v ON v.definition_id = d.id
        WHERE d.plan_id = $1 AND v.reminders IS NOT NULL`,
      [planId],
    );
    const ladders = [policy, ...overridesInPlan.map((o) => resolveReminderPolicy(settings, o.reminders).policy)];
    const reach = (p: ReminderPolicy) => {
      const offsets = p.steps.map((s) => s.offset);
      return {
        ahead: Math.max(0, -Math.min(0, ...offsets)),
        behind: Math.max(0, ...offsets) + (p.repeat ? p.repeat.every * p.repeat.max : 0),
      };
    };
    const ahead = Math.max(...ladders.map((p) => reach(p).ahead)) * 2 + 14;
    const behind = Math.max(...ladders.map((p) => reach(p).behind)) * 2 + 30;
    const instances: InstanceRow[] = await tx.query(
      `SELECT t.id, t.status, t.role, to_char(t.due_date, 'YYYY-MM-DD') AS due_date, t.agency_code, a.name AS agency_name,
              p.id AS plan_id, p.code AS plan_code, p.title AS plan_title, p.monitoring_agency_code AS monitoring_agency,
              m.name AS monitoring_agency_name, d.key AS row_key, v.task, t.period_label, v.reminders AS row_reminders
         FROM task_instance t
         JOIN plan p ON p.id = t.plan_id
         JOIN agency a ON a.code = t.agency_code
         JOIN agency m ON m.code = p.monitoring_agency_code
         JOIN workflow_definition d ON d.id = t.definition_id
         JOIN workflow_definition_version v ON v.id = t.version_id
        WHERE t.plan_id = $1 AND t.status IN ('open', 'returned') AND t.opens_on <= $2::date
          AND t.due_date BETWEEN $3::date AND $4::date`,
      [planId, today, addDays(today, -behind), addDays(today, ahead)],
    );
    if (!instances.length) return out;
    // A row's own ladder, resolved once per distinct override (errors were refused when loading).
    const overrides = new Map<string, ReminderPolicy>();
    const policyOf = new Map(
      instances.map((i) => {
        if (!i.row_reminders) return [i.id, policy];
        const key = JSON.stringify(i.row_reminders);
        if (!overrides.has(key)) overrides.set(key, resolveReminderPolicy(settings, i.row_reminders).policy);
        return [i.id, overrides.get(key)!];
      }),
    );
    const due = planReminders({
      instances: instances.map((i) => ({ id: i.id, status: i.status, role: i.role, dueDate: i.due_date })),
      policy: (id) => policyOf.get(id) ?? policy,
      calendar,
      now,
    });
    out.due = due.length;
    if (!due.length) return out;

    const byId = new Map(instances.map((i) => [i.id, i]));
    const agencies = [...new Set(instances.flatMap((i) => [i.agency_code, i.monitoring_agency]))];
    const people: PersonRow[] = await tx.query(
      `SELECT agency_code, role, email, name FROM person WHERE active AND agency_code = ANY($1::text[]) ORDER BY created_at`,
      [agencies],
    );
    const names = new Map(people.map((p) => [p.email.toLowerCase(), p.name]));
    const audience = (instance: InstanceRow, who: Audience): string[] => {
      switch (who) {
        case 'focal-points':
          return people.filter((p) => p.agency_code === instance.agency_code && p.role === 'focal-point').map((p) => p.email);
        case 'head':
          return people.filter((p) => p.agency_code === instance.agency_code && p.role === 'head').map((p) => p.email);
        case 'monitor':
          return people.filter((p) => p.agency_code === instance.monitoring_agency && p.role === 'focal-point').map((p) => p.email);
        default: {
          const _exhaustive: never = who;
          return _exhaustive;
        }
      }
    };

    const resolved: ResolvedReminder[] = [];
    for (const reminder of due) {
      const instance = byId.get(reminder.instanceId)!;
      const to = [...new Set(reminder.to.flatMap((a) => audience(instance, a)))];
      const cc = [...new Set(reminder.cc.flatMap((a) => audience(instance, a)))].filter((e) => !to.includes(e));
      if (!to.length) out.withoutRecipient++;
      for (const recipient of to) resolved.push({ reminder, recipient, cc });
    }
    // What is already in the outbox is left out (the planning lock makes this check safe).
    const existing: { key: string }[] = await tx.query(
      `SELECT i.instance_id || ':' || i.step || ':' || i.occurrence || ':' || to_char(i.ladder_due, 'YYYY-MM-DD') || ':' || lower(i.recipient) AS key
         FROM outbox_item i WHERE i.instance_id = ANY($1::uuid[])`,
      [[...new Set(due.map((d) => d.instanceId))]],
    );
    const seen = new Set(existing.map((e) => e.key));
    const fresh = resolved.filter((r) => !seen.has(`${r.reminder.idempotencyKey}:${r.recipient.toLowerCase()}`));

    for (const message of groupIntoDigests(fresh, policy.digest)) {
      const facts = (r: DueReminder): TaskFacts => {
        const i = byId.get(r.instanceId)!;
        return {
          planCode: i.plan_code,
          planTitle: i.plan_title,
          rowKey: i.row_key,
          task: i.task,
          periodLabel: i.period_label,
          agencyName: i.agency_name,
          role: i.role,
          dueDate: i.due_date,
          daysLate: Math.max(0, r.daysLate),
          link: `${this.config.publicUrl}/nhiem-vu/${i.id}`,
        };
      };
      const first = message.reminders[0];
      const instance = byId.get(first.instanceId)!;
      const common = { monitoringAgencyName: instance.monitoring_agency_name, recipientName: names.get(message.recipient.toLowerCase()) ?? null };
      const isDigest = message.reminders.length > 1;
      const template = isDigest ? 'digest' : first.template;
      const view = isDigest
        ? {
            ...common,
            asOf: first.plannedOn,
            items: message.reminders.map(
              (r): DigestItem => ({ ...facts(r), state: r.daysLate < 0 ? 'upcoming' : r.daysLate === 0 ? 'due-today' : 'late', daysLeft: Math.max(0, -r.daysLate) }),
            ),
          }
        : { ...common, ...facts(first), ...(first.template === 'upcoming' ? { daysLeft: -first.daysLate } : {}) };
      const key = isDigest
        ? `digest:${message.recipient.toLowerCase()}:${first.plannedOn}:${createHash('sha256').update(message.reminders.map((r) => r.idempotencyKey).sort().join('|')).digest('hex').slice(0, 16)}`
        : `${first.idempotencyKey}:${message.recipient.toLowerCase()}`;
      const [saved]: { id: string }[] = await tx.query(
        `INSERT INTO outbox_message (idempotency_key, template, to_email, to_name, cc, view, message_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [key, template, message.recipient, common.recipientName, JSON.stringify(message.cc.map((email) => ({ email, name: names.get(email.toLowerCase()) ?? null }))), JSON.stringify(view), messageIdFor(key, this.mailDomain())],
      );
      if (!saved) continue;
      const items: unknown[] = await tx.query(
        `INSERT INTO outbox_item (message_id, instance_id, step, occurrence, ladder_due, recipient, send_on)
         SELECT $1, x.instance_id, x.step, x.occurrence, x.ladder_due, $2, x.send_on
           FROM jsonb_to_recordset($3::jsonb) AS x(instance_id uuid, step text, occurrence int, ladder_due date, send_on date)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [
          saved.id,
          message.recipient.toLowerCase(),
          JSON.stringify(message.reminders.map((r) => ({ instance_id: r.instanceId, step: r.stepCode, occurrence: r.occurrence, ladder_due: byId.get(r.instanceId)!.due_date, send_on: r.sendOn }))),
        ],
      );
      out.planned += items.length;
      out.messages++;
    }
    return out;
  }

  private mailDomain(): string {
    return mailDomainOf(this.config.mailFrom, this.config.publicUrl);
  }
}
