'use strict';
/**
 * One benchmark result, printed as one JSON line on stdout:
 *   {"name","value","unit","baseline","ratio","goal":{"op","value"},"pass"}
 * `baseline` is measured in the same run; `ratio` = value / baseline. The benchmark computes
 * `pass` by comparing one of them with `goal.value` using `goal.op` (">=" or "<="): `value` for
 * absolute goals (e.g. p95 <= 50 ms), `ratio` for relative ones (e.g. rps >= 0.05 of the
 * baseline). Each benchmark says which in its header comment and bench/README.md lists them.
 */

function round(x, digits = 3) {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** `goal.of`: 'value' (default) or 'ratio' — what `goal.value` is compared with; not printed. */
function makeRecord(name, value, unit, baseline, goal) {
  if (goal.op !== '>=' && goal.op !== '<=') throw new Error(`${name}: goal.op must be ">=" or "<=", got ${goal.op}`);
  const of = goal.of ?? 'value';
  if (of !== 'value' && of !== 'ratio') throw new Error(`${name}: goal.of must be "value" or "ratio", got ${of}`);
  const ratio = baseline > 0 ? value / baseline : null;
  const measured = of === 'ratio' ? ratio : value;
  const pass = measured !== null && Number.isFinite(measured) && (goal.op === '>=' ? measured >= goal.value : measured <= goal.value);
  return { name, value: round(value), unit, baseline: round(baseline), ratio: ratio === null ? null : round(ratio, 4), goal: { op: goal.op, value: goal.value }, pass };
}

function printRecord(record) {
  process.stdout.write(JSON.stringify(record) + '\n');
}

module.exports = { makeRecord, printRecord, round };
