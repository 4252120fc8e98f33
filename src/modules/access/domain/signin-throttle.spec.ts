import {
  decideSignin,
  DEFAULT_THROTTLE_POLICY,
  SigninAttempt,
  ThrottleDecision,
  ThrottlePolicy,
  vietnameseRetryMessage,
} from './signin-throttle';

// 08:00 in Hải Phòng on the eve of Tết Ất Tỵ.
const NOW = new Date('2025-01-28T01:00:00.000Z');
const AN = 'nguyen.van.an@haiphong.gov.vn';
const BINH = 'tran.thi.binh@haiphong.gov.vn';
const OFFICE_IP = '113.160.1.10';
const HOME_IP = '2402:800:6344::1';

/** An attempt `secondsAgo` before NOW (negative: after NOW). */
function attempt(email: string, ip: string, secondsAgo: number, succeeded = false): SigninAttempt {
  return { email, ip, succeeded, at: new Date(NOW.getTime() - secondsAgo * 1000) };
}
const fail = (secondsAgo: number, email = AN, ip = OFFICE_IP): SigninAttempt => attempt(email, ip, secondsAgo, false);
const success = (secondsAgo: number, email = AN, ip = OFFICE_IP): SigninAttempt => attempt(email, ip, secondsAgo, true);
/** Failures at each of `minutesAgo`, by AN from the office. */
const failsAt = (...minutesAgo: number[]): SigninAttempt[] => minutesAgo.map((m) => fail(m * 60));

const allowed: ThrottleDecision = { allowed: true };
const pairBlocked = (retryAfterSeconds: number): ThrottleDecision => ({ allowed: false, retryAfterSeconds, scope: 'account-and-ip' });
const ipBlocked = (retryAfterSeconds: number): ThrottleDecision => ({ allowed: false, retryAfterSeconds, scope: 'ip' });

/** Failures by `count` different people from `ip`, one every 10 seconds, the latest `latestSecondsAgo` ago. */
function sprayFrom(ip: string, count: number, latestSecondsAgo: number): SigninAttempt[] {
  return Array.from({ length: count }, (_, i) => fail(latestSecondsAgo + (count - 1 - i) * 10, `user${i}@haiphong.gov.vn`, ip));
}

describe('decideSignin with the default policy (15 minutes, 5 per e-mail and IP, 50 per IP)', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_THROTTLE_POLICY).toEqual({ windowSeconds: 900, maxFailuresPerAccountAndIp: 5, maxFailuresPerIp: 50 });
  });

  it.each<[string, { email?: string; ip?: string }, SigninAttempt[], ThrottleDecision]>([
    ['no attempts', {}, [], allowed],
    ['four failures: under the limit', {}, failsAt(8, 6, 4, 2), allowed],
    ['five failures: exactly at the limit', {}, failsAt(10, 8, 6, 4, 2), pairBlocked(300)],
    ['six failures: the fifth most recent decides', {}, failsAt(14, 10, 8, 6, 4, 2), pairBlocked(300)],
    ['five failures in any order', {}, failsAt(4, 10, 2, 8, 6), pairBlocked(300)],
    ['the same e-mail from another IP is allowed', { ip: HOME_IP }, failsAt(10, 8, 6, 4, 2), allowed],
    ['another e-mail from the same IP is allowed', { email: BINH }, failsAt(10, 8, 6, 4, 2), allowed],
    ['a success resets the count for the pair', {}, [...failsAt(12, 11, 10, 9), success(8 * 60), ...failsAt(6, 4)], allowed],
    ['a success right after five failures resets it', {}, [...failsAt(10, 8, 6, 4, 2), success(60)], allowed],
    ['five failures after a success block', {}, [success(14 * 60), ...failsAt(10, 8, 6, 4, 2)], pairBlocked(300)],
    ['a success from another IP does not reset the pair', {}, [...failsAt(10, 8, 6, 4, 2), success(60, AN, HOME_IP)], pairBlocked(300)],
    ['a success by someone else does not reset the pair', {}, [...failsAt(10, 8, 6, 4, 2), success(60, BINH)], pairBlocked(300)],
    ['failures older than the window do not count', {}, failsAt(40, 30, 20, 16, 6, 4), allowed],
    ['a failure exactly one window old has expired', {}, [fail(900), ...failsAt(8, 6, 4, 2)], allowed],
    ['a failure one millisecond inside the window counts', {}, [fail(899.999), ...failsAt(8, 6, 4, 2)], pairBlocked(1)],
    ['attempts after now are ignored', {}, [...failsAt(8, 6, 4, 2), fail(-1)], allowed],
    ['the e-mail compares case-insensitively', { email: 'Nguyen.Van.An@HaiPhong.GOV.vn' }, failsAt(10, 8, 6, 4, 2), pairBlocked(300)],
    ['recorded e-mails in capitals count too', {}, [...failsAt(10, 8), fail(360, ' NGUYEN.VAN.AN@HAIPHONG.GOV.VN'), ...failsAt(4, 2)], pairBlocked(300)],
    ['49 failures from one IP across e-mails', { email: BINH }, sprayFrom(OFFICE_IP, 49, 5), allowed],
    // 50 failures, the oldest 495 s ago: the limit lifts at 900 - 495 = 405 s.
    ['50 failures from one IP across e-mails block a new e-mail', { email: BINH }, sprayFrom(OFFICE_IP, 50, 5), ipBlocked(405)],
    ['a success from the IP does not reset the per-IP count', { email: BINH }, [...sprayFrom(OFFICE_IP, 50, 5), success(1, 'user3@haiphong.gov.vn')], ipBlocked(405)],
    ['the per-IP limit does not reach another IP', { email: BINH, ip: HOME_IP }, sprayFrom(OFFICE_IP, 50, 5), allowed],
    ['per-IP failures older than the window do not count', { email: BINH }, [...sprayFrom(OFFICE_IP, 10, 1000), ...sprayFrom(OFFICE_IP, 49, 5)], allowed],
  ])('%s', (_label, who, attempts, expected) => {
    expect(decideSignin({ email: who.email ?? AN, ip: who.ip ?? OFFICE_IP, now: NOW, attempts })).toEqual(expected);
  });
});

