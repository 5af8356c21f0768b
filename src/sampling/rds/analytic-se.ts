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
 * `inCategory[i]`: true, false, or null when the respondent has no value (left out).
 */
export function rds2AnalyticSe(degree: readonly number[], inCategory: readonly (boolean | null)[], populationSize?: number): number {
  const w: number[] = [];
  const o: number[] = [];
  inCategory.forEach((v, i) => {
    if (v === null) return;
    w.push(1 / (degree[i] ?? Number.NaN));
    o.push(v ? 1 : 0);
  });
  const m = w.length;
  const cap = 10 * pairMedian(w);
  const pair = (i: number, j: number): number => Math.min((w[i] ?? 0) * (w[j] ?? 0), cap);
  let num = 0;
  let den = 0;
  for (let i = 1; i < m; i++) {
    for (let j = 0; j < i; j++) {
      const p = pair(i, j);
      num += (0.5 * ((o[i] ?? 0) + (o[j] ?? 0))) * p;
      den += p;
    }
  }
  const est = num / den;
  let sumG2 = 0;
  let sumV = 0;
  for (let i = 1; i < m; i++) {
    let g = 0;
    for (let j = 0; j < i; j++) {
      const p2 = pair(i, j) ** 2;
      g += p2 * (0.5 * ((o[i] ?? 0) + (o[j] ?? 0)) - est);
      sumV += p2;
    }
    sumG2 += g * g;
  }
  const variance = (4 * sumG2) / (sumV * sumV);
  return Math.sqrt(populationSize === undefined ? variance : ((populationSize - inCategory.length) * variance) / (populationSize - 1));
}

/**
 * The median of w_i·w_j over all m² ordered pairs (R's `median(outer(w, w))`). Network sizes repeat,
 * so the products are counted over distinct weights: u² products instead of m² (the same floating-point
 * values, hence the same median).
 */
function pairMedian(w: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const x of w) counts.set(x, (counts.get(x) ?? 0) + 1);
  const values = [...counts.keys()];
  const products: { value: number; count: number }[] = [];
  for (const a of values) for (const b of values) products.push({ value: a * b, count: (counts.get(a) ?? 0) * (counts.get(b) ?? 0) });
  products.sort((x, y) => x.value - y.value);
  const total = w.length * w.length;
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
  let sw = 0;
  let swIn = 0;
  let n = 0;
  inCategory.forEach((v, i) => {
    if (v === null) return;
    const wi = 1 / (degree[i] ?? Number.NaN);
    sw += wi;
    if (v) swIn += wi;
    n++;
  });
  const estimate = swIn / sw;
  const se = rds2AnalyticSe(degree, inCategory, populationSize);
  const fpc = populationSize === undefined ? 1 : (populationSize - n) / (populationSize - 1);
  const designEffect = (se * se) / ((fpc * estimate * (1 - estimate)) / n);
  return { estimate, se, designEffect, n, effectiveN: n / designEffect };
}
