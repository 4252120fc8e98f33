import { availableParallelism } from 'node:os';
import { HASHING_CONCURRENCY, hashingLoad, hashPassword, verifyPassword } from './passwords';

describe('password hashing', () => {
  it('leaves a core to the main thread: one fewer hash at a time than cores (at least one)', () => {
    expect(HASHING_CONCURRENCY).toBe(Math.max(1, availableParallelism() - 1));
  });

  it('a burst of hashes and verifications queues beyond that, and each still gives the right answer', async () => {
    const passwords = Array.from({ length: HASHING_CONCURRENCY + 4 }, (_, i) => `mật khẩu thứ ${i} đủ dài`);
    const hashing = passwords.map((p) => hashPassword(p));
    await new Promise(setImmediate); // p-limit starts the first ones on the next turn
    expect(hashingLoad()).toEqual({ running: HASHING_CONCURRENCY, waiting: 4 });
    let busiest = 0;
    const sampler = setInterval(() => (busiest = Math.max(busiest, hashingLoad().running)), 1);
    try {
      const hashes = await Promise.all(hashing);
      expect(hashingLoad()).toEqual({ running: 0, waiting: 0 });
      const checks = [...hashes.map((h, i) => verifyPassword(h, passwords[i])), verifyPassword(hashes[0], passwords[1])];
      await new Promise(setImmediate);
      expect(hashingLoad().running).toBe(HASHING_CONCURRENCY);
      expect(await Promise.all(checks)).toEqual([...passwords.map(() => true), false]);
    } finally {
      clearInterval(sampler);
    }
    expect(busiest).toBeLessThanOrEqual(HASHING_CONCURRENCY);
  });
});
