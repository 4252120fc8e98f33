import { Inject, Injectable } from '@nestjs/common';
import { type ActingUser } from '../../common/acting-user';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

/** Past this many live tokens the cache starts over (a bound on memory, not a tuning knob). */
const MAX_ENTRIES = 10_000;

/**
 * The users of API tokens resolved in the last moment (`PHULUC_TOKEN_CACHE_SECONDS`, default 1;
 * 0 turns it off). A script calling the API many times a second costs one token lookup per
 * second instead of one per call: on two cores that lookup is as dear as the read it guards.
 *
 * What it costs: a change made in this process (a token revoked, an account disabled, its roles
 * or agencies changed) empties the cache at once; a change made by another process, by the
 * command line or in the database directly is seen here within the cache's lifetime.
 * Sessions (the pages) are not cached.
 */
@Injectable()
export class ActingUserCache {
  private readonly entries = new Map<string, { user: ActingUser; expiresAt: number }>();
  private readonly lifetimeMs: number;
  /** Bumped by forget(): a lookup that started before a change must not store what it read. */
  private generation = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.lifetimeMs = config.tokenCacheSeconds * 1000;
  }

  /** The generation to hand back to set() with the result of a lookup started now. */
  begin(): number {
    return this.generation;
  }

  get(key: string): ActingUser | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (performance.now() < entry.expiresAt) return entry.user;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, user: ActingUser, startedAt: number): void {
    if (this.lifetimeMs <= 0 || startedAt !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { user, expiresAt: performance.now() + this.lifetimeMs });
  }

  /** Who may do what has changed: every cached user is looked up again. */
  forget(): void {
    this.generation++;
    this.entries.clear();
  }
}
