// A spreadsheet as the XLSForm importer sees it: sheets of cells, headers found case-insensitively, cells located as R14:C3.

import type { Diagnostic, DiagnosticCode, Severity } from '../../core/diagnostic.ts';

export type Cell = string | number | boolean | null;

export interface Sheet {
  readonly name: string;
  /** Rows as in the file: `rows[0]` is spreadsheet row 1. */
  readonly rows: readonly (readonly Cell[])[];
}

export interface Workbook {
  /** The file name used in messages (`form.xlsx`). */
  readonly file: string;
  readonly sheets: readonly Sheet[];
}

/** A header column: its normalised name (`label::english (en)`), its 1-based column number and the raw header. */
export interface Column {
  readonly key: string;
  readonly column: number;
  readonly header: string;
}

/** One data row of a sheet with its columns looked up by normalised header. */
export interface Row {
  /** 1-based spreadsheet row. */
  readonly row: number;
  readonly cells: readonly Cell[];
}

/**
 * A sheet read through its header row. XLSForm headers are case-insensitive, and old forms write
 * `label:English` and `list name`: both are read as `label::english` and `list_name`.
 */
export class Table {
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];

  constructor(
    readonly file: string,
    readonly sheet: Sheet,
  ) {
    const header = sheet.rows[0] ?? [];
    this.columns = header.flatMap((h, i) => (h === null || String(h).trim() === '' ? [] : [{ key: normaliseHeader(String(h)), column: i + 1, header: String(h).trim() }]));
    this.rows = sheet.rows.slice(1).flatMap((cells, i) => (cells.every((c) => c === null || String(c).trim() === '') ? [] : [{ row: i + 2, cells }]));
  }

  column(key: string): Column | undefined {
    return this.columns.find((c) => c.key === key);
  }

  /** Columns whose key starts with `prefix::` (labels, hints, messages per language). */
  languageColumns(prefix: string): Column[] {
    return this.columns.filter((c) => c.key === prefix || c.key.startsWith(`${prefix}::`));
  }

  /** The cell's text, trimmed; '' when empty or the column is absent. */
  text(row: Row, key: string | Column | undefined): string {
    const col = typeof key === 'string' ? this.column(key) : key;
    if (col === undefined) return '';
    const v = row.cells[col.column - 1];
    return v === null || v === undefined ? '' : String(v).trim();
  }

  /** `form.xlsx:survey:R14:C3`: the position in a spreadsheet. */
  at(row: number, column: number | string | Column | undefined): Located {
    const col = typeof column === 'number' ? column : typeof column === 'string' ? (this.column(column)?.column ?? 1) : (column?.column ?? 1);
    return { file: this.file, sheet: this.sheet.name, row, column: col };
  }
}

export function normaliseHeader(h: string): string {
  const lower = h.trim().toLowerCase().replace(/\s*::\s*/g, '::');
  // Legacy single-colon language columns: label:English → label::english (but not media::audio::x).
  const legacy = lower.replace(/^(label|hint|constraint_message|constraint message|required_message|guidance_hint):(?!:)/, '$1::');
  return legacy.replace(/^list name$/, 'list_name').replace(/^constraint message/, 'constraint_message');
}

export interface Located {
  readonly file: string;
  readonly sheet: string;
  readonly row: number;
  readonly column: number;
}

/** A problem found in a spreadsheet: a diagnostic whose position is `file:sheet`, row and column. */
export function sheetDiagnostic(severity: Severity, code: DiagnosticCode, at: Located, subject: string | undefined, message: string, hint?: string): Diagnostic {
  return { code, severity, message, position: { file: `${at.file}:${at.sheet}`, line: at.row, column: at.column }, ...(subject === undefined ? {} : { subject }), ...(hint === undefined ? {} : { hint }) };
}

/** `form.xlsx:survey:R14:C3: error: item 'x': message — hint`, the spreadsheet's way of saying file:line:col. */
export function formatSheetDiagnostic(d: Diagnostic): string {
  const where = d.position ? `${d.position.file}:R${d.position.line}:C${d.position.column}: ` : '';
  const subject = d.subject === undefined ? '' : `${d.subject}: `;
  const hint = d.hint === undefined ? '' : ` — ${d.hint}`;
  return `${where}${d.severity}: ${subject}${d.message}${hint}`;
}
