// Reads an RDS data file (CSV) into recruitment rows and outcome columns, with errors naming line and column.

import { readFileSync } from 'node:fs';
import { isReservedCode } from '../instrument/missing.ts';
import type { RecruitmentRow } from '../sampling/rds/recruitment-tree.ts';
import { parseCsv, type CsvTable } from './csv.ts';

export interface RdsInput {
  readonly rows: RecruitmentRow[];
  readonly table: CsvTable;
  /** The values of a column, with empty cells and the reserved missing codes (-99…-96) as null. */
  column(name: string): (string | null)[] | undefined;
}

export interface RdsColumns {
  readonly id: string;
  readonly recruiter: string;
  readonly degree: string;
  readonly coupons?: string | undefined;
}

/** Returns the input or a list of messages (`file:line: …`). */
export function readRdsInput(file: string, cols: RdsColumns): RdsInput | string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return [`${file}: cannot read: ${e instanceof Error ? e.message : String(e)}`];
  }
  const parsed = parseCsv(text);
  if (!parsed.ok) return [`${file}:${parsed.line}: ${parsed.message}`];
  const { header } = parsed.table;
  const want = [cols.id, cols.recruiter, cols.degree, ...(cols.coupons === undefined ? [] : [cols.coupons])];
  const missingCols = want.filter((c) => !header.includes(c));
  if (missingCols.length > 0) return [`${file}: no column ${missingCols.map((c) => `'${c}'`).join(', ')} (columns: ${header.join(', ')})`];
  const at = (name: string): number => header.indexOf(name);
  const problems: string[] = [];
  const num = (cell: string, line: number, name: string): number | null => {
    const t = cell.trim();
    if (t === '' || isReservedCode(Number(t))) return null;
    const v = Number(t);
    if (!Number.isFinite(v)) {
      problems.push(`${file}:${line}: column '${name}': '${cell}' is not a number`);
      return null;
    }
    return v;
  };
  const rows = parsed.table.rows.map(({ line, cells }) => {
    const recruiter = (cells[at(cols.recruiter)] ?? '').trim();
    const base = {
      id: (cells[at(cols.id)] ?? '').trim(),
      recruiter: recruiter === '' || recruiter === 'NA' ? null : recruiter,
      degree: num(cells[at(cols.degree)] ?? '', line, cols.degree),
      row: line,
    };
    return cols.coupons === undefined ? base : { ...base, couponsIssued: num(cells[at(cols.coupons)] ?? '', line, cols.coupons) };
  });
  if (problems.length > 0) return problems;
  return {
    rows,
    table: parsed.table,
    column: (name) => {
      const k = header.indexOf(name);
      if (k < 0) return undefined;
      return parsed.table.rows.map(({ cells }) => {
        const v = (cells[k] ?? '').trim();
        return v === '' || v === 'NA' || isReservedCode(Number(v)) ? null : v;
      });
    },
  };
}
