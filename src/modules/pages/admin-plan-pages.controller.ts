import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { returnedRows } from '../../database/sql';
import type { AccessRequest } from '../access/access.guard';
import { AuditService } from '../audit/audit.service';
import { GenerationService } from '../scheduling/generation.service';
import { PlansQueries } from '../definitions/plans.queries';
import { resolveReminderPolicy } from '../reminders/domain/reminder-policy';
import { isLeapYear } from '../scheduling/domain/local-date';
import { WorkingCalendarProvider } from '../scheduling/working-calendar.provider';
import { pageBase, sendHtml } from './page-context';
import { PAGE_RENDERER, PageRenderer } from './page-renderer';
import { pageMessages as say } from './pages.messages';

/** The admin's read views: the plan's rows as phuluc understood them, the working calendar, the directory. */
@ApiExcludeController()
@Controller('quan-tri')
export class AdminPlanPagesController {
  constructor(
    @Inject(PAGE_RENDERER) private readonly pages: PageRenderer,
    private readonly plans: PlansQueries,
    private readonly calendars: WorkingCalendarProvider,
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly generation: GenerationService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('ke-hoach')
  async plan(@Req() request: AccessRequest, @Res() response: Response, @Query('ma') code?: string, @Query('da') done?: string) {
    const all: { code: string; title: string; status: string; settings: Record<string, unknown> }[] = await this.db.query(
      `SELECT code, title, status, settings FROM plan ORDER BY created_at`,
    );
    const first = all.find((p) => p.code === code) ?? all[0];
    const plan = first ? await this.plans.getPlan(first.code) : undefined;
    const rows = first ? await this.plans.listWorkflows(first.code) : [];
    const ladder = first ? resolveReminderPolicy(first.settings?.reminders).policy : undefined;
    const audience = (list: string[]) => list.map((a) => say.audienceLabels[a] ?? a).join(', ');
    sendHtml(
      response,
      this.pages.render('quan-tri-ke-hoach', {
        ...pageBase(request, say.titles.plan, 'plan'),
        flash: done ? say.flash[done] : undefined,
        plans: all.map((p) => ({ code: p.code, title: p.title, statusText: say.planStatusLabels[p.status] ?? p.status, current: p.code === first?.code })),
        isDraft: first?.status === 'draft',
        plan,
        rows: (rows as { lead: { parties: { membership?: string; memberCount?: number | null }[] }; support: { parties: { membership?: string; memberCount?: number | null }[] } | null }[]).map((r) => ({
          ...r,
          emptyGroups: [...r.lead.parties, ...(r.support?.parties ?? [])].filter((p) => p.memberCount === 0 && p.membership !== 'per_row'),
        })),
        ladder: ladder && {
          steps: ladder.steps.map((s) => ({ ...s, when: say.offsetLabel(s.offset), toLabel: audience(s.to), ccLabel: audience(s.cc) })),
          repeat: ladder.repeat && { ...ladder.repeat, toLabel: audience(ladder.repeat.to) },
          workingHours: ladder.workingHours,
          digest: ladder.digest,
        },
      }),
    );
  }

  @Post('ke-hoach/:code/ban-hanh')
  async publish(@Param('code') code: string, @Req() request: AccessRequest, @Res() response: Response) {
    const user = request.actingUser!;
    await this.db.transaction(async (tx) => {
      const rows = returnedRows<{ id: string }>(
        await tx.query(`UPDATE plan SET status = 'active', updated_at = now() WHERE code = $1 AND status = 'draft' RETURNING id`, [code]),
      );
      if (!rows.length) throw new DomainError('TRANSITION_REFUSED', say.notADraft(code));
      await this.audit.record(tx, {
        actor: user.id,
        action: 'plan.publish',
        at: this.clock.now(),
        planId: rows[0].id,
        subjectType: 'plan',
        subjectId: code,
        before: { status: 'draft' },
        after: { status: 'active' },
      });
    });
    // Its tasks open from today, as for a plan loaded active.
    await this.generation.generate({ until: vietnamDate(this.clock.now()), plan: code });
    response.redirect(303, `/quan-tri/ke-hoach?ma=${encodeURIComponent(code)}&da=published`);
  }

  @Get('lich')
  async calendar(@Req() request: AccessRequest, @Res() response: Response, @Query('nam') yearText?: string) {
    const year = /^\d{4}$/u.test(yearText ?? '') ? Number(yearText) : Number(vietnamDate(this.clock.now()).slice(0, 4));
    const calendar = await this.calendars.forYears(year, year);
    const nonWorking = calendar.nonWorkingDays(year);
    sendHtml(
      response,
      this.pages.render('quan-tri-lich', {
        ...pageBase(request, say.titles.calendar, 'calendar'),
        year,
        previous: year - 1,
        next: year + 1,
        workingDays: (isLeapYear(year) ? 366 : 365) - nonWorking.length,
        daysOff: nonWorking.filter((d) => d.kind !== 'weekend'),
        makeUp: calendar.makeUpWorkingDays(year),
      }),
    );
  }

  @Get('co-quan')
  async directory(@Req() request: AccessRequest, @Res() response: Response) {
    const groups = await this.db.query(
      `SELECT g.code, g.name, g.membership, (SELECT count(*)::int FROM agency_group_member m WHERE m.group_code = g.code) AS members
         FROM agency_group g ORDER BY g.name`,
    );
    const agencies = await this.db.query(
      `SELECT a.code, a.name, a.level, a.confirmation,
              COALESCE((SELECT jsonb_agg(jsonb_build_object('role', p.role, 'name', p.name, 'email', p.email) ORDER BY p.role, p.email)
                          FROM person p WHERE p.agency_code = a.code AND p.active), '[]'::jsonb) AS people
         FROM agency a ORDER BY a.level, a.name`,
    );
    sendHtml(response, this.pages.render('quan-tri-co-quan', { ...pageBase(request, say.titles.directory, 'directory'), groups, agencies }));
  }
}
