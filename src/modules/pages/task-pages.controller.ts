import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import etag from 'etag';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { reads, rolesOf, worksFor } from '../../common/acting-user';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { AccessRequest } from '../access/access.guard';
import { AuditService } from '../audit/audit.service';
import { parseVietnameseDate, SUBMISSION_FIELDS } from '../deliverables/domain/submission-content';
import { UploadRejectedError } from '../deliverables/domain/upload-error';
import { SubmissionsQueries } from '../deliverables/submissions.queries';
import { SubmissionsService } from '../deliverables/submissions.service';
import { MultipartError, receiveMultipart } from '../deliverables/upload/multipart-receiver';
import { WorkingCalendarProvider } from '../scheduling/working-calendar.provider';
import { ChaseService } from '../reminders/chase.service';
import { ReportsService } from '../reports/reports.service';
import { InstancesQueries } from '../tasks/instances.queries';
import { TasksService } from '../tasks/tasks.service';
import { type TaskContext, visibleTask } from '../tasks/task-access';
import { formFields, pageBase, sendHtml } from './page-context';
import { PAGE_RENDERER, PageRenderer } from './page-renderer';
import { pageMessages as say } from './pages.messages';
import { PagesQueries } from './pages.queries';
import { readsDocuments, showDocuments } from './report-pages.controller';

const ASSETS = new Map([
  ['phuluc.css', 'text/css; charset=utf-8'],
  ['favicon.svg', 'image/svg+xml'],
]);

interface FormState {
  values?: Record<string, string>;
  errors?: Record<string, string>;
  formError?: string;
  hadFiles?: boolean;
  reviewError?: string;
  reviewValues?: Record<string, string>;
  /** A refused chase, waiver or reopening: shown at the top of the page. */
  actionError?: string;
}

type FormBody = Record<string, string | undefined>;

