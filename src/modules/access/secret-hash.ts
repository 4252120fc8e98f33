import { createHash, timingSafeEqual } from 'node:crypto';

/** Session ids, API tokens and reset links are stored as SHA-256: a database leak reveals none. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares two secrets in constant time (a CSRF token with the session's, a form field with its cookie). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
