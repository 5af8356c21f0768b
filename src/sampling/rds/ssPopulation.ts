// A synthetic population built from an SS estimate, and successive sampling from it (Gile 2011 bootstrap).

import type { Diagnostic } from '../../core/diagnostic.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { Rng } from '../../core/rng.ts';
import type { RdsSample } from './sample.ts';

export interface SyntheticPopulation {
  readonly degree: Float64Array;
  readonly outcome: readonly (string | null)[];
}

/**
 * N units whose (degree, category) cells have counts proportional to the estimated weights of the
 * respondents in each cell, rounded by largest remainder so that they sum to N exactly.
 */
export function syntheticPopulation(sample: RdsSample, weights: readonly number[], populationSize: number): Result<SyntheticPopulation, Diagnostic> {
  const N = Math.round(populationSize);
  const cells = new Map<string, { degree: number; outcome: string; w: number }>();
  sample.outcome.forEach((o, i) => {
    if (o === null) return;
    const d = sample.degree[i] ?? 1;
    const key = `${d}\u0000${o}`;
    const cell = cells.get(key) ?? { degree: d, outcome: o, w: 0 };
    cell.w += weights[i] ?? 0;
    cells.set(key, cell);
  });
  const list = [...cells.values()];
  const total = list.reduce((a, c) => a + c.w, 0);
  const n = sample.outcome.filter((o) => o !== null).length;
  if (!(N > n) || !(total > 0)) return err({ code: 'rds.population-too-small', severity: 'error', message: `the population size ${populationSize} must exceed the sample size ${n}` });
  const exact = list.map((c) => (N * c.w) / total);
  const counts = exact.map(Math.floor);
  let short = N - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, k) => [x - Math.floor(x), k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, k] of order) {
    if (short <= 0) break;
    counts[k] = (counts[k] ?? 0) + 1;
    short -= 1;
  }
  const degree = new Float64Array(N);
  const outcome: string[] = [];
  list.forEach((c, k) => {
    for (let j = 0; j < (counts[k] ?? 0); j++) {
      degree[outcome.length] = c.degree;
      outcome.push(c.outcome);
    }
  });
  return ok({ degree, outcome });
}

/**
 * Successive sampling of n units with probability proportional to degree, without replacement:
 * equivalent to keeping the n smallest keys E_i / d_i with E_i standard exponential (order sampling).
 * A max-heap of size n keeps it O(N log n).
 */
export function successiveSample(pop: SyntheticPopulation, n: number, rng: Rng): RdsSample {
  const heapKey = new Float64Array(n);
  const heapIdx = new Int32Array(n);
  let size = 0;
  const N = pop.degree.length;
  for (let i = 0; i < N; i++) {
    const key = -Math.log(1 - rng.nextFloat()) / (pop.degree[i] ?? 1);
    if (size < n) {
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if ((heapKey[p] ?? 0) >= key) break;
        heapKey[c] = heapKey[p] ?? 0;
        heapIdx[c] = heapIdx[p] ?? 0;
        c = p;
      }
      heapKey[c] = key;
      heapIdx[c] = i;
    } else if (key < (heapKey[0] ?? 0)) {
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= n) break;
        const r = l + 1;
        const big = r < n && (heapKey[r] ?? 0) > (heapKey[l] ?? 0) ? r : l;
        if ((heapKey[big] ?? 0) <= key) break;
        heapKey[c] = heapKey[big] ?? 0;
        heapIdx[c] = heapIdx[big] ?? 0;
        c = big;
      }
      heapKey[c] = key;
      heapIdx[c] = i;
    }
  }
  const picks = Array.from(heapIdx.subarray(0, size));
  return { outcome: picks.map((i) => pop.outcome[i] ?? null), degree: picks.map((i) => pop.degree[i] ?? 1), recruiter: picks.map(() => -1) };
}

/**
 * Gile's (2011) bootstrap draw with recruitment homophily: the observed tree shape is kept; seeds
 * are drawn by successive sampling from the whole synthetic population; each recruit's category
 * is drawn from its recruiter's row of the transition matrix `markov` and the recruit is the next
 * unit of that category in successive-sampling order (ascending E/d keys), without replacement.
 */
export function successiveTreeSample(pop: SyntheticPopulation, template: RdsSample, categories: readonly string[], markov: readonly (readonly number[])[], rng: Rng): RdsSample {
  const at = new Map(categories.map((c, k) => [c, k]));
  const keys = new Float64Array(pop.degree.length);
  for (let i = 0; i < keys.length; i++) keys[i] = -Math.log(1 - rng.nextFloat()) / (pop.degree[i] ?? 1);
  const order = Array.from({ length: keys.length }, (_, i) => i).sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0));
  const pools: number[][] = categories.map(() => []);
  for (const i of order) pools[at.get(pop.outcome[i] ?? '') ?? 0]?.push(i);
  const next = categories.map(() => 0);
  const used = new Uint8Array(keys.length);
  let globalNext = 0;
  const takeGlobal = (): number => {
    while (globalNext < order.length && used[order[globalNext] ?? 0] === 1) globalNext++;
    return order[globalNext] ?? 0;
  };
  const take = (k: number): number => {
    const pool = pools[k] ?? [];
    while ((next[k] ?? 0) < pool.length && used[pool[next[k] ?? 0] ?? 0] === 1) next[k] = (next[k] ?? 0) + 1;
    const i = (next[k] ?? 0) < pool.length ? (pool[next[k] ?? 0] ?? 0) : takeGlobal(); // an exhausted category falls back to anyone
    used[i] = 1;
    return i;
  };
  // Recruiters before their recruits: order template respondents by wave.
  const n = template.recruiter.length;
  const depth = new Array<number>(n).fill(-1);
  const depthOf = (i: number): number => {
    const chain: number[] = [];
    let v = i;
    while ((depth[v] ?? 0) < 0 && (template.recruiter[v] ?? -1) >= 0) {
      chain.push(v);
      v = template.recruiter[v] ?? -1;
    }
    let d = (depth[v] ?? -1) >= 0 ? (depth[v] ?? 0) : 0;
    depth[v] = d;
    for (let c = chain.length - 1; c >= 0; c--) depth[chain[c] ?? 0] = ++d;
    return depth[i] ?? 0;
  };
  const sequence = Array.from({ length: n }, (_, i) => i).sort((a, b) => depthOf(a) - depthOf(b) || a - b);
  const unit = new Array<number>(n).fill(-1);
  for (const i of sequence) {
    const p = template.recruiter[i] ?? -1;
    const from = p < 0 ? undefined : at.get(pop.outcome[unit[p] ?? 0] ?? '');
    const row = from === undefined ? undefined : markov[from];
    if (row === undefined) {
      const g = takeGlobal();
      used[g] = 1;
      unit[i] = g;
    } else {
      let u = rng.nextFloat();
      let k = 0;
      while (k < row.length - 1 && u >= (row[k] ?? 0)) u -= row[k++] ?? 0;
      unit[i] = take(k);
    }
  }
  return { outcome: unit.map((i) => pop.outcome[i] ?? null), degree: unit.map((i) => pop.degree[i] ?? 1), recruiter: template.recruiter };
}
