/**
 * Who may call each route: the one table the access guard reads, kept next to the code. A route
 * missing here is refused at run time and fails the matrix test (test/e2e/access-matrix.spec.ts),
 * which calls every registered route as every role. 'public': anyone; 'signed-in': any active
 * account (what it then sees is limited to its agencies by the services); a role list: any of them.
 * Roles: admin, monitor (Sở Nội vụ), viewer (read-only, all agencies), focal-point and head (of an
 * agency).
 */
import type { Role } from '../../common/acting-user';

export type AccessRule = 'public' | 'signed-in' | readonly Role[];

const MONITORS: readonly Role[] = ['monitor', 'admin'];
const ADMIN: readonly Role[] = ['admin'];

export const ACCESS_MATRIX: Readonly<Record<string, AccessRule>> = {
  'GET /health': 'public',
  // Probes: liveness (process up, no database) and readiness (database and migrations), for
  // process supervisors and load balancers, which do not sign in.
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  // Prometheus metrics for admins; a scraper that cannot sign in sends PHULUC_METRICS_TOKEN and is
  // answered before this guard (src/modules/metrics/metrics-token.middleware.ts).
  'GET /metrics': ADMIN,

  // Plans, directory, calendar: reference data every signed-in person reads.
  'GET /api/plans': 'signed-in',
  'GET /api/plans/:code': 'signed-in',
  'GET /api/plans/:code/workflows': 'signed-in',
  'GET /api/plans/:plan/rows/:row/figures': 'signed-in',
  'GET /api/agencies': 'signed-in',
  'GET /api/groups': 'signed-in',
  'GET /api/calendar/:year': 'signed-in',

  // Tasks: read within the user's agencies; created ad hoc by the monitor.
  'GET /api/instances': 'signed-in',
  'GET /api/instances/:id': 'signed-in',
  'POST /api/instances': MONITORS,
  'GET /api/instances/:id/submissions': 'signed-in',
  'POST /api/instances/:id/submissions': ['focal-point'],
  'POST /api/instances/:id/review': ['focal-point', 'monitor', 'admin'],
  'POST /api/instances/:id/waive': MONITORS,
  'POST /api/instances/:id/reopen': MONITORS,
  'POST /api/instances/:id/chase': MONITORS,
  'PUT /api/submissions/:id/figures': ['focal-point', 'monitor', 'admin'],
  'GET /api/files/:id': 'signed-in',
  'GET /api/audit': 'signed-in',
  'GET /api/compliance': 'signed-in',
  'GET /api/indicators': 'signed-in',
  'POST /api/indicators/:code/actuals': ['focal-point', 'monitor', 'admin'],
  'POST /api/indicators/allocations': MONITORS,
  'POST /api/indicators/proposals': ['focal-point'],
  'POST /api/indicators/proposals/approve': MONITORS,
  'GET /api/reports/annual': ['monitor', 'admin', 'viewer'],
  'POST /api/reports/annual': MONITORS,
  'POST /api/reports/reminder-letters': MONITORS,
  'GET /api/documents': ['monitor', 'admin', 'viewer'],
  'GET /api/documents/:id': ['monitor', 'admin', 'viewer'],
  'GET /api/exports/instances.:format': 'signed-in',
  'GET /api/exports/compliance.:format': ['monitor', 'admin', 'viewer'],
  'GET /api/exports/figures.:format': 'signed-in',
  'POST /api/calendar-feeds': 'signed-in',
  'GET /api/calendar-feeds': 'signed-in',
  'DELETE /api/calendar-feeds/:id': 'signed-in',
  // The feed's secret URL is its credential (calendar programs cannot sign in).
  'GET /lich/:file': 'public',

  // People give reminders and access: the admin's (the monitor reads them).
  'GET /api/people': MONITORS,
  'POST /api/people': ADMIN,
  'DELETE /api/people/:id': ADMIN,
  'GET /api/outbox': ADMIN,
  'GET /api/outbox/:id': ADMIN,
  'POST /api/outbox/:id/requeue': ADMIN,

  // Accounts and tokens.
  'GET /api/me': 'signed-in',
  'GET /api/tokens': 'signed-in',
  'POST /api/tokens': 'signed-in',
  'DELETE /api/tokens/:id': 'signed-in',
  'GET /api/users': ADMIN,
  'POST /api/users': ADMIN,
  'PUT /api/users/:id/roles': ADMIN,
  'POST /api/users/:id/disable': ADMIN,
  'POST /api/users/:id/enable': ADMIN,

  // Pages.
  'GET /tai-nguyen/:file': 'public',
  'GET /dang-nhap': 'public',
  'POST /dang-nhap': 'public',
  'GET /quen-mat-khau': 'public',
  'POST /quen-mat-khau': 'public',
  'GET /dat-lai-mat-khau': 'public',
  'POST /dat-lai-mat-khau': 'public',
  'POST /dang-xuat': 'signed-in',
  'GET /doi-mat-khau': 'signed-in',
  'POST /doi-mat-khau': 'signed-in',
  'GET /': 'signed-in',
  'GET /nhiem-vu-cua-toi': 'signed-in',
  'GET /nhiem-vu/:id': 'signed-in',
  'POST /nhiem-vu/:id/nop': ['focal-point'],
  'POST /nhiem-vu/:id/xem-xet': ['focal-point', 'monitor', 'admin'],
  'POST /nhiem-vu/:id/mien': MONITORS,
  'POST /nhiem-vu/:id/mo-lai': MONITORS,
  'POST /nhiem-vu/:id/don-doc': MONITORS,
  'GET /tong-quan': ['monitor', 'admin', 'viewer'],
  'GET /cho-xem-xet': MONITORS,
  'GET /nhiem-vu-dot-xuat': MONITORS,
  'POST /nhiem-vu-dot-xuat': MONITORS,
  'GET /tuan-thu': ['monitor', 'admin', 'viewer'],
  'GET /bao-cao': ['monitor', 'admin', 'viewer'],
  'GET /bao-cao/nam/:year.:format': ['monitor', 'admin', 'viewer'],
  'POST /bao-cao/nam': MONITORS,
  'POST /bao-cao/cong-van': MONITORS,
  'GET /co-quan/:code': 'signed-in',
  'GET /quan-tri/ke-hoach': ADMIN,
  'POST /quan-tri/ke-hoach/:code/ban-hanh': ADMIN,
  'GET /quan-tri/nhap-phu-luc': ADMIN,
  'POST /quan-tri/nhap-phu-luc': ADMIN,
  'GET /quan-tri/lich': ADMIN,
  'GET /quan-tri/co-quan': ADMIN,
  'GET /quan-tri/hop-thu-di': ADMIN,
  'POST /quan-tri/hop-thu-di/:id/gui-lai': ADMIN,
  'GET /quan-tri/tai-khoan': ADMIN,
  'POST /quan-tri/tai-khoan': ADMIN,
  'GET /quan-tri/tai-khoan/:id': ADMIN,
  'POST /quan-tri/tai-khoan/:id/vai-tro': ADMIN,
  'POST /quan-tri/tai-khoan/:id/khoa': ADMIN,
  'POST /quan-tri/tai-khoan/:id/mo-khoa': ADMIN,
};

/** Served outside Nest's router (the guard never sees them): the OpenAPI document and its UI, public. */
export const PUBLIC_PATH_PREFIXES: readonly string[] = ['/api/docs'];

/** The matrix key of a request: its method (HEAD as GET) and the route's path pattern. */
export function routeKey(method: string, path: string): string {
  return `${method === 'HEAD' ? 'GET' : method.toUpperCase()} ${path}`;
}
