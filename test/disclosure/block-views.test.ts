// Block views' look-ups against a scan of every record: with many missing patterns the finer views run out
// (FINE_VIEWS) and look-ups try each value of a record's missing columns; none may be missed or listed twice.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BlockViews } from '../../src/disclosure/block-views.ts';
import { KeyPostings } from '../../src/disclosure/key-postings.ts';

interface Keys {
  readonly n: number;
  readonly q: number;
  readonly codes: Float64Array;
  readonly suppress: readonly number[];
}

const keys = fc
  .record({ n: fc.integer({ min: 40, max: 220 }), q: fc.integer({ min: 8, max: 14 }), missing: fc.constantFrom(0.1, 0.25, 0.4), seed: fc.integer() })
  .map(({ n, q, missing, seed }): Keys => {
    let s = seed >>> 0;
    const next = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const levels = Array.from({ length: q }, () => 2 + Math.floor(next() * 4));
    const codes = Float64Array.from({ length: n * q }, (_, t) => (next() < missing ? NaN : Math.floor(next() * (levels[t % q] ?? 2))));
    return { n, q, codes, suppress: Array.from({ length: n }, () => Math.floor(next() * n * q)) };
  });

/** Columns where a and b both hold a value and differ. */
function differing(codes: Float64Array, q: number, a: number, b: number): number {
  let d = 0;
  for (let j = 0; j < q; j++) {
    const x = codes[a * q + j] ?? NaN;
    const y = codes[b * q + j] ?? NaN;
    if (x !== y && !Number.isNaN(x) && !Number.isNaN(y)) d++;
  }
  return d;
}

function check(postings: KeyPostings, n: number, q: number): void {
  for (let row = 0; row < n; row++) {
    const near = postings.neighbours(row);
    assert.equal(new Set(near).size, near.length, `row ${String(row)}: a neighbour listed twice`);
    const possible = postings.possibleMatches(row, -1);
    assert.equal(new Set(possible).size, possible.length, `row ${String(row)}: a possible match listed twice`);
    const nearSet = new Set(near);
    const possibleSet = new Set(possible);
    for (let r = 0; r < n; r++) {
      const d = differing(postings.codes, q, row, r);
      if (d <= 1) assert.ok(nearSet.has(r), `row ${String(row)}: neighbour ${String(r)} missed`);
      if (d === 0) assert.ok(possibleSet.has(r), `row ${String(row)}: match ${String(r)} missed`);
    }
  }
}

test('neighbours and possible matches miss no record and list none twice, also once the finer views run out', () => {
  let tried = 0;
  fc.assert(
    fc.property(keys, ({ n, q, codes, suppress }) => {
      const postings = new KeyPostings({ n, names: Array.from({ length: q }, (_, j) => `q${String(j)}`), codes });
      check(postings, n, q);
      for (const t of suppress) postings.setCode(Math.floor(t / q), t % q, NaN);
      check(postings, n, q);
      // The same look-ups on views of their own: rows whose groups hold a column they miss tried its values.
      const views = new BlockViews(Float64Array.from(postings.codes), q);
      for (let row = 0; row < n; row++) {
        const groups = views.groups(row);
        const all = groups.reduce((a, g) => a | g, 0);
        for (const g of groups) views.agreeing(row, all & ~g, [], g);
        for (let j = 0; j < q; j++) if ((all >>> j) & 1 && Number.isNaN(postings.codes[row * q + j] ?? NaN)) tried++;
      }
    }),
    { numRuns: 40, seed: 2026 },
  );
  assert.ok(tried > 100, `only ${String(tried)} missing columns were tried by value`);
});