@ApiExcludeController()
@Controller()
export class TaskPagesController {
  constructor(
    @Inject(PAGE_RENDERER) private readonly pages: PageRenderer,
    private readonly queries: PagesQueries,
    private readonly instances: InstancesQueries,
    private readonly submissionsQueries: SubmissionsQueries,
    private readonly submissions: SubmissionsService,
    private readonly audit: AuditService,
    private readonly calendars: WorkingCalendarProvider,
    private readonly chaser: ChaseService,
    private readonly tasks: TasksService,
    private readonly reports: ReportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('tai-nguyen/:file')
  async asset(@Param('file') file: string, @Res() response: Response) {
    const type = ASSETS.get(file);
    if (!type) throw new DomainError('NOT_FOUND', say.assetNotFound(file));
    const body = await fs.readFile(path.join(this.pages.assetsDir, file));
    // Revalidated after an hour: an unchanged file answers 304 (Express compares If-None-Match).
    response.type(type).setHeader('Cache-Control', 'public, max-age=3600');
    response.setHeader('ETag', etag(body));
    response.send(body);
  }

  @Get()
  home(@Req() request: AccessRequest, @Res() response: Response) {
    const roles = rolesOf(request.actingUser!);
    response.redirect(303, roles.has('monitor') || roles.has('admin') || roles.has('viewer') ? '/tong-quan' : '/nhiem-vu-cua-toi');
  }

  @Get('nhiem-vu-cua-toi')
  async myTasks(@Req() request: AccessRequest, @Res() response: Response) {
    const user = request.actingUser!;
    const tasks = await this.queries.myTasks(user);
    const agencyNames = await this.queries.agencyNames(tasks.agencies);
    const empty = !tasks.late.length && !tasks.dueSoon.length && !tasks.returned.length && !tasks.submitted.length;
    sendHtml(response, this.pages.render('nhiem-vu-cua-toi', { ...pageBase(request, say.titles.myTasks, 'my-tasks'), tasks, agencies: tasks.agencies, agencyNames, empty }));
  }

  @Get('tong-quan')
  async overview(@Req() request: AccessRequest, @Res() response: Response) {
    const overview = await this.queries.overview(request.actingUser!);
    sendHtml(response, this.pages.render('tong-quan', { ...pageBase(request, say.titles.overview, 'overview'), overview, now: this.clock.now().toISOString() }));
  }

  @Get('cho-xem-xet')
  async reviewQueue(@Req() request: AccessRequest, @Res() response: Response) {
    sendHtml(response, this.pages.render('cho-xem-xet', { ...pageBase(request, say.titles.reviewQueue, 'review-queue'), items: await this.queries.reviewQueue() }));
  }

  @Get('tuan-thu')
  async compliance(
    @Req() request: AccessRequest,
    @Res() response: Response,
    @Query('nam') yearText?: string,
    @Query('muc') section?: string,
    @Query('nhom') group?: string,
    @Query('ky') period?: string,
  ) {
    const thisYear = Number(vietnamDate(this.clock.now()).slice(0, 4));
    const year = /^\d{4}$/u.test(yearText ?? '') ? Number(yearText) : thisYear;
    const matrix = await this.queries.complianceMatrix(request.actingUser!, { year, section: section || undefined, group: group || undefined, period: period || undefined });
    sendHtml(
      response,
      this.pages.render('tuan-thu', { ...pageBase(request, say.titles.compliance, 'compliance'), matrix, year, section: section ?? '', group: group ?? '', period: period ?? '', symbols: say.cellSymbols }),
    );
  }

  @Get('co-quan/:code')
  async agency(@Param('code') code: string, @Req() request: AccessRequest, @Res() response: Response, @Query('nam') yearText?: string) {
    // Someone outside the agency's reach is told it does not exist.
    if (!reads(request.actingUser!, code)) throw new DomainError('NOT_FOUND', say.agencyNotFound(code));
    const year = /^\d{4}$/u.test(yearText ?? '') ? Number(yearText) : Number(vietnamDate(this.clock.now()).slice(0, 4));
    const record = await this.queries.agencyRecord(code, year);
    if (!record) throw new DomainError('NOT_FOUND', say.agencyNotFound(code));
    sendHtml(response, this.pages.render('co-quan', { ...pageBase(request, record.agency.name), record, year }));
  }

  @Get('nhiem-vu-dot-xuat')
  async adHocPage(@Req() request: AccessRequest, @Res() response: Response) {
    await this.renderAdHoc(request, response, {});
  }

  @Post('nhiem-vu-dot-xuat')
  async createAdHoc(@Req() request: AccessRequest, @Res() response: Response, @Body(formFields({ lists: true })) body: Record<string, string | string[] | undefined>) {
    const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : (v ?? '')).trim();
    const values = { row: one(body.row), dueDate: one(body.dueDate), title: one(body.title), reason: one(body.reason) };
    const due = parseVietnameseDate(values.dueDate);
    if (!due) return this.renderAdHoc(request, response, { values, errors: { dueDate: say.dueDateInvalid(values.dueDate) } }, 400);
    const agencies = (Array.isArray(body.agencies) ? body.agencies : body.agencies ? [body.agencies] : []).filter((a) => a);
    const plan = (await this.queries.adHocRows())[0]?.plan;
    try {
      const ids = await this.tasks.createAdHoc(
        { plan: plan ?? '', row: values.row, dueDate: due, agencies: agencies.length ? agencies : undefined, title: values.title || undefined, reason: values.reason || undefined },
        request.actingUser!.id,
      );
      response.redirect(303, ids.length === 1 ? `/nhiem-vu/${ids[0]}?da=adHocCreated` : `/tong-quan`);
    } catch (error) {
      if (!(error instanceof DomainError) || !['VALIDATION_FAILED', 'TRANSITION_REFUSED', 'NOT_FOUND'].includes(error.code)) throw error;
      return this.renderAdHoc(request, response, { values, formError: error.message }, 400);
    }
  }

  private async renderAdHoc(request: AccessRequest, response: Response, extra: Record<string, unknown>, status = 200) {
    const rows = await this.queries.adHocRows();
    const agencyOptions = await this.queries.leadAgenciesOf(rows.map((r) => r.versionId));
    sendHtml(response, this.pages.render('nhiem-vu-dot-xuat', { ...pageBase(request, say.titles.adHoc, 'ad-hoc'), rows, agencyOptions, values: {}, errors: {}, ...extra }), status);
  }

  @Get('nhiem-vu/:id')
  async taskPage(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: AccessRequest, @Res() response: Response, @Query('da') done?: string) {
    await this.renderTask(request, response, id, { flash: done ? say.flash[done] : undefined });
  }

