// The XLSForm `choices` sheet as portas choice lists: integer codes, labels per language, typed missing values on request.

import { MISSING_CODE, isReservedCode, type ChosenMissing } from '../missing.ts';
import type { Located, Row, Table } from './workbook.ts';

/** Choice names that stand for a typed missing value, when the import is asked to map them (`--missing-codes`). */
export const MISSING_NAMES: Readonly<Record<string, ChosenMissing>> = {
  dont_know: 'dont_know', dk: 'dont_know', dnk: 'dont_know', do_not_know: 'dont_know', don_t_know: 'dont_know', idk: 'dont_know', '-88': 'dont_know', '98': 'dont_know', '888': 'dont_know',
  refused: 'refused', prefer_not: 'refused', prefer_not_to_answer: 'refused', pnta: 'refused', prefer_not_to_say: 'refused', no_answer: 'refused', '-99': 'refused', '99': 'refused', '999': 'refused',
};

export interface ImportedChoice {
  readonly name: string;
  readonly code: number;
  /** Text per language column key (`label::english (en)`) → text. */
  readonly labels: ReadonlyMap<string, string>;
  readonly at: Located;
}

export interface ImportedList {
  readonly name: string;
  readonly choices: readonly ImportedChoice[];
  /** Names mapped to typed missing values (removed from the choices). */
  readonly missing: ReadonlyMap<string, ChosenMissing>;
  /** Every name → its code, missing names → their reserved code: what expressions compare against. */
  readonly codes: ReadonlyMap<string, number>;
  readonly at: Located;
}

/**
 * Lists by name. Codes: the names themselves when every one is a whole number ≥ 0 (not a reserved
 * code), else 1, 2, 3… in sheet order, so the codebook follows the form.
 */
export function readChoiceLists(table: Table | undefined, labelColumns: readonly string[], mapMissing: 'none' | 'portas' | 'common'): Map<string, ImportedList> {
  const rowsByList = new Map<string, Row[]>();
  for (const row of table?.rows ?? []) {
    const list = table?.text(row, 'list_name') ?? '';
    if (list === '') continue;
    rowsByList.set(list, [...(rowsByList.get(list) ?? []), row]);
  }
  const lists = new Map<string, ImportedList>();
  if (table === undefined) return lists;
  for (const [name, rows] of rowsByList) {
    const missing = new Map<string, ChosenMissing>();
    const kept: { name: string; row: Row }[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      const choiceName = table.text(row, 'name');
      if (choiceName === '' || seen.has(choiceName)) continue;
      seen.add(choiceName);
      const lower = choiceName.toLowerCase();
      // A workbook portas exported names its typed missing values exactly; others only map on request.
      const m = mapMissing === 'common' ? MISSING_NAMES[lower] : mapMissing === 'portas' && (lower === 'dont_know' || lower === 'refused') ? lower : undefined;
      if (m !== undefined) missing.set(choiceName, m);
      else kept.push({ name: choiceName, row });
    }
    const numeric = kept.every((c) => /^[0-9]{1,9}$/.test(c.name) && !isReservedCode(Number(c.name)));
    const choices = kept.map((c, i) => ({
      name: c.name,
      code: numeric ? Number(c.name) : i + 1,
      labels: new Map(labelColumns.map((col) => [col, table.text(c.row, col)])),
      at: table.at(c.row.row, 'name'),
    }));
    const codes = new Map<string, number>([...choices.map((c): [string, number] => [c.name, c.code]), ...[...missing].map(([n, m]): [string, number] => [n, MISSING_CODE[m]])]);
    lists.set(name, { name, choices, missing, codes, at: table.at(rows[0]?.row ?? 1, 'list_name') });
  }
  return lists;
}
