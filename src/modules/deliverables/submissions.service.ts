import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type ActingUser, worksFor } from '../../common/acting-user';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { TaskNotificationsService } from '../reminders/task-notifications.service';
import { formatVietnamese, isAfter, isBefore, type LocalDate } from '../scheduling/domain/local-date';
import { WorkingCalendarProvider } from '../scheduling/working-calendar.provider';
import { taskStatusLabels } from '../tasks/domain/task-lifecycle.messages';
import { TasksService } from '../tasks/tasks.service';
import { deliverableMessages as say } from './deliverables.messages';
import { DEFAULT_ALLOWED_KINDS, type FileKind } from './domain/file-kinds';
import { parseFigures, figureTypeOf, type FigureValue } from './domain/figures';
import { checkSubmissionContent, SUBMISSION_FIELDS, type DeliverableSpec } from './domain/submission-content';
import type { VirusScanner } from './scanning/virus-scanner';
import type { FileStorage } from './storage/file-storage';
import { assertCanSubmit, assertMonitor, reviewerRole, type TaskContext, visibleTask } from '../tasks/task-access';
import type { ReceivedUpload, ReceiveOptions } from './upload/multipart-receiver';

export const FILE_STORAGE = Symbol('FILE_STORAGE');
export const VIRUS_SCANNER = Symbol('VIRUS_SCANNER');

/** Days a returned task gets to be revised when the reviewer names no date. */
export const DEFAULT_REVISION_WORKING_DAYS = 5;
const MAX_FILES_PER_SUBMISSION = 20;

export interface ReviewInput {
  decision: 'accept' | 'return';
  comment?: string;
  /** The revision's due date (return only); default: +5 working days. */
  dueDate?: LocalDate;
  /** The submission version the reviewer looked at; a newer one pending → 409. */
  version?: number;
}

function specOf(task: TaskContext): DeliverableSpec {
  return { kind: task.deliverable.kind, name: task.deliverable.name, metrics: task.deliverable.metrics };
}