  @Post('nhiem-vu/:id/nop')
  async submit(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: AccessRequest, @Res() response: Response) {
    const user = request.actingUser!;
    let task: TaskContext | undefined;
    let fields = new Map<string, string>();
    let hadFiles = false;
    try {
      const prepared = await this.submissions.prepare(user, id);
      task = prepared.task;
      const metricFields = task.deliverable.metrics.map((m) => `so-lieu-${m.code}`);
      const received = await receiveMultipart(request, { ...prepared.upload, textFields: [...SUBMISSION_FIELDS.filter((f) => f !== 'figures'), ...metricFields] });
      fields = received.fields;
      hadFiles = received.files.length > 0;
      // The form has one box per figure; the service takes them as one JSON field.
      const figures = Object.fromEntries(task.deliverable.metrics.map((m) => [m.code, fields.get(`so-lieu-${m.code}`) ?? '']));
      const withFigures = new Map(fields);
      if (task.deliverable.metrics.length && (task.role === 'lead' || Object.values(figures).some((v) => v.trim() !== ''))) withFigures.set('figures', JSON.stringify(figures));
      await this.submissions.submit(user, task, { ...received, fields: withFigures });
    } catch (error) {
      response.setHeader('Connection', 'close');
      const state = this.formErrors(error, fields, hadFiles);
      if (!state) throw error;
      return this.renderTask(request, response, id, state.form, state.status);
    }
    response.redirect(303, `/nhiem-vu/${id}?da=submitted`);
  }

  @Post('nhiem-vu/:id/xem-xet')
  async review(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: AccessRequest, @Res() response: Response, @Body(formFields()) body: FormBody) {
    const decision = body.decision === 'return' ? 'return' : 'accept';
    const dueText = (body.dueDate ?? '').trim();
    const dueDate = dueText ? parseVietnameseDate(dueText) : undefined;
    const reviewValues = { comment: body.comment ?? '', dueDate: dueText };
    if (dueText && !dueDate) return this.renderTask(request, response, id, { reviewError: say.revisionDueInvalid(dueText), reviewValues }, 400);
    try {
      await this.submissions.review(request.actingUser!, id, {
        decision,
        comment: body.comment,
        dueDate,
        version: body.version ? Number(body.version) : undefined,
      });
    } catch (error) {
      if (error instanceof DomainError && ['VALIDATION_FAILED', 'TRANSITION_REFUSED'].includes(error.code)) {
        return this.renderTask(request, response, id, { reviewError: error.message, reviewValues }, error.code === 'TRANSITION_REFUSED' ? 409 : 400);
      }
      throw error;
    }
    response.redirect(303, `/nhiem-vu/${id}?da=${decision === 'accept' ? 'accepted' : 'returned'}`);
  }

  @Post('nhiem-vu/:id/mien')
  async waive(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: AccessRequest, @Res() response: Response, @Body(formFields()) body: FormBody) {
    await this.closeOrReopen(request, response, id, 'waive', body.reason ?? '');
  }

  @Post('nhiem-vu/:id/mo-lai')
  async reopen(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: AccessRequest, @Res() response: Response, @Body(formFields()) body: FormBody) {
    await this.closeOrReopen(request, response, id, 'reopen', body.reason ?? '');
  }

  @Post('nhiem-vu/:id/don-doc')
  async chase(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: AccessRequest, @Res() response: Response) {
    try {
      await this.chaser.chase(request.actingUser!, id);
    } catch (error) {
      if (error instanceof DomainError && ['VALIDATION_FAILED', 'TRANSITION_REFUSED'].includes(error.code)) {
        return this.renderTask(request, response, id, { actionError: error.message }, error.code === 'TRANSITION_REFUSED' ? 409 : 400);
      }
      throw error;
    }
    response.redirect(303, `/nhiem-vu/${id}?da=chased`);
  }

  private async closeOrReopen(request: AccessRequest, response: Response, id: string, type: 'waive' | 'reopen', reason: string) {
    try {
      if (!reason.trim()) throw new DomainError('VALIDATION_FAILED', say.reasonRequired);
      await this.submissions.close(request.actingUser!, id, type, reason);
    } catch (error) {
      if (error instanceof DomainError && ['VALIDATION_FAILED', 'TRANSITION_REFUSED'].includes(error.code)) {
        return this.renderTask(request, response, id, { actionError: error.message }, 400);
      }
      throw error;
    }
    response.redirect(303, `/nhiem-vu/${id}?da=${type === 'waive' ? 'waived' : 'reopened'}`);
  }

