// Recruiter-to-recruit transition counts between categories, the Markov matrix and its stationary distribution.

import type { RdsSample } from './sample.ts';

/** Raw counts: row = recruiter's category, column = recruit's category; missing outcomes are left out. */
export function countTransitions(sample: RdsSample, categories: readonly string[]): number[][] {
  const at = new Map(categories.map((c, k) => [c, k]));
  const counts = categories.map(() => categories.map(() => 0));
  sample.recruiter.forEach((p, i) => {
    if (p < 0) return;
    const from = at.get(sample.outcome[p] ?? '');
    const to = at.get(sample.outcome[i] ?? '');
    const row = from === undefined ? undefined : counts[from];
    if (row !== undefined && to !== undefined && sample.outcome[p] !== null && sample.outcome[i] !== null) row[to] = (row[to] ?? 0) + 1;
  });
  return counts;
}

/** Row proportions; a category that recruited nobody gets equal small counts (0.1 each), as RDS::count.transitions does. */
export function markovMatrix(counts: readonly (readonly number[])[]): number[][] {
  return counts.map((row) => {
    const filled = row.reduce((a, b) => a + b, 0) === 0 ? row.map(() => 0.1) : [...row];
    const total = filled.reduce((a, b) => a + b, 0);
    return filled.map((x) => x / total);
  });
}

/**
 * The stationary distribution q of a row-stochastic matrix P (q P = q, sum q = 1), by solving the
 * linear system with one balance equation replaced by the normalisation. Undefined when the chain
 * has more than one closed class (the system is singular): then returns undefined.
 */
export function stationaryDistribution(p: readonly (readonly number[])[]): number[] | undefined {
  const k = p.length;
  if (k === 1) return [1];
  // Equations: for each j, sum_i q_i (P_ij - [i=j]) = 0; the last one is replaced by sum_i q_i = 1.
  const a = Array.from({ length: k }, (_, j) => Array.from({ length: k + 1 }, (_, i) => (i === k ? 0 : (p[i]?.[j] ?? 0) - (i === j ? 1 : 0))));
  a[k - 1] = Array.from({ length: k + 1 }, () => 1);
  return solve(a, k);
}

/** Gaussian elimination with partial pivoting on an augmented k × (k+1) matrix. */
export function solve(a: number[][], k: number): number[] | undefined {
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r]?.[col] ?? 0) > Math.abs(a[pivot]?.[col] ?? 0)) pivot = r;
    const pr = a[pivot];
    if (pr === undefined || Math.abs(pr[col] ?? 0) < 1e-12) return undefined;
    [a[col], a[pivot]] = [pr, a[col] ?? pr];
    for (let r = 0; r < k; r++) {
      const row = a[r];
      if (r === col || row === undefined) continue;
      const f = (row[col] ?? 0) / (pr[col] ?? 1);
      if (f !== 0) for (let c = col; c <= k; c++) row[c] = (row[c] ?? 0) - f * (pr[c] ?? 0);
    }
  }
  return a.map((row, r) => (row[k] ?? 0) / (row[r] ?? 1));
}