describe('decideSignin: retryAfterSeconds', () => {
  // Five failures: the oldest `oldestSecondsAgo`, the other four at this very instant.
  const fiveWithOldest = (oldestSecondsAgo: number): SigninAttempt[] => [fail(oldestSecondsAgo), fail(0), fail(0), fail(0), fail(0)];

  it.each<[number, number]>([
    [0, 900], // a failure at this very instant blocks for a whole window
    [0.001, 900], // 899.999 s rounds up
    [60, 840],
    [600, 300],
    [600.75, 300], // 299.25 s left: rounded up, not to the nearest second
    [899, 1],
    [899.5, 1], // half a second left still says one second
  ])('oldest of the last five %d s ago → %d s', (oldestSecondsAgo, retryAfterSeconds) => {
    expect(decideSignin({ email: AN, ip: OFFICE_IP, now: NOW, attempts: fiveWithOldest(oldestSecondsAgo) })).toEqual(pairBlocked(retryAfterSeconds));
  });
});

describe('decideSignin: both limits, with a small policy (60 s, 2 per e-mail and IP, 3 per IP)', () => {
  const policy: ThrottlePolicy = { windowSeconds: 60, maxFailuresPerAccountAndIp: 2, maxFailuresPerIp: 3 };

  it.each<[string, SigninAttempt[], ThrottleDecision]>([
    ['only the pair limit', [fail(50), fail(10)], pairBlocked(10)],
    ['only the IP limit', [fail(50, BINH), fail(40, 'c@haiphong.gov.vn'), fail(10)], ipBlocked(10)],
    ['the pair waits longer', [fail(55, BINH), fail(50), fail(10)], pairBlocked(10)],
    ['the IP waits longer', [fail(30), fail(25, BINH), fail(20), fail(5, BINH)], ipBlocked(35)],
    ['equal waits report the pair', [fail(50), fail(40, BINH), fail(10)], pairBlocked(10)],
    ['a success clears the pair but not the IP', [fail(50), fail(40), success(35), fail(30, BINH)], ipBlocked(10)],
  ])('%s', (_label, attempts, expected) => {
    expect(decideSignin({ email: AN, ip: OFFICE_IP, now: NOW, attempts, policy })).toEqual(expected);
  });

  it.each<[string, ThrottlePolicy]>([
    ['a zero window', { ...policy, windowSeconds: 0 }],
    ['a zero pair limit', { ...policy, maxFailuresPerAccountAndIp: 0 }],
    ['a fractional IP limit', { ...policy, maxFailuresPerIp: 2.5 }],
    ['a NaN window', { ...policy, windowSeconds: Number.NaN }],
  ])('refuses a policy with %s', (_label, badPolicy) => {
    expect(() => decideSignin({ email: AN, ip: OFFICE_IP, now: NOW, attempts: [], policy: badPolicy })).toThrow(RangeError);
  });
});

describe('vietnameseRetryMessage', () => {
  it.each<[number, number]>([
    [1, 1],
    [59.5, 1],
    [60, 1],
    [61, 2],
    [300, 5],
    [405, 7],
    [900, 15],
    [0, 1],
    [-5, 1],
    [Number.NaN, 1],
  ])('%d s → %d phút', (seconds, minutes) => {
    expect(vietnameseRetryMessage(seconds)).toBe(`Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.`);
  });

  it('reads naturally for a decision', () => {
    const decision = decideSignin({ email: AN, ip: OFFICE_IP, now: NOW, attempts: failsAt(10, 8, 6, 4, 2) });
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(vietnameseRetryMessage(decision.retryAfterSeconds)).toBe('Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 5 phút.');
  });
});
