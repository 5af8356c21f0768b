// The indexed key matches and risk measures (#20) against the pairwise code they replaced (test/analysis/before/),
// value by value, on random datasets with many missing patterns, -0 and fractional codes, and weights of every kind.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { keyMatches } from '../../src/disclosure/key-matches.ts';
import type { KeyMatrix, MissingInKeys } from '../../src/disclosure/keys.ts';
import { measureRisk } from '../../src/disclosure/measure-risk.ts';
import { matchingRows } from '../analysis/before/matching-rows-before.ts';
import { measureRisk as measureRiskBefore } from '../analysis/before/measure-risk-before.ts';
import { dataset, type ColumnSpec } from './fixtures.ts';

/** A key matrix: `q` columns with few levels, each cell missing with probability `missing` (many patterns). */
const keyMatrixArb = fc
  .record({ n: fc.integer({ min: 1, max: 160 }), q: fc.integer({ min: 0, max: 9 }), missing: fc.constantFrom(0, 0.05, 0.3, 0.6), levels: fc.integer({ min: 1, max: 5 }), seed: fc.integer() })
  .map(({ n, q, missing, levels, seed }): KeyMatrix => {
    let s = seed >>> 0;
    const next = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const codes = Float64Array.from({ length: n * q }, () => {
      if (next() < missing) return NaN;
      const x = Math.floor(next() * levels);
      // -0 equals 0 under ===, as the pairwise comparison has it; a fraction is a value like any other.
      return x === 0 && next() < 0.5 ? -0 : x === 2 ? 2.5 : x;
    });
    return { n, names: Array.from({ length: q }, (_, j) => `q${String(j)}`), codes };
  });

test('every record matches, distinct key by distinct key, the rows the pairwise comparison finds (both missing rules)', () => {
  fc.assert(
    fc.property(keyMatrixArb, fc.constantFrom<MissingInKeys>('wildcard', 'category'), (keys, rule) => {
      const oracle = matchingRows(keys, rule);
      const matches = keyMatches(keys, rule);
      for (let i = 0; i < keys.n; i++) {
        const found = matches
          .parts(matches.keyOf[i] ?? 0)
          .flat()
          .sort((a, b) => a - b);
        assert.deepEqual(found, [...(oracle[i] ?? [])], `record ${String(i)}`);
      }
    }),
    { numRuns: 300, seed: 2020 },
  );
});

test('more than 30 quasi-identifiers (patterns beyond a 32-bit mask) still match as the pairwise comparison does', () => {
  const n = 60;
  const q = 34;
  let s = 7;
  const codes = Float64Array.from({ length: n * q }, (_, t) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % 7 === 0 ? NaN : t % q < 30 ? 1 : (s >>> 4) % 2;
  });
  const keys: KeyMatrix = { n, names: Array.from({ length: q }, (_, j) => `q${String(j)}`), codes };
  const oracle = matchingRows(keys, 'wildcard');
  const matches = keyMatches(keys, 'wildcard');
  for (let i = 0; i < n; i++) assert.deepEqual(matches.parts(matches.keyOf[i] ?? 0).flat().sort((a, b) => a - b), [...(oracle[i] ?? [])]);
});

test('measureRisk gives every number of the pairwise code: f, F, risks, counts and l-diversity, with no, equal and random weights', () => {
  const arb = fc.record({
    keys: keyMatrixArb,
    rule: fc.constantFrom<MissingInKeys>('wildcard', 'category'),
    weights: fc.constantFrom('none', 'population', 'equal', 'random'),
    k: fc.integer({ min: 2, max: 6 }),
    l: fc.integer({ min: 1, max: 4 }),
    method: fc.constantFrom('approx' as const, 'exact' as const),
  });
  fc.assert(
    fc.property(arb, ({ keys, rule, weights, k, l, method }) => {
      const q = keys.names.length;
      const columns: Record<string, ColumnSpec> = {};
      keys.names.forEach((name, j) => {
        columns[name] = { qi: true, values: Array.from({ length: keys.n }, (_, i) => (Number.isNaN(keys.codes[i * q + j] ?? NaN) ? null : (keys.codes[i * q + j] ?? null))) };
      });
      // Two sensitive variables: one with few values (l-diversity is cut short there), one with many.
      columns['s1'] = { sensitive: true, values: Array.from({ length: keys.n }, (_, i) => (i % 5 === 0 ? null : (i * 7) % 3)) };
      columns['s2'] = { sensitive: true, values: Array.from({ length: keys.n }, (_, i) => (i % 4 === 1 ? null : (i * 13) % 17)) };
      const d = dataset(columns);
      const w =
        weights === 'equal'
          ? new Float64Array(keys.n).fill(0.1 + keys.n / 7)
          : weights === 'random'
            ? Float64Array.from({ length: keys.n }, (_, i) => 0.3 + ((i * 2654435761) % 1000) / 37)
            : undefined;
      const options = { quasiIdentifiers: keys.names, k, l, method, missingInKeys: rule, ...(w === undefined ? {} : { weights: w }), ...(weights === 'population' ? { populationSize: 10 * keys.n + 3 } : {}) };
      assert.deepEqual(measureRisk(d, options), measureRiskBefore(d, options));
    }),
    { numRuns: 300, seed: 77 },
  );
});
