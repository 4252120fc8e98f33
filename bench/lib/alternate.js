'use strict';
/**
 * Measures a side and its baseline in alternation — side, baseline, side, baseline … for `rounds`
 * rounds — and keeps the median of each. This machine's speed drifts by up to 2× within an hour
 * (the bare Nest route of http-health ran at 17,500 req/s at 13:00 and 7,300 at 15:30 on
 * 07/12/2026, same code): two back-to-back measurements, one per side, put that drift into the
 * ratio. Alternating gives both sides the same share of slow and fast moments, and the median
 * drops the round a neighbour disturbed.
 *
 *   const { side, baseline } = await alternate({ rounds: 3, side: () => measure(app), baseline: () => measure(bare), log });
 *   side.median.rps, baseline.median.rps, side.runs (every round's result, in order)
 * Each side first runs once uncounted (round 0: a warm-up). Each `run(round)` resolves to an object
 * with a numeric `rps`; `median` is the run with the median rps (for an even count, the lower middle
 * one), so its latencies are those of a real run.
 */

/** How many rounds the benchmarks alternate: BENCH_ROUNDS, 3 unless set (at least 1). */
function roundsFromEnvironment(env = process.env) {
  const rounds = Number(env.BENCH_ROUNDS || 3);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`BENCH_ROUNDS must be a whole number ≥ 1, got ${env.BENCH_ROUNDS}`);
  return rounds;
}

/** The run with the median `value(run)` (the lower middle one for an even count). */
function medianBy(runs, value) {
  if (runs.length === 0) throw new Error('no run to take a median of');
  const sorted = [...runs].sort((a, b) => value(a) - value(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The run with the median rps. */
const medianRun = (runs) => medianBy(runs, (run) => run.rps);

/** How a run is named on stderr: round 0 is the uncounted warm-up. */
const runLabel = (label, round) => (round === 0 ? `${label}, warm-up (not counted)` : label);

async function alternate({ rounds, side, baseline, log = () => undefined, labels = ['side', 'baseline'] }) {
  // One run of each first, not counted: the JIT compiles each side's code paths on its first
  // seconds of traffic (a cold first round of the app ran at 64% of its next one).
  await side(0);
  await baseline(0);
  const sideRuns = [];
  const baselineRuns = [];
  for (let round = 1; round <= rounds; round++) {
    const s = await side(round);
    sideRuns.push(s);
    const b = await baseline(round);
    baselineRuns.push(b);
    log(`round ${round}/${rounds}: ${labels[0]} ${s.rps.toFixed(0)} req/s, ${labels[1]} ${b.rps.toFixed(0)} req/s, ratio ${(s.rps / b.rps).toFixed(3)}`);
  }
  const result = { side: { runs: sideRuns, median: medianRun(sideRuns) }, baseline: { runs: baselineRuns, median: medianRun(baselineRuns) } };
  const ratios = sideRuns.map((s, i) => s.rps / baselineRuns[i].rps).sort((a, b) => a - b);
  log(`${rounds} rounds: ratio per round ${ratios[0].toFixed(3)}–${ratios[ratios.length - 1].toFixed(3)}; medians ${result.side.median.rps.toFixed(0)} / ${result.baseline.median.rps.toFixed(0)} req/s = ${(result.side.median.rps / result.baseline.median.rps).toFixed(3)}`);
  return result;
}

module.exports = { alternate, medianBy, medianRun, roundsFromEnvironment, runLabel };
