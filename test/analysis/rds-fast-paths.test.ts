// The flat tree bootstrap, the report's RDS-II shares and the tree/RDS-II bootstrap give the numbers of
// the implementations before #20 (test/analysis/before/) bit for bit, on random recruitment trees.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { bootstrapProportions } from '../../src/sampling/rds/bootstrap.ts';
import { categoriesOf } from '../../src/sampling/rds/sample.ts';
import { drawTreeReplicates, rds2ReplicateShares, rds2Share } from '../../src/sampling/rds/tree-replicates.ts';
import { reportReplicatesBefore, treeRds2DrawsBefore, weightedShareBefore } from './before/rds-bootstrap-before.ts';
import { randomRdsSample } from './random-rds.ts';

const CASES = 40;

test('drawTreeReplicates draws the respondents treeResampler drew, in the same order, from the same stream', () => {
  const gen = xoshiro128ss(101);
  for (let c = 0; c < CASES; c++) {
    const sample = randomRdsSample(gen, 1 + gen.nextInt(200), ['a', 'b']);
    const seed = gen.nextUint32();
    const before = reportReplicatesBefore(sample.recruiter, sample.degree, xoshiro128ss(seed), 25);
    const after = drawTreeReplicates(sample.recruiter, xoshiro128ss(seed), 25);
    assert.equal(after.length, 25);
    assert.deepEqual(after.draws.map((d) => [...d]), before, `case ${String(c)}`);
  }
});

test('rds2Share and rds2ReplicateShares equal estimateProportions over resampled samples, bit for bit', () => {
  const gen = xoshiro128ss(202);
  let compared = 0;
  for (let c = 0; c < CASES; c++) {
    const n = 1 + gen.nextInt(150);
    const sample = randomRdsSample(gen, n, ['x']);
    // Sparse bases too, so that some replicates draw nobody in the base and are dropped.
    const baseRate = 1 + gen.nextInt(10);
    const inBase = sample.degree.map(() => gen.nextInt(baseRate) === 0);
    const inCategory = sample.degree.map(() => gen.nextInt(3) === 0);
    const seed = gen.nextUint32();
    const reps = drawTreeReplicates(sample.recruiter, xoshiro128ss(seed), 60);
    const before = weightedShareBefore(sample.degree, reps.draws.map((d) => [...d]), inBase, inCategory);
    const invDegree = Float64Array.from(sample.degree, (d) => 1 / d);
    const base = Uint8Array.from(inBase, Number);
    const category = Uint8Array.from(inCategory, Number);
    const point = rds2Share(invDegree, base, category);
    if (before === null) {
      assert.ok(Number.isNaN(point), `case ${String(c)}: no one in the base gives NaN`);
      continue;
    }
    const out = new Float64Array(reps.length);
    const kept = rds2ReplicateShares(reps, invDegree, base, category, out);
    assert.equal(point, before.point, `case ${String(c)}: point`);
    assert.deepEqual([...out.subarray(0, kept).sort()], before.draws, `case ${String(c)}: replicates`);
    compared += 1;
  }
  assert.ok(compared > CASES / 2, `only ${String(compared)} cases had a base`);
});

test('bootstrapProportions (tree, rds2) returns the draws, errors and intervals of the generic path', () => {
  const gen = xoshiro128ss(303);
  for (let c = 0; c < CASES; c++) {
    const sample = randomRdsSample(gen, 2 + gen.nextInt(150), ['1', '2', '3', '4'].slice(0, 1 + gen.nextInt(4)), 1 + gen.nextInt(20));
    const seed = gen.nextUint32();
    const got = bootstrapProportions(sample, { method: 'tree', estimator: 'rds2', replicates: 30, rng: xoshiro128ss(seed) });
    const want = treeRds2DrawsBefore(sample, categoriesOf(sample.outcome), xoshiro128ss(seed), 30);
    if (want.draws.length < 2) {
      assert.equal(got.ok, false, `case ${String(c)}`);
      continue;
    }
    assert.ok(got.ok, `case ${String(c)}`);
    assert.deepEqual(got.value.draws, want.draws, `case ${String(c)}`);
    assert.equal(got.value.failed, want.failed);
  }
});