  /** A refused submission as the form shows it: the message beside its field, what was typed kept. */
  private formErrors(error: unknown, fields: Map<string, string>, hadFiles: boolean): { form: FormState; status: number } | undefined {
    const values = Object.fromEntries(fields);
    if (error instanceof UploadRejectedError || error instanceof MultipartError) {
      return { form: { values, errors: { files: error.message }, formError: error.message, hadFiles: true }, status: 400 };
    }
    if (!(error instanceof DomainError)) return undefined;
    const status = { VALIDATION_FAILED: 400, TRANSITION_REFUSED: 409, STORAGE_FAILED: 503 }[error.code as string];
    if (!status) return undefined;
    const errors: Record<string, string> = {};
    for (const e of (error.details as { errors?: { field: string; code?: string; message: string }[] } | undefined)?.errors ?? []) {
      const key = e.field === 'figures' && e.code ? `so-lieu-${e.code}` : e.field;
      errors[key] = errors[key] ? `${errors[key]} ${e.message}` : e.message;
    }
    return { form: { values, errors, formError: error.message, hadFiles }, status };
  }

  private async renderTask(request: AccessRequest, response: Response, id: string, form: FormState & { flash?: string }, status = 200) {
    const user = request.actingUser!;
    const task = (await this.instances.get(id, user)) as Record<string, unknown> & { state: string; role: string; agency: { code: string } };
    const context = await visibleTask(this.queries.db, user, id);
    const facts = await this.queries.rowFacts(id);
    const submissions = await this.submissionsQueries.list(user, id);
    const audit = await this.queries.auditFor(id);
    // The drafts phuluc made for this task (the city's report on VI.1), for those who read documents.
    const drafts = readsDocuments(user) ? await showDocuments(this.queries.db, await this.reports.documentsOf(id)) : [];
    const today = vietnamDate(this.clock.now());
    const calendar = await this.calendars.forYears(Number(today.slice(0, 4)), Number(today.slice(0, 4)) + 1);
    const pending = (submissions.submissions as { version: number; review: { status: string } }[]).find((s) => s.review.status === 'pending');
    const errors = form.errors ?? {};
    const values = form.values ?? {};
    const roles = rolesOf(user);
    sendHtml(
      response,
      this.pages.render('nhiem-vu', {
        ...pageBase(request, `${facts.rowKey} – ${facts.task}`),
        flash: form.flash,
        backLink: roles.has('focal-point') || roles.has('head') ? '/nhiem-vu-cua-toi' : '/tong-quan',
        backLabel: roles.has('focal-point') || roles.has('head') ? say.backToMyTasks : say.backToOverview,
        task,
        facts,
        provenanceLabel: say.provenance[facts.provenance] ?? facts.provenance,
        submissions,
        drafts,
        audit: audit.map((a) => ({ ...a, label: `${say.auditActions[a.action] ?? a.action}${a.version ? ` (lần ${a.version})` : ''}` })),
        canSubmit: worksFor(user, context.agencyCode) && (task.state === 'open' || task.state === 'returned'),
        canReview: task.state === 'submitted' && !!pending && (user.monitor || (context.role === 'support' && context.leadAgencies.some((a) => worksFor(user, a)))),
        canWaive: user.monitor && ['open', 'submitted', 'returned'].includes(task.state),
        canReopen: user.monitor && ['accepted', 'waived', 'cancelled'].includes(task.state),
        canChase: user.monitor && ['open', 'returned'].includes(task.state),
        pendingVersion: pending?.version,
        defaultRevisionDue: calendar.addWorkingDays(today, 5),
        maxUploadMB: Math.round((context.deliverable.maxUploadMB ?? this.config.maxUploadBytes / 1024 / 1024) * 10) / 10,
        metrics: context.deliverable.metrics.map((m) => ({ ...m, value: values[`so-lieu-${m.code}`] ?? '', error: errors[`so-lieu-${m.code}`] })),
        values,
        errors,
        formError: form.formError,
        hadFiles: form.hadFiles,
        reviewError: form.reviewError,
        actionError: form.actionError,
        reviewValues: form.reviewValues ?? {},
      }),
      status,
    );
  }

}
