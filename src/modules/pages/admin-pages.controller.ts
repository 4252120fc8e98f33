import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ACCOUNT_ROLES, type AccountRole } from '../../common/acting-user';
import { DomainError } from '../../common/domain-error';
import type { AccessRequest } from '../access/access.guard';
import { AccountsService, type AccountView } from '../access/accounts.service';
import { formFields, pageBase, sendHtml } from './page-context';
import { PAGE_RENDERER, PageRenderer } from './page-renderer';
import { pageMessages as say } from './pages.messages';

type FormBody = Record<string, string | string[] | undefined>;

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter((v) => v !== '');
const text = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : (value ?? '')).trim();

/** The admin's pages for accounts and roles (who may sign in, as what, for which agencies). */
@ApiExcludeController()
@Controller('quan-tri/tai-khoan')
export class AdminPagesController {
  constructor(
    @Inject(PAGE_RENDERER) private readonly pages: PageRenderer,
    private readonly accounts: AccountsService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  private async options(selected: { roles?: string[]; focalPointOf?: string[]; headOf?: string[] }) {
    const agencies: { code: string; name: string }[] = await this.db.query(`SELECT code, name FROM agency ORDER BY level, name`);
    return {
      roleOptions: ACCOUNT_ROLES.map((value) => ({ value, label: say.roleLabels[value], checked: selected.roles?.includes(value) })),
      agencyOptions: agencies.map((a) => ({ ...a, focal: selected.focalPointOf?.includes(a.code), head: selected.headOf?.includes(a.code) })),
    };
  }

  private async renderList(request: AccessRequest, response: Response, extra: Record<string, unknown>, status = 200) {
    const accounts = (await this.accounts.list()).map((a) => ({ ...a, roleLabels: a.roles.map((r) => say.roleLabels[r]) }));
    const values = (extra.values as Record<string, string[] | string> | undefined) ?? {};
    sendHtml(
      response,
      this.pages.render('quan-tri-tai-khoan', {
        ...pageBase(request, say.titles.accounts, 'accounts'),
        accounts,
        values,
        errors: {},
        ...(await this.options({ roles: list(values.roles), focalPointOf: list(values.focalPointOf), headOf: list(values.headOf) })),
        ...extra,
      }),
      status,
    );
  }

  @Get()
  async listPage(@Req() request: AccessRequest, @Res() response: Response) {
    await this.renderList(request, response, {});
  }

  @Post()
  async create(@Req() request: AccessRequest, @Res() response: Response, @Body(formFields({ lists: true })) body: FormBody) {
    try {
      const created = await this.accounts.upsert({
        email: text(body.email),
        name: text(body.name),
        roles: list(body.roles) as AccountRole[],
        focalPointOf: list(body.focalPointOf),
        headOf: list(body.headOf),
      });
      await this.renderList(request, response, { created }, created.created ? 201 : 200);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      const fields = (error.details as { errors?: { field: string; message: string }[] } | undefined)?.errors ?? [];
      await this.renderList(request, response, { values: body, errors: Object.fromEntries(fields.map((f) => [f.field, f.message])), formError: error.message }, 400);
    }
  }

  private async renderAccount(request: AccessRequest, response: Response, account: AccountView, extra: Record<string, unknown> = {}, status = 200) {
    sendHtml(
      response,
      this.pages.render('quan-tri-tai-khoan-sua', { ...pageBase(request, account.name, 'accounts'), account, ...(await this.options(account)), ...extra }),
      status,
    );
  }

  @Get(':id')
  async accountPage(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: AccessRequest, @Res() response: Response, @Query('da') done?: string) {
    await this.renderAccount(request, response, await this.accounts.get(id), { flash: done ? say.flash[done] : undefined });
  }

  @Post(':id/vai-tro')
  async setRoles(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: AccessRequest, @Res() response: Response, @Body(formFields({ lists: true })) body: FormBody) {
    try {
      await this.accounts.setRoles(id, list(body.roles) as AccountRole[], { focalPointOf: list(body.focalPointOf), headOf: list(body.headOf) });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      return this.renderAccount(request, response, await this.accounts.get(id), { formError: error.message }, 400);
    }
    response.redirect(303, `/quan-tri/tai-khoan/${id}?da=rolesSaved`);
  }

  @Post(':id/khoa')
  async disable(@Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response) {
    await this.accounts.setDisabled(id, true);
    response.redirect(303, `/quan-tri/tai-khoan/${id}?da=disabled`);
  }

  @Post(':id/mo-khoa')
  async enable(@Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response) {
    await this.accounts.setDisabled(id, false);
    response.redirect(303, `/quan-tri/tai-khoan/${id}?da=enabled`);
  }
}
