import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { CLI_USER, readScope, rolesOf, type ActingUser } from '../../common/acting-user';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { DomainError, HTTP_STATUS_BY_CODE } from '../../common/domain-error';
import type { AccessRequest } from '../access/access.guard';
import { ComplianceService, cutoffOf } from '../compliance/compliance.service';
import { sendDocument } from '../reports/reports.controller';
import { type GeneratedDocument, type RenderedDocument, ReportsService } from '../reports/reports.service';
import { formFields, pageBase, sendHtml } from './page-context';
import { PAGE_RENDERER, PageRenderer } from './page-renderer';
import { pageMessages as say } from './pages.messages';

type FormBody = Record<string, string | undefined>;

interface PlanFacts {
  code: string;
  title: string;
  horizon_start: string;
  horizon_end: string;
  annual_row: string | null;
  final_row: string | null;
}

/** A kept draft as the pages show it: what it is, for whom, who drafted it. */
export interface ShownDocument extends GeneratedDocument {
  kindLabel: string;
  agencyName: string | null;
  authorName: string;
}

/** May this user read the drafts phuluc keeps (the /api/documents routes)? */
export function readsDocuments(user: ActingUser): boolean {
  const roles = rolesOf(user);
  return roles.has('monitor') || roles.has('admin') || roles.has('viewer');
}

/** The kept drafts with the names of their authors and of the agencies the letters go to. */
export async function showDocuments(db: DataSource, documents: GeneratedDocument[]): Promise<ShownDocument[]> {
  if (!documents.length) return [];
  const authors: { actor: string; name: string }[] = await db.query(`SELECT 'user:' || id AS actor, name FROM user_account WHERE 'user:' || id = ANY($1::text[])`, [
    [...new Set(documents.map((d) => d.generatedBy))],
  ]);
  const agencies: { code: string; name: string }[] = await db.query(`SELECT code, name FROM agency WHERE code = ANY($1::text[])`, [
    [...new Set(documents.map((d) => d.agencyCode).filter((c): c is string => !!c))],
  ]);
  const author = new Map(authors.map((a) => [a.actor, a.name]));
  const agency = new Map(agencies.map((a) => [a.code, a.name]));
  return documents.map((d) => ({
    ...d,
    kindLabel: say.reports.kindLabels[d.kind] ?? d.kind,
    agencyName: d.agencyCode ? (agency.get(d.agencyCode) ?? d.agencyCode) : null,
    authorName: author.get(d.generatedBy) ?? (d.generatedBy === CLI_USER.id ? CLI_USER.name : d.generatedBy),
  }));
}

/**
 * Sở Nội vụ's reports page (Báo cáo): one click drafts the city's annual report (or the final
 * one) as Word, downloaded at once and kept on the report row's task; the HTML preview and the
 * XLSX annex; the drafts kept for the year; the agencies with overdue tasks, each with a button
 * that drafts the reminder letter (công văn đôn đốc) to its head. The viewer reads, never drafts.
 */
