// The report's one-pass prefix shares give estimateProportions' RDS-II shares over each prefix (the form before #20).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { estimateProportions } from '../../src/sampling/rds/estimate.ts';
import { rds2PrefixShares } from '../../src/sampling/rds/prefix-shares.ts';
import { subSample } from '../../src/sampling/rds/sample.ts';
import { randomRdsSample } from './random-rds.ts';

test('rds2PrefixShares equals estimateProportions on every prefix to 1e-12, on 60 random samples and orders', () => {
  const gen = xoshiro128ss(404);
  const categories = ['x', 'y', 'z'];
  let compared = 0;
  for (let c = 0; c < 60; c++) {
    const sample = randomRdsSample(gen, 1 + gen.nextInt(120), ['x', 'y', 'z']);
    // A random subset in a random order, as a chain's members are a subset of the rows.
    const idx = sample.degree.map((_, i) => i).filter(() => gen.nextInt(3) > 0);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = gen.nextInt(i + 1);
      [idx[i], idx[j]] = [idx[j] ?? 0, idx[i] ?? 0];
    }
    const sizes = Array.from({ length: idx.length }, (_, k) => k + 1).filter((k) => k % 7 === 0 || k === idx.length);
    const fast = rds2PrefixShares(sample, idx, categories, sizes);
    sizes.forEach((k, s) => {
      const slow = estimateProportions(subSample(sample, idx.slice(0, k)), { estimator: 'rds2', categories });
      const got = fast[s] ?? null;
      if (!slow.ok) {
        assert.equal(got, null, `case ${String(c)} prefix ${String(k)}`);
        return;
      }
      assert.ok(got !== null, `case ${String(c)} prefix ${String(k)}`);
      slow.value.proportions.forEach((p, j) => {
        assert.ok(Math.abs((got[j] ?? Number.NaN) - p) <= 1e-12, `case ${String(c)} prefix ${String(k)}: ${String(got[j])} vs ${String(p)}`);
      });
      compared++;
    });
  }
  assert.ok(compared > 200, String(compared));
});
