import type { PipeTransform } from '@nestjs/common';
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
  response.status(status).type('html');
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

/**
 * A page form's fields as text, whatever the client sent (no body, JSON, a field repeated): each
 * field a string (a repeated one: its first value) or absent; with `lists`, a repeated field (the
 * checkboxes of a form) stays a list of strings. Anything else is dropped.
 */
export function formFields(options: { lists?: boolean } = {}): PipeTransform<unknown, Record<string, string | string[]>> {
  return {
    transform(value: unknown) {
      const fields: Record<string, string | string[]> = {};
      if (!value || typeof value !== 'object' || Array.isArray(value)) return fields;
      for (const [name, given] of Object.entries(value)) {
        const texts = (Array.isArray(given) ? given : [given]).filter((v): v is string => typeof v === 'string');
        if (texts.length === 0 || name === '__proto__') continue;
        fields[name] = options.lists && Array.isArray(given) ? texts : texts[0];
      }
      return fields;
    },
  };
}
