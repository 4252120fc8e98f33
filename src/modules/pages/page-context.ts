import type { Response } from 'express';
import { rolesOf } from '../../common/acting-user';
import type { AccessRequest } from '../access/access.guard';

/** What every page's layout needs: the title, the user, the CSRF token, the navigation. */
export function pageBase(request: AccessRequest, title: string, active?: string): Record<string, unknown> {
  const user = request.actingUser;
  const roles = user ? rolesOf(user) : new Set<string>();
  return {
    title,
    active: active ?? '',
    user: user ? { name: user.name } : undefined,
    csrf: request.session?.csrf_token ?? '',
    nav: {
      myTasks: roles.has('focal-point') || roles.has('head'),
      overview: roles.has('monitor') || roles.has('admin') || roles.has('viewer'),
      reviewQueue: roles.has('monitor') || roles.has('admin'),
      accounts: roles.has('admin'),
      outbox: roles.has('admin'),
      admin: roles.has('admin'),
      adHoc: roles.has('monitor') || roles.has('admin'),
      compliance: roles.has('monitor') || roles.has('admin') || roles.has('viewer'),
      reports: roles.has('monitor') || roles.has('admin') || roles.has('viewer'),
    },
  };
}

export function sendHtml(response: Response, html: string, status = 200): void {
  response.status(status).type('html').setHeader('Cache-Control', 'no-store');
  response.send(html);
}

/** A local path to go back to after signing in; anything else (another site, "//host") becomes "/". */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

/** The client's address as the throttle counts it (IPv4-mapped IPv6 as plain IPv4). */
export function clientIp(request: AccessRequest): string {
  return (request.ip ?? request.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/u, '');
}
