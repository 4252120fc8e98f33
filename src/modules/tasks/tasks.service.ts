import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { formatVietnamese, LocalDate } from '../scheduling/domain/local-date';
import { endOfDayInstant } from '../scheduling/domain/periods';
import { applyTaskEvent, TaskEffect, TaskEvent, TaskState, TaskStatus } from './domain/task-lifecycle';
import { ParsedTiming } from '../scheduling/domain/timing-parser';
import { WorkingCalendarProvider } from '../scheduling/working-calendar.provider';
import { taskMessages as say } from './tasks.messages';
import { AuditService } from '../audit/audit.service';

interface InstanceRow {
  id: string;
  status: TaskStatus;
  due_date: string;
  due_at: Date;
  original_due_date: string | null;
  submission_count: number;
  first_submitted_at: Date | null;
  submitted_at: Date | null;
  accepted_at: Date | null;
  returned_at: Date | null;
  closed_at: Date | null;
  closed_reason: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : undefined);

function toState(row: InstanceRow): TaskState {
  return {
    status: row.status,
    dueDate: row.due_date,
    dueAt: row.due_at.toISOString(),
    originalDueDate: row.original_due_date ?? undefined,
    submissionCount: row.submission_count,
    firstSubmittedAt: iso(row.first_submitted_at),
    submittedAt: iso(row.submitted_at),
    acceptedAt: iso(row.accepted_at),
    returnedAt: iso(row.returned_at),
    closedAt: iso(row.closed_at),
    closedReason: row.closed_reason ?? undefined,
  };
}

export interface AdHocRequest {
  plan: string;
  row: string;
  dueDate: LocalDate;
  /** Default: every lead agency of the row. */
  agencies?: string[];
  title?: string;
  reason?: string;
}

