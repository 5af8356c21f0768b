// The RDS-II analytic standard error as it was before #20: the pairwise sum over all m² respondent pairs, kept
// as the reference for the prefix-sum version (the same numbers up to floating-point rounding); the pair median is unchanged and shared.

import { pairMedian } from '../../../src/sampling/rds/analytic-se.ts';

export function rds2AnalyticSeBefore(degree: readonly number[], inCategory: readonly (boolean | null)[], populationSize?: number): number {
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
