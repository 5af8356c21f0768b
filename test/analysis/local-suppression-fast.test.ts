// #20: the indexed greedy search of local suppression suppresses exactly what the pairwise search before #20
// suppressed (test/analysis/before/ keeps it as the oracle), on random datasets with missing values, small and large k.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { greedyPlan, isKAnonymous, localSuppression, pruneRedundant } from '../../src/disclosure/local-suppression.ts';
import { dataset } from '../disclosure/fixtures.ts';
import { greedyPlan as greedyPlanBefore, isKAnonymous as isKAnonymousBefore, localSuppression as localSuppressionBefore, pruneRedundant as pruneRedundantBefore } from './before/local-suppression-before.ts';

test('local suppression gives the plan, counts and dataset of the code before #20 on random datasets', () => {
  const rng = xoshiro128ss(2020);
  let suppressedSomething = 0;
  for (let c = 0; c < 60; c++) {
    const n = 5 + rng.nextInt(c % 4 === 0 ? 600 : 120);
    const q = 1 + rng.nextInt(5);
    const columns = Object.fromEntries(
      Array.from({ length: q }, (_, j) => [`q${String(j)}`, { qi: true, values: Array.from({ length: n }, () => (rng.nextInt(8) === 0 ? null : rng.nextInt(2 + rng.nextInt(5)))) }]),
    );
    const d = dataset(columns);
    const k = 2 + rng.nextInt(4);
    // A tiny exact budget now and then, so that both the exact search and the greedy plan are compared.
    const options = { k, exactBudget: rng.nextInt(3) === 0 ? 50_000 : 10 };
    const before = localSuppressionBefore(d, options);
    const now = localSuppression(d, options);
    if (before === undefined) {
      assert.equal(now, undefined, `case ${String(c)}`);
      continue;
    }
    assert.ok(now !== undefined, `case ${String(c)}`);
    assert.deepEqual(now.suppressed, before.suppressed, `case ${String(c)}`);
    assert.equal(now.total, before.total);
    assert.equal(now.optimal, before.optimal);
    const missingOf = (x: { dataset: { variables: readonly { name: string; missing: Uint8Array }[] } }): Record<string, number[]> => Object.fromEntries(x.dataset.variables.map((v) => [v.name, [...v.missing]]));
    assert.deepEqual(missingOf(now), missingOf(before), `case ${String(c)}`);
    if (now.total > 0) suppressedSomething += 1;
  }
  assert.ok(suppressedSomething > 20, `only ${String(suppressedSomething)} cases needed suppression`);
});

test('the indexed greedy plan and pruning give the cells of the pairwise search before, in order', () => {
  const rng = xoshiro128ss(4242);
  let cells = 0;
  for (let c = 0; c < 80; c++) {
    const n = 12 + rng.nextInt(c % 5 === 0 ? 1500 : 200);
    const q = 1 + rng.nextInt(6);
    const missingRate = [0, 0.05, 0.3, 0.7][rng.nextInt(4)] ?? 0;
    const levels = Array.from({ length: q }, () => 2 + rng.nextInt(c % 3 === 0 ? 30 : 6));
    // Codes with fractions, and -0 (equal to 0 under ===, as the search compares them).
    const codes = Float64Array.from({ length: n * q }, (_, t) => {
      if (rng.nextFloat() < missingRate) return NaN;
      const x = rng.nextInt(levels[t % q] ?? 2);
      return x === 0 && rng.nextInt(2) === 0 ? -0 : x === 3 ? 2.5 : x;
    });
    const keys = { n, names: Array.from({ length: q }, (_, j) => `q${String(j)}`), codes };
    const k = 2 + rng.nextInt(c % 4 === 0 ? 9 : 4);
    const rank = Array.from({ length: q }, () => rng.nextInt(q));
    const greedy = greedyPlan(keys, k, rank);
    assert.deepEqual(greedy, greedyPlanBefore(keys, k, rank), `greedy, case ${String(c)}`);
    assert.deepEqual(pruneRedundant(keys, k, greedy, rank), pruneRedundantBefore(keys, k, greedy, rank), `pruned, case ${String(c)}`);
    assert.equal(isKAnonymous(keys, k), isKAnonymousBefore(keys, k), `k-anonymous, case ${String(c)}`);
    cells += greedy.length;
  }
  assert.ok(cells > 1000, `only ${String(cells)} suppressions were compared`);
});
