// Parses a numeric CSV (header row, numbers, empty cell = missing) into typed columns.

import type { Diagnostic } from '../core/diagnostic.ts';
import { readCsvRecords } from '../core/csv.ts';
import { err, ok, type Result } from '../core/result.ts';

export interface NumericTable {
  readonly names: readonly string[];
  readonly n: number;
  /** One column per name; missing cells are NaN. */
  readonly columns: ReadonlyMap<string, Float64Array>;
}

/** `file` names the source in diagnostics. */
export function parseNumericCsv(text: string, file: string): Result<NumericTable, Diagnostic> {
  const read = readCsvRecords(text, { skipBlankLines: true });
  if (!read.ok) return err({ code: 'analysis.csv-syntax', severity: 'error', message: read.error.message, position: { file, line: read.error.line, column: read.error.cell } });
  const records = read.value;
  const header = records[0];
  if (header === undefined) return err({ code: 'analysis.csv-empty', severity: 'error', message: 'the file is empty', position: { file, line: 1, column: 1 } });
  const names = header.cells.map((c) => c.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '' || seen.has(name)) return err({ code: 'analysis.csv-bad-header', severity: 'error', message: `column name '${name}' is empty or repeated`, position: { file, line: 1, column: 1 } });
    seen.add(name);
  }
  const n = records.length - 1;
  const cols = names.map(() => new Float64Array(n));
  for (let r = 0; r < n; r++) {
    const record = records[r + 1];
    const cells = record?.cells ?? [];
    const line = record?.line ?? r + 2;
    if (cells.length !== names.length) {
      return err({ code: 'analysis.csv-ragged', severity: 'error', message: `row has ${cells.length} cells, the header has ${names.length}`, position: { file, line, column: 1 } });
    }
    for (let c = 0; c < names.length; c++) {
      const cell = (cells[c] ?? '').trim();
      const col = cols[c] ?? new Float64Array(0);
      if (cell === '' || cell === 'NA') {
        col[r] = Number.NaN;
        continue;
      }
      const v = Number(cell);
      if (!Number.isFinite(v)) {
        return err({ code: 'analysis.csv-not-a-number', severity: 'error', message: `column '${names[c] ?? ''}': '${cell}' is not a number`, position: { file, line, column: c + 1 }, hint: 'leave the cell empty for a missing value' });
      }
      col[r] = v;
    }
  }
  return ok({ names, n, columns: new Map(names.map((name, c) => [name, cols[c] ?? new Float64Array(0)])) });
}
