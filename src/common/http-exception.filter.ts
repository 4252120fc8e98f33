import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject, Logger, Optional } from '@nestjs/common';
import { PAGE_RENDERER, type PageRenderer } from '../modules/pages/page-renderer';
import { pageMessages } from '../modules/pages/pages.messages';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError, HTTP_STATUS_BY_CODE } from './domain-error';
import { httpMessages } from './messages';

/** The shape of every error answer: a code, a Vietnamese message, the request id; never a stack. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

/**
 * PostgreSQL refuses text holding a NUL character (22021 in a text column, 22P05 in jsonb) and
 * JSON holding half of a UTF-16 surrogate pair (22P02): characters the request sent, its fault.
 */
function isUnstorableCharacter(exception: unknown): boolean {
  const error = exception instanceof QueryFailedError ? (exception.driverError as { code?: string; detail?: string } | undefined) : undefined;
  return error?.code === '22021' || error?.code === '22P05' || (error?.code === '22P02' && /surrogate/u.test(error.detail ?? ''));
}

/** The body parser's refusals (too large, unknown charset, broken compression…): http-errors with a 4xx status meant to be shown. */
function bodyParserStatus(exception: unknown): number | undefined {
  const error = exception as { status?: unknown; expose?: unknown } | null;
  return error && typeof error.status === 'number' && error.status >= 400 && error.status < 500 && error.expose === true ? error.status : undefined;
}

/** Pages get HTML answers (and a sign-in redirect); the API and /health get JSON. */
function isPage(path: string): boolean {
  return !(path === '/api' || path.startsWith('/api/') || path === '/health');
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  constructor(@Optional() @Inject(PAGE_RENDERER) private readonly pages?: PageRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const requestId = request.id !== undefined ? String(request.id) : undefined;
    let status: number;
    let body: ErrorBody['error'];
    if (exception instanceof DomainError) {
      status = HTTP_STATUS_BY_CODE[exception.code];
      body = { code: exception.code, message: exception.message, details: exception.details };
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const payload = exception.getResponse() as { message?: unknown };
      if (status === HttpStatus.NOT_FOUND) {
        body = { code: 'NOT_FOUND', message: httpMessages.routeNotFound(request.method, request.path) };
      } else if (status === HttpStatus.BAD_REQUEST) {
        body = { code: 'VALIDATION_FAILED', message: httpMessages.validationFailed, details: payload?.message };
      } else {
        body = { code: HttpStatus[status] ?? 'HTTP_ERROR', message: typeof payload?.message === 'string' ? payload.message : exception.message };
      }
    } else if (bodyParserStatus(exception) !== undefined) {
      status = bodyParserStatus(exception)!;
      const message = status === HttpStatus.PAYLOAD_TOO_LARGE ? httpMessages.bodyTooLarge : status === HttpStatus.UNSUPPORTED_MEDIA_TYPE ? httpMessages.bodyNotReadable : httpMessages.badRequest;
      body = { code: HttpStatus[status] ?? 'HTTP_ERROR', message };
    } else if (isUnstorableCharacter(exception)) {
      status = HttpStatus.BAD_REQUEST;
      body = { code: 'VALIDATION_FAILED', message: httpMessages.invalidCharacter };
    } else {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
      body = { code: 'INTERNAL_ERROR', message: httpMessages.internalError };
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    if (this.pages && isPage(request.path)) {
      if (status === HttpStatus.UNAUTHORIZED && (request.method === 'GET' || request.method === 'HEAD')) {
        response.redirect(303, `/dang-nhap?tiep=${encodeURIComponent(request.originalUrl)}`);
        return;
      }
      const heading = pageMessages.errorHeadings[status] ?? pageMessages.errorHeadings[status >= 500 ? 500 : 400];
      const html = this.pages.render('loi', { title: heading, heading, message: body.message, requestId, user: undefined, nav: {}, csrf: '' });
      response.status(status).type('html').send(html);
      return;
    }
    response.status(status).json({ error: { ...body, requestId } } satisfies ErrorBody);
  }
}
