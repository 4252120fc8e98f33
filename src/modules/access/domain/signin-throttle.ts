/**
 * Whether a sign-in attempt may go ahead, decided from the recent attempts alone. Failures are
 * limited per (e-mail, source IP) and, more loosely, per source IP. There is deliberately no
 * limit per e-mail alone: an attacker guessing from one address must not lock the real person
 * out when they sign in from another (a failure streak from one IP never blocks the same
 * e-mail from another IP).
 */

export interface SigninAttempt {
  email: string;
  ip: string;
  succeeded: boolean;
  at: Date;
}

export interface ThrottlePolicy {
  windowSeconds: number;
  maxFailuresPerAccountAndIp: number;
  maxFailuresPerIp: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = { windowSeconds: 900, maxFailuresPerAccountAndIp: 5, maxFailuresPerIp: 50 };

export type ThrottleScope = 'account-and-ip' | 'ip';

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: ThrottleScope };

/** E-mails compare case-insensitively and without surrounding spaces. */
function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function assertValidPolicy(policy: ThrottlePolicy): void {
  const positiveInteger = (value: number): boolean => Number.isInteger(value) && value > 0;
  if (!(policy.windowSeconds > 0) || !Number.isFinite(policy.windowSeconds)) {
    throw new RangeError(`windowSeconds must be a positive number, got ${policy.windowSeconds}`);
  }
  if (!positiveInteger(policy.maxFailuresPerAccountAndIp) || !positiveInteger(policy.maxFailuresPerIp)) {
    throw new RangeError('maxFailuresPerAccountAndIp and maxFailuresPerIp must be positive integers');
  }
}

/**
 * When a limit lifts: `failures` are in time order; once there are `limit` or more, the
 * limit-th most recent one must leave the window before another attempt is allowed.
 * Undefined when under the limit.
 */
function blockedUntil(failures: readonly SigninAttempt[], limit: number, windowMs: number): number | undefined {
  if (failures.length < limit) return undefined;
  return failures[failures.length - limit].at.getTime() + windowMs;
}

/**
 * Decide one attempt by `email` from `ip` at `now`. Only attempts with `now - window < at <= now`
 * count (an attempt exactly one window old has expired). Per (e-mail, ip): the failures after
 * that pair's latest success. Per ip: every failure, whatever the e-mail; successes do not
 * reset it. When both limits apply the longer wait is returned (on a tie, 'account-and-ip').
 * `attempts` may be in any order; attempts at the same instant keep their order in the array.
 */
export function decideSignin(input: {
  email: string;
  ip: string;
  now: Date;
  attempts: readonly SigninAttempt[];
  policy?: ThrottlePolicy;
}): ThrottleDecision {
  const policy = input.policy ?? DEFAULT_THROTTLE_POLICY;
  assertValidPolicy(policy);
  const now = input.now.getTime();
  const windowMs = policy.windowSeconds * 1000;

  const recent = input.attempts
    .filter((attempt) => attempt.ip === input.ip)
    .filter((attempt) => {
      const at = attempt.at.getTime();
      return at > now - windowMs && at <= now;
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime()); // stable: ties keep their array order

  const ipFailures = recent.filter((attempt) => !attempt.succeeded);

  const pairAttempts = recent.filter((attempt) => sameEmail(attempt.email, input.email));
  let lastSuccess = -1;
  pairAttempts.forEach((attempt, index) => {
    if (attempt.succeeded) lastSuccess = index;
  });
  const pairFailures = pairAttempts.slice(lastSuccess + 1); // all failures: the last success is before them

  const blocks: { until: number; scope: ThrottleScope }[] = [];
  const pairUntil = blockedUntil(pairFailures, policy.maxFailuresPerAccountAndIp, windowMs);
  if (pairUntil !== undefined) blocks.push({ until: pairUntil, scope: 'account-and-ip' });
  const ipUntil = blockedUntil(ipFailures, policy.maxFailuresPerIp, windowMs);
  if (ipUntil !== undefined) blocks.push({ until: ipUntil, scope: 'ip' });

  if (blocks.length === 0) return { allowed: true };
  const longest = blocks.reduce((a, b) => (b.until > a.until ? b : a));
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((longest.until - now) / 1000)), scope: longest.scope };
}

/** "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau N phút.", N = ⌈seconds / 60⌉, at least 1. */
export function vietnameseRetryMessage(seconds: number): string {
  const minutes = Number.isFinite(seconds) && seconds > 0 ? Math.max(1, Math.ceil(seconds / 60)) : 1;
  return `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.`;
}
