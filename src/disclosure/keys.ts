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

const keyString = (keys: KeyMatrix, i: number): { text: string; complete: boolean } => {
  const q = keys.names.length;
  const parts: string[] = [];
  let complete = true;
  for (let j = 0; j < q; j++) {
    const x = keys.codes[i * q + j] ?? NaN;
    if (Number.isNaN(x)) complete = false;
    parts.push(Number.isNaN(x) ? 'NA' : String(x));
  }
  return { text: parts.join('|'), complete };
};

/**
 * For every record, the records that share its key (itself included). Complete keys are grouped
 * by hashing; only records with a missing value are compared pair by pair.
 */
export function matchingRows(keys: KeyMatrix, missing: MissingInKeys): readonly (readonly number[])[] {
  const groups = new Map<string, number[]>();
  const incomplete: number[] = [];
  const textOf: string[] = [];
  for (let i = 0; i < keys.n; i++) {
    const { text, complete } = keyString(keys, i);
    textOf.push(text);
    if (complete || missing === 'category') {
      let g = groups.get(text);
      if (g === undefined) groups.set(text, (g = []));
      g.push(i);
    } else incomplete.push(i);
  }
  const shared = new Map<string, number[]>();
  const out: number[][] = [];
  for (let i = 0; i < keys.n; i++) {
    const text = textOf[i] ?? '';
    const group = groups.get(text);
    if (group !== undefined) {
      // every member of a complete group has the same matches: compute once
      let m = shared.get(text);
      if (m === undefined) {
        m = [...group];
        for (const r of incomplete) if (keysMatch(keys, i, r, missing)) m.push(r);
        m.sort((a, b) => a - b);
        shared.set(text, m);
      }
      out.push(m);
    } else {
      const m: number[] = [];
      for (let r = 0; r < keys.n; r++) if (keysMatch(keys, i, r, missing)) m.push(r);
      out.push(m);
    }
  }
  return out;
}

export interface KeyFrequencies {
  /** Sample frequency f_k of each record's key. */
  readonly fk: Float64Array;
  /** Estimated population frequency F_k: the sum of the weights of the records sharing the key. */
  readonly Fk: Float64Array;
}

export function keyFrequencies(keys: KeyMatrix, missing: MissingInKeys, weights?: Float64Array): KeyFrequencies {
  const rows = matchingRows(keys, missing);
  const fk = new Float64Array(keys.n);
  const Fk = new Float64Array(keys.n);
  rows.forEach((m, i) => {
    fk[i] = m.length;
    let w = 0;
    for (const r of m) w += weights === undefined ? 1 : (weights[r] ?? 0);
    Fk[i] = w;
  });
  return { fk, Fk };
}
