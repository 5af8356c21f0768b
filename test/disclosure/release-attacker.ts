// An attacker of microdata releases, written apart from src/disclosure: from releases and published counts it tries
// to recover suppressed values. Used by release-attack.test.ts; every guess is scored against the truth.

import type { Dataset, Variable } from '../../src/analysis/dataset.ts';
import { MISSING_INDEX } from '../../src/instrument/missing.ts';

/** A value the attacker claims for a suppressed cell: release row, variable, value. */
export interface Guess {
  readonly row: number;
  readonly variable: string;
  readonly value: number;
}

/** Published counts per variable: value → number of respondents (what the report's frequency tables give). */
export type Marginals = ReadonlyMap<string, ReadonlyMap<number, number>>;

const SUPPRESSED = MISSING_INDEX.suppressed;
const present = (v: Variable, r: number): boolean => v.missing[r] === 0;
const numeric = (v: Variable, r: number): number => (v.type === 'text' ? Number.NaN : (v.values[r] ?? Number.NaN));

/** Counts of every present value of every non-text variable: the worst case of what a report publishes. */
export function marginalsOf(d: Dataset, names: readonly string[]): Marginals {
  const out = new Map<string, Map<number, number>>();
  for (const v of d.variables) {
    if (!names.includes(v.name) || v.type === 'text') continue;
    const counts = new Map<number, number>();
    for (let r = 0; r < d.n; r++) if (present(v, r)) counts.set(numeric(v, r), (counts.get(numeric(v, r)) ?? 0) + 1);
    out.set(v.name, counts);
  }
  return out;
}

/**
 * Category inference from counts: published count minus released count, per value, is how many suppressed cells hold
 * that value. When only one value is short, every suppressed cell of the variable holds it.
 */
export function categoryInference(release: Dataset, published: Marginals): Guess[] {
  const guesses: Guess[] = [];
  for (const v of release.variables) {
    const counts = published.get(v.name);
    if (counts === undefined) continue;
    const shown = new Map<number, number>();
    const hidden: number[] = [];
    for (let r = 0; r < release.n; r++) {
      if (present(v, r)) shown.set(numeric(v, r), (shown.get(numeric(v, r)) ?? 0) + 1);
      else if (v.missing[r] === SUPPRESSED) hidden.push(r);
    }
    const short = [...counts].filter(([value, n]) => n > (shown.get(value) ?? 0)).map(([value]) => value);
    const [only] = short;
    if (short.length === 1 && only !== undefined) for (const row of hidden) guesses.push({ row, variable: v.name, value: only });
  }
  return guesses;
}

/** Variables both releases hold with the same coding (a recoded variable in one and not the other is not comparable). */
function sharedVariables(a: Dataset, b: Dataset): [Variable, Variable][] {
  const pairs: [Variable, Variable][] = [];
  for (const va of a.variables) {
    const vb = b.variables.find((x) => x.name === va.name);
    if (vb === undefined || vb.type !== va.type || va.type === 'text') continue;
    if (va.type === 'coded' && vb.type === 'coded' && JSON.stringify(va.valueLabels) !== JSON.stringify(vb.valueLabels)) continue;
    pairs.push([va, vb]);
  }
  return pairs;
}

/** Whether row ra of a and row rb of b can be the same respondent: equal where both show a value, same missing kind where neither is suppressed. */
function consistent(pairs: readonly [Variable, Variable][], ra: number, rb: number): boolean {
  for (const [va, vb] of pairs) {
    const ma = va.missing[ra] ?? 0;
    const mb = vb.missing[rb] ?? 0;
    if (ma === SUPPRESSED || mb === SUPPRESSED) continue;
    if (ma !== mb) return false;
    if (ma === 0 && numeric(va, ra) !== numeric(vb, rb)) return false;
  }
  return true;
}

/** For each suppressed cell of a's row ra that b's row rb shows: the value b shows. */
function fill(pairs: readonly [Variable, Variable][], ra: number, rb: number): Guess[] {
  return pairs.filter(([va, vb]) => va.missing[ra] === SUPPRESSED && present(vb, rb)).map(([va, vb]) => ({ row: ra, variable: va.name, value: numeric(vb, rb) }));
}

/** Row by row: if every row of a agrees with the same row of b, b's values fill a's suppressed cells. */
export function mergeRowByRow(a: Dataset, b: Dataset): Guess[] {
  if (a.n !== b.n) return [];
  const pairs = sharedVariables(a, b);
  for (let r = 0; r < a.n; r++) if (!consistent(pairs, r, r)) return [];
  return Array.from({ length: a.n }, (_, r) => fill(pairs, r, r)).flat();
}

/** By matching: a row of a with exactly one consistent row in b takes that row's values for its suppressed cells. */
export function mergeByMatching(a: Dataset, b: Dataset): Guess[] {
  const pairs = sharedVariables(a, b);
  const guesses: Guess[] = [];
  for (let ra = 0; ra < a.n; ra++) {
    let match = -1;
    let count = 0;
    for (let rb = 0; rb < b.n && count < 2; rb++) {
      if (consistent(pairs, ra, rb)) {
        match = rb;
        count++;
      }
    }
    if (count === 1) guesses.push(...fill(pairs, ra, match));
  }
  return guesses;
}

/** How many guesses are right, given the truth of each release row (`truth(row, variable)`). */
export function recovered(guesses: readonly Guess[], truth: (row: number, variable: string) => number): number {
  const seen = new Set<string>();
  let right = 0;
  for (const g of guesses) {
    const key = `${String(g.row)}|${g.variable}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (truth(g.row, g.variable) === g.value) right++;
  }
  return right;
}
