import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { ComplianceService } from '../compliance/compliance.service';
import type { PlanReportDefinition } from '../definitions/domain/definition-set';
import type { FileStorage } from '../deliverables/storage/file-storage';
import { FILE_STORAGE } from '../deliverables/submissions.service';
import { WorkingCalendarProvider } from '../scheduling/working-calendar.provider';
import { AnnualReportBuilder } from './annual-report.builder';
import { renderAnnualReportDocx } from './render/annual-report.docx';
import { renderAnnualReportXlsx } from './render/annual-report.xlsx';
import { renderReminderLetterDocx } from './render/reminder-letter.docx';
import type { ReportHtml } from './render/report-html';
import type { AnnualReportModel, ReminderLetterModel } from './report.model';
import { reportText as say } from './reports.messages';

export const REPORT_HTML = Symbol('REPORT_HTML');
export const REPORT_FORMATS = ['docx', 'html', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export type ReportKind = 'annual' | 'final';

const CONTENT_TYPES: Record<ReportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface RenderedDocument {
  body: Buffer;
  fileName: string;
  contentType: string;
}

export interface GeneratedDocument {
  id: string;
  kind: string;
  year: number;
  format: string;
  fileName: string;
  size: number;
  instanceId: string | null;
  agencyCode: string | null;
  generatedBy: string;
  generatedAt: string;
  download: string;
}

const DOCUMENT_JSON = `json_build_object('id', g.id, 'kind', g.kind, 'year', g.year, 'format', g.format, 'fileName', g.file_name, 'size', g.size,
  'instanceId', g.instance_id, 'agencyCode', g.agency_code, 'generatedBy', g.generated_by, 'generatedAt', g.generated_at,
  'download', '/api/documents/' || g.id)`;

export function reportFormat(value: string | undefined): ReportFormat {
  const format = REPORT_FORMATS.find((f) => f === (value ?? 'docx'));
  if (!format) throw new DomainError('VALIDATION_FAILED', say.badFormat(String(value)));
  return format;
}

/**
 * The documents phuluc drafts for Sở Nội vụ: the city's annual report on the plan (and the final
 * one) as DOCX, HTML or XLSX annex, and the reminder letter (công văn đôn đốc) to a late agency.
 * A draft that is kept goes to file storage and is attached to the task it serves (the report
 * row's instance of that year), where the signed version is later submitted.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly builder: AnnualReportBuilder,
    private readonly compliance: ComplianceService,
    private readonly calendars: WorkingCalendarProvider,
    private readonly audit: AuditService,
    @Inject(REPORT_HTML) private readonly html: ReportHtml,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get htmlStyleHash(): string {
    return this.html.styleHash;
  }

  async annualModel(request: { plan?: string; year: number; kind?: ReportKind }): Promise<AnnualReportModel> {
    return this.builder.build(request);
  }

  async renderAnnual(model: AnnualReportModel, format: ReportFormat): Promise<RenderedDocument> {
    const body =
      format === 'docx' ? await renderAnnualReportDocx(model) : format === 'xlsx' ? await renderAnnualReportXlsx(model) : Buffer.from(this.html.annualReport(model), 'utf8');
    const kind = model.kind === 'final' ? 'final-report' : 'annual-report';
    return { body, fileName: say.documentNames[kind](model.year, format), contentType: CONTENT_TYPES[format] };
  }

  /**
   * Drafts the report, keeps it in file storage and attaches it to the report row's task of the
   * year (VI.1 for the annual report, VI.2 for the final one: the plan's settings.reports).
   */
  async draftAnnual(request: { plan?: string; year: number; kind?: ReportKind; format?: ReportFormat }, actor: string): Promise<{ document: GeneratedDocument; rendered: RenderedDocument; model: AnnualReportModel }> {
    const model = await this.builder.build(request);
    const rendered = await this.renderAnnual(model, request.format ?? 'docx');
    const kind = model.kind === 'final' ? 'final-report' : 'annual-report';
    const [target]: { plan_id: string; instance_id: string | null }[] = await this.db.query(
      `SELECT p.id AS plan_id,
              (SELECT t.id FROM workflow_definition d JOIN task_instance t ON t.definition_id = d.id
                WHERE d.plan_id = p.id AND d.key = p.settings->'reports'->>$2 AND t.agency_code = p.monitoring_agency_code AND t.role = 'lead'
                ORDER BY abs(extract(year FROM t.due_date) - $3), t.due_date LIMIT 1) AS instance_id
         FROM plan p WHERE p.code = $1`,
      [model.plan.code, model.kind === 'final' ? 'finalRow' : 'annualRow', model.kind === 'final' ? model.years.to + 1 : model.year],
    );
    const document = await this.keep(rendered, { planId: target.plan_id, instanceId: target.instance_id, agencyCode: null, kind, year: model.year, format: request.format ?? 'docx' }, actor);
    return { document, rendered, model };
  }

  /** The công văn đôn đốc to one agency: its tasks overdue and not done as of now, ready to sign. */
  async reminderLetter(request: { plan?: string; agency: string; year?: number }, actor: string): Promise<{ document: GeneratedDocument; rendered: RenderedDocument; model: ReminderLetterModel }> {
    const now = this.clock.now();
    const today = vietnamDate(now);
    const [agency]: { code: string; name: string; head_name: string | null }[] = await this.db.query(
      `SELECT a.code, a.name, (SELECT p.name FROM person p WHERE p.agency_code = a.code AND p.role = 'head' AND p.active ORDER BY p.created_at LIMIT 1) AS head_name
         FROM agency a WHERE a.code = $1`,
      [request.agency],
    );
    if (!agency) throw new DomainError('NOT_FOUND', say.noAgency(request.agency));
    const [plan]: { id: string; code: string; title: string; document_number: string | null; issued_on: string | null; issuer: string; report: Partial<PlanReportDefinition>; monitor: string; monitor_name: string; monitor_email: string | null }[] =
      await this.db.query(
        `SELECT p.id, p.code, p.title, p.document_number, to_char(p.issued_on, 'YYYY-MM-DD') AS issued_on, p.issuer, p.report, p.monitoring_agency_code AS monitor, m.name AS monitor_name,
                (SELECT x.email FROM person x WHERE x.agency_code = m.code AND x.role = 'focal-point' AND x.active ORDER BY x.created_at LIMIT 1) AS monitor_email
           FROM plan p JOIN agency m ON m.code = p.monitoring_agency_code WHERE ($1::text IS NULL OR p.code = $1) ORDER BY p.created_at LIMIT 1`,
        [request.plan ?? null],
      );
    if (!plan) throw new DomainError('NOT_FOUND', request.plan ? say.noSuchPlan(request.plan) : say.noPlan);
    const year = request.year ?? Number(today.slice(0, 4));
    const figures = await this.compliance.figures({ plan: plan.code, year, asOf: now, scope: [agency.code] });
    const overdue = figures.late.filter((l) => l.agencyCode === agency.code);
    if (!overdue.length) throw new DomainError('NOTHING_TO_DO', say.nothingOverdue(agency.name));
    const calendar = await this.calendars.forYears(Number(today.slice(0, 4)), Number(today.slice(0, 4)) + 1);
    const model: ReminderLetterModel = {
      heading: { parentBody: say.issuingBody(plan.issuer), issuingBody: say.issuingBody(plan.monitor_name), numberSymbol: plan.report.letterNumberSymbol ?? say.letterNumberSymbol(plan.monitor), place: say.placeOf(plan.issuer), date: null },
      subject: say.letterSubject(plan.title),
      addressees: [agency.name],
      agency: { code: agency.code, name: agency.name, headName: agency.head_name },
      plan: { code: plan.code, title: plan.title, documentNumber: plan.document_number, issuedOn: plan.issued_on },
      asOf: today,
      overdue: overdue.map((l) => ({ rowKey: l.rowKey, task: l.task, deliverable: l.deliverable ?? '', periodLabel: l.periodLabel, dueDate: l.dueDate, workingDaysLate: l.workingDaysLate })),
      replyBy: calendar.addWorkingDays(today, 5),
      contact: { unit: plan.monitor_name, email: plan.monitor_email },
      recipients: plan.report.letterRecipients ?? say.letterRecipients,
      signature: { capacity: say.letterSignature(plan.report.letterSigner ?? null), name: null },
    };
    const rendered: RenderedDocument = {
      body: await renderReminderLetterDocx(model),
      fileName: say.documentNames['reminder-letter'](agency.code, 'docx'),
      contentType: CONTENT_TYPES.docx,
    };
    const document = await this.keep(rendered, { planId: plan.id, instanceId: null, agencyCode: agency.code, kind: 'reminder-letter', year, format: 'docx' }, actor);
    return { document, rendered, model };
  }

  /** The drafts kept for a task, newest first. */
  async documentsOf(instanceId: string): Promise<GeneratedDocument[]> {
    const rows: { d: GeneratedDocument }[] = await this.db.query(
      `SELECT ${DOCUMENT_JSON} AS d FROM generated_document g WHERE g.instance_id = $1 ORDER BY g.generated_at DESC`,
      [instanceId],
    );
    return rows.map((r) => r.d);
  }

  async documents(filter: { kind?: string; year?: number; agency?: string }): Promise<GeneratedDocument[]> {
    const rows: { d: GeneratedDocument }[] = await this.db.query(
      `SELECT ${DOCUMENT_JSON} AS d FROM generated_document g
        WHERE ($1::text IS NULL OR g.kind = $1) AND ($2::int IS NULL OR g.year = $2) AND ($3::text IS NULL OR g.agency_code = $3)
        ORDER BY g.generated_at DESC LIMIT 200`,
      [filter.kind ?? null, filter.year ?? null, filter.agency ?? null],
    );
    return rows.map((r) => r.d);
  }

  async open(id: string): Promise<{ fileName: string; contentType: string; size: number; content: Readable }> {
    const [row]: { file_name: string; format: ReportFormat; size: string; storage_key: string }[] = await this.db.query(
      `SELECT file_name, format, size, storage_key FROM generated_document WHERE id = $1`,
      [id],
    );
    if (!row) throw new DomainError('NOT_FOUND', say.noDocument);
    return { fileName: row.file_name, contentType: CONTENT_TYPES[row.format], size: Number(row.size), content: await this.storage.open(row.storage_key) };
  }

  private async keep(
    rendered: RenderedDocument,
    where: { planId: string; instanceId: string | null; agencyCode: string | null; kind: string; year: number; format: string },
    actor: string,
  ): Promise<GeneratedDocument> {
    const stored = await this.storage.put(Readable.from([rendered.body]), { maxBytes: rendered.body.length + 1 });
    try {
      return await this.db.transaction(async (tx) => {
        const [row]: { d: GeneratedDocument }[] = await tx.query(
          `INSERT INTO generated_document AS g (plan_id, instance_id, agency_code, kind, year, format, file_name, storage_driver, storage_key, size, sha256, generated_by, generated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'storage', $8, $9, $10, $11, $12)
           RETURNING ${DOCUMENT_JSON} AS d`,
          [where.planId, where.instanceId, where.agencyCode, where.kind, where.year, where.format, rendered.fileName, stored.key, stored.size, stored.sha256, actor, this.clock.now()],
        );
        await this.audit.record(tx, {
          actor,
          action: 'report.draft',
          at: this.clock.now(),
          planId: where.planId,
          instanceId: where.instanceId,
          agencyCode: where.agencyCode,
          subjectType: 'document',
          subjectId: row.d.id,
          after: { kind: where.kind, year: where.year, format: where.format, fileName: rendered.fileName, sha256: stored.sha256 },
        });
        return row.d;
      });
    } catch (error) {
      await this.storage.delete(stored.key);
      throw error;
    }
  }
}
