// Keys: the combination of quasi-identifier values of each record, and which records share one.

import type { Dataset, Variable } from '../analysis/dataset.ts';

/**
 * How a missing value inside a key counts when records are compared.
 * - `wildcard` (default, as sdcMicro): a missing value matches any value, in both directions.
 *   This is what makes local suppression work: a suppressed value hides the record among all
 *   records that agree on the rest of its key.
 * - `category`: a missing value is one more category (all missing kinds together). Stricter
 *   on frequencies, but then suppression cannot raise them.
 */
export type MissingInKeys = 'wildcard' | 'category';

/** The quasi-identifier values of every record, as numbers; NaN marks a missing value. */
export interface KeyMatrix {
  readonly n: number;
  readonly names: readonly string[];
  /** Row-major, `n × names.length`. */
  readonly codes: Float64Array;
}

/** Names of the variables flagged as quasi-identifiers, in dataset order. */
export function quasiIdentifierNames(dataset: Dataset): string[] {
  return dataset.variables.filter((v) => v.quasiIdentifier && v.role === 'answer').map((v) => v.name);
}

/** Names of the variables flagged as sensitive, in dataset order. */
export function sensitiveNames(dataset: Dataset): string[] {
  return dataset.variables.filter((v) => v.sensitive && v.role === 'answer').map((v) => v.name);
}

/** A variable's values as numbers with NaN for missing; text is numbered in order of appearance. */
export function numericValues(variable: Variable, n: number): Float64Array {
  const out = new Float64Array(n);
  if (variable.type === 'text') {
    const ids = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const s = variable.values[i] ?? '';
      if (variable.missing[i] !== 0 || s === '') {
        out[i] = NaN;
        continue;
      }
      let id = ids.get(s);
      if (id === undefined) ids.set(s, (id = ids.size));
      out[i] = id;
    }
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = variable.missing[i] === 0 ? (variable.values[i] ?? NaN) : NaN;
  return out;
}

export function keyMatrix(dataset: Dataset, names: readonly string[]): KeyMatrix {
  const q = names.length;
  const codes = new Float64Array(dataset.n * q);
  names.forEach((name, j) => {
    const variable = dataset.variables.find((v) => v.name === name);
    if (variable === undefined) throw new Error(`keyMatrix: no variable '${name}'`);
    const values = numericValues(variable, dataset.n);
    for (let i = 0; i < dataset.n; i++) codes[i * q + j] = values[i] ?? NaN;
  });
  return { n: dataset.n, names, codes };
}

/** Whether records `a` and `b` share a key under the given missing-value rule. */
export function keysMatch(keys: KeyMatrix, a: number, b: number, missing: MissingInKeys): boolean {
  const q = keys.names.length;
  for (let j = 0; j < q; j++) {
    const x = keys.codes[a * q + j] ?? NaN;
    const y = keys.codes[b * q + j] ?? NaN;
    if (x === y) continue;
    const xm = Number.isNaN(x);
    const ym = Number.isNaN(y);
    if (xm && ym) continue;
    if (missing === 'wildcard' && (xm || ym)) continue;
    return false;
  }
  return true;
}
