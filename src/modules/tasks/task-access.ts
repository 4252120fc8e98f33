/**
 * The facts about one task instance that deliverables need (its row's deliverable, its agency,
 * the lead agencies of its period), and who may do what with it. A user who may not see a task
 * is told it does not exist (404); one who sees it but may not act gets 403.
 */
import { DataSource, EntityManager } from 'typeorm';
import { type ActingUser, reads, worksFor } from '../../common/acting-user';
import { DomainError } from '../../common/domain-error';
import type { Deliverable } from '../definitions/domain/definition-set';
import type { ActorRole, TaskStatus } from './domain/task-lifecycle';
import { taskMessages as say } from './tasks.messages';

export interface TaskContext {
  id: string;
  status: TaskStatus;
  role: 'lead' | 'support';
  agencyCode: string;
  agencyName: string;
  planId: string;
  definitionId: string;
  rowKey: string;
  periodKey: string;
  dueDate: string;
  dueAt: Date;
  cutoffTo: string | null;
  deliverable: Deliverable;
  /** Lead agencies of the same row and period: they review a supporting agency's contribution. */
  leadAgencies: string[];
}

/** Who may see a task: its agency, and for a contribution the lead agencies of its row and period. */
export type TaskAudience = Pick<TaskContext, 'role' | 'agencyCode' | 'leadAgencies'>;

/** The lead agencies of the row and period of the task aliased `t`, as an SQL expression. */
export const LEAD_AGENCIES_SQL = `ARRAY(SELECT l.agency_code FROM task_instance l
   WHERE l.definition_id = t.definition_id AND l.period_key = t.period_key AND l.role = 'lead' ORDER BY l.agency_code)`;

export async function loadTaskContext(db: DataSource | EntityManager, id: string): Promise<TaskContext | undefined> {
  const [row]: TaskContext[] = await db.query(
    `SELECT t.id, t.status, t.role, t.agency_code AS "agencyCode", a.name AS "agencyName", t.plan_id AS "planId",
            t.definition_id AS "definitionId", d.key AS "rowKey", t.period_key AS "periodKey",
            to_char(t.due_date, 'YYYY-MM-DD') AS "dueDate", t.due_at AS "dueAt", to_char(t.cutoff_to, 'YYYY-MM-DD') AS "cutoffTo",
            v.deliverable,
            ${LEAD_AGENCIES_SQL} AS "leadAgencies"
       FROM task_instance t JOIN agency a ON a.code = t.agency_code
       JOIN workflow_definition d ON d.id = t.definition_id JOIN workflow_definition_version v ON v.id = t.version_id
      WHERE t.id = $1`,
    [id],
  );
  return row;
}

/** Focal points of a lead agency review its supporting agencies' contributions. */
function leadsFor(user: ActingUser, task: TaskAudience): boolean {
  return task.role === 'support' && task.leadAgencies.some((code) => worksFor(user, code));
}

export function canView(user: ActingUser, task: TaskAudience): boolean {
  return reads(user, task.agencyCode) || leadsFor(user, task);
}

/** The task as `user` may see it; 404 otherwise (its existence is not revealed). */
export async function visibleTask(db: DataSource | EntityManager, user: ActingUser, id: string): Promise<TaskContext> {
  const task = await loadTaskContext(db, id);
  if (!task || !canView(user, task)) throw new DomainError('INSTANCE_NOT_FOUND', say.instanceNotFound(id));
  return task;
}

export function assertCanSubmit(user: ActingUser, task: TaskContext): void {
  if (!worksFor(user, task.agencyCode)) throw new DomainError('FORBIDDEN', say.notYourAgency(task.agencyName));
}

/** The lifecycle role `user` reviews `task` with: the monitor anything, a lead a contribution. */
export function reviewerRole(user: ActingUser, task: TaskContext): ActorRole {
  if (user.monitor) return 'monitor';
  if (leadsFor(user, task)) return 'reviewer';
  throw new DomainError('FORBIDDEN', task.role === 'support' ? say.reviewLeadOnly : say.reviewMonitorOnly);
}

export function assertMonitor(user: ActingUser): void {
  if (!user.monitor) throw new DomainError('FORBIDDEN', say.monitorOnly);
}
