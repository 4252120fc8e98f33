import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ActingUser } from '../../common/acting-user';
import { DomainError } from '../../common/domain-error';
import { deliverableMessages as say } from './deliverables.messages';
import { canView, loadTaskContext, visibleTask } from '../tasks/task-access';

/** One submission as JSON: its files (with their download path), figures, document and review. */
const SUBMISSION_JSON = `
  jsonb_build_object(
    'id', s.id, 'version', s.version, 'periodKey', s.period_key, 'submittedBy', s.submitted_by, 'submittedAt', s.submitted_at,
    'dueAt', s.due_at, 'afterDue', s.after_due, 'afterCutoff', s.after_cutoff, 'cutoffTo', s.cutoff_to,
    'note', s.note, 'link', s.link, 'document', s.document,
    'review', jsonb_build_object('status', s.review_status, 'by', s.reviewed_by, 'at', s.reviewed_at,
                                 'comment', s.review_comment, 'revisionDueDate', s.revision_due_date),
    'files', COALESCE((SELECT jsonb_agg(jsonb_build_object('id', f.id, 'name', f.original_name, 'size', f.size, 'sha256', f.sha256,
                                                          'kind', f.kind, 'mime', f.mime, 'scan', f.scan, 'url', '/api/files/' || f.id)
                                        ORDER BY f.position) FROM submission_file f WHERE f.submission_id = s.id), '[]'::jsonb),
    'figures', COALESCE((SELECT jsonb_agg(jsonb_build_object('code', g.metric_code, 'name', g.metric_name, 'unit', g.unit,
                                                            'type', g.type, 'value', g.value) ORDER BY g.metric_code)
                          FROM submission_figure g WHERE g.submission_id = s.id), '[]'::jsonb))`;

export interface StoredFileRow {
  id: string;
  storage_key: string;
  size: string;
  sha256: string;
  mime: string;
  original_name: string;
  instance_id: string;
}

@Injectable()
export class SubmissionsQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every version of an instance, newest first; on a lead's task also its supporting agencies' contributions. */
  async list(user: ActingUser, instanceId: string) {
    const task = await visibleTask(this.db, user, instanceId);
    const submissions: { item: unknown }[] = await this.db.query(
      `SELECT ${SUBMISSION_JSON} AS item FROM submission s WHERE s.instance_id = $1 ORDER BY s.version DESC`,
      [instanceId],
    );
    let contributions: unknown[] = [];
    if (task.role === 'lead') {
      const rows: { item: unknown }[] = await this.db.query(
        `SELECT jsonb_build_object('instanceId', t.id, 'agency', jsonb_build_object('code', a.code, 'name', a.name), 'status', t.status,
                                   'dueDate', to_char(t.due_date, 'YYYY-MM-DD'),
                                   'submissions', COALESCE((SELECT jsonb_agg(${SUBMISSION_JSON} ORDER BY s.version DESC)
                                                              FROM submission s WHERE s.instance_id = t.id), '[]'::jsonb)) AS item
           FROM task_instance t JOIN agency a ON a.code = t.agency_code
          WHERE t.definition_id = $1 AND t.period_key = $2 AND t.role = 'support'
          ORDER BY a.code`,
        [task.definitionId, task.periodKey],
      );
      contributions = rows.map((r) => r.item);
    }
    return {
      instanceId,
      status: task.status,
      deliverable: task.deliverable,
      submissions: submissions.map((r) => r.item),
      ...(task.role === 'lead' ? { contributions } : {}),
    };
  }

  /** A stored file, if the user may see the task it belongs to. */
  async file(user: ActingUser, fileId: string): Promise<StoredFileRow> {
    const [row]: StoredFileRow[] = await this.db.query(
      `SELECT f.id, f.storage_key, f.size::text AS size, f.sha256, f.mime, f.original_name, s.instance_id
         FROM submission_file f JOIN submission s ON s.id = f.submission_id WHERE f.id = $1`,
      [fileId],
    );
    const task = row ? await loadTaskContext(this.db, row.instance_id) : undefined;
    // canView: a lead's focal point also opens the files of its supporting agencies' contributions.
    if (!row || !task || !canView(user, task)) throw new DomainError('NOT_FOUND', say.fileNotFound(fileId));
    return row;
  }

  /** One submission (after it was stored, or changed). */
  async one(submissionId: string) {
    const [row]: { item: unknown }[] = await this.db.query(`SELECT ${SUBMISSION_JSON} AS item FROM submission s WHERE s.id = $1`, [submissionId]);
    if (!row) throw new DomainError('NOT_FOUND', say.submissionNotFound(submissionId));
    return row.item;
  }
}
