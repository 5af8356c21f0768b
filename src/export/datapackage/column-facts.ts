// What datapackage.json says about a column's values, gathered part by part so a dataset written in pieces
// (`portas open` streams data.csv) describes its columns exactly as if it had been written whole.

import type { Variable } from '../../analysis/dataset.ts';
import { formatCsvNumber } from '../../analysis/datapackage.ts';
import { MISSING_CODE, MISSING_KINDS } from '../../instrument/missing.ts';

export interface ColumnFacts {
  /** Every present value is a whole number (`integer` in the schema; meaningless for text). */
  readonly integer: boolean;
  /** Rows whose present value is spelled like a reserved code (see `portas:presentReserved`). */
  readonly presentReserved: readonly number[];
}

const RESERVED = new Set(MISSING_KINDS.map((k) => formatCsvNumber(MISSING_CODE[k])));

export function columnFacts(v: Variable): ColumnFacts {
  const presentReserved: number[] = [];
  let integer = true;
  for (let r = 0; r < v.missing.length; r++) {
    if (v.missing[r] !== 0) continue;
    if (v.type === 'text') {
      if (RESERVED.has(v.values[r] ?? '')) presentReserved.push(r);
      continue;
    }
    const x = v.values[r] ?? Number.NaN;
    if (integer && (!Number.isSafeInteger(x) || Object.is(x, -0))) integer = false;
    if (RESERVED.has(formatCsvNumber(x))) presentReserved.push(r);
  }
  return { integer, presentReserved };
}

/** The facts of rows `rows` followed by those of `next`, whose first row is row `offset` of the whole. */
export function appendColumnFacts(rows: readonly ColumnFacts[], next: readonly ColumnFacts[], offset: number): ColumnFacts[] {
  if (rows.length !== next.length) throw new Error(`column facts: ${String(next.length)} columns after ${String(rows.length)}`);
  return rows.map((a, j) => {
    const b = next[j] as ColumnFacts;
    return { integer: a.integer && b.integer, presentReserved: b.presentReserved.length === 0 ? a.presentReserved : [...a.presentReserved, ...b.presentReserved.map((r) => r + offset)] };
  });
}