/** Changes task instances: lifecycle events and ad-hoc ("đột xuất") instances, each in one transaction. */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: WorkingCalendarProvider,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Applies one lifecycle event and stores the transition with actor, time and reason. */
  async applyEvent(id: string, event: TaskEvent): Promise<{ state: TaskState; effects: TaskEffect[] }> {
    return this.db.transaction((tx) => this.applyEventIn(tx, id, event));
  }

  /**
   * The same inside the caller's transaction (a submission stores its files and figures with the
   * transition). Locks the instance row until that transaction ends, so concurrent events on one
   * instance are applied one after the other and the loser sees the winner's state.
   */
  async applyEventIn(tx: EntityManager, id: string, event: TaskEvent): Promise<{ state: TaskState; previous: TaskState; effects: TaskEffect[] }> {
    {
      const [row]: InstanceRow[] = await tx.query(
        `SELECT id, status, to_char(due_date, 'YYYY-MM-DD') AS due_date, due_at, to_char(original_due_date, 'YYYY-MM-DD') AS original_due_date,
                submission_count, first_submitted_at, submitted_at, accepted_at, returned_at, closed_at, closed_reason
           FROM task_instance WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row) throw new DomainError('INSTANCE_NOT_FOUND', say.instanceNotFound(id));
      const result = applyTaskEvent(toState(row), event);
      if (!result.ok) throw new DomainError('TRANSITION_REFUSED', result.error.message, { code: result.error.code });
      const next = result.next;
      await tx.query(
        `UPDATE task_instance SET status = $2, due_date = $3, due_at = $4, original_due_date = $5, submission_count = $6,
                first_submitted_at = $7, submitted_at = $8, accepted_at = $9, returned_at = $10, closed_at = $11,
                closed_reason = $12, status_changed_at = $13, updated_at = now()
          WHERE id = $1`,
        [
          id,
          next.status,
          next.dueDate,
          next.dueAt,
          next.originalDueDate ?? null,
          next.submissionCount,
          next.firstSubmittedAt ?? null,
          next.submittedAt ?? null,
          next.acceptedAt ?? null,
          next.returnedAt ?? null,
          next.closedAt ?? null,
          next.closedReason ?? null,
          event.at,
        ],
      );
      const { type, actor, at, ...details } = event;
      const reason = 'reason' in event ? event.reason : 'comment' in event ? event.comment : 'note' in event ? event.note : undefined;
      await tx.query(
        `INSERT INTO task_transition (instance_id, event, from_status, to_status, actor, reason, details, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, type, result.transition.from, result.transition.to, `${actor.role}:${actor.id}`, reason ?? null, JSON.stringify(details), at],
      );
      return { state: next, previous: toState(row), effects: result.effects };
    }
  }

  /** Creates "đột xuất" instances on a row whose timing allows them, for its lead agencies. */
  async createAdHoc(request: AdHocRequest, actor: string): Promise<string[]> {
    const today = vietnamDate(this.clock.now());
    const [row]: { plan_id: string; definition_id: string; version_id: string; timing_text: string; schedule: ParsedTiming | null }[] =
      await this.db.query(
        `SELECT p.id AS plan_id, d.id AS definition_id, v.id AS version_id, v.timing_text, v.schedule
           FROM plan p JOIN workflow_definition d ON d.plan_id = p.id AND d.key = $2 AND d.retired_at IS NULL
           JOIN workflow_definition_version v ON v.definition_id = d.id AND v.version = d.current_version
          WHERE p.code = $1`,
        [request.plan, request.row],
      );
    if (!row) throw new DomainError('NOT_FOUND', say.rowNotFound(request.plan, request.row));
    if (!row.schedule || !(row.schedule.adHoc || row.schedule.kind === 'ad-hoc')) {
      throw new DomainError('TRANSITION_REFUSED', say.rowNotAdHoc(request.row, row.timing_text));
    }
    const due = request.dueDate;
    if (due < today) throw new DomainError('VALIDATION_FAILED', say.dueInPast(formatVietnamese(due), formatVietnamese(today)));
    const year = Number(due.slice(0, 4));
    const calendar = await this.calendars.forYears(year, year);
    if (!calendar.isWorkingDay(due)) throw new DomainError('VALIDATION_FAILED', say.dueNotWorkingDay(formatVietnamese(due)));

    const leads: { agency_code: string; via_group: string | null }[] = await this.db.query(
      `SELECT DISTINCT ON (COALESCE(p.agency_code, m.agency_code)) COALESCE(p.agency_code, m.agency_code) AS agency_code, p.group_code AS via_group
         FROM workflow_party p LEFT JOIN agency_group_member m ON m.group_code = p.group_code
        WHERE p.version_id = $1 AND p.role = 'lead' AND COALESCE(p.agency_code, m.agency_code) IS NOT NULL`,
      [row.version_id],
    );
    const chosen = request.agencies?.length ? request.agencies : leads.map((l) => l.agency_code);
    for (const code of chosen) {
      if (!leads.some((l) => l.agency_code === code)) throw new DomainError('VALIDATION_FAILED', say.agencyNotResponsible(code, request.row));
    }
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [row.definition_id]);
      const [{ n }] = await tx.query(
        `SELECT count(DISTINCT period_key)::int AS n FROM task_instance WHERE definition_id = $1 AND period_key LIKE $2`,
        [row.definition_id, `DX-${due}%`],
      );
      const key = n === 0 ? `DX-${due}` : `DX-${due}-${n + 1}`;
      const ids: { id: string }[] = await tx.query(
        `INSERT INTO task_instance (plan_id, definition_id, version_id, period_key, period_kind, period_label, window_start,
                                    window_end, agency_code, role, via_group, nominal_due_date, due_date, due_at, opens_on,
                                    ad_hoc, title)
         SELECT $1, $2, $3, $4, 'ad-hoc', $5, $6, $7, x.agency_code, 'lead', x.via_group, $7, $7, $8, $6, true, $9
           FROM jsonb_to_recordset($10::jsonb) AS x(agency_code text, via_group text)
         RETURNING id`,
        [
          row.plan_id,
          row.definition_id,
          row.version_id,
          key,
          say.adHocLabel(formatVietnamese(due)),
          today,
          due,
          endOfDayInstant(due),
          request.title ?? null,
          JSON.stringify(leads.filter((l) => chosen.includes(l.agency_code))),
        ],
      );
      await tx.query(
        `INSERT INTO task_transition (instance_id, event, from_status, to_status, actor, reason, details)
         SELECT id, 'create-ad-hoc', NULL, 'open', $2, $3, $4 FROM unnest($1::uuid[]) AS id`,
        [ids.map((r) => r.id), actor, request.reason ?? null, JSON.stringify({ dueDate: due, title: request.title ?? null })],
      );
      const created: { id: string; agency_code: string }[] = await tx.query(`SELECT id, agency_code FROM task_instance WHERE id = ANY($1::uuid[])`, [ids.map((r) => r.id)]);
      await this.audit.record(
        tx,
        created.map((c) => ({
          actor,
          action: 'task.create-ad-hoc' as const,
          at: this.clock.now(),
          planId: row.plan_id,
          instanceId: c.id,
          agencyCode: c.agency_code,
          subjectType: 'instance' as const,
          subjectId: c.id,
          after: { status: 'open', row: request.row, periodKey: key, dueDate: due, title: request.title ?? null },
          details: request.reason ? { reason: request.reason } : {},
        })),
      );
      return ids.map((r) => r.id);
    });
  }
}
