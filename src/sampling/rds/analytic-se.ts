// The analytic standard error and design effect of an RDS-II proportion, as R's RDS package (0.9-10) prints them.

/**
 * What `RDS.II.estimates(..., empir.lik = TRUE)` prints for one category: the estimate, its
 * standard error, the design effect against simple random sampling of the same size, and the
 * effective sample size that design effect implies.
 */
export interface AnalyticEstimate {
  /** RDS-II (Volz–Heckathorn) share, 0…1. */
  readonly estimate: number;
  readonly se: number;
  readonly designEffect: number;
  /** Respondents with a value: the n a simple random sample of the same precision would need is n / designEffect. */
  readonly n: number;
  readonly effectiveN: number;
}

/**
 * The RDS package's "EL.se" with second-order weights: each pair (i, j) of respondents with a value
 * gets the weight w_i·w_j (w = 1/degree), capped at ten times the median pair weight (over all
 * ordered pairs, the diagonal included); the estimate over unordered pairs is Σ ō_ij w_ij / Σ w_ij
 * with ō_ij the pair's mean outcome, and its variance is 4 Σ_i G_i² / (Σ_i V_i)² with
 * G_i = Σ_{j<i} w_ij² (ō_ij − est) and V_i = Σ_{j<i} w_ij². With a population size N the
 * variance is scaled by (N − n)/(N − 1), n counting every row given (missing outcomes included,
 * as the package does).
 *
 * The package sums over all m² pairs; here the sums over j < i are prefix sums kept per distinct weight
 * (network sizes repeat) in Fenwick trees: w_ij is w_i·w_j below the cap and the cap above it, so each
 * respondent needs one prefix query per sum, O(m log u) for u distinct weights instead of O(m²). The sums are
 * the same up to floating-point rounding (test/analysis/rds-analytic-fast.test.ts compares them with the pairwise form).
 *
 * `inCategory[i]`: true, false, or null when the respondent has no value (left out).
 */
export function rds2AnalyticSe(degree: readonly number[], inCategory: readonly (boolean | null)[], populationSize?: number): number {
  const { w, o } = withValues(degree, inCategory);
  return pairwiseSe(w, o, inCategory.length, populationSize);
}

/** The weights (1/degree) and outcomes (0/1) of the respondents with a value, in row order. */
function withValues(degree: readonly number[], inCategory: readonly (boolean | null)[]): { readonly w: Float64Array; readonly o: Uint8Array } {
  let m = 0;
  for (const v of inCategory) if (v !== null) m++;
  const w = new Float64Array(m);
  const o = new Uint8Array(m);
  let k = 0;
  inCategory.forEach((v, i) => {
    if (v === null) return;
    w[k] = 1 / (degree[i] ?? Number.NaN);
    o[k++] = v ? 1 : 0;
  });
  return { w, o };
}

/** rds2AnalyticSe over the respondents with a value; `rows` counts every row given, for the finite population correction. */
function pairwiseSe(w: Float64Array, o: Uint8Array, rows: number, populationSize: number | undefined): number {
  const m = w.length;
  // A missing weight makes every sum NaN, as the pairwise sums do (the groups below need ordered weights).
  if (w.some(Number.isNaN)) return Number.NaN;
  const weights = distinct(w);
  const cap = 10 * sameOrNewMedian(weights);
  const groups = { values: weights.values, ...weightGroups(w, weights.values, cap) };
  // Pass 1: Σ_{j<i} w_ij and Σ_{j<i} w_ij·o_j for the estimate. Pass 2: the same with w_ij², for G_i and V_i.
  let num = 0;
  let den = 0;
  const first = new PrefixSums(groups.values.length);
  for (let i = 0; i < m; i++) {
    const g = groups.of[i] ?? 0;
    const wi = w[i] ?? 0;
    const oi = o[i] ?? 0;
    const below = groups.below[g] ?? 0;
    const s = wi * first.sum(0, below) + cap * first.countFrom(below);
    const so = wi * first.sum(1, below) + cap * first.countFrom(below, true);
    num += 0.5 * (oi * s + so);
    den += s;
    first.add(g, wi, oi);
  }
  const est = num / den;
  let sumG2 = 0;
  let sumV = 0;
  const second = new PrefixSums(groups.values.length);
  const cap2 = cap * cap;
  for (let i = 0; i < m; i++) {
    const g = groups.of[i] ?? 0;
    const wi = w[i] ?? 0;
    const oi = o[i] ?? 0;
    const below = groups.below[g] ?? 0;
    const v = wi * wi * second.sum(0, below) + cap2 * second.countFrom(below);
    const vo = wi * wi * second.sum(1, below) + cap2 * second.countFrom(below, true);
    const gi = (0.5 * oi - est) * v + 0.5 * vo;
    sumG2 += gi * gi;
    sumV += v;
    second.add(g, wi * wi, oi);
  }
  const variance = (4 * sumG2) / (sumV * sumV);
  return Math.sqrt(populationSize === undefined ? variance : ((populationSize - rows) * variance) / (populationSize - 1));
}

