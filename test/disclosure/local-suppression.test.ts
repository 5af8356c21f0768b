import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { expectOk } from '../../src/core/result.ts';
import { localSuppression } from '../../src/disclosure/local-suppression.ts';
import { measureRisk } from '../../src/disclosure/measure-risk.ts';
import { applyRecodes } from '../../src/disclosure/recode.ts';
import { topBottomCode } from '../../src/disclosure/top-code.ts';
import { MISSING_INDEX } from '../../src/instrument/missing.ts';
import { dataset } from './fixtures.ts';

type Row = readonly (number | null)[];

/** k-anonymity checked from scratch (missing matches anything), independent of src/. */
function kAnonymous(rows: readonly Row[], k: number): boolean {
  const match = (a: Row, b: Row) => a.every((x, j) => x === null || b[j] === null || x === b[j]);
  return rows.every((a) => rows.filter((b) => match(a, b)).length >= k);
}

/** Every way to blank `size` of the given cells, tried by brute force: is any k-anonymous? */
function someSuppressionOfSize(rows: readonly Row[], size: number, k: number): boolean {
  const cells: [number, number][] = [];
  rows.forEach((r, i) => {
    r.forEach((v, j) => {
      if (v !== null) cells.push([i, j]);
    });
  });
  const pick = (start: number, left: number, current: Row[]): boolean => {
    if (left === 0) return kAnonymous(current, k);
    for (let t = start; t < cells.length; t++) {
      const [i, j] = cells[t]!;
      const next = current.map((r, ri) => (ri === i ? r.map((v, ci) => (ci === j ? null : v)) : r));
      if (pick(t + 1, left - 1, next)) return true;
    }
    return false;
  };
  return pick(0, size, [...rows]);
}

const rowsOf = (cols: readonly (readonly (number | null)[])[]): Row[] => cols[0]!.map((_, i) => cols.map((c) => c[i] ?? null));

test('local suppression reaches k = 2 with the proven minimum of 3 suppressions', () => {
  // A (1,1,1) B (1,1,2) C (1,2,1) D (2,2,2) E (2,2,2) F (2,1,1): A, B, C, F are sample uniques.
  const a = [1, 1, 1, 2, 2, 2];
  const b = [1, 1, 2, 2, 2, 1];
  const c = [1, 2, 1, 2, 2, 1];
  const rows = rowsOf([a, b, c]);
  // By hand: one suppression changes one record, and can fix at most that record and one partner;
  // C and F differ from each other in two places, so 2 suppressions cannot fix A, B, C and F.
  // The brute force below confirms it over all 1 + 18 + 153 sets of ≤ 2 cells.
  assert.equal(someSuppressionOfSize(rows, 0, 2) || someSuppressionOfSize(rows, 1, 2) || someSuppressionOfSize(rows, 2, 2), false);
  assert.equal(someSuppressionOfSize(rows, 3, 2), true);

  const d = dataset({ a: { values: a, qi: true }, b: { values: b, qi: true }, c: { values: c, qi: true } });
  const result = localSuppression(d, { k: 2 })!;
  assert.equal(result.total, 3);
  assert.equal(result.optimal, true);
  assert.equal(result.suppressedAs, 'suppressed');
  const after = rowsOf(['a', 'b', 'c'].map((name) => {
    const v = result.dataset.variables.find((x) => x.name === name)!;
    return Array.from({ length: 6 }, (_, i) => (v.missing[i] === 0 ? (v.type === 'text' ? null : v.values[i]!) : null));
  }));
  assert.ok(kAnonymous(after, 2));
  // Suppressed values are marked with the documented missing kind.
  const marked = result.dataset.variables.reduce((s, v) => s + v.missing.filter((m) => m === MISSING_INDEX.suppressed).length, 0);
  assert.equal(marked, 3);
  assert.equal(measureRisk(result.dataset, { k: 2 }).kAchieved >= 2, true);
});

test('already k-anonymous: nothing suppressed; n < k: refused', () => {
  const d = dataset({ a: { values: [1, 1, 1, 2, 2, 2], qi: true } });
  assert.equal(localSuppression(d, { k: 3 })!.total, 0);
  assert.equal(localSuppression(d, { k: 7 }), undefined);
});

test('property: after local suppression no record is in a key with fewer than k records', () => {
  const col = (n: number, max: number) => fc.array(fc.option(fc.integer({ min: 1, max }), { nil: null, freq: 8 }), { minLength: n, maxLength: n });
  fc.assert(
    fc.property(
      fc.integer({ min: 5, max: 40 }).chain((n) => fc.tuple(col(n, 2), col(n, 4), col(n, 6), fc.integer({ min: 2, max: 5 }))),
      ([x, y, z, k]) => {
        const d = dataset({ x: { values: x, qi: true }, y: { values: y, qi: true }, z: { values: z, qi: true } });
        const result = localSuppression(d, { k, exactBudget: 2000 })!;
        const after = rowsOf(['x', 'y', 'z'].map((name) => {
          const v = result.dataset.variables.find((w) => w.name === name)!;
          return Array.from({ length: d.n }, (_, i) => (v.missing[i] === 0 && v.type !== 'text' ? v.values[i]! : null));
        }));
        return kAnonymous(after, k) && measureRisk(result.dataset, { k }).kViolations === 0;
      },
    ),
    { numRuns: 60 },
  );
});

test('global recoding uses the item recode; unmapped codes are an error naming them', () => {
  const d = dataset({ age: { values: [1, 2, 3, 4, null], qi: true } });
  const recode = { name: 'age10', choices: [{ code: 1, label: { en: '18–34' } }, { code: 2, label: { en: '35+' } }], map: new Map([[1, 1], [2, 1], [3, 2], [4, 2]]) };
  const r = expectOk(applyRecodes(d, [{ variable: 'age', recode }]), 'recode');
  const v = r.dataset.variables[0]!;
  assert.deepEqual(v.type === 'coded' ? [...v.values] : [], [1, 1, 2, 2, NaN]);
  assert.deepEqual(r.records, [{ variable: 'age', recode: 'age10', categoriesBefore: 4, categoriesAfter: 2 }]);
  const bad = applyRecodes(d, [{ variable: 'age', recode: { ...recode, map: new Map([[1, 1]]) } }]);
  assert.ok(!bad.ok);
  assert.equal(bad.error.code, 'disclosure.recode-unmapped');
  assert.match(bad.error.message, /code\(s\) 2, 3, 4/);
});

test('top and bottom coding count what they change', () => {
  const d = dataset({ kids: { values: [0, 1, 2, 5, 9, null], numeric: true } });
  const r = expectOk(topBottomCode(d, [{ variable: 'kids', top: 3, bottom: 1 }]), 'top-code');
  const v = r.dataset.variables[0]!;
  assert.deepEqual(v.type === 'numeric' ? [...v.values] : [], [1, 1, 2, 3, 3, NaN]);
  assert.deepEqual(r.records, [{ variable: 'kids', top: 3, bottom: 1, topCoded: 2, bottomCoded: 1 }]);
});
