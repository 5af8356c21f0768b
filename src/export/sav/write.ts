// Writes an SPSS system file (.sav): labels, user-missing codes, measurement levels, MRSETS, UTF-8, very long strings.

import type { Dataset } from '../../analysis/dataset.ts';
import { ByteWriter } from '../bytes.ts';
import { writeCases } from './data.ts';
import { writeExtensions, writeHeader, writeValueLabels, writeVariables } from './dictionary.ts';
import { savLayout } from './layout.ts';

export interface SavOptions {
  /** Language of labels (the format holds one); default: the dataset's first language. */
  readonly language?: string;
  /** Creation time recorded in the header; default 1 January 1970 (this module reads no clock). */
  readonly createdAt?: Date;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (x: number): string => String(x).padStart(2, '0');

/** Long names SPSS will show, keyed by portas name (they differ only for reserved words). */
export function savNames(dataset: Dataset): Map<string, string> {
  return new Map(savLayout(dataset).map((sv) => [sv.v.name, sv.name]));
}

export function writeSav(dataset: Dataset, options: SavOptions = {}): Uint8Array {
  const lang = options.language ?? dataset.languages[0] ?? 'en';
  const at = options.createdAt ?? new Date(0);
  const vars = savLayout(dataset);
  const w = new ByteWriter(1 << 20);
  writeHeader(w, {
    caseSlots: vars.reduce((s, sv) => s + sv.slots, 0),
    cases: dataset.n,
    date: `${two(at.getUTCDate())} ${MONTHS[at.getUTCMonth()] ?? 'Jan'} ${two(at.getUTCFullYear() % 100)}`,
    time: `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}`,
    label: `${dataset.study} ${dataset.instrumentVersion}${dataset.synthetic ? ' SYNTHETIC' : ''}`,
  });
  writeVariables(w, vars, lang);
  writeValueLabels(w, vars, lang);
  writeExtensions(w, dataset, vars, lang);
  writeCases(w, vars, dataset.n);
  return w.finish();
}