/** The distinct weights in ascending order and how many respondents have each. */
function distinct(w: ArrayLike<number>): { readonly values: Float64Array; readonly counts: Float64Array } {
  const sorted = Float64Array.from(w).sort();
  let u = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) u++;
  const values = new Float64Array(u);
  const counts = new Float64Array(u);
  let g = -1;
  for (let k = 0; k < sorted.length; k++) {
    if (k === 0 || sorted[k] !== sorted[k - 1]) values[++g] = sorted[k] ?? 0;
    counts[g] = (counts[g] ?? 0) + 1;
  }
  return { values, counts };
}

/**
 * Each respondent's weight group (by binary search over the distinct weights), and for each group how many
 * groups (from the smallest) pair with it below the cap: w_a·w_b ≤ cap holds for a prefix of the ascending weights.
 */
function weightGroups(w: Float64Array, values: Float64Array, cap: number): { readonly of: Int32Array; readonly below: Int32Array } {
  const of = new Int32Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const x = w[i] ?? 0;
    let lo = 0;
    let hi = values.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    of[i] = lo;
  }
  const below = new Int32Array(values.length);
  let k = values.length;
  // The largest weight pairs below the cap with the fewest others: walk the prefix end down as a goes up.
  for (let a = 0; a < values.length; a++) {
    const va = values[a] ?? 0;
    while (k > 0 && va * (values[k - 1] ?? 0) > cap) k--;
    below[a] = k;
  }
  return { of, below };
}

/**
 * Fenwick trees over the weight groups of the respondents seen so far: the sum of their weights (or squared
 * weights) with and without the outcome, and their counts with and without it.
 */
class PrefixSums {
  private readonly size: number;
  /** Weight sums: [all, outcome 1]. */
  private readonly weight: readonly [Float64Array, Float64Array];
  private readonly count: readonly [Float64Array, Float64Array];
  private readonly total = [0, 0];

  constructor(size: number) {
    this.size = size;
    this.weight = [new Float64Array(size + 1), new Float64Array(size + 1)];
    this.count = [new Float64Array(size + 1), new Float64Array(size + 1)];
  }

  add(group: number, weight: number, outcome: number): void {
    const [w0, w1] = this.weight;
    const [c0, c1] = this.count;
    for (let k = group + 1; k <= this.size; k += k & -k) {
      w0[k] = (w0[k] ?? 0) + weight;
      c0[k] = (c0[k] ?? 0) + 1;
      if (outcome === 1) {
        w1[k] = (w1[k] ?? 0) + weight;
        c1[k] = (c1[k] ?? 0) + 1;
      }
    }
    this.total[0] = (this.total[0] ?? 0) + 1;
    if (outcome === 1) this.total[1] = (this.total[1] ?? 0) + 1;
  }

  /** Σ weight over groups 0…end−1 (`which` 1: respondents with the outcome only). */
  sum(which: 0 | 1, end: number): number {
    return prefix(this.weight[which], end);
  }

  /** How many respondents are in groups end… (with the outcome only, if `outcome`). */
  countFrom(end: number, outcome = false): number {
    const which = outcome ? 1 : 0;
    return (this.total[which] ?? 0) - prefix(this.count[which], end);
  }
}

function prefix(tree: Float64Array, end: number): number {
  let s = 0;
  for (let k = end; k > 0; k -= k & -k) s += tree[k] ?? 0;
  return s;
}

/**
 * The median of w_i·w_j over all m² ordered pairs (R's `median(outer(w, w))`). Network sizes repeat,
 * so the products are counted over distinct weights: u² products instead of m² (the same floating-point
 * values, hence the same median).
 */
export function pairMedian(w: ArrayLike<number>): number {
  return medianOfProducts(distinct(w));
}

/**
 * The last median of products and the weights it was for. A report asks for every category of a question in a row,
 * over the same respondents and so the same weights: one median serves them all.
 */
let lastMedian: { readonly values: Float64Array; readonly counts: Float64Array; readonly median: number } | undefined;

function sameOrNewMedian(weights: { readonly values: Float64Array; readonly counts: Float64Array }): number {
  const last = lastMedian;
  if (last !== undefined && sameNumbers(last.values, weights.values) && sameNumbers(last.counts, weights.counts)) return last.median;
  const median = medianOfProducts(weights);
  lastMedian = { values: weights.values, counts: weights.counts, median };
  return median;
}

function sameNumbers(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}

