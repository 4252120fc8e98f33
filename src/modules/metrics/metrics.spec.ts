import type { Request } from 'express';
import { routeLabel } from './http-metrics.middleware';
import { Metrics } from './metrics';
import { carriesToken } from './metrics-token.middleware';

describe('metrics', () => {
  it('each application has its own registry: two instances count apart', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.countDispatch({ sent: 3, retried: 1, dead: 0 });
    expect((await a.mailSent.get()).values[0].value).toBe(3);
    expect((await b.mailSent.get()).values[0].value).toBe(0);
    const failures = (await a.mailFailures.get()).values.map((v) => [v.labels.kind, v.value]);
    expect(failures).toEqual([
      ['retry', 1],
      ['dead', 0],
    ]);
  });

  it('accepts only `Authorization: Bearer <token>` with exactly the token', () => {
    const token = 'x'.repeat(40);
    expect(carriesToken(`Bearer ${token}`, token)).toBe(true);
    expect(carriesToken(`bearer   ${token}`, token)).toBe(true);
    expect(carriesToken(token, token)).toBe(false);
    expect(carriesToken(`Bearer ${token}x`, token)).toBe(false);
    expect(carriesToken(`Bearer ${token.slice(1)}`, token)).toBe(false);
    expect(carriesToken(undefined, token)).toBe(false);
  });

  it('labels a request with its route pattern, or "unmatched"', () => {
    const req = (route?: { path: unknown }) => ({ route, originalUrl: '/api/instances/0b0e…' }) as unknown as Request;
    expect(routeLabel(req({ path: '/api/instances/:id' }))).toBe('/api/instances/:id');
    expect(routeLabel(req())).toBe('unmatched');
    expect(routeLabel(req({ path: '/{*path}' }))).toBe('unmatched');
    expect(routeLabel(req({ path: /regex/ }))).toBe('unmatched');
  });
});
