import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { pairMedian } from '../../src/sampling/rds/analytic-se.ts';

/** R's median(outer(w, w)) written out: every ordered pair's product, sorted, the middle one (or the mean of the two). */
function naiveMedian(w: readonly number[]): number {
  const products: number[] = [];
  for (const a of w) for (const b of w) products.push(a * b);
  products.sort((x, y) => x - y);
  const half = Math.floor(products.length / 2);
  return products.length % 2 === 1 ? (products[half] ?? Number.NaN) : ((products[half - 1] ?? Number.NaN) + (products[half] ?? Number.NaN)) / 2;
}

test('pairMedian is the median of all ordered pair products, exactly, for weights 1/degree with repeats', () => {
  const degrees = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 60 });
  fc.assert(
    fc.property(degrees, (d) => {
      const w = d.map((x) => 1 / x);
      assert.equal(pairMedian(w), naiveMedian(w));
    }),
    { numRuns: 300 },
  );
});

test('pairMedian agrees on any finite weights, negative ones included (those take the sorting path)', () => {
  const weight = fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constantFrom(0, 0.25, 0.5, -0.5));
  fc.assert(
    fc.property(fc.array(weight, { minLength: 1, maxLength: 30 }), (w) => {
      // + 0: a product of 0 and a negative weight is −0; which zero sorts first does not matter.
      assert.equal(pairMedian(w) + 0, naiveMedian(w) + 0);
    }),
    { numRuns: 300 },
  );
});
