import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { parse as parseCookies } from 'cookie';
import type { Request } from 'express';
import { type ActingUser, rolesOf } from '../../common/acting-user';
import { DomainError } from '../../common/domain-error';
import { ACCESS_MATRIX, routeKey } from './access-matrix';
import { accessMessages as say } from './access.messages';
import { sameSecret } from './secret-hash';
import { SESSION_COOKIE, SessionsService, type SessionRow } from './sessions.service';
import { TokensService } from './tokens.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AccessRequest extends Request {
  actingUser?: ActingUser;
  session?: SessionRow;
  /** The cookie token of the session (to end it at sign-out). */
  sessionToken?: string;
}

/**
 * Every request passes here. The route's rule comes from the access matrix (a route without an
 * entry is refused: deny by default); the user from an API token (`Authorization: Bearer`) or a
 * session cookie. A state-changing request made with a session must carry the session's CSRF
 * token (form field `_csrf`, header `X-CSRF-Token`, or `?_csrf=` for multipart forms).
 * Object-level checks (which agency's task) are the services'.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AccessRequest>();
    const key = routeKey(request.method, (request.route as { path?: string } | undefined)?.path ?? request.path);
    const rule = ACCESS_MATRIX[key];
    if (rule === undefined) {
      this.logger.error({ msg: 'route without an access rule refused', route: key });
      throw new DomainError('FORBIDDEN', say.routeNotAllowed);
    }
    if (rule === 'public') {
      // Anyone may come: a stale cookie or a revoked token only means "not signed in" here.
      await this.identify(request).catch(() => undefined);
      return true;
    }
    const identity = await this.identify(request);
    if (!identity) throw new DomainError('UNAUTHENTICATED', say.signinRequired);
    const user = identity.user;
    if (rule !== 'signed-in') {
      const roles = rolesOf(user);
      if (!rule.some((role) => roles.has(role))) {
        this.logger.warn({ msg: 'access refused', route: key, user: user.id, roles: [...roles] });
        throw new DomainError('FORBIDDEN', say.forbidden);
      }
    }
    if (identity.via === 'session' && !SAFE_METHODS.has(request.method)) this.checkCsrf(request, identity.session!, key, user);
    return true;
  }

  private checkCsrf(request: AccessRequest, session: SessionRow, key: string, user: ActingUser): void {
    const body = request.body as Record<string, unknown> | undefined;
    const given = request.get('x-csrf-token') ?? (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? (typeof request.query._csrf === 'string' ? request.query._csrf : undefined);
    if (!given || !sameSecret(given, session.csrf_token)) {
      this.logger.warn({ msg: 'CSRF token missing or wrong', route: key, user: user.id });
      throw new DomainError('CSRF_FAILED', say.csrfFailed);
    }
  }

  private async identify(request: AccessRequest): Promise<{ user: ActingUser; via: 'token' | 'session'; session?: SessionRow } | undefined> {
    const authorization = request.get('authorization');
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/iu.exec(authorization);
      const user = match ? await this.tokens.resolve(match[1]) : undefined;
      if (!user) {
        this.logger.warn({ msg: 'API token refused', ip: request.ip });
        throw new DomainError('UNAUTHENTICATED', say.tokenInvalid);
      }
      request.actingUser = user;
      return { user, via: 'token' };
    }
    const token = request.headers.cookie ? parseCookies(request.headers.cookie)[SESSION_COOKIE] : undefined;
    if (!token) return undefined;
    const session = await this.sessions.resolve(token);
    if (!session) return undefined;
    request.actingUser = session.user;
    request.session = session;
    request.sessionToken = token;
    return { user: session.user, via: 'session', session };
  }
}
