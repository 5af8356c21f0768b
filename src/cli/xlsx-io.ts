// Reads and writes .xlsx workbooks for the XLSForm commands (read-excel-file, write-excel-file): the only I/O of XLSForms.

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import type { Cell, Sheet, Workbook } from '../instrument/xlsform/workbook.ts';

/** Every sheet of the file, cells as text, numbers or booleans; dates as ISO text. Throws when it is not an .xlsx. */
export async function readWorkbook(path: string): Promise<Workbook> {
  const sheets = await readXlsxFile(await readFile(path));
  return {
    file: basename(path),
    sheets: sheets.map((s): Sheet => ({ name: s.sheet, rows: s.data.map((row) => row.map(toCell)) })),
  };
}

function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return JSON.stringify(v);
}

/** Writes sheets of text cells (XLSForms hold text only: codes and numbers are written as text too). */
export async function writeWorkbook(path: string, sheets: readonly Sheet[]): Promise<void> {
  await writeXlsxFile(sheets.map((s) => ({ sheet: s.name, data: s.rows.map((row) => row.map((c) => (c === null || c === '' ? null : { type: String, value: String(c) }))) }))).toFile(path);
}
