import { Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../../common/domain-error';
import type { AccessRequest } from '../access/access.guard';
import { OutboxQueries } from '../reminders/outbox.queries';
import { pageBase, sendHtml } from './page-context';
import { PAGE_RENDERER, PageRenderer } from './page-renderer';
import { pageMessages as say } from './pages.messages';

const STATES = ['pending', 'sending', 'sent', 'dead', 'cancelled'] as const;

/** The admin's outbox page: every mail, its state and answer; a dead one requeued. */
@ApiExcludeController()
@Controller('quan-tri/hop-thu-di')
export class AdminOutboxPagesController {
  constructor(
    @Inject(PAGE_RENDERER) private readonly pages: PageRenderer,
    private readonly outbox: OutboxQueries,
  ) {}

  private async render(request: AccessRequest, response: Response, state: string | undefined, extra: Record<string, unknown> = {}, status = 200) {
    const chosen = STATES.find((s) => s === state);
    const result = await this.outbox.list({ state: chosen, limit: 200 });
    const all = await this.outbox.list({ limit: 1 });
    const items = (result.items as { template: string; state: string }[]).map((m) => ({
      ...m,
      templateLabel: say.mailTemplateLabels[m.template] ?? m.template,
      stateLabel: say.outboxStateLabels[m.state] ?? m.state,
    }));
    sendHtml(
      response,
      this.pages.render('quan-tri-hop-thu-di', {
        ...pageBase(request, say.titles.outbox, 'outbox'),
        items,
        total: all.total,
        state: chosen ?? '',
        stateLabel: chosen ? say.outboxStateLabels[chosen] : '',
        stateTabs: STATES.map((value) => ({ value, label: say.outboxStateLabels[value], count: result.counts[value] ?? 0, current: value === chosen })),
        ...extra,
      }),
      status,
    );
  }

  @Get()
  async list(@Req() request: AccessRequest, @Res() response: Response, @Query('trang-thai') state?: string) {
    await this.render(request, response, state);
  }

  @Post(':id/gui-lai')
  async requeue(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: AccessRequest, @Res() response: Response) {
    try {
      await this.outbox.requeue(id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'TRANSITION_REFUSED') return this.render(request, response, 'dead', { actionError: error.message }, 409);
      throw error;
    }
    response.redirect(303, '/quan-tri/hop-thu-di?trang-thai=pending');
  }
}