function medianOfProducts({ values, counts }: { readonly values: Float64Array; readonly counts: Float64Array }): number {
  const u = values.length;
  // Counting below a product needs w_a·w_b to grow with b, which holds for finite weights ≥ 0 (1/degree).
  if (u === 0 || !((values[0] ?? Number.NaN) >= 0) || !Number.isFinite(values[u - 1] ?? Number.NaN)) return medianBySorting(values, counts);
  const products = new Float64Array(u * u);
  for (let a = 0; a < u; a++) for (let b = 0; b < u; b++) products[a * u + b] = (values[a] ?? 0) * (values[b] ?? 0);
  products.sort();
  const below = new Float64Array(u + 1);
  for (let b = 0; b < u; b++) below[b + 1] = (below[b] ?? 0) + (counts[b] ?? 0);
  const total = (below[u] ?? 0) * (below[u] ?? 0);
  // How many of the m² ordered pairs have a product ≤ p: for each a, the pairs (a, b) below p are a prefix of b,
  // and that prefix shrinks as a grows.
  const atMost = (p: number): number => {
    let n = 0;
    let b = u;
    for (let a = 0; a < u; a++) {
      const va = values[a] ?? 0;
      while (b > 0 && va * (values[b - 1] ?? 0) > p) b--;
      n += (counts[a] ?? 0) * (below[b] ?? 0);
    }
    return n;
  };
  // The value at 0-based position k of all products in order: the smallest product with more than k pairs at or below it.
  const at = (k: number): number => {
    let lo = 0;
    let hi = products.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (atMost(products[mid] ?? 0) > k) hi = mid;
      else lo = mid + 1;
    }
    return products[lo] ?? Number.NaN;
  };
  const half = Math.floor(total / 2);
  return total % 2 === 1 ? at(half) : (at(half - 1) + at(half)) / 2;
}

/** The median of products listed one by one and sorted: for weights the counting above cannot order (negative, infinite). */
function medianBySorting(values: Float64Array, counts: Float64Array): number {
  const products: { value: number; count: number }[] = [];
  let total = 0;
  values.forEach((a, i) => {
    total += counts[i] ?? 0;
    values.forEach((b, j) => products.push({ value: a * b, count: (counts[i] ?? 0) * (counts[j] ?? 0) }));
  });
  products.sort((x, y) => x.value - y.value);
  total *= total;
  // The value at 0-based sorted position k.
  const at = (k: number): number => {
    let seen = 0;
    for (const p of products) {
      seen += p.count;
      if (seen > k) return p.value;
    }
    return Number.NaN;
  };
  const half = Math.floor(total / 2);
  return total % 2 === 1 ? at(half) : (at(half - 1) + at(half)) / 2;
}

/**
 * Estimate, standard error, design effect and effective sample size of one category's RDS-II share.
 * The design effect is se² over the simple-random-sampling variance p(1 − p)/n, with the finite
 * population correction (N − n)/(N − 1) when N is given; n counts respondents with a value.
 */
export function rds2Analytic(degree: readonly number[], inCategory: readonly (boolean | null)[], populationSize?: number): AnalyticEstimate {
  const { w, o } = withValues(degree, inCategory);
  return analytic(w, o, inCategory.length, populationSize);
}

/**
 * rds2Analytic for the report's cells: the respondents with `base[i] === 1`, in the category where
 * `category[i] === 1`, weights `invDegree` (1/degree, precomputed once); no per-row array of booleans.
 */
export function rds2AnalyticOfMasks(invDegree: Float64Array, base: Uint8Array, category: Uint8Array, populationSize?: number): AnalyticEstimate {
  let m = 0;
  for (let i = 0; i < base.length; i++) m += base[i] === 1 ? 1 : 0;
  const w = new Float64Array(m);
  const o = new Uint8Array(m);
  let k = 0;
  for (let i = 0; i < base.length; i++) {
    if (base[i] !== 1) continue;
    w[k] = invDegree[i] ?? Number.NaN;
    o[k++] = category[i] === 1 ? 1 : 0;
  }
  return analytic(w, o, base.length, populationSize);
}

function analytic(w: Float64Array, o: Uint8Array, rows: number, populationSize: number | undefined): AnalyticEstimate {
  let sw = 0;
  let swIn = 0;
  const n = w.length;
  for (let k = 0; k < n; k++) {
    const wk = w[k] ?? 0;
    sw += wk;
    if (o[k] === 1) swIn += wk;
  }
  const estimate = swIn / sw;
  const se = pairwiseSe(w, o, rows, populationSize);
  const fpc = populationSize === undefined ? 1 : (populationSize - n) / (populationSize - 1);
  const designEffect = (se * se) / ((fpc * estimate * (1 - estimate)) / n);
  return { estimate, se, designEffect, n, effectiveN: n / designEffect };
}
