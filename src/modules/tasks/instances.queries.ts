import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Clock, CLOCK } from '../../common/clock';
import { type ActingUser } from '../../common/acting-user';
import { canView, LEAD_AGENCIES_SQL, type TaskAudience } from './task-access';
import { DomainError } from '../../common/domain-error';
import { taskMessages as say } from './tasks.messages';

export interface InstanceFilter {
  plan?: string;
  row?: string;
  agency?: string;
  period?: string;
  state?: string;
  classification?: string;
  dueFrom?: string;
  dueTo?: string;
  page: number;
  limit: number;
  /** The agencies the user reads; 'all' for the monitor, admin and viewer. */
  scope: readonly string[] | 'all';
}

const INSTANCE_JSON = `
  jsonb_build_object(
    'id', t.id,
    'plan', p.code,
    'row', jsonb_build_object('key', d.key, 'version', v.version, 'task', v.task),
    'period', jsonb_build_object('key', t.period_key, 'kind', t.period_kind, 'label', t.period_label,
                                 'start', t.window_start, 'end', t.window_end,
                                 'cutoff', CASE WHEN t.cutoff_from IS NULL THEN NULL
                                                ELSE jsonb_build_object('from', t.cutoff_from, 'to', t.cutoff_to) END),
    'agency', jsonb_build_object('code', a.code, 'name', a.name),
    'role', t.role,
    'viaGroup', t.via_group,
    'adHoc', t.ad_hoc,
    'isUpdate', t.is_update,
    'title', t.title,
    'state', t.status,
    'classification', task_classification(t.status, t.submitted_at, t.due_at, $1),
    'dueDate', t.due_date,
    'dueAt', t.due_at,
    'originalDueDate', t.original_due_date,
    'opensOn', t.opens_on,
    'submissionCount', t.submission_count,
    'firstSubmittedAt', t.first_submitted_at,
    'submittedAt', t.submitted_at,
    'acceptedAt', t.accepted_at,
    'createdAt', t.created_at)`;

const FROM = `
  FROM task_instance t
  JOIN plan p ON p.id = t.plan_id
  JOIN workflow_definition d ON d.id = t.definition_id
  JOIN workflow_definition_version v ON v.id = t.version_id
  JOIN agency a ON a.code = t.agency_code`;

/** Read side of task instances, with the classification as of the clock's now. */
@Injectable()
export class InstancesQueries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(filter: InstanceFilter) {
    const params = [
      this.clock.now(),
      filter.plan ?? null,
      filter.row ?? null,
      filter.agency ?? null,
      filter.period ?? null,
      filter.state ?? null,
      filter.classification ?? null,
      filter.dueFrom ?? null,
      filter.dueTo ?? null,
      filter.scope === 'all' ? null : [...filter.scope],
    ];
    const where = `
      WHERE ($2::text IS NULL OR p.code = $2) AND ($3::text IS NULL OR d.key = $3) AND ($4::text IS NULL OR t.agency_code = $4)
        AND ($5::text IS NULL OR t.period_key = $5) AND ($6::text IS NULL OR t.status = $6)
        AND ($7::text IS NULL OR task_classification(t.status, t.submitted_at, t.due_at, $1) = $7)
        AND ($8::date IS NULL OR t.due_date >= $8) AND ($9::date IS NULL OR t.due_date <= $9)
        AND ($10::text[] IS NULL OR t.agency_code = ANY($10))`;
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total ${FROM} ${where}`, params);
    const items: { item: unknown }[] = await this.db.query(
      `SELECT ${INSTANCE_JSON} AS item ${FROM} ${where}
        ORDER BY t.due_date, p.code, d.position, t.period_key, t.role, t.agency_code
        LIMIT $11 OFFSET $12`,
      [...params, filter.limit, (filter.page - 1) * filter.limit],
    );
    return { total, page: filter.page, limit: filter.limit, items: items.map((r) => r.item) };
  }

  /**
   * One instance, if `user` may see it (404 otherwise). Who may see it is read in the same
   * statement as the instance: one round trip to the database, not two.
   */
  async get(id: string, user: ActingUser) {
    const [row]: ({ item: Record<string, unknown> } & TaskAudience)[] = await this.db.query(
      `SELECT ${INSTANCE_JSON} ||
              jsonb_build_object('history', COALESCE((
                SELECT jsonb_agg(jsonb_build_object('at', h.at, 'event', h.event, 'from', h.from_status, 'to', h.to_status,
                                                    'actor', h.actor, 'reason', h.reason, 'details', h.details) ORDER BY h.at, h.id)
                  FROM task_transition h WHERE h.instance_id = t.id), '[]'::jsonb)) AS item,
              t.role, t.agency_code AS "agencyCode", ${LEAD_AGENCIES_SQL} AS "leadAgencies"
       ${FROM} WHERE t.id = $2`,
      [this.clock.now(), id],
    );
    if (!row || !canView(user, row)) throw new DomainError('INSTANCE_NOT_FOUND', say.instanceNotFound(id));
    return row.item;
  }
}
