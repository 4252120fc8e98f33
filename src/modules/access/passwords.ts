/** Password hashing: argon2id (OWASP's parameters: 19 MiB, 2 passes, 1 lane). */
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';

const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * Hashes run on libuv's thread pool (4 threads). Under a burst of sign-ins four of them at once
 * would take every core of a small server from the main thread, and every other request would
 * wait: at most one fewer than the cores hash at a time, the others queue here.
 */
export const HASHING_CONCURRENCY = Math.max(1, availableParallelism() - 1);
const hashing = pLimit(HASHING_CONCURRENCY);

export function hashPassword(password: string): Promise<string> {
  return hashing(() => hash(password.normalize('NFC'), OPTIONS));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await hashing(() => verify(passwordHash, password.normalize('NFC')));
  } catch {
    return false;
  }
}

/** Hashes running and waiting: what the tests check the limit by. */
export function hashingLoad(): { running: number; waiting: number } {
  return { running: hashing.activeCount, waiting: hashing.pendingCount };
}

/** Verified when the account does not exist, so the answer takes as long either way. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}

/** A generated password: 4 groups of 5 letters and digits, easy to type, ~100 bits. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

/** A secret for a cookie, a link or a token, and the hash stored in its place. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
