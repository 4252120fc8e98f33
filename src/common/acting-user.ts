/**
 * Who is acting on a request, and for which agencies. The access layer resolves it from a
 * session cookie or an API token (`request.actingUser`); every service that changes or reveals
 * a task takes an ActingUser and checks the agency scope itself.
 */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Roles an account holds for the whole plan. */
export const ACCOUNT_ROLES = ['admin', 'monitor', 'viewer'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];
/** Every role a route may require: the account-wide ones and the per-agency ones. */
export type Role = AccountRole | 'focal-point' | 'head';

export interface ActingUser {
  /** Recorded in the audit log and on submissions: 'user:<uuid>', 'cli'. */
  id: string;
  /** Shown to people (history, e-mails). */
  name: string;
  email?: string;
  /** Account-wide roles. */
  roles: readonly AccountRole[];
  /** Sở Nội vụ (or admin): sees every agency, reviews, waives, reopens. */
  monitor: boolean;
  /** Reads every agency's record (monitor, admin, viewer). */
  readsAll: boolean;
  /** Agencies whose tasks this user works on as focal point; 'all' for the command line. */
  focalPointOf: readonly string[] | 'all';
  /** Agencies whose record this user reads as head (thủ trưởng). */
  headOf: readonly string[];
}

/** The command line acts with every right (whoever can run it can reach the database). */
export const CLI_USER: ActingUser = Object.freeze({
  id: 'cli',
  name: 'Dòng lệnh',
  roles: ['admin', 'monitor'] as AccountRole[],
  monitor: true,
  readsAll: true,
  focalPointOf: 'all',
  headOf: [],
});

/** May the user work on (submit for) a task of this agency? */
export function worksFor(user: ActingUser, agencyCode: string): boolean {
  return user.focalPointOf === 'all' || user.focalPointOf.includes(agencyCode);
}

/** May the user read this agency's tasks? */
export function reads(user: ActingUser, agencyCode: string): boolean {
  return user.readsAll || worksFor(user, agencyCode) || user.headOf.includes(agencyCode);
}

/** Every role the user holds, account-wide and per agency. */
export function rolesOf(user: ActingUser): Set<Role> {
  const roles = new Set<Role>(user.roles);
  if (user.focalPointOf === 'all' || user.focalPointOf.length > 0) roles.add('focal-point');
  if (user.headOf.length > 0) roles.add('head');
  return roles;
}

/** The agencies a user's lists are limited to; 'all' for those who read everything. */
export function readScope(user: ActingUser): readonly string[] | 'all' {
  if (user.readsAll || user.focalPointOf === 'all') return 'all';
  return [...new Set([...user.focalPointOf, ...user.headOf])];
}

/** The request's acting user; the access guard has refused the request before if there is none. */
export const Acting = createParamDecorator((_data: unknown, context: ExecutionContext): ActingUser => {
  const request = context.switchToHttp().getRequest<{ actingUser?: ActingUser }>();
  if (!request.actingUser) throw new Error('No acting user on a route that needs one: is it marked public by mistake?');
  return request.actingUser;
});