/** Submissions, reviews, waivers and reopenings: each one transaction with its audit entry and mails. */
@Injectable()
export class SubmissionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    private readonly notifications: TaskNotificationsService,
    private readonly calendars: WorkingCalendarProvider,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Optional() @Inject(VIRUS_SCANNER) private readonly scanner: VirusScanner | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Checked before the body is read: the task is visible, the user submits for its agency, it takes a submission. */
  async prepare(user: ActingUser, id: string): Promise<{ task: TaskContext; upload: ReceiveOptions }> {
    const task = await visibleTask(this.db, user, id);
    assertCanSubmit(user, task);
    if (task.status !== 'open' && task.status !== 'returned') {
      throw new DomainError('TRANSITION_REFUSED', say.notOpenForSubmission(taskStatusLabels[task.status]));
    }
    const maxUploadMB = task.deliverable.maxUploadMB;
    return {
      task,
      upload: {
        storage: this.storage,
        maxBytes: maxUploadMB ? maxUploadMB * 1024 * 1024 : this.config.maxUploadBytes,
        allowed: (task.deliverable.fileTypes as FileKind[] | undefined) ?? DEFAULT_ALLOWED_KINDS,
        scanner: this.scanner ?? undefined,
        fileField: 'files',
        textFields: SUBMISSION_FIELDS,
        maxFiles: MAX_FILES_PER_SUBMISSION,
        maxFieldBytes: 64 * 1024,
      },
    };
  }

  /** Records what was received as the next version; the stored files are deleted if anything fails. */
  async submit(user: ActingUser, task: TaskContext, upload: ReceivedUpload): Promise<string> {
    try {
      const now = this.clock.now();
      const checked = checkSubmissionContent({ deliverable: specOf(task), role: task.role, fields: upload.fields, fileCount: upload.files.length, today: vietnamDate(now) });
      if (!checked.ok) throw new DomainError('VALIDATION_FAILED', checked.errors.map((e) => e.message).join(' '), { errors: checked.errors });
      const content = checked.content;
      const at = now.toISOString();
      return await this.db.transaction(async (tx) => {
        const { previous, state } = await this.tasks.applyEventIn(tx, task.id, {
          type: 'submit',
          actor: { id: user.id, role: 'focal-point' },
          at,
          ...(content.note ? { note: content.note } : {}),
        });
        const [{ version }]: { version: number }[] = await tx.query(
          `SELECT COALESCE(max(version), 0) + 1 AS version FROM submission WHERE instance_id = $1`,
          [task.id],
        );
        const afterDue = now.getTime() > Date.parse(previous.dueAt);
        const afterCutoff = task.cutoffTo !== null && isAfter(vietnamDate(now), task.cutoffTo);
        const [submission]: { id: string }[] = await tx.query(
          `INSERT INTO submission (instance_id, version, period_key, submitted_by, submitted_at, due_at, cutoff_to, after_due, after_cutoff, note, link, document)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
          [task.id, version, task.periodKey, user.id, at, previous.dueAt, task.cutoffTo, afterDue, afterCutoff, content.note, content.link, content.document ? JSON.stringify(content.document) : null],
        );
        if (upload.files.length) {
          await tx.query(
            `INSERT INTO submission_file (submission_id, position, storage_driver, storage_key, size, sha256, kind, mime, original_name, declared_type, scan, uploaded_at)
             SELECT $1, x.position, $2, x.key, x.size, x.sha256, x.kind, x.mime, x.name, x.declared_type, x.scan, $3
               FROM jsonb_to_recordset($4::jsonb) AS x(position int, key text, size bigint, sha256 text, kind text, mime text, name text, declared_type text, scan text)`,
            [
              submission.id,
              this.config.storage.driver,
              at,
              JSON.stringify(
                upload.files.map((f, i) => ({ position: i + 1, key: f.stored.key, size: f.stored.size, sha256: f.stored.sha256, kind: f.kind, mime: f.mime, name: f.originalName, declared_type: f.declaredType, scan: f.scan })),
              ),
            ],
          );
        }
        await this.insertFigures(tx, submission.id, task, content.figures);
        await this.audit.record(tx, {
          actor: user.id,
          action: 'submission.create',
          at,
          planId: task.planId,
          instanceId: task.id,
          agencyCode: task.agencyCode,
          subjectType: 'submission',
          subjectId: submission.id,
          before: { status: previous.status },
          after: {
            status: state.status,
            version,
            afterDue,
            afterCutoff,
            note: content.note,
            link: content.link,
            document: content.document,
            files: upload.files.map((f) => ({ name: f.originalName, size: f.stored.size, sha256: f.stored.sha256, kind: f.kind })),
            figures: Object.fromEntries(content.figures.map((f) => [f.code, f.value])),
          },
        });
        await this.notifications.enqueue(tx, 'submission-received', task.id, submission.id, { submittedAt: at, submitterName: user.name });
        return submission.id;
      });
    } catch (error) {
      await Promise.allSettled(upload.files.map((f) => this.storage.delete(f.stored.key)));
      throw error;
    }
  }

  async review(user: ActingUser, id: string, input: ReviewInput): Promise<void> {
    const task = await visibleTask(this.db, user, id);
    const role = reviewerRole(user, task);
    const comment = input.comment?.trim() || undefined;
    if (input.decision === 'return' && !comment) throw new DomainError('VALIDATION_FAILED', say.returnCommentRequired);
    const now = this.clock.now();
    const at = now.toISOString();
    const today = vietnamDate(now);
    let revisionDue: LocalDate | undefined;
    if (input.decision === 'return') revisionDue = await this.revisionDueDate(today, input.dueDate, task.dueDate);

    await this.db.transaction(async (tx) => {
      await tx.query(`SELECT 1 FROM task_instance WHERE id = $1 FOR UPDATE`, [id]);
      const [pending]: { id: string; version: number }[] = await tx.query(
        `SELECT id, version FROM submission WHERE instance_id = $1 AND review_status = 'pending' ORDER BY version DESC LIMIT 1`,
        [id],
      );
      if (!pending) throw new DomainError('TRANSITION_REFUSED', say.nothingToReview);
      if (input.version !== undefined && input.version !== pending.version) {
        throw new DomainError('TRANSITION_REFUSED', say.staleVersion(input.version, pending.version));
      }
      const actor = { id: user.id, role };
      const result =
        input.decision === 'accept'
          ? await this.tasks.applyEventIn(tx, id, { type: 'accept', actor, at, ...(comment ? { comment } : {}) })
          : await this.tasks.applyEventIn(tx, id, { type: 'return', actor, at, reason: comment!, dueDate: revisionDue });
      await tx.query(
        `UPDATE submission SET review_status = $2, reviewed_by = $3, reviewed_at = $4, review_comment = $5, revision_due_date = $6 WHERE id = $1`,
        [pending.id, input.decision === 'accept' ? 'accepted' : 'returned', user.id, at, comment ?? null, input.decision === 'return' ? result.state.dueDate : null],
      );
      await this.audit.record(tx, {
        actor: user.id,
        action: input.decision === 'accept' ? 'submission.accept' : 'submission.return',
        at,
        planId: task.planId,
        instanceId: id,
        agencyCode: task.agencyCode,
        subjectType: 'submission',
        subjectId: pending.id,
        before: { status: result.previous.status, dueDate: result.previous.dueDate, review: 'pending' },
        after: { status: result.state.status, dueDate: result.state.dueDate, review: input.decision === 'accept' ? 'accepted' : 'returned', comment: comment ?? null },
        details: { version: pending.version, reviewerRole: role },
      });
      if (input.decision === 'accept') {
        await this.notifications.enqueue(tx, 'submission-accepted', id, pending.id, { acceptedAt: at, reviewerComment: comment ?? null });
      } else {
        await this.notifications.enqueue(tx, 'returned', id, pending.id, { reviewerComment: comment!, newDueDate: result.state.dueDate });
      }
    });
  }

  /** Waive (miễn) or reopen a task: the monitor's, with a reason. */
  async close(user: ActingUser, id: string, type: 'waive' | 'reopen', reason: string): Promise<void> {
    const task = await visibleTask(this.db, user, id);
    assertMonitor(user);
    const at = this.clock.now().toISOString();
    await this.db.transaction(async (tx) => {
      const result = await this.tasks.applyEventIn(tx, id, { type, actor: { id: user.id, role: 'monitor' }, at, reason });
      await this.audit.record(tx, {
        actor: user.id,
        action: type === 'waive' ? 'task.waive' : 'task.reopen',
        at,
        planId: task.planId,
        instanceId: id,
        agencyCode: task.agencyCode,
        subjectType: 'instance',
        subjectId: id,
        before: { status: result.previous.status },
        after: { status: result.state.status },
        details: { reason: reason.trim() },
      });
    });
  }

  /**
   * Corrects the figures of a submission: the agency's focal point while it waits for review,
   * the monitor at any time. Every metric of the row is given again.
   */
  async updateFigures(user: ActingUser, submissionId: string, input: unknown): Promise<string> {
    const [owner]: { instance_id: string }[] = await this.db.query(`SELECT instance_id FROM submission WHERE id = $1`, [submissionId]);
    if (!owner) throw new DomainError('NOT_FOUND', say.submissionNotFound(submissionId));
    const task = await visibleTask(this.db, user, owner.instance_id).catch(() => {
      throw new DomainError('NOT_FOUND', say.submissionNotFound(submissionId));
    });
    const parsed = parseFigures(task.deliverable.metrics, input);
    if (!parsed.ok) throw new DomainError('VALIDATION_FAILED', parsed.errors.map((e) => e.message).join(' '), { errors: parsed.errors.map((e) => ({ field: 'figures', ...e })) });
    const at = this.clock.now().toISOString();
    await this.db.transaction(async (tx) => {
      const [submission]: { review_status: string; version: number }[] = await tx.query(
        `SELECT review_status, version FROM submission WHERE id = $1 FOR UPDATE`,
        [submissionId],
      );
      if (!(user.monitor || (worksFor(user, task.agencyCode) && submission.review_status === 'pending'))) {
        throw new DomainError('FORBIDDEN', say.figuresLocked);
      }
      const before: { metric_code: string; value: string }[] = await tx.query(
        `SELECT metric_code, value::text AS value FROM submission_figure WHERE submission_id = $1 ORDER BY metric_code`,
        [submissionId],
      );
      await tx.query(`DELETE FROM submission_figure WHERE submission_id = $1`, [submissionId]);
      await this.insertFigures(tx, submissionId, task, parsed.values, at);
      await this.audit.record(tx, {
        actor: user.id,
        action: 'figures.update',
        at,
        planId: task.planId,
        instanceId: task.id,
        agencyCode: task.agencyCode,
        subjectType: 'submission',
        subjectId: submissionId,
        before: { figures: Object.fromEntries(before.map((f) => [f.metric_code, Number(f.value)])) },
        after: { figures: Object.fromEntries(parsed.values.map((f) => [f.code, f.value])) },
        details: { version: submission.version },
      });
    });
    return task.id;
  }

  private async insertFigures(tx: EntityManager, submissionId: string, task: TaskContext, values: FigureValue[], at?: string): Promise<void> {
    if (!values.length) return;
    const metrics = new Map(task.deliverable.metrics.map((m) => [m.code, m]));
    await tx.query(
      `INSERT INTO submission_figure (submission_id, metric_code, metric_name, unit, type, value, updated_at)
       SELECT $1, x.code, x.name, x.unit, x.type, x.value, COALESCE($3::timestamptz, now())
         FROM jsonb_to_recordset($2::jsonb) AS x(code text, name text, unit text, type text, value numeric)`,
      [
        submissionId,
        JSON.stringify(
          values.map((v) => {
            const metric = metrics.get(v.code)!;
            return { code: v.code, name: metric.name, unit: metric.unit, type: figureTypeOf(metric), value: v.value };
          }),
        ),
        at ?? null,
      ],
    );
  }

  /** The revision's due date: the one given (a working day, not past, not before the current due date) or today + 5 working days. */
  private async revisionDueDate(today: LocalDate, given: LocalDate | undefined, currentDue: LocalDate): Promise<LocalDate> {
    const year = Number(today.slice(0, 4));
    if (given !== undefined) {
      const calendar = await this.calendars.forYears(Number(given.slice(0, 4)), Number(given.slice(0, 4)));
      if (isBefore(given, today)) throw new DomainError('VALIDATION_FAILED', say.revisionDueInPast(formatVietnamese(given)));
      if (!calendar.isWorkingDay(given)) throw new DomainError('VALIDATION_FAILED', say.revisionDueNotWorkingDay(formatVietnamese(given)));
      if (isBefore(given, currentDue)) {
        throw new DomainError('VALIDATION_FAILED', say.revisionDueBeforeCurrent(formatVietnamese(given), formatVietnamese(currentDue)));
      }
      return given;
    }
    const calendar = await this.calendars.forYears(year, year + 1);
    return calendar.addWorkingDays(today, DEFAULT_REVISION_WORKING_DAYS);
  }
}

