/** bench/lib/alternate.js: the order of the runs and the medians the HTTP benchmarks record. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { alternate, medianBy, medianRun, roundsFromEnvironment, runLabel } = require('../../bench/lib/alternate') as {
  alternate(options: { rounds: number; side: (round: number) => Promise<{ rps: number }>; baseline: (round: number) => Promise<{ rps: number }>; log?: (line: string) => void }): Promise<{
    side: { runs: { rps: number }[]; median: { rps: number } };
    baseline: { runs: { rps: number }[]; median: { rps: number } };
  }>;
  medianBy<T>(runs: T[], value: (run: T) => number): T;
  medianRun(runs: { rps: number }[]): { rps: number };
  runLabel(label: string, round: number): string;
  roundsFromEnvironment(env: Record<string, string | undefined>): number;
};

describe('medianRun', () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[9, 1, 8, 2], 2], // even count: the lower middle run
    [[4, 4, 1], 4],
  ])('of %j is the run with rps %d', (values, expected) => {
    const runs = values.map((rps, i) => ({ rps, i }));
    const median = medianRun(runs);
    expect(median.rps).toBe(expected);
    expect(runs).toContain(median); // a real run, latencies and all
  });

  it('refuses an empty list', () => expect(() => medianRun([])).toThrow('no run'));

  it('medianBy takes the median of any figure of the runs (the CPU per request of http-health)', () => {
    const runs = [{ cpu: 140 }, { cpu: 110 }, { cpu: 125 }];
    expect(medianBy(runs, (run) => run.cpu)).toBe(runs[2]);
  });
});

describe('runLabel', () => {
  it.each([
    ['app', 0, 'app, warm-up (not counted)'],
    ['app', 1, 'app'],
    ['bare Nest', 3, 'bare Nest'],
  ])('%s in round %d is named "%s"', (label, round, expected) => expect(runLabel(label, round)).toBe(expected));
});

describe('alternate', () => {
  it('warms each side up once, then alternates side and baseline, counting only the rounds', async () => {
    const order: string[] = [];
    const lines: string[] = [];
    const side = [100, 50, 70, 90];
    const baseline = [200, 100, 100, 100];
    const result = await alternate({
      rounds: 3,
      side: async (round) => (order.push(`side ${round}`), { rps: side[round] }),
      baseline: async (round) => (order.push(`baseline ${round}`), { rps: baseline[round] }),
      log: (line) => lines.push(line),
    });
    expect(order).toEqual(['side 0', 'baseline 0', 'side 1', 'baseline 1', 'side 2', 'baseline 2', 'side 3', 'baseline 3']);
    expect(result.side.runs.map((r) => r.rps)).toEqual([50, 70, 90]);
    expect(result.side.median.rps).toBe(70);
    expect(result.baseline.median.rps).toBe(100);
    expect(lines.at(-1)).toContain('ratio per round 0.500–0.900');
  });
});

describe('roundsFromEnvironment', () => {
  it.each([
    [undefined, 3],
    ['1', 1],
    ['5', 5],
  ])('BENCH_ROUNDS=%s gives %d rounds', (value, expected) => expect(roundsFromEnvironment({ BENCH_ROUNDS: value })).toBe(expected));

  it.each(['0', '2.5', 'many'])('BENCH_ROUNDS=%s is refused with its value', (value) => expect(() => roundsFromEnvironment({ BENCH_ROUNDS: value })).toThrow(`got ${value}`));
});
