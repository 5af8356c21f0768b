// Count tables for release: a frequency table (one column) or a cross-tab, and their protected form.

/**
 * Counts of a frequency table (one column) or a two-way table. Margins are computed, never
 * supplied, so they cannot disagree with the cells. Convertible from the analysis tables: labels
 * as display strings, counts as unweighted non-negative integers.
 */
export interface CountTable {
  readonly title?: string;
  readonly rowVariable?: string;
  readonly colVariable?: string;
  readonly rowLabels: readonly string[];
  /** One label per column; a frequency table has exactly one column (e.g. `["n"]`). */
  readonly colLabels: readonly string[];
  /** `counts[row][col]`. */
  readonly counts: readonly (readonly number[])[];
}

/**
 * Whether a published cell is shown. Which suppressed cells were small (primary) and which were
 * suppressed to protect them (secondary) is kept out of `ProtectedTable`: publishing it would
 * tell an attacker which cells are below the threshold.
 */
export type CellValue = number | 'suppressed';

/** The count table as published: its titles and labels, cells shown or suppressed. */
export interface ProtectedTable extends Pick<CountTable, 'title' | 'rowVariable' | 'colVariable' | 'rowLabels' | 'colLabels'> {
  readonly cells: readonly (readonly CellValue[])[];
  /** Row totals; absent for a frequency table (they would repeat the cells). */
  readonly rowTotals?: readonly CellValue[];
  /** Column totals (for a frequency table: its one total, as a one-element array). */
  readonly colTotals: readonly CellValue[];
  readonly total: CellValue;
  /** The threshold applied: every published non-zero count is at least this. */
  readonly minCell: number;
}

/** For the disclosure log only (not for publication): how many cells of each kind were suppressed. */
export interface TableSuppressionSummary {
  readonly title?: string;
  readonly cells: number;
  readonly primary: number;
  readonly secondary: number;
  readonly marginsSuppressed: number;
}

export const rowCount = (t: CountTable): number => t.rowLabels.length;
export const colCount = (t: CountTable): number => t.colLabels.length;

/** The table with margins: `(R+1) × (C+1)`, the last row and column holding the totals. */
export function withMargins(t: CountTable): number[][] {
  const R = rowCount(t);
  const C = colCount(t);
  const rows = Array.from({ length: R }, (_, i) => Array.from({ length: C }, (_, j) => t.counts[i]?.[j] ?? 0));
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  const colTotals = Array.from({ length: C }, (_, j) => sum(rows.map((r) => r[j] ?? 0)));
  const x = rows.map((r) => [...r, sum(r)]);
  x.push([...colTotals, sum(colTotals)]);
  return x;
}

/** A shape error (ragged rows, negative or fractional counts) as a message, or undefined. */
export function tableShapeProblem(t: CountTable): string | undefined {
  if (t.rowLabels.length === 0 || t.colLabels.length === 0) return 'the table has no rows or no columns';
  if (t.counts.length !== t.rowLabels.length) return `${t.counts.length} rows of counts for ${t.rowLabels.length} row labels`;
  for (const [i, row] of t.counts.entries()) {
    if (row.length !== t.colLabels.length) return `row ${i + 1} has ${row.length} counts for ${t.colLabels.length} columns`;
    if (row.some((v) => !Number.isInteger(v) || v < 0)) return `row ${i + 1} has a count that is not a non-negative integer`;
  }
  return undefined;
}
