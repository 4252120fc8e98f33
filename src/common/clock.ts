/** The one source of "now": services ask the clock, so a run can happen "as of" any instant. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(instant: Date | string): Clock {
  const at = new Date(instant);
  return { now: () => new Date(at) };
}

/** A clock that can be set to a past moment and back (demonstration data recorded "as of" dates). */
export class SettableClock implements Clock {
  private at: Date | undefined;

  now(): Date {
    return this.at ? new Date(this.at) : new Date();
  }

  /** Undefined: the real time again. */
  set(at: Date | string | undefined): void {
    this.at = at === undefined ? undefined : new Date(at);
  }
}

/** Vietnam is UTC+7 all year (no daylight saving time). */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The calendar day in Asia/Ho_Chi_Minh of an instant, as 'YYYY-MM-DD'. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}
