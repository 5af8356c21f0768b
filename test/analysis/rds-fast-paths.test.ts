// The counted tree bootstrap, the report's RDS-II shares and the tree/RDS-II bootstrap give the numbers of
// the implementations before #20 (test/analysis/before/), on random recruitment trees.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xoshiro128ss, type Rng } from '../../src/core/rng.ts';
import { bootstrapProportions } from '../../src/sampling/rds/bootstrap.ts';
import { categoriesOf } from '../../src/sampling/rds/sample.ts';
import { drawTreeReplicates, Rds2ReplicateShares, rds2ReplicateSums, rds2Share, type TreeReplicates } from '../../src/sampling/rds/tree-replicates.ts';
import { reportReplicatesBefore, treeRds2DrawsBefore, weightedShareBefore } from './before/rds-bootstrap-before.ts';
import { randomRdsSample } from './random-rds.ts';

const CASES = 40;

/** How often each replicate drew each respondent, as drawTreeReplicates lays it out. */
function tally(n: number, replicates: readonly (readonly number[])[]): number[] {
  const out = new Array<number>(n * replicates.length).fill(0);
  replicates.forEach((picks, r) => {
    for (const i of picks) out[i * replicates.length + r] = (out[i * replicates.length + r] ?? 0) + 1;
  });
  return out;
}

const exactCounts = (reps: TreeReplicates): number[] => Array.from(reps.counts, (c, at) => (c === 255 ? (reps.overflow.get(at) ?? Number.NaN) : c));

test('drawTreeReplicates counts the respondents treeResampler drew, from the same random stream', () => {
  const gen = xoshiro128ss(101);
  for (let c = 0; c < CASES; c++) {
    const sample = randomRdsSample(gen, 1 + gen.nextInt(200), ['a', 'b']);
    const seed = gen.nextUint32();
    const before = reportReplicatesBefore(sample.recruiter, sample.degree, xoshiro128ss(seed), 25);
    const after = drawTreeReplicates(sample.recruiter, xoshiro128ss(seed), 25);
    assert.equal(after.length, 25);
    assert.deepEqual(exactCounts(after), tally(sample.degree.length, before), `case ${String(c)}`);
  }
});

test('a respondent drawn 255 times or more keeps its exact count, and the sums use it', () => {
  // A generator stuck at 0 draws the first seed for every seed slot: 300 times in each replicate.
  const stuck: Rng = { nextUint32: () => 0, nextInt: () => 0, nextFloat: () => 0 };
  const recruiter = [...Array.from({ length: 300 }, () => -1), 0, 300];
  const reps = drawTreeReplicates(recruiter, stuck, 3);
  const before = reportReplicatesBefore(recruiter, recruiter.map(() => 1), stuck, 3);
  assert.deepEqual(exactCounts(reps), tally(recruiter.length, before));
  assert.equal(reps.overflow.get(0), 300);
  const invDegree = Float64Array.from(recruiter, (_, i) => 1 / (i + 1));
  const sums = new Float64Array(3);
  rds2ReplicateSums(reps, invDegree, Uint8Array.from(recruiter, (_, i) => (i === 0 || i === 301 ? 1 : 0)), sums);
  assert.deepEqual([...sums], [300 + 300 / 302, 300 + 300 / 302, 300 + 300 / 302]);
});

test('the report’s RDS-II shares equal estimateProportions over the resampled samples', () => {
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
    const before = weightedShareBefore(sample.degree, reportReplicatesBefore(sample.recruiter, sample.degree, xoshiro128ss(seed), 60), inBase, inCategory);
    const reps = drawTreeReplicates(sample.recruiter, xoshiro128ss(seed), 60);
    const invDegree = Float64Array.from(sample.degree, (d) => 1 / d);
    const base = Uint8Array.from(inBase, Number);
    const category = Uint8Array.from(inCategory, Number);
    const point = rds2Share(invDegree, base, category);
    if (before === null) {
      assert.ok(Number.isNaN(point), `case ${String(c)}: no one in the base gives NaN`);
      continue;
    }
    // The point estimate is summed in the same order: bit for bit.
    assert.equal(point, before.point, `case ${String(c)}: point`);
    // Replicates are summed respondent by respondent rather than in drawing order: equal to rounding.
    const out = new Float64Array(reps.length);
    const kept = new Rds2ReplicateShares(reps, invDegree).shares(base, category, out);
    const got = [...out.subarray(0, kept).sort()];
    assert.equal(got.length, before.draws.length, `case ${String(c)}: replicates kept`);
    got.forEach((x, r) => {
      assert.ok(Math.abs(x - (before.draws[r] ?? Number.NaN)) <= 1e-14, `case ${String(c)} replicate ${String(r)}: ${String(x)} vs ${String(before.draws[r])}`);
    });
    compared += 1;
  }
  assert.ok(compared > CASES / 2, `only ${String(compared)} cases had a base`);
});

test('Rds2ReplicateShares keeps the base totals only while the base is the same', () => {
  const gen = xoshiro128ss(404);
  const sample = randomRdsSample(gen, 120, ['x']);
  const reps = drawTreeReplicates(sample.recruiter, xoshiro128ss(9), 40);
  const invDegree = Float64Array.from(sample.degree, (d) => 1 / d);
  const shares = new Rds2ReplicateShares(reps, invDegree);
  const cat = Uint8Array.from(sample.degree, () => gen.nextInt(2));
  const baseA = Uint8Array.from(sample.degree, () => (gen.nextInt(3) === 0 ? 0 : 1));
  const baseB = Uint8Array.from(baseA, (b, i) => (i % 2 === 0 ? 1 : b));
  const fresh = (base: Uint8Array): number[] => {
    const out = new Float64Array(40);
    return [...out.subarray(0, new Rds2ReplicateShares(reps, invDegree).shares(base, cat, out))];
  };
  const out = new Float64Array(40);
  for (const base of [baseA, baseA, baseB, baseA]) assert.deepEqual([...out.subarray(0, shares.shares(base, cat, out))], fresh(base));
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
