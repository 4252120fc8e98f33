import { createHash } from 'node:crypto';

/** Session ids, API tokens and reset links are stored as SHA-256: a database leak reveals none. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
