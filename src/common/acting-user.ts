/**
 * Who is acting on a request, and for which agencies. Every service that changes or reveals a
 * task takes an ActingUser and checks the agency scope itself, so the access-control capability
 * only has to say who the user is (sign-in, API tokens) and the checks are already in place.
 *
 * Until sign-in exists, every HTTP request acts as the interim API user: recorded as `api` in
 * the audit log, with the monitor's reach.
 */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

export interface ActingUser {
  /** Recorded in the audit log and on submissions: 'person:<uuid>', 'api', 'cli'. */
  id: string;
  /** Shown to people (history, e-mails). */
  name: string;
  /** Sở Nội vụ (or admin): sees every agency, reviews, waives, reopens. */
  monitor: boolean;
  /** Agencies whose tasks this user works on as focal point; 'all' for the monitor-level API user. */
  focalPointOf: readonly string[] | 'all';
}

export const INTERIM_API_USER: ActingUser = Object.freeze({ id: 'api', name: 'API', monitor: true, focalPointOf: 'all' });
export const CLI_USER: ActingUser = Object.freeze({ id: 'cli', name: 'Dòng lệnh', monitor: true, focalPointOf: 'all' });

/** May the user work on (submit for) a task of this agency? */
export function worksFor(user: ActingUser, agencyCode: string): boolean {
  return user.focalPointOf === 'all' || user.focalPointOf.includes(agencyCode);
}

/** The request's acting user (set by the sign-in layer as `request.actingUser`). */
export const Acting = createParamDecorator((_data: unknown, context: ExecutionContext): ActingUser => {
  const request = context.switchToHttp().getRequest<{ actingUser?: ActingUser }>();
  return request.actingUser ?? INTERIM_API_USER;
});
