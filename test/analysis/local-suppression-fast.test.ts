// #20: the one-pass greedy search of local suppression suppresses exactly what the search before #20
// suppressed (test/analysis/before/), on random datasets with missing values, small and large k.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { localSuppression } from '../../src/disclosure/local-suppression.ts';
import { dataset } from '../disclosure/fixtures.ts';
import { localSuppression as localSuppressionBefore } from './before/local-suppression-before.ts';

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
