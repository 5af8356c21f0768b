// The synthetic recruitment tree: seeds first, every recruit's recruiter came earlier and hands out no more coupons
// than the study's settings give; a plan that cannot be met is refused.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { recruitmentTree } from '../../src/sampling/synthetic-recruitment.ts';

test('every recruit comes after a recruiter who still had a coupon; the seeds come first', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (n, s, k, seed) => {
      const seeds = Math.min(s, n);
      const tree = recruitmentTree(xoshiro128ss(seed), { respondents: n, seeds, couponsPerRespondent: k });
      assert.equal(tree.length, n);
      tree.forEach((by, i) => {
        if (i < seeds) assert.equal(by, -1);
        else assert.ok(by >= 0 && by < i, `respondent ${i} recruited by ${by}`);
      });
      const handed = new Map<number, number>();
      for (const by of tree) if (by >= 0) handed.set(by, (handed.get(by) ?? 0) + 1);
      for (const count of handed.values()) assert.ok(count <= k);
    }),
  );
});

test('chains differ: with 30 respondents from 5 seeds and 3 coupons, some recruit nobody and some recruit three', () => {
  const tree = recruitmentTree(xoshiro128ss(7), { respondents: 30, seeds: 5, couponsPerRespondent: 3 });
  const recruits = Array.from({ length: 30 }, (_, i) => tree.filter((by) => by === i).length);
  assert.ok(recruits.includes(0) && recruits.includes(3), recruits.join(' '));
});

test('recruits without coupons to pass on, or more seeds than respondents, are a plan that cannot be met', () => {
  assert.throws(() => recruitmentTree(xoshiro128ss(1), { respondents: 10, seeds: 2, couponsPerRespondent: 0 }), RangeError);
  assert.throws(() => recruitmentTree(xoshiro128ss(1), { respondents: 3, seeds: 4, couponsPerRespondent: 2 }), RangeError);
  assert.deepEqual(recruitmentTree(xoshiro128ss(1), { respondents: 3, seeds: 3, couponsPerRespondent: 0 }), [-1, -1, -1]);
});
