// Local suppression found through block views (#20) against the pairwise search it replaced (test/analysis/before/),
// cell by cell: wide keys (4–12 quasi-identifiers, so that the views are used), many missing patterns, large k.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { KeyMatrix } from '../../src/disclosure/keys.ts';
import { greedyPlan, localSuppression, pruneRedundant } from '../../src/disclosure/local-suppression.ts';
import { greedyPlan as greedyPlanBefore, localSuppression as localSuppressionBefore, pruneRedundant as pruneRedundantBefore } from '../analysis/before/local-suppression-before.ts';
import { dataset, type ColumnSpec } from './fixtures.ts';

const wideKeys = fc
  .record({ n: fc.integer({ min: 8, max: 260 }), q: fc.integer({ min: 4, max: 12 }), missing: fc.constantFrom(0, 0.05, 0.2, 0.5), seed: fc.integer() })
  .map(({ n, q, missing, seed }): KeyMatrix => {
    let s = seed >>> 0;
    const next = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    // Columns from 2 to 9 levels, some skewed, so the blocks differ in how selective they are.
    const levels = Array.from({ length: q }, () => 2 + Math.floor(next() * 8));
    const codes = Float64Array.from({ length: n * q }, (_, t) => {
      if (next() < missing) return NaN;
      const x = Math.floor(next() ** (t % 3 === 0 ? 3 : 1) * (levels[t % q] ?? 2));
      return x === 0 && next() < 0.5 ? -0 : x === 3 ? 3.25 : x;
    });
    return { n, names: Array.from({ length: q }, (_, j) => `q${String(j)}`), codes };
  });

test('the greedy plan and the pruned plan are the pairwise search’s, cell by cell and in order', () => {
  let cells = 0;
  fc.assert(
    fc.property(wideKeys, fc.integer({ min: 2, max: 10 }), fc.integer(), (keys, k, seed) => {
      const q = keys.names.length;
      const rank = Array.from({ length: q }, (_, j) => (Math.imul(seed, j + 1) >>> 3) % q);
      const greedy = greedyPlan(keys, k, rank);
      assert.deepEqual(greedy, greedyPlanBefore(keys, k, rank));
      assert.deepEqual(pruneRedundant(keys, k, greedy, rank), pruneRedundantBefore(keys, k, greedy, rank));
      cells += greedy.length;
    }),
    { numRuns: 120, seed: 4242 },
  );
  assert.ok(cells > 3000, `only ${String(cells)} suppressions were compared`);
});

test('localSuppression blanks the same values of the same records as the code before', () => {
  fc.assert(
    fc.property(wideKeys, fc.integer({ min: 2, max: 6 }), (keys, k) => {
      const q = keys.names.length;
      const columns: Record<string, ColumnSpec> = {};
      keys.names.forEach((name, j) => {
        columns[name] = { qi: true, values: Array.from({ length: keys.n }, (_, i) => (Number.isNaN(keys.codes[i * q + j] ?? NaN) ? null : (keys.codes[i * q + j] ?? null))) };
      });
      const d = dataset(columns);
      const options = { k, exactBudget: 10 };
      const now = localSuppression(d, options);
      const before = localSuppressionBefore(d, options);
      assert.deepEqual(now?.suppressed, before?.suppressed);
      assert.deepEqual(
        now?.dataset.variables.map((v) => [...v.missing]),
        before?.dataset.variables.map((v) => [...v.missing]),
      );
    }),
    { numRuns: 40, seed: 99 },
  );
});
