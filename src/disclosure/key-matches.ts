// Which records share each key, found once per distinct key and without comparing records pair by pair.
// Records are numbered by their full key (a missing value counting as one more value); records with the same
// missing pattern match exactly when their full keys are equal. Under the wildcard rule a key also matches, for
// every other pattern, the records of that pattern that agree with it outside the union of the two patterns:
// one hash look-up per pattern, on the values outside the union (hashes are verified value by value).

import type { KeyMatrix, MissingInKeys } from './keys.ts';

/** Disjoint lists of rows, each in ascending order. */
export type RowParts = readonly (readonly number[])[];

export interface KeyMatches {
  /** How many distinct keys. */
  readonly count: number;
  /** Each record's distinct key, numbered in order of first appearance. */
  readonly keyOf: Int32Array;
  /** Per distinct key: 1 when it holds no missing value. */
  readonly complete: Uint8Array;
  /** The records that share distinct key `g` under the missing-value rule (its own records included). */
  parts(g: number): RowParts;
}

export function keyMatches(keys: KeyMatrix, missing: MissingInKeys): KeyMatches {
  const n = keys.n;
  const q = keys.names.length;
  const code = denseCodes(keys);
  const keyOf = new Int32Array(n);
  const count = refine(code, n, q, range(q), keyOf);
  // The rows of each distinct key, ascending (a counting sort on keyOf).
  const start = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) {
    const g = (keyOf[i] ?? 0) + 1;
    start[g] = (start[g] ?? 0) + 1;
  }
  for (let g = 0; g < count; g++) start[g + 1] = (start[g + 1] ?? 0) + (start[g] ?? 0);
  const fill = start.slice(0, count);
  const sorted = new Int32Array(n);
  const first = new Int32Array(count);
  for (let i = 0; i < n; i++) {
    const g = keyOf[i] ?? 0;
    const at = fill[g] ?? 0;
    if (at === start[g]) first[g] = i;
    sorted[at] = i;
    fill[g] = at + 1;
  }
  const own = (g: number): number[] => Array.from(sorted.subarray(start[g], start[g + 1]));
  // Missing patterns, numbered; each distinct key has one.
  const patternIds = new Map<string, number>();
  const patterns: Uint8Array[] = [];
  const patternOf = new Int32Array(count);
  const complete = new Uint8Array(count);
  for (let g = 0; g < count; g++) {
    const row = first[g] ?? 0;
    const miss = Uint8Array.from({ length: q }, (_, j) => ((code[row * q + j] ?? 0) < 0 ? 1 : 0));
    const text = miss.join('');
    let id = patternIds.get(text);
    if (id === undefined) {
      patternIds.set(text, (id = patterns.length));
      patterns.push(miss);
    }
    patternOf[g] = id;
    complete[g] = miss.includes(1) ? 0 : 1;
  }
  if (missing === 'category' || patterns.length === 1) return { count, keyOf, complete, parts: (g) => [own(g)] };

  // The rows of each pattern, ascending.
  const rowsOf: number[][] = patterns.map(() => []);
  for (let i = 0; i < n; i++) rowsOf[patternOf[keyOf[i] ?? 0] ?? 0]?.push(i);
  const P = patterns.length;
  /** Per (pattern a, pattern b): the columns outside their union, and a's rows by hash of their values there. */
  const tables = new Map<number, { cols: number[]; byHash: Map<number, number[]> }>();
  const table = (a: number, b: number): { cols: number[]; byHash: Map<number, number[]> } => {
    let t = tables.get(a * P + b);
    if (t === undefined) {
      const pa = patterns[a] ?? new Uint8Array(q);
      const pb = patterns[b] ?? new Uint8Array(q);
      const cols = range(q).filter((j) => pa[j] === 0 && pb[j] === 0);
      const byHash = new Map<number, number[]>();
      for (const r of rowsOf[a] ?? []) {
        const h = hashOn(code, q, r, cols);
        const list = byHash.get(h);
        if (list === undefined) byHash.set(h, [r]);
        else list.push(r);
      }
      tables.set(a * P + b, (t = { cols, byHash }));
    }
    return t;
  };
  const found: (RowParts | undefined)[] = new Array<RowParts | undefined>(count);
  const look = (g: number): RowParts => {
    const row = first[g] ?? 0;
    const b = patternOf[g] ?? 0;
    const out: number[][] = [own(g)];
    for (let a = 0; a < P; a++) {
      if (a === b) continue;
      const { cols, byHash } = table(a, b);
      const list = byHash.get(hashOn(code, q, row, cols));
      if (list === undefined) continue;
      const same = list.filter((r) => cols.every((j) => code[r * q + j] === code[row * q + j]));
      if (same.length > 0) out.push(same);
    }
    return out;
  };
  return { count, keyOf, complete, parts: (g) => (found[g] ??= look(g)) };
}

/** How many rows the parts hold together. */
export function partsSize(parts: RowParts): number {
  let f = 0;
  for (const p of parts) f += p.length;
  return f;
}

const range = (q: number): number[] => Array.from({ length: q }, (_, j) => j);

/**
 * Each value as a small integer per column, -1 for missing. Map keys compare as SameValueZero, so 0 and -0 are
 * one value, as `===` has it in keysMatch.
 */
function denseCodes(keys: KeyMatrix): Int32Array {
  const q = keys.names.length;
  const out = new Int32Array(keys.n * q);
  for (let j = 0; j < q; j++) {
    const ids = new Map<number, number>();
    for (let i = 0; i < keys.n; i++) {
      const x = keys.codes[i * q + j] ?? NaN;
      if (Number.isNaN(x)) {
        out[i * q + j] = -1;
        continue;
      }
      let id = ids.get(x);
      if (id === undefined) ids.set(x, (id = ids.size));
      out[i * q + j] = id;
    }
  }
  return out;
}

/** Numbers rows by their codes on `cols`, column by column: (number so far, code) → the next number. */
function refine(code: Int32Array, n: number, q: number, cols: readonly number[], out: Int32Array): number {
  out.fill(0);
  let count = n === 0 ? 0 : 1;
  for (const j of cols) {
    let width = 1;
    for (let i = 0; i < n; i++) width = Math.max(width, (code[i * q + j] ?? 0) + 2);
    const next = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const pair = (out[i] ?? 0) * width + (code[i * q + j] ?? 0) + 1;
      let id = next.get(pair);
      if (id === undefined) next.set(pair, (id = next.size));
      out[i] = id;
    }
    count = next.size;
  }
  return count;
}

/** A 30-bit hash of row `r`'s codes on `cols` (a small integer, so Map keys stay unboxed). */
function hashOn(code: Int32Array, q: number, r: number, cols: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const j of cols) h = Math.imul(h ^ (code[r * q + j] ?? 0), 0x01000193) ^ (h >>> 15);
  return h & 0x3fffffff;
}
