// Reads and writes .xlsx workbooks for XLSForm import and export (read-excel-file, write-excel-file): the only I/O of XLSForms.

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import type { Cell, Sheet, Workbook } from '../instrument/xlsform/workbook.ts';

/** Every sheet of the file, cells as text, numbers or booleans; dates as ISO text. Throws when it is not an .xlsx. */
export async function readWorkbook(path: string): Promise<Workbook> {
  return readWorkbookBytes(await readFile(path), basename(path));
}

/** The same from the file's bytes (an upload); `file` names it in diagnostics. Throws when it is not an .xlsx. */
export async function readWorkbookBytes(bytes: Uint8Array, file: string): Promise<Workbook> {
  const sheets = await readXlsxFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return {
    file,
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
