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
 * Gile's (2011) bootstrap draws with recruitment homophily: the observed tree shape is kept; seeds
 * are drawn proportional to degree from the whole remaining synthetic population; each recruit's
 * category is drawn from its recruiter's row of the transition matrix `markov`, and the recruit
 * proportional to degree among the remaining units of that category (successive sampling). An
 * exhausted category falls back to the whole population. Fenwick trees make a draw O(log N).
 */
export function successiveTreeSampler(pop: SyntheticPopulation, template: RdsSample, categories: readonly string[], markov: readonly (readonly number[])[], rng: Rng): () => RdsSample {
  const at = new Map(categories.map((c, k) => [c, k]));
  const pools: number[][] = categories.map(() => []);
  pop.outcome.forEach((o, i) => pools[at.get(o ?? '') ?? 0]?.push(i));
  const initial = pools.map((pool) => fenwickOf(pool.map((i) => pop.degree[i] ?? 1)));
  const sequence = recruitersFirst(template.recruiter);
  const n = template.recruiter.length;
  return () => {
    const trees = initial.map((t) => t.slice());
    const mass = trees.map((t) => fenwickTotal(t));
    const takeFrom = (k: number): number => {
      const t = trees[k];
      const pool = pools[k];
      if (t === undefined || pool === undefined) return 0;
      const j = fenwickFind(t, rng.nextFloat() * (mass[k] ?? 0));
      const unit = pool[j] ?? 0;
      const w = pop.degree[unit] ?? 1;
      fenwickAdd(t, j, -w);
      mass[k] = (mass[k] ?? 0) - w;
      return unit;
    };
    const anyCategory = (): number => {
      const total = mass.reduce((a, b) => a + b, 0);
      let u = rng.nextFloat() * total;
      let k = 0;
      while (k < mass.length - 1 && u >= (mass[k] ?? 0)) u -= mass[k++] ?? 0;
      return k;
    };
    const unit = new Array<number>(n).fill(0);
    const category = new Array<number>(n).fill(0);
    for (const i of sequence) {
      const p = template.recruiter[i] ?? -1;
      const row = p < 0 ? undefined : markov[category[p] ?? 0];
      let k: number;
      if (row === undefined) k = anyCategory();
      else {
        let u = rng.nextFloat();
        k = 0;
        while (k < row.length - 1 && u >= (row[k] ?? 0)) u -= row[k++] ?? 0;
        if ((mass[k] ?? 0) <= 1e-9) k = anyCategory();
      }
      category[i] = k;
      unit[i] = takeFrom(k);
    }
    return { outcome: unit.map((i) => pop.outcome[i] ?? null), degree: unit.map((i) => pop.degree[i] ?? 1), recruiter: template.recruiter };
  };
}

/** Indices ordered so that every recruiter comes before its recruits (by wave, then index). */
function recruitersFirst(recruiter: readonly number[]): number[] {
  const depth = recruiter.map(() => -1);
  const depthOf = (i: number): number => {
    const chain: number[] = [];
    let v = i;
    while ((depth[v] ?? 0) < 0 && (recruiter[v] ?? -1) >= 0) {
      chain.push(v);
      v = recruiter[v] ?? -1;
    }
    let d = Math.max(depth[v] ?? 0, 0);
    depth[v] = d;
    for (let c = chain.length - 1; c >= 0; c--) depth[chain[c] ?? 0] = ++d;
    return depth[i] ?? 0;
  };
  recruiter.forEach((_, i) => depthOf(i));
  return recruiter.map((_, i) => i).sort((a, b) => (depth[a] ?? 0) - (depth[b] ?? 0) || a - b);
}

function fenwickOf(weights: readonly number[]): Float64Array {
  const t = new Float64Array(weights.length + 1);
  weights.forEach((w, j) => { fenwickAdd(t, j, w); });
  return t;
}

function fenwickAdd(t: Float64Array, j: number, w: number): void {
  for (let i = j + 1; i < t.length; i += i & -i) t[i] = (t[i] ?? 0) + w;
}

function fenwickTotal(t: Float64Array): number {
  let s = 0;
  for (let i = t.length - 1; i > 0; i -= i & -i) s += t[i] ?? 0;
  return s;
}

/** The 0-based position whose cumulative weight first exceeds u. */
function fenwickFind(t: Float64Array, u: number): number {
  let pos = 0;
  let step = 1;
  while (step * 2 < t.length) step *= 2;
  for (; step > 0; step >>= 1) {
    const next = pos + step;
    if (next < t.length && (t[next] ?? 0) <= u) {
      pos = next;
      u -= t[next] ?? 0;
    }
  }
  return Math.min(pos, t.length - 2);
}
