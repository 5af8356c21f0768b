// Local suppression: blank single quasi-identifier values of the records that break k-anonymity.

import type { Dataset } from '../analysis/dataset.ts';
import { replaceVariable, requireVariable, suppressRows, SUPPRESSED_AS } from './edit.ts';
import { KeyPostings } from './key-postings.ts';
import { keyMatches, partsSize } from './key-matches.ts';
import { keyMatrix, keysMatch, quasiIdentifierNames, type KeyMatrix } from './keys.ts';

export interface LocalSuppressionOptions {
  readonly k: number;
  /** Default: the variables flagged `quasiIdentifier`. */
  readonly quasiIdentifiers?: readonly string[];
  /**
   * Quasi-identifiers from most to least important; ties in the search suppress the least
   * important first. Default: fewer distinct values = more important (a 2-category sex is kept
   * before a 40-category profession).
   */
  readonly importance?: readonly string[];
  /** Largest number of candidate suppression sets the exact search may test. Default 50 000. */
  readonly exactBudget?: number;
}

export interface SuppressionCount {
  readonly variable: string;
  readonly count: number;
}

export interface LocalSuppressionResult {
  readonly dataset: Dataset;
  /** Per quasi-identifier, in `quasiIdentifiers` order. */
  readonly suppressed: readonly SuppressionCount[];
  readonly total: number;
  /** True when an exhaustive search proved that no smaller set of suppressions reaches k. */
  readonly optimal: boolean;
  /** The missing kind suppressed values take. */
  readonly suppressedAs: typeof SUPPRESSED_AS;
}

/** A suppression: record `row`, quasi-identifier column `column`. */
export type Cell = readonly [row: number, column: number];

/**
 * Reaches k-anonymity (missing values as wildcards) by suppressing key values. Tiny problems are
 * solved exactly by searching sets of suppressions in increasing size; others by a greedy rule:
 * take the record with the smallest key frequency and suppress the value that makes the most
 * unsafe records safe, then raises its frequency most, then is least important; then restore,
 * most important first, every suppressed value that k-anonymity does not need.
 * Returns `undefined` when n < k (no suppression can help).
 */
export function localSuppression(dataset: Dataset, options: LocalSuppressionOptions): LocalSuppressionResult | undefined {
  const qis = options.quasiIdentifiers ?? quasiIdentifierNames(dataset);
  if (dataset.n < options.k && dataset.n > 0) return undefined;
  const keys = keyMatrix(dataset, qis);
  const importance = options.importance ?? defaultImportance(keys);
  const rank = qis.map((name) => {
    const r = importance.indexOf(name);
    return r < 0 ? importance.length : r;
  });
  const search = greedySearch(keys, options.k, rank);
  const greedy = pruneRedundant(keys, options.k, search.plan, rank, search.fk);
  // The exact search looks for a plan smaller than the greedy one; finding none proves the greedy optimal.
  const exact = greedy.length === 0 ? 'none-smaller' : exactPlan(keys, options.k, greedy.length - 1, options.exactBudget ?? 50_000);
  const plan = Array.isArray(exact) ? exact : greedy;
  let out = dataset;
  const suppressed = qis.map((name, j) => {
    const rows = plan.filter(([, c]) => c === j).map(([r]) => r);
    out = replaceVariable(out, suppressRows(requireVariable(out, name), rows));
    return { variable: name, count: rows.length };
  });
  return { dataset: out, suppressed, total: plan.length, optimal: exact !== 'over-budget', suppressedAs: SUPPRESSED_AS };
}

function defaultImportance(keys: KeyMatrix): string[] {
  const q = keys.names.length;
  const distinct = keys.names.map((_, j) => {
    const s = new Set<number>();
    for (let i = 0; i < keys.n; i++) {
      const v = keys.codes[i * q + j] ?? NaN;
      if (!Number.isNaN(v)) s.add(v);
    }
    return s.size;
  });
  return keys.names
    .map((name, j) => ({ name, j, d: distinct[j] ?? 0 }))
    .sort((a, b) => a.d - b.d || a.j - b.j)
    .map((x) => x.name);
}

/**
 * The one column where records a and b both hold a value and differ; -1 when there is none (they
 * match, missing values being wildcards) or more than one.
 */
function onlyMismatch(codes: Float64Array, q: number, a: number, b: number): number {
  let found = -1;
  for (let j = 0; j < q; j++) {
    const x = codes[a * q + j] ?? NaN;
    const y = codes[b * q + j] ?? NaN;
    if (x === y || Number.isNaN(x) || Number.isNaN(y)) continue;
    if (found >= 0) return -1;
    found = j;
  }
  return found;
}

