import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { parse as parseCookies } from 'cookie';
import type { Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { AccessRequest } from '../access/access.guard';
import { accessMessages } from '../access/access.messages';
import { newSecret } from '../access/passwords';
import { sameSecret } from '../access/secret-hash';
import { accountIdOf } from '../access/account-json';
import { AccountsService } from '../access/accounts.service';
import { SESSION_COOKIE, SessionsService } from '../access/sessions.service';
import { SigninService } from '../access/signin.service';
import { clientIp, formFields, pageBase, safeNext, sendHtml } from './page-context';
import { PAGE_RENDERER, PageRenderer } from './page-renderer';
import { pageMessages as say } from './pages.messages';

/** Anonymous forms carry a double-submit token: a cookie and a field that must match. */
const FORM_COOKIE = 'phuluc_form';

type FormBody = Record<string, string | undefined>;

@ApiExcludeController()
@Controller()
export class AuthPagesController {
  constructor(
    @Inject(PAGE_RENDERER) private readonly pages: PageRenderer,
    private readonly signin: SigninService,
    private readonly sessions: SessionsService,
    private readonly accounts: AccountsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get secure(): boolean {
    return this.config.publicUrl.startsWith('https:');
  }

  private formToken(request: AccessRequest, response: Response): string {
    const existing = request.headers.cookie ? parseCookies(request.headers.cookie)[FORM_COOKIE] : undefined;
    const token = existing && /^[A-Za-z0-9_-]{32,}$/u.test(existing) ? existing : newSecret(24);
    response.cookie(FORM_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: this.secure, path: '/' });
    return token;
  }

  private formTokenValid(request: AccessRequest, body: FormBody): boolean {
    const cookie = request.headers.cookie ? parseCookies(request.headers.cookie)[FORM_COOKIE] : undefined;
    const field = body._csrf;
    return !!cookie && !!field && sameSecret(cookie, field);
  }

  @Get('dang-nhap')
  signInPage(@Req() request: AccessRequest, @Res() response: Response, @Query('tiep') next?: string, @Query('da') done?: string) {
    if (request.actingUser) return response.redirect(303, safeNext(next));
    sendHtml(
      response,
      this.pages.render('dang-nhap', { ...pageBase(request, say.titles.signIn), formToken: this.formToken(request, response), next: safeNext(next), email: '', flash: done ? say.flash[done] : undefined }),
    );
  }

  @Post('dang-nhap')
  async signIn(@Req() request: AccessRequest, @Res() response: Response, @Body(formFields()) body: FormBody) {
    const email = (body.email ?? '').trim();
    const next = safeNext(body.tiep);
    const again = (error: string, status: number) =>
      sendHtml(response, this.pages.render('dang-nhap', { ...pageBase(request, say.titles.signIn), formToken: this.formToken(request, response), next, email, error }), status);
    if (!this.formTokenValid(request, body)) return again(say.formExpired, 403);
    try {
      const { token } = await this.signin.signIn(email, body.password ?? '', clientIp(request), request.get('user-agent'));
      response.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: this.secure, path: '/' });
      response.redirect(303, next);
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'UNAUTHENTICATED' || error.code === 'TOO_MANY_ATTEMPTS')) {
        if (error.code === 'TOO_MANY_ATTEMPTS') response.setHeader('Retry-After', String((error.details as { retryAfterSeconds: number }).retryAfterSeconds));
        return again(error.message, error.code === 'TOO_MANY_ATTEMPTS' ? 429 : 401);
      }
      throw error;
    }
  }

  @Post('dang-xuat')
  async signOut(@Req() request: AccessRequest, @Res() response: Response) {
    if (request.sessionToken) await this.sessions.destroy(request.sessionToken);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.redirect(303, '/dang-nhap?da=signedOut');
  }

  @Get('doi-mat-khau')
  changePage(@Req() request: AccessRequest, @Res() response: Response, @Query('da') done?: string) {
    sendHtml(response, this.pages.render('doi-mat-khau', { ...pageBase(request, say.titles.changePassword), errors: {}, flash: done ? say.flash[done] : undefined }));
  }

  @Post('doi-mat-khau')
  async change(@Req() request: AccessRequest, @Res() response: Response, @Body(formFields()) body: FormBody) {
    const again = (errors: Record<string, string>) =>
      sendHtml(response, this.pages.render('doi-mat-khau', { ...pageBase(request, say.titles.changePassword), errors }), 400);
    const accountId = accountIdOf(request.actingUser!);
    if (!(await this.signin.passwordMatches(accountId, body.current ?? ''))) return again({ current: accessMessages.currentPasswordWrong });
    if ((body.password ?? '') !== (body.confirm ?? '')) return again({ confirm: accessMessages.passwordsDiffer });
    try {
      // The other sessions of the account end; this one goes on.
      await this.accounts.changePassword(accountId, body.password ?? '', request.session?.id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'VALIDATION_FAILED') return again({ password: error.message });
      throw error;
    }
    response.redirect(303, '/doi-mat-khau?da=passwordChangedHere');
  }

  @Get('quen-mat-khau')
  forgotPage(@Req() request: AccessRequest, @Res() response: Response) {
    sendHtml(response, this.pages.render('quen-mat-khau', { ...pageBase(request, say.titles.forgot), formToken: this.formToken(request, response), email: '' }));
  }

  @Post('quen-mat-khau')
  async forgot(@Req() request: AccessRequest, @Res() response: Response, @Body(formFields()) body: FormBody) {
    const email = (body.email ?? '').trim();
    if (!this.formTokenValid(request, body)) {
      return sendHtml(response, this.pages.render('quen-mat-khau', { ...pageBase(request, say.titles.forgot), formToken: this.formToken(request, response), email, flash: say.formExpired }), 403);
    }
    if (email) await this.signin.requestReset(email);
    sendHtml(response, this.pages.render('quen-mat-khau', { ...pageBase(request, say.titles.forgot), sent: true, email }));
  }

  @Get('dat-lai-mat-khau')
  async resetPage(@Req() request: AccessRequest, @Res() response: Response, @Query('ma') token?: string) {
    const valid = !!token && (await this.signin.resetLinkValid(token));
    sendHtml(
      response,
      this.pages.render('dat-lai-mat-khau', {
        ...pageBase(request, say.titles.reset),
        formToken: this.formToken(request, response),
        token: token ?? '',
        invalid: valid ? undefined : accessMessages.resetInvalid,
        errors: {},
      }),
      valid ? 200 : 400,
    );
  }

  @Post('dat-lai-mat-khau')
  async reset(@Req() request: AccessRequest, @Res() response: Response, @Body(formFields()) body: FormBody) {
    const token = body.ma ?? '';
    const again = (errors: Record<string, string>, invalid?: string) =>
      sendHtml(response, this.pages.render('dat-lai-mat-khau', { ...pageBase(request, say.titles.reset), formToken: this.formToken(request, response), token, errors, invalid }), 400);
    if (!this.formTokenValid(request, body)) return again({}, say.formExpired);
    if ((body.password ?? '') !== (body.confirm ?? '')) return again({ confirm: accessMessages.passwordsDiffer });
    try {
      await this.signin.reset(token, body.password ?? '');
    } catch (error) {
      if (error instanceof DomainError && error.code === 'VALIDATION_FAILED') {
        const fields = (error.details as { errors?: { field: string; message: string }[] } | undefined)?.errors ?? [];
        if (fields.some((f) => f.field === 'token') || !fields.length) return again({}, error.message);
        return again({ password: fields.map((f) => f.message).join(' ') });
      }
      throw error;
    }
    response.redirect(303, '/dang-nhap?da=passwordChanged');
  }
}
