// localSuppression as it was at 94e99cb (before #20): the reference the faster greedy search must equal.
import type { Dataset } from '../../../src/analysis/dataset.ts';
import { replaceVariable, requireVariable, suppressRows, SUPPRESSED_AS } from '../../../src/disclosure/edit.ts';
import { keyMatrix, keysMatch, quasiIdentifierNames, type KeyMatrix } from '../../../src/disclosure/keys.ts';
import { matchingRows } from './matching-rows-before.ts';

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
  const greedy = pruneRedundant(keys, options.k, greedyPlan(keys, options.k, rank), rank);
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

/** Whether a and b match on every column but `skip`. */
function matchExcept(keys: KeyMatrix, a: number, b: number, skip: number): boolean {
  const q = keys.names.length;
  for (let j = 0; j < q; j++) {
    if (j === skip) continue;
    const x = keys.codes[a * q + j] ?? NaN;
    const y = keys.codes[b * q + j] ?? NaN;
    if (x !== y && !Number.isNaN(x) && !Number.isNaN(y)) return false;
  }
  return true;
}

export function greedyPlan(input: KeyMatrix, k: number, rank: readonly number[]): Cell[] {
  const keys: KeyMatrix = { ...input, codes: Float64Array.from(input.codes) };
  const q = keys.names.length;
  const n = keys.n;
  const fk = Float64Array.from(matchingRows(keys, 'wildcard'), (m) => m.length);
  const plan: Cell[] = [];
  for (;;) {
    let i = -1;
    for (let r = 0; r < n; r++) if ((fk[r] ?? 0) < k && (i < 0 || (fk[r] ?? 0) < (fk[i] ?? 0))) i = r;
    if (i < 0) return plan;
    let best: { j: number; newly: number[]; score: readonly number[] } | undefined;
    for (let j = 0; j < q; j++) {
      if (Number.isNaN(keys.codes[i * q + j] ?? NaN)) continue;
      const newly: number[] = [];
      for (let r = 0; r < n; r++) if (r !== i && !keysMatch(keys, i, r, 'wildcard') && matchExcept(keys, i, r, j)) newly.push(r);
      const fNew = (fk[i] ?? 0) + newly.length;
      const madeSafe = (fNew >= k ? 1 : 0) + newly.filter((r) => (fk[r] ?? 0) < k && (fk[r] ?? 0) + 1 >= k).length;
      const score = [madeSafe, newly.length, rank[j] ?? 0];
      if (best === undefined || lexGreater(score, best.score)) best = { j, newly, score };
    }
    if (best === undefined) throw new Error('greedyPlan: an unsafe record has no value left to suppress');
    keys.codes[i * q + best.j] = NaN;
    fk[i] = (fk[i] ?? 0) + best.newly.length;
    for (const r of best.newly) fk[r] = (fk[r] ?? 0) + 1;
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
export function pruneRedundant(input: KeyMatrix, k: number, plan: readonly Cell[], rank: readonly number[]): Cell[] {
  const keys: KeyMatrix = { ...input, codes: Float64Array.from(input.codes) };
  const q = keys.names.length;
  for (const [r, c] of plan) keys.codes[r * q + c] = NaN;
  const fk = Float64Array.from(matchingRows(keys, 'wildcard'), (m) => m.length);
  const kept: Cell[] = [];
  const order = [...plan].sort((a, b) => (rank[a[1]] ?? 0) - (rank[b[1]] ?? 0));
  for (const [i, j] of order) {
    const original = input.codes[i * q + j] ?? NaN;
    keys.codes[i * q + j] = NaN;
    const before: number[] = [];
    for (let r = 0; r < keys.n; r++) if (keysMatch(keys, i, r, 'wildcard')) before.push(r);
    keys.codes[i * q + j] = original;
    const lost = before.filter((r) => !keysMatch(keys, i, r, 'wildcard'));
    const fi = before.length - lost.length;
    if (fi >= k && lost.every((r) => (fk[r] ?? 0) - 1 >= k)) {
      fk[i] = fi;
      for (const r of lost) fk[r] = (fk[r] ?? 0) - 1;
    } else {
      keys.codes[i * q + j] = NaN;
      kept.push([i, j]);
    }
  }
  return kept;
}