/** Rows by key frequency below k, smallest row first: the greedy rule's next record in O(log n). */
class UnsafeQueue {
  private readonly heaps: number[][];
  constructor(private readonly k: number, private readonly fk: Float64Array) {
    this.heaps = Array.from({ length: Math.max(0, Math.ceil(k)) }, () => []);
    for (let r = 0; r < fk.length; r++) this.push(r);
  }
  /** Files row `r` under its current frequency (a row whose frequency rose is dropped from its old heap when met). */
  push(r: number): void {
    const f = this.fk[r] ?? 0;
    if (f < this.k) heapPush(this.heaps[f] as number[], r);
  }
  /** The row with the smallest frequency below k (the smallest such row on ties), or -1. */
  first(): number {
    for (let f = 0; f < this.heaps.length; f++) {
      const heap = this.heaps[f] as number[];
      while (heap.length > 0 && this.fk[heap[0] ?? 0] !== f) heapPop(heap);
      if (heap.length > 0) return heap[0] ?? -1;
    }
    return -1;
  }
}

/** Key frequencies, missing values as wildcards (records grouped by missing pattern, not compared in pairs). */
export function wildcardFrequencies(keys: KeyMatrix): Float64Array {
  const matches = keyMatches(keys, 'wildcard');
  return Float64Array.from(matches.keyOf, (g) => partsSize(matches.parts(g)));
}

export function greedyPlan(input: KeyMatrix, k: number, rank: readonly number[]): Cell[] {
  return greedySearch(input, k, rank).plan;
}

/** The greedy plan, and every record's key frequency once it is applied. */
function greedySearch(input: KeyMatrix, k: number, rank: readonly number[]): { plan: Cell[]; fk: Float64Array } {
  const keys = new KeyPostings(input);
  const q = keys.q;
  const fk = wildcardFrequencies(input);
  const unsafe = new UnsafeQueue(k, fk);
  const plan: Cell[] = [];
  for (;;) {
    const i = unsafe.first();
    if (i < 0) return { plan, fk };
    // r becomes a match of i by suppressing i's value in column j exactly when j is the only column where
    // both hold a value and differ; such rows are i's neighbours (key-postings.ts says how they are found).
    const newlyBy: number[][] = Array.from({ length: q }, () => []);
    for (const r of keys.neighbours(i)) {
      if (r === i) continue;
      const only = onlyMismatch(keys.codes, q, i, r);
      if (only >= 0) newlyBy[only]?.push(r);
    }
    let best: { j: number; newly: number[]; score: readonly number[] } | undefined;
    for (let j = 0; j < q; j++) {
      if (Number.isNaN(keys.code(i, j))) continue;
      const newly = newlyBy[j] ?? [];
      const fNew = (fk[i] ?? 0) + newly.length;
      const madeSafe = (fNew >= k ? 1 : 0) + newly.filter((r) => (fk[r] ?? 0) < k && (fk[r] ?? 0) + 1 >= k).length;
      const score = [madeSafe, newly.length, rank[j] ?? 0];
      if (best === undefined || lexGreater(score, best.score)) best = { j, newly, score };
    }
    if (best === undefined) throw new Error('greedyPlan: an unsafe record has no value left to suppress');
    keys.setCode(i, best.j, NaN);
    fk[i] = (fk[i] ?? 0) + best.newly.length;
    if (best.newly.length > 0) unsafe.push(i);
    for (const r of best.newly) {
      fk[r] = (fk[r] ?? 0) + 1;
      unsafe.push(r);
    }
    plan.push([i, best.j]);
  }
}

const lexGreater = (a: readonly number[], b: readonly number[]): boolean => {
  for (let t = 0; t < a.length; t++) if ((a[t] ?? 0) !== (b[t] ?? 0)) return (a[t] ?? 0) > (b[t] ?? 0);
  return false;
};

/** Whether every record's key (missing = wildcard) is shared by at least k records. */
export function isKAnonymous(keys: KeyMatrix, k: number): boolean {
  for (let i = 0; i < keys.n; i++) {
    let f = 0;
    for (let r = 0; r < keys.n && f < k; r++) if (keysMatch(keys, i, r, 'wildcard')) f++;
    if (f < k) return false;
  }
  return true;
}

