// Writes data.csv: RFC 4180, UTF-8, one column per variable, missing values as their reserved codes.

import type { Dataset, Variable } from '../../analysis/dataset.ts';
import { csvCell } from '../../core/csv.ts';
import { formatCsvNumber } from '../../analysis/datapackage.ts';
import { MISSING_CODE, MISSING_KINDS } from '../../instrument/missing.ts';


/** Cell text per missing index (MISSING_INDEX[kind] = position in MISSING_KINDS + 1); 0 is 'present'. */
const missingCells = ['', ...MISSING_KINDS.map((k) => formatCsvNumber(MISSING_CODE[k]))];

function cellOf(v: Variable, r: number): string {
  const m = v.missing[r] ?? 0;
  if (m !== 0) {
    const cell = missingCells[m];
    if (cell === undefined) throw new Error(`variable ${v.name} row ${r}: unknown missing index ${m}`);
    return cell;
  }
  return v.type === 'text' ? csvCell(v.values[r] ?? '') : formatCsvNumber(v.values[r] ?? Number.NaN);
}

/** data.csv as text chunks (one per row), so that large datasets are never one giant string until encoded. */
export function dataCsvLines(dataset: Dataset): string[] {
  const lines: string[] = [dataset.variables.map((v) => csvCell(v.name)).join(',') + '\r\n'];
  if (dataset.variables.length === 0) return lines; // rows without columns cannot be spelled in CSV; portas:rows keeps n
  const cells = new Array<string>(dataset.variables.length);
  for (let r = 0; r < dataset.n; r++) {
    for (let c = 0; c < dataset.variables.length; c++) cells[c] = cellOf(dataset.variables[c] as Variable, r);
    lines.push(cells.join(',') + '\r\n');
  }
  return lines;
}

export const dataCsv = (dataset: Dataset): string => dataCsvLines(dataset).join('');
