// A CSV table with a header row, on the one reader in src/core/csv.ts.

import { readCsvRecords } from '../core/csv.ts';

export interface CsvTable {
  readonly header: readonly string[];
  /** Data rows; `line` is the 1-based line in the file where the row starts. */
  readonly rows: readonly { readonly line: number; readonly cells: readonly string[] }[];
}

export type CsvResult = { readonly ok: true; readonly table: CsvTable } | { readonly ok: false; readonly line: number; readonly message: string };

export function parseCsv(text: string): CsvResult {
  const read = readCsvRecords(text, { skipBlankLines: true });
  if (!read.ok) return { ok: false, line: read.error.line, message: read.error.message };
  const [head, ...rest] = read.value;
  if (head === undefined) return { ok: false, line: 1, message: 'the file is empty' };
  for (const r of rest) {
    if (r.cells.length !== head.cells.length) return { ok: false, line: r.line, message: `${String(r.cells.length)} fields, the header has ${String(head.cells.length)}` };
  }
  return { ok: true, table: { header: head.cells, rows: rest } };
}
