import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { expectOk } from '../../src/core/result.ts';
import { disclosurePolicy, mergeSmallCategories, release, renderLog } from '../../src/disclosure/index.ts';
import { percentages, roundPercent } from '../../src/disclosure/percentages.ts';
import { protectTable } from '../../src/disclosure/protect-table.ts';
import { withMargins, type CountTable } from '../../src/disclosure/table.ts';
import { recomputable } from './attacker.ts';

const table = (counts: number[][]): CountTable => ({
  rowLabels: counts.map((_, i) => `r${i}`),
  colLabels: (counts[0] ?? []).map((_, j) => `c${j}`),
  counts,
});

const publishedCounts = (t: ReturnType<typeof protectTable>): (number | 'suppressed')[] => {
  const p = expectOk(t, 'protect').table;
  return [...p.cells.flat(), ...(p.rowTotals ?? []), ...p.colTotals, p.total];
};

test('one-way: two small cells summing to a known number are protected by a third', () => {
  // [1, 1, 50 | 52]: primary 1 and 1. Published total 52 alone would give x + y = 2 with x, y ≥ 1,
  // so x = y = 1: both exposed. The attacker confirms it before secondary suppression is added...
  const t = table([[1], [1], [50]]);
  const bare = { rowLabels: t.rowLabels, colLabels: t.colLabels, cells: [['suppressed'], ['suppressed'], [50]], colTotals: [52], total: 52, minCell: 5 } as const;
  assert.deepEqual(recomputable(bare, withMargins(t), 60), [[0, 0], [1, 0]]);
  // ...and after it, the 50 is suppressed too, and nothing can be recomputed.
  const r = expectOk(protectTable(t, 5), 'protect');
  assert.deepEqual(r.table.cells, [['suppressed'], ['suppressed'], ['suppressed']]);
  assert.equal(r.table.total, 52);
  assert.deepEqual(r.summary, { cells: 3, primary: 2, secondary: 1, marginsSuppressed: 0 });
  assert.deepEqual(recomputable(r.table, withMargins(t), 60), []);
});

test('one-way: a single small cell takes the smallest other non-zero cell as complement', () => {
  const r = expectOk(protectTable(table([[3], [0], [12], [7], [40]]), 5), 'protect');
  assert.deepEqual(r.table.cells, [['suppressed'], [0], [12], ['suppressed'], [40]]);
});

test('two-way: secondary suppression closes every row and column, and the attacker fails', () => {
  const counts = [
    [2, 10, 15],
    [8, 9, 20],
    [12, 14, 30],
  ];
  const r = expectOk(protectTable(table(counts), 5), 'protect');
  // The 2 is primary; a complement is needed in its row and column, and a fourth cell closes the
  // rectangle: the cheapest is {2, 10 (row 0), 8 (column 0), 9}.
  assert.deepEqual(r.table.cells, [
    ['suppressed', 'suppressed', 15],
    ['suppressed', 'suppressed', 20],
    [12, 14, 30],
  ]);
  assert.deepEqual(r.summary, { cells: 9, primary: 1, secondary: 3, marginsSuppressed: 0 });
  assert.deepEqual(recomputable(r.table, withMargins(table(counts)), 200), []);
});

test('the attacker does find a lone suppressed cell (it is not a test that cannot fail)', () => {
  const t = table([
    [2, 10],
    [8, 9],
  ]);
  const x = withMargins(t);
  const naive = { rowLabels: t.rowLabels, colLabels: t.colLabels, cells: [['suppressed', 10], [8, 9]], rowTotals: [12, 17], colTotals: [10, 19], total: 29, minCell: 5 } as const;
  assert.deepEqual(recomputable(naive, x, 40), [[0, 0]]);
});

test('property: no published non-zero count below the threshold, and no suppressed count recomputable', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 3 }).chain((R) =>
        fc.integer({ min: 1, max: 3 }).chain((C) =>
          fc.tuple(fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 5, max: 25 })), { minLength: C, maxLength: C }), { minLength: R, maxLength: R }), fc.integer({ min: 2, max: 6 })),
        ),
      ),
      ([counts, minCell]) => {
        const t = table(counts);
        const result = protectTable(t, minCell);
        const published = publishedCounts(result);
        if (published.some((v) => v !== 'suppressed' && v > 0 && v < minCell)) return false;
        const grid = withMargins(t);
        const bound = (grid[grid.length - 1]![grid[0]!.length - 1] ?? 0) + 2;
        return recomputable(expectOk(result, 'protect').table, grid, bound).length === 0;
      },
    ),
    { numRuns: 150 },
  );
});

test('percentages are rounded half away from zero and suppressed with their counts', () => {
  assert.equal(roundPercent(12.5, 0), 13);
  assert.equal(roundPercent(85.55, 1), 85.6);
  const r = expectOk(protectTable(table([[3], [0], [12], [7], [40]]), 5), 'protect');
  assert.deepEqual(percentages(r.table, 'total', 1), [['suppressed'], [0], [19.4], ['suppressed'], [64.5]]);
});

test('merging: ordered categories join their smaller neighbour; nominal ones pool into "Other"', () => {
  const ages: CountTable = { rowLabels: ['18–24', '25–34', '35–44', '45–54', '55+'], colLabels: ['n'], counts: [[3], [100], [80], [6], [2]] };
  // 18–24 (3) joins 25–34, its only neighbour; 55+ (2) joins 45–54 (6): 8.
  const m = mergeSmallCategories(ages, 'rows', 5, { ordered: true });
  assert.deepEqual(m.table.rowLabels, ['18–24 + 25–34', '35–44', '45–54 + 55+']);
  assert.deepEqual(m.table.counts, [[103], [80], [8]]);
  const cities: CountTable = { rowLabels: ['Belgrade', 'Novi Sad', 'Niš', 'Subotica', 'Pančevo'], colLabels: ['n'], counts: [[140], [45], [4], [3], [1]] };
  const c = mergeSmallCategories(cities, 'rows', 5, { ordered: false, otherLabel: 'elsewhere' });
  assert.deepEqual(c.table.rowLabels, ['Belgrade', 'Novi Sad', 'elsewhere']);
  assert.deepEqual(c.table.counts, [[140], [45], [8]]);
  assert.deepEqual(c.merges, [{ axis: 'rows', label: 'elsewhere', merged: ['Niš', 'Subotica', 'Pančevo'] }]);
  // One small category alone keeps its name and joins the smallest other one.
  const one = mergeSmallCategories({ rowLabels: ['a', 'b', 'c'], colLabels: ['n'], counts: [[50], [9], [2]] }, 'rows', 5, { ordered: false });
  assert.deepEqual(one.table.rowLabels, ['a', 'b + c']);
  const r = expectOk(release({ kind: 'table', table: cities, merge: { rows: { ordered: false, otherLabel: 'elsewhere' } } }, disclosurePolicy()), 'release');
  assert.deepEqual(r.released.cells, [[140], [45], [8]]);
  assert.match(renderLog(r.log), /Merged rows: Niš, Subotica, Pančevo → "elsewhere"/);
});

test('a malformed table is refused with its shape problem', () => {
  const r = protectTable({ title: 'ragged', rowLabels: ['a', 'b'], colLabels: ['x', 'y'], counts: [[1, 2], [3]] }, 5);
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'disclosure.table-shape');
  assert.match(r.error.message, /row 2 has 1 counts for 2 columns/);
  assert.ok(!protectTable(table([[1.5]]), 5).ok);
});