/** The smallest plan of at most `maxSize` suppressions, `none-smaller` if there is none, or `over-budget`. */
function exactPlan(keys: KeyMatrix, k: number, maxSize: number, budget: number): Cell[] | 'none-smaller' | 'over-budget' {
  const q = keys.names.length;
  const cells: Cell[] = [];
  for (let i = 0; i < keys.n; i++) for (let j = 0; j < q; j++) if (!Number.isNaN(keys.codes[i * q + j] ?? NaN)) cells.push([i, j]);
  let combos = 0;
  let c = 1;
  for (let s = 0; s <= maxSize; s++) {
    combos += c;
    if (combos > budget) return 'over-budget';
    c = (c * (cells.length - s)) / (s + 1);
  }
  const codes = Float64Array.from(keys.codes);
  const work: KeyMatrix = { ...keys, codes };
  const chosen: number[] = [];
  const search = (start: number, left: number): boolean => {
    if (left === 0) return isKAnonymous(work, k);
    for (let t = start; t <= cells.length - left; t++) {
      const [r, j] = cells[t] ?? [0, 0];
      const saved = codes[r * q + j] ?? NaN;
      codes[r * q + j] = NaN;
      chosen.push(t);
      if (search(t + 1, left - 1)) return true;
      chosen.pop();
      codes[r * q + j] = saved;
    }
    return false;
  };
  for (let size = 0; size <= maxSize; size++) {
    if (search(0, size)) return chosen.map((t) => cells[t] ?? [0, 0]);
  }
  return 'none-smaller';
}

/**
 * Restores suppressed values one at a time (most important variable first) when the data stay
 * k-anonymous without them. Restoring record i's value only changes pairs involving i: i's own
 * frequency is recounted, and every record that matched i only through the wildcard loses one.
 */
export function pruneRedundant(input: KeyMatrix, k: number, plan: readonly Cell[], rank: readonly number[], frequencies?: Float64Array): Cell[] {
  const q = input.names.length;
  const suppressed = Float64Array.from(input.codes);
  for (const [r, c] of plan) suppressed[r * q + c] = NaN;
  const keys = new KeyPostings({ ...input, codes: suppressed });
  // `frequencies`: the greedy search's own, of the data with the whole plan applied.
  const fk = frequencies === undefined ? wildcardFrequencies({ ...input, codes: suppressed }) : Float64Array.from(frequencies);
  const kept: Cell[] = [];
  const order = [...plan].sort((a, b) => (rank[a[1]] ?? 0) - (rank[b[1]] ?? 0));
  // i's frequency with the value restored is counted first, on its narrower key: most restorations fail there,
  // and the records the wildcard alone matches (those it would lose) are listed only when it passes.
  for (const [i, j] of order) {
    const original = input.codes[i * q + j] ?? NaN;
    keys.setCode(i, j, original);
    let fi = 0;
    for (const r of keys.possibleMatches(i, -1)) if (matches(keys.codes, q, i, r)) fi++;
    keys.setCode(i, j, NaN);
    if (fi < k) {
      kept.push([i, j]);
      continue;
    }
    const lost: number[] = []; // i's matches with the value suppressed that hold another value there
    for (const r of keys.possibleMatches(i, j)) {
      const x = keys.code(r, j);
      if (!Number.isNaN(x) && x !== original && matches(keys.codes, q, i, r)) lost.push(r);
    }
    if (lost.every((r) => (fk[r] ?? 0) - 1 >= k)) {
      keys.setCode(i, j, original);
      fk[i] = fi;
      for (const r of lost) fk[r] = (fk[r] ?? 0) - 1;
    } else kept.push([i, j]);
  }
  return kept;
}

/** Whether records a and b agree wherever both hold a value (keysMatch with missing values as wildcards). */
function matches(codes: Float64Array, q: number, a: number, b: number): boolean {
  for (let j = 0; j < q; j++) {
    const x = codes[a * q + j] ?? NaN;
    const y = codes[b * q + j] ?? NaN;
    if (x !== y && !Number.isNaN(x) && !Number.isNaN(y)) return false;
  }
  return true;
}

function heapPush(heap: number[], x: number): void {
  let i = heap.push(x) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((heap[parent] ?? 0) <= x) break;
    heap[i] = heap[parent] ?? 0;
    i = parent;
  }
  heap[i] = x;
}

function heapPop(heap: number[]): void {
  const last = heap.pop();
  if (last === undefined || heap.length === 0) return;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= heap.length) break;
    const c = l + 1 < heap.length && (heap[l + 1] ?? 0) < (heap[l] ?? 0) ? l + 1 : l;
    if ((heap[c] ?? 0) >= last) break;
    heap[i] = heap[c] ?? 0;
    i = c;
  }
  heap[i] = last;
}
