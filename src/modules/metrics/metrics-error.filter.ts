import { ArgumentsHost, Catch, ExceptionFilter, Inject, Optional } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../../common/domain-error';
import { HttpErrorFilter } from '../../common/http-exception.filter';
import { PAGE_RENDERER, type PageRenderer } from '../pages/page-renderer';
import { metricsMessages as say } from './metrics.messages';

/**
 * Errors of GET /metrics (mostly the access guard's 401/403). The application's filter treats
 * every path outside /api as a page: a refused GET would be redirected to the sign-in page, which
 * Prometheus would follow and fail to parse. Here a browser (asking for HTML first) still gets
 * the page treatment, so an admin who opens /metrics is sent to sign in; any other client
 * (Prometheus, curl) gets the JSON error with its status, and a 401 says which credentials work.
 */
@Catch()
export class MetricsErrorFilter implements ExceptionFilter {
  private readonly json = new HttpErrorFilter();
  private readonly page: HttpErrorFilter;

  constructor(@Optional() @Inject(PAGE_RENDERER) pages?: PageRenderer) {
    this.page = new HttpErrorFilter(pages);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    if (request.accepts(['text/plain', 'application/json', 'text/html']) === 'text/html') return this.page.catch(exception, host);
    const hinted = exception instanceof DomainError && exception.code === 'UNAUTHENTICATED' ? new DomainError('UNAUTHENTICATED', say.credentialsRequired) : exception;
    this.json.catch(hinted, host);
  }
}
