// Builds the columnar dataset from opened responses, following the instrument's items.

import type { LocalizedText } from '../core/text.ts';
import { MISSING_INDEX, type MissingKind } from '../instrument/missing.ts';
import { isQuestion, itemsOf, type Instrument, type ItemValue, type QuestionItem, type Response } from '../instrument/model.ts';
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

/** Which missing kinds an item's variables may hold. */
function missingKindsOf(item: QuestionItem): MissingKind[] {
  const kinds: MissingKind[] = ['skipped'];
  if (item.relevance !== undefined) kinds.push('not_applicable');
  for (const m of item.offers) kinds.push(m);
  return kinds;
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
    const common = { item: item.name, role: 'answer' as const, quasiIdentifier: item.flags.quasiIdentifier, sensitive: item.flags.sensitive, missingKinds: missingKindsOf(item) };
    const valueOf = (row: number): ItemValue => responses[row]?.values[item.name] ?? { kind: 'missing', missing: 'skipped' };
    switch (item.kind) {
      case 'single':
      case 'integer': {
        const col = new Column(n);
        for (let row = 0; row < n; row++) {
          const v = valueOf(row);
          if (v.kind === 'missing') col.setMissing(row, v.missing);
          else if (v.kind === 'choice' && item.kind === 'single') col.values[row] = v.code;
          else if (v.kind === 'integer' && item.kind === 'integer') col.values[row] = v.value;
          else throw new Error(`response ${row}: item '${item.name}' has a ${v.kind} answer`);
        }
        if (item.kind === 'single') {
          variables.push({ ...common, type: 'coded', measure: item.ordered ? 'ordinal' : 'nominal', name: item.name, label: item.label, values: col.values, missing: col.missing, valueLabels: item.choices, nets: item.nets });
        } else {
          variables.push({ ...common, type: 'numeric', measure: 'scale', name: item.name, label: item.label, values: col.values, missing: col.missing });
        }
        break;
      }
      case 'multiple': {
        const cols = item.choices.map(() => new Column(n));
        for (let row = 0; row < n; row++) {
          const v = valueOf(row);
          cols.forEach((col, k) => {
            if (v.kind === 'missing') col.setMissing(row, v.missing);
            else if (v.kind === 'choices') col.values[row] = v.codes.includes(item.choices[k]?.code ?? Number.NaN) ? 1 : 0;
            else throw new Error(`response ${row}: item '${item.name}' has a ${v.kind} answer`);
          });
        }
        const names = item.choices.map((c) => `${item.name}_${c.code}`);
        item.choices.forEach((option, k) => {
          const col = cols[k];
          if (col === undefined) return;
          variables.push({ ...common, type: 'indicator', measure: 'nominal', name: names[k] ?? '', label: joinLabels(item.label, option.label), values: col.values, missing: col.missing, option });
        });
        sets.push({ name: item.name, kind: 'multiple', label: item.label, variables: names });
        break;
      }
      case 'battery': {
        const names = item.rows.map((r) => `${item.name}_${r.name}`);
        item.rows.forEach((r, k) => {
          const col = new Column(n);
          for (let row = 0; row < n; row++) {
            const v = valueOf(row);
            if (v.kind === 'missing') col.setMissing(row, v.missing);
            else if (v.kind === 'battery') {
              const cell = v.rows[r.name];
              if (cell === undefined) col.setMissing(row, 'skipped');
              else if (typeof cell === 'string') col.setMissing(row, cell);
              else col.values[row] = cell;
            } else throw new Error(`response ${row}: item '${item.name}' has a ${v.kind} answer`);
          }
          variables.push({ ...common, type: 'coded', measure: 'ordinal', name: names[k] ?? '', label: joinLabels(item.label, r.label), values: col.values, missing: col.missing, valueLabels: item.scale, nets: item.nets });
        });
        sets.push({ name: item.name, kind: 'battery', label: item.label, variables: names });
        break;
      }
      case 'text':
      case 'long_text': {
        const values: string[] = [];
        const missing = new Uint8Array(n);
        for (let row = 0; row < n; row++) {
          const v = valueOf(row);
          if (v.kind === 'missing') {
            missing[row] = MISSING_INDEX[v.missing];
            values.push('');
          } else if (v.kind === 'text') values.push(v.value);
          else throw new Error(`response ${row}: item '${item.name}' has a ${v.kind} answer`);
        }
        variables.push({ ...common, type: 'text', measure: 'nominal', name: item.name, label: item.label, values, missing });
        break;
      }
    }
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

/** "Question: option" in every language. */
function joinLabels(question: LocalizedText, part: LocalizedText): LocalizedText {
  return Object.fromEntries(Object.keys(question).map((lang) => [lang, `${question[lang] ?? ''}: ${part[lang] ?? ''}`]));
}

function everyLanguage(instrument: Instrument, text: string): LocalizedText {
  return Object.fromEntries(instrument.languages.map((l) => [l, text]));
}
