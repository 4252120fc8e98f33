import type { AccountRole, ActingUser } from '../../common/acting-user';

export interface AccountView {
  id: string;
  email: string;
  name: string;
  roles: AccountRole[];
  focalPointOf: string[];
  headOf: string[];
  disabled: boolean;
  createdAt: string;
}

/**
 * One account as JSON (alias `u` for user_account): its roles and, from the directory's contacts
 * with the same e-mail, the agencies it is focal point or head of. Shared by the account pages
 * and by the per-request identification, which reads it in the same query as the token or session.
 */
export const ACCOUNT_JSON = `
  jsonb_build_object(
    'id', u.id, 'email', u.email, 'name', u.name,
    'roles', COALESCE((SELECT jsonb_agg(r.role ORDER BY r.role) FROM user_role r WHERE r.user_id = u.id), '[]'::jsonb),
    'focalPointOf', COALESCE((SELECT jsonb_agg(DISTINCT p.agency_code) FROM person p
                               WHERE p.active AND lower(p.email) = lower(u.email) AND p.role = 'focal-point'), '[]'::jsonb),
    'headOf', COALESCE((SELECT jsonb_agg(DISTINCT p.agency_code) FROM person p
                         WHERE p.active AND lower(p.email) = lower(u.email) AND p.role = 'head'), '[]'::jsonb),
    'disabled', u.disabled_at IS NOT NULL, 'createdAt', u.created_at)`;


/** The account behind an acting user ('user:<uuid>' → '<uuid>'). */
export function accountIdOf(user: ActingUser): string {
  return user.id.replace(/^user:/u, '');
}

/** What the services act with. */
export function toActingUser(a: AccountView): ActingUser {
  const monitor = a.roles.includes('monitor') || a.roles.includes('admin');
  return {
    id: `user:${a.id}`,
    name: a.name,
    email: a.email,
    roles: a.roles,
    monitor,
    readsAll: monitor || a.roles.includes('viewer'),
    focalPointOf: a.focalPointOf,
    headOf: a.headOf,
  };
}
