// Percentages of a protected table, rounded as the study says; a suppressed count gives a suppressed percentage.

import type { CellValue, ProtectedTable } from './table.ts';

export type PercentBase = 'total' | 'row' | 'column';

/** Rounds half away from zero to `digits` decimals (what readers expect of "12.5% → 13%"). */
export function roundPercent(value: number, digits: number): number {
  const f = 10 ** digits;
  return (Math.sign(value) * Math.round(Math.abs(value) * f + Number.EPSILON * f)) / f;
}

export function percentages(table: ProtectedTable, base: PercentBase, digits: number): CellValue[][] {
  return table.cells.map((row, i) =>
    row.map((cell, j): CellValue => {
      const denominator = base === 'total' ? table.total : base === 'row' ? (table.rowTotals?.[i] ?? table.total) : (table.colTotals[j] ?? 'suppressed');
      if (cell === 'suppressed' || denominator === 'suppressed') return 'suppressed';
      return denominator === 0 ? 0 : roundPercent((100 * cell) / denominator, digits);
    }),
  );
}
