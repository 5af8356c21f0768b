// Builds the columnar dataset from opened responses, following the instrument's items.

import type { LocalizedText } from '../core/text.ts';
import type { ColumnSpec } from '../instrument/kinds/kind.ts';
import { kindOf } from '../instrument/kinds/registry.ts';
import { MISSING_INDEX, type MissingKind } from '../instrument/missing.ts';
import { isQuestion, itemsOf, type Instrument, type ItemValue, type Response } from '../instrument/model.ts';
import { collectionVariables } from './collection-variables.ts';
import type { Dataset, Variable, VariableSet } from './dataset.ts';

/** Collection metadata kept beside the answers (all optional; never anything identifying). */
export interface ResponseMeta {
  readonly responseId?: string;
  /** Collection period, e.g. `2024-W17`. */
  readonly period?: string;
  /** Response id of the recruiter (via the coupon redeemed); '' for seeds. */
  readonly recruiter?: string;
}

export interface BuildOptions {
  readonly synthetic?: boolean;
  /** One entry per response, same order; adds the system variables response_id, period, recruiter. */
  readonly meta?: readonly ResponseMeta[];
}

/** Per-row storage for one column while filling. */
class Column {
  readonly values: Float64Array;
  readonly missing: Uint8Array;
  constructor(n: number) {
    this.values = new Float64Array(n).fill(Number.NaN);
    this.missing = new Uint8Array(n);
  }
  setMissing(row: number, kind: MissingKind): void {
    this.missing[row] = MISSING_INDEX[kind];
  }
}

export function datasetFromResponses(instrument: Instrument, responses: readonly Response[], options: BuildOptions = {}): Dataset {
  const n = responses.length;
  const variables: Variable[] = [];
  const sets: VariableSet[] = [];
  const wrongStudy = responses.findIndex((r) => r.study !== instrument.study);
  if (wrongStudy >= 0) throw new Error(`response ${wrongStudy} belongs to study '${responses[wrongStudy]?.study ?? ''}', not '${instrument.study}'`);

  if (options.meta !== undefined) {
    const meta = options.meta;
    if (meta.length !== n) throw new Error(`meta has ${meta.length} entries for ${n} responses`);
    const sys = (name: string, label: string, pick: (m: ResponseMeta) => string | undefined): void => {
      const values = meta.map((m) => pick(m) ?? '');
      const missing = new Uint8Array(values.map((v) => (v === '' ? MISSING_INDEX.not_applicable : 0)));
      variables.push({ type: 'text', measure: 'nominal', name, label: everyLanguage(instrument, label), item: '', role: 'system', quasiIdentifier: false, sensitive: false, missing, missingKinds: ['not_applicable'], values });
    };
    sys('response_id', 'Response id (random)', (m) => m.responseId);
    sys('period', 'Collection period', (m) => m.period);
    sys('recruiter', 'Recruiter response id (RDS)', (m) => m.recruiter);
  }

  for (const item of itemsOf(instrument)) {
    if (!isQuestion(item)) continue;
    const kind = kindOf(item);
    const valueOf = (row: number): ItemValue => responses[row]?.values[item.name] ?? { kind: 'missing', missing: 'skipped' };
    const { columns, set } = kind.columns(item);
    const missingKinds = kind.missingKinds(item);
    for (const spec of columns) variables.push(column(spec, n, valueOf, { item: item.name, role: 'answer', quasiIdentifier: item.flags.quasiIdentifier, sensitive: spec.type === 'text' && spec.sensitive !== undefined ? spec.sensitive : item.flags.sensitive, missingKinds: spec.type === 'text' && spec.besideChoice === true ? withNotApplicable(missingKinds) : missingKinds }));
    if (set !== undefined) sets.push({ name: item.name, kind: set, label: item.label, variables: columns.map((c) => c.name) });
  }
  // Collected data (with meta) also carries how it was collected: completion-time band, unlinked coupons.
  if (options.meta !== undefined) {
    for (const v of collectionVariables(instrument, responses)) {
      if (variables.some((w) => w.name === v.name)) throw new Error(`item '${v.name}' has the name of a collection variable; rename the item`);
      variables.push(v);
    }
  }
  return { study: instrument.study, instrumentVersion: instrument.version, languages: instrument.languages, n, variables, sets, synthetic: options.synthetic ?? false };
}

type Common = Pick<Variable, 'item' | 'role' | 'quasiIdentifier' | 'sensitive' | 'missingKinds'>;

/** One typed column, filled row by row from the kind's cell reader. */
function column(spec: ColumnSpec, n: number, valueOf: (row: number) => ItemValue, common: Common): Variable {
  const base = { ...common, name: spec.name, label: spec.label };
  if (spec.type === 'text') {
    const values: string[] = [];
    const missing = new Uint8Array(n);
    for (let row = 0; row < n; row++) {
      const cell = spec.cell(valueOf(row));
      if ('text' in cell) values.push(cell.text);
      else {
        missing[row] = MISSING_INDEX[cell.missing];
        values.push('');
      }
    }
    return { ...base, type: 'text', measure: 'nominal', values, missing };
  }
  const col = new Column(n);
  for (let row = 0; row < n; row++) {
    const cell = spec.cell(valueOf(row));
    if (typeof cell === 'number') col.values[row] = cell;
    else col.setMissing(row, cell);
  }
  switch (spec.type) {
    case 'coded':
      return { ...base, type: 'coded', measure: spec.measure, values: col.values, missing: col.missing, valueLabels: spec.valueLabels, nets: spec.nets };
    case 'indicator':
      return { ...base, type: 'indicator', measure: 'nominal', values: col.values, missing: col.missing, option: spec.option };
    case 'numeric':
      return { ...base, type: 'numeric', measure: 'scale', values: col.values, missing: col.missing };
  }
}

/** A column beside the item's own ("other" text) is not applicable whenever its choice was not made. */
const withNotApplicable = (kinds: readonly MissingKind[]): MissingKind[] => (kinds.includes('not_applicable') ? [...kinds] : [...kinds, 'not_applicable']);

function everyLanguage(instrument: Instrument, text: string): LocalizedText {
  return Object.fromEntries(instrument.languages.map((l) => [l, text]));
}
