// Complementary suppression and per-release row order, in isolation.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { complementarySuppression } from '../../src/disclosure/complementary-suppression.ts';
import { replaceVariable, requireVariable, suppressRows } from '../../src/disclosure/edit.ts';
import { randomPermutation, shuffleRows } from '../../src/disclosure/shuffle-rows.ts';
import { MISSING_INDEX } from '../../src/instrument/missing.ts';
import { dataset } from './fixtures.ts';

const suppressedRows = (d: ReturnType<typeof dataset>, name: string): number[] => {
  const v = requireVariable(d, name);
  return Array.from(v.missing.keys()).filter((r) => v.missing[r] === MISSING_INDEX.suppressed);
};

test('when every suppressed value of a variable is one category, one value of the most common other category is suppressed too', () => {
  //                 rows: 0  1  2  3  4  5  6  7
  const d = dataset({ c: { values: [2, 2, 1, 1, 1, 3, 3, 1], qi: true } });
  const local = replaceVariable(d, suppressRows(requireVariable(d, 'c'), [0, 1])); // both 2s
  const r = complementarySuppression(d, local, ['c'], xoshiro128ss(1));
  assert.equal(r.total, 1);
  const rows = suppressedRows(r.dataset, 'c');
  assert.equal(rows.length, 3);
  const added = rows.find((x) => x > 1) ?? -1;
  assert.ok([2, 3, 4, 7].includes(added), `row ${added} holds the most common other value (1)`);
});

test('no complement when the suppressed values already differ, or when the variable has one value only', () => {
  const d = dataset({ c: { values: [2, 1, 1, 1, 1], qi: true }, k: { values: [5, 5, 5, 5, 5], qi: true } });
  let local = replaceVariable(d, suppressRows(requireVariable(d, 'c'), [0, 1]));
  local = replaceVariable(local, suppressRows(requireVariable(local, 'k'), [2]));
  const r = complementarySuppression(d, local, ['c', 'k'], xoshiro128ss(1));
  assert.equal(r.total, 0);
  assert.deepEqual(r.added, [{ variable: 'c', count: 0 }, { variable: 'k', count: 0 }]);
});

test('property: after complementary suppression, no variable with a suppressed value has all its suppressed values equal while another value is shown', () => {
  const col = (n: number) => fc.array(fc.integer({ min: 1, max: 4 }), { minLength: n, maxLength: n });
  fc.assert(
    fc.property(
      fc.integer({ min: 3, max: 40 }).chain((n) => fc.tuple(col(n), fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }))),
      fc.integer(),
      ([values, hide], seed) => {
        const d = dataset({ c: { values, qi: true } });
        const local = replaceVariable(d, suppressRows(requireVariable(d, 'c'), [...new Set(hide)]));
        const out = complementarySuppression(d, local, ['c'], xoshiro128ss(seed)).dataset;
        const rows = suppressedRows(out, 'c');
        const hidden = new Set(rows.map((r) => values[r]));
        const shown = new Set(values.filter((_, r) => !rows.includes(r)));
        return rows.length === 0 || hidden.size >= 2 || [...shown].every((x) => hidden.has(x));
      },
    ),
    { numRuns: 300 },
  );
});

test('property: a shuffled release holds the same rows in another order', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 9 })), { minLength: 1, maxLength: 50 }), fc.integer(), (rows, seed) => {
      const d = dataset({ a: { values: rows.map((r) => r[0]) }, b: { values: rows.map((r) => r[1]) } });
      const s = shuffleRows(d, xoshiro128ss(seed));
      const tuples = (x: typeof d) => Array.from({ length: x.n }, (_, i) => x.variables.map((v) => (v.type === 'text' ? v.values[i] : v.values[i])).join(',')).sort();
      return JSON.stringify(tuples(s)) === JSON.stringify(tuples(d));
    }),
  );
  const order = (seed: number) => Array.from(randomPermutation(200, xoshiro128ss(seed)));
  assert.deepEqual([...order(1)].sort((a, b) => a - b), Array.from({ length: 200 }, (_, i) => i));
  assert.notDeepEqual(order(1), order(2));
});