@ApiExcludeController()
@Controller('bao-cao')
export class ReportPagesController {
  constructor(
    @Inject(PAGE_RENDERER) private readonly pages: PageRenderer,
    private readonly reports: ReportsService,
    private readonly compliance: ComplianceService,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async page(@Req() request: AccessRequest, @Res() response: Response, @Query('nam') yearText?: string) {
    await this.render(request, response, yearText, {});
  }

  /** Drafts the annual report of the year (loai=tong-ket: the final report) and sends the DOCX. */
  @Post('nam')
  async draft(@Req() request: AccessRequest, @Res() response: Response, @Body(formFields()) body: FormBody) {
    const plan = await this.plan();
    if (!plan) throw new DomainError('NOT_FOUND', say.reports.noPlan);
    // A year outside the plan is refused by the report itself, with its reason.
    const year = /^\d{4}$/u.test((body.nam ?? '').trim()) ? Number(body.nam!.trim()) : this.yearOf(undefined, plan);
    let kept: { document: GeneratedDocument; rendered: RenderedDocument };
    try {
      kept = await this.reports.draftAnnual({ plan: plan.code, year, kind: body.loai === 'tong-ket' ? 'final' : 'annual' }, request.actingUser!.id);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      return this.render(request, response, String(year), { actionError: error.message }, 400);
    }
    this.sendKept(response, kept);
  }

  /** Drafts the reminder letter to one agency (its tasks of the year overdue now) and sends the DOCX. */
  @Post('cong-van')
  async letter(@Req() request: AccessRequest, @Res() response: Response, @Body(formFields()) body: FormBody) {
    const plan = await this.plan();
    if (!plan) throw new DomainError('NOT_FOUND', say.reports.noPlan);
    const year = this.yearOf(body.nam, plan);
    const agency = (body.agency ?? '').trim();
    if (!agency) return this.render(request, response, String(year), { actionError: say.reports.agencyMissing }, 400);
    let kept: { document: GeneratedDocument; rendered: RenderedDocument };
    try {
      kept = await this.reports.reminderLetter({ plan: plan.code, agency, year }, request.actingUser!.id);
    } catch (error) {
      // An unknown agency, or one with nothing overdue: said on the page.
      if (!(error instanceof DomainError) || !['NOT_FOUND', 'NOTHING_TO_DO', 'VALIDATION_FAILED'].includes(error.code)) throw error;
      return this.render(request, response, String(year), { actionError: error.message }, HTTP_STATUS_BY_CODE[error.code]);
    }
    this.sendKept(response, kept);
  }

  /** The annual report of a year, not kept: `2026.html` in the browser (its own CSP), `2026.xlsx` the annex. */
  @Get('nam/:year.:format')
  async file(@Param('year') yearText: string, @Param('format') format: string, @Res() response: Response) {
    if (!/^\d{4}$/u.test(yearText) || (format !== 'html' && format !== 'xlsx')) throw new DomainError('NOT_FOUND', say.reports.fileNotFound(`${yearText}.${format}`));
    const plan = await this.plan();
    if (!plan) throw new DomainError('NOT_FOUND', say.reports.noPlan);
    const model = await this.reports.annualModel({ plan: plan.code, year: Number(yearText) });
    sendDocument(response, await this.reports.renderAnnual(model, format), this.reports.htmlStyleHash, format === 'html');
  }

  /** A kept draft: 201 with where it is kept, the file itself as a download (the page stays). */
  private sendKept(response: Response, kept: { document: GeneratedDocument; rendered: RenderedDocument }): void {
    response.status(201);
    response.setHeader('Location', kept.document.download);
    sendDocument(response, kept.rendered, this.reports.htmlStyleHash);
  }

  private async render(request: AccessRequest, response: Response, yearText: string | undefined, extra: { actionError?: string }, status = 200) {
    const user = request.actingUser!;
    const base = pageBase(request, say.titles.reports, 'reports');
    const plan = await this.plan();
    if (!plan) return sendHtml(response, this.pages.render('bao-cao', { ...base, plan: undefined, year: this.thisYear(), ...extra }), status);
    const horizon = this.horizonOf(plan);
    const year = this.yearOf(yearText, plan);
    const now = this.clock.now();
    const [figures, documents] = await Promise.all([
      this.compliance.figures({ plan: plan.code, year, asOf: now, scope: readScope(user) }),
      this.reports.documents({ year }),
    ]);
    // Per agency, its overdue tasks (the agencies in the order of their names).
    const byAgency = new Map<string, { code: string; name: string; items: typeof figures.late }>();
    for (const item of figures.late) {
      const entry = byAgency.get(item.agencyCode) ?? byAgency.set(item.agencyCode, { code: item.agencyCode, name: item.agencyName, items: [] }).get(item.agencyCode)!;
      entry.items.push(item);
    }
    const roles = rolesOf(user);
    sendHtml(
      response,
      this.pages.render('bao-cao', {
        ...base,
        ...extra,
        plan: { code: plan.code, title: plan.title, annualRow: plan.annual_row, finalRow: plan.final_row },
        year,
        years: Array.from({ length: horizon.to - horizon.from + 1 }, (_v, i) => ({ year: horizon.from + i, selected: horizon.from + i === year })),
        horizon,
        cutoff: cutoffOf(year).date,
        asOf: now.toISOString(),
        canWrite: roles.has('monitor') || roles.has('admin'),
        documents: await showDocuments(this.db, documents),
        late: [...byAgency.values()].sort((a, b) => a.name.localeCompare(b.name, 'vi')),
        lateCount: figures.late.length,
      }),
      status,
    );
  }

  private async plan(): Promise<PlanFacts | undefined> {
    const [plan]: PlanFacts[] = await this.db.query(
      `SELECT code, title, to_char(horizon_start, 'YYYY-MM-DD') AS horizon_start, to_char(horizon_end, 'YYYY-MM-DD') AS horizon_end,
              settings->'reports'->>'annualRow' AS annual_row, settings->'reports'->>'finalRow' AS final_row
         FROM plan ORDER BY created_at LIMIT 1`,
    );
    return plan;
  }

  /** The years the plan reports on, as the report builder counts them (an end in the first half closes the previous year). */
  private horizonOf(plan: PlanFacts): { from: number; to: number } {
    const from = Number(plan.horizon_start.slice(0, 4));
    return { from, to: Math.max(from, Number(plan.horizon_end.slice(0, 4)) - (plan.horizon_end.slice(5) <= '06-30' ? 1 : 0)) };
  }

  /** The year asked for when the plan reports on it; otherwise this year (Hà Nội time), kept within the plan's years. */
  private yearOf(text: string | undefined, plan: PlanFacts): number {
    const horizon = this.horizonOf(plan);
    const asked = /^\d{4}$/u.test((text ?? '').trim()) ? Number(text!.trim()) : undefined;
    if (asked !== undefined && asked >= horizon.from && asked <= horizon.to) return asked;
    return Math.min(horizon.to, Math.max(horizon.from, this.thisYear()));
  }

  private thisYear(): number {
    return Number(vietnamDate(this.clock.now()).slice(0, 4));
  }
}
