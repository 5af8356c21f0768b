// Small-cell protection of count tables: primary suppression below the threshold, then secondary suppression.

import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import { exposedCells1D, exposedCells2D } from './exposure.ts';
import { disclosureError } from './messages.ts';
import { colCount, rowCount, tableShapeProblem, withMargins, type CellValue, type CountTable, type ProtectedTable, type TableSuppressionSummary } from './table.ts';

export interface ProtectTableResult {
  readonly table: ProtectedTable;
  readonly summary: TableSuppressionSummary;
}

/**
 * Suppresses every count (cell or margin) from 1 to `minCell − 1` (primary), then adds
 * complementary cells (secondary) until no suppressed cell can be recomputed from the published
 * cells and margins (see exposure.ts for the attacker). Zeros are published. Complementary cells
 * are the smallest non-zero interior cells that protect an exposed cell; margins only when no
 * interior cell will do. The heuristic is not an optimum (that is an integer program), and it
 * guarantees non-uniqueness, not a minimum width of the interval an attacker can derive.
 */
export function protectTable(table: CountTable, minCell: number): Result<ProtectTableResult, Diagnostic> {
  const problem = tableShapeProblem(table);
  if (problem !== undefined) return err(disclosureError('disclosure.table-shape', problem, table.title ?? 'table'));
  return ok(rowCount(table) === 1 || colCount(table) === 1 ? protectOneWay(table, minCell) : protectTwoWay(table, minCell));
}

const isSmall = (v: number, minCell: number): boolean => v > 0 && v < minCell;
const shown = (v: number, suppressed: boolean): CellValue => (suppressed ? 'suppressed' : v);
const titled = (t: CountTable) => ({
  ...(t.title === undefined ? {} : { title: t.title }),
  ...(t.rowVariable === undefined ? {} : { rowVariable: t.rowVariable }),
  ...(t.colVariable === undefined ? {} : { colVariable: t.colVariable }),
});

function protectOneWay(table: CountTable, minCell: number): ProtectTableResult {
  const byColumn = colCount(table) === 1;
  const values = byColumn ? table.counts.map((r) => r[0] ?? 0) : [...(table.counts[0] ?? [])];
  const m = values.length;
  const line = [...values, values.reduce((a, b) => a + b, 0)];
  const s = line.map((v) => isSmall(v, minCell));
  const primary = s.filter(Boolean).length;
  for (;;) {
    const exposed = exposedCells1D(line, s);
    if (exposed.length === 0) break;
    // Cheapest non-zero unsuppressed entry that protects the first exposed one; else the cheapest.
    const candidates = line
      .map((v, t) => ({ v, t, cost: v + (t === m ? 1e12 : 0) }))
      .filter(({ v, t }) => v > 0 && !s[t])
      .sort((a, b) => a.cost - b.cost || a.t - b.t);
    const target = exposed[0] ?? 0;
    const pick =
      candidates.find(({ t }) => {
        const trial = [...s];
        trial[t] = true;
        return !exposedCells1D(line, trial).includes(target);
      }) ?? candidates[0];
    if (pick === undefined) break;
    s[pick.t] = true;
  }
  const cells = values.map((v, t) => shown(v, s[t] === true));
  const total = shown(line[m] ?? 0, s[m] === true);
  const suppressed = s.filter(Boolean).length;
  const protectedTable: ProtectedTable = byColumn
    ? { ...titled(table), rowLabels: table.rowLabels, colLabels: table.colLabels, cells: cells.map((c) => [c]), colTotals: [total], total, minCell }
    : { ...titled(table), rowLabels: table.rowLabels, colLabels: table.colLabels, cells: [cells], rowTotals: [total], colTotals: cells, total, minCell };
  return {
    table: protectedTable,
    summary: { ...(table.title === undefined ? {} : { title: table.title }), cells: m, primary, secondary: suppressed - primary, marginsSuppressed: s[m] === true ? 1 : 0 },
  };
}

function protectTwoWay(table: CountTable, minCell: number): ProtectTableResult {
  const R = rowCount(table);
  const C = colCount(table);
  const x = withMargins(table);
  const s = x.map((row) => row.map((v) => isSmall(v, minCell)));
  const primary = s.flat().filter(Boolean).length;
  const isMargin = (i: number, j: number): boolean => i === R || j === C;
  for (;;) {
    const exposed = exposedCells2D(x, s);
    const target = exposed[0];
    if (target === undefined) break;
    const candidates: { i: number; j: number; cost: number }[] = [];
    x.forEach((row, i) => {
      row.forEach((v, j) => {
        if (v > 0 && s[i]?.[j] !== true) candidates.push({ i, j, cost: v + (isMargin(i, j) ? 1e12 : 0) });
      });
    });
    candidates.sort((a, b) => a.cost - b.cost || a.i - b.i || a.j - b.j);
    const protects = ({ i, j }: { i: number; j: number }): boolean => {
      const trial = s.map((row, a) => row.map((v, b) => v || (a === i && b === j)));
      return !exposedCells2D(x, trial).some(([a, b]) => a === target[0] && b === target[1]);
    };
    const inLine = ({ i, j }: { i: number; j: number }): boolean => i === target[0] || j === target[1];
    const pick = candidates.find(protects) ?? candidates.find(inLine) ?? candidates[0];
    if (pick === undefined) break;
    const row = s[pick.i];
    if (row !== undefined) row[pick.j] = true;
  }
  const sup = (i: number, j: number): boolean => s[i]?.[j] === true;
  const val = (i: number, j: number): number => x[i]?.[j] ?? 0;
  const suppressed = s.flat().filter(Boolean).length;
  let marginsSuppressed = 0;
  for (let i = 0; i <= R; i++) for (let j = 0; j <= C; j++) if (isMargin(i, j) && sup(i, j)) marginsSuppressed++;
  return {
    table: {
      ...titled(table),
      rowLabels: table.rowLabels,
      colLabels: table.colLabels,
      cells: Array.from({ length: R }, (_, i) => Array.from({ length: C }, (_, j) => shown(val(i, j), sup(i, j)))),
      rowTotals: Array.from({ length: R }, (_, i) => shown(val(i, C), sup(i, C))),
      colTotals: Array.from({ length: C }, (_, j) => shown(val(R, j), sup(R, j))),
      total: shown(val(R, C), sup(R, C)),
      minCell,
    },
    summary: { ...(table.title === undefined ? {} : { title: table.title }), cells: R * C, primary, secondary: suppressed - primary, marginsSuppressed },
  };
}
