// Gile's (2011) successive-sampling inclusion probabilities of respondents, as a function of degree and N.

import type { Diagnostic } from '../../core/diagnostic.ts';
import { err, ok, type Result } from '../../core/result.ts';

export interface SsInclusion {
  /** Inclusion probability per respondent (same order as the degrees given). */
  readonly pi: number[];
  /** Distinct degrees and the estimated number of population members with each. */
  readonly classes: readonly { readonly degree: number; readonly sampled: number; readonly populationCount: number; readonly pi: number }[];
  readonly iterations: number;
}

/**
 * Gile (2011, JASA 106:135–146, Algorithm 1): estimate the population's degree distribution and the
 * inclusion probabilities together — start from the sample's degree shares scaled to N; compute
 * successive-sampling inclusion probabilities for that population; re-estimate the population
 * counts as n_k / pi_k, rescaled to N; repeat to a fixed point.
 *
 * Successive sampling (draws proportional to degree, without replacement) has inclusion
 * probabilities pi_k = 1 - exp(-d_k t), t solving sum_k N_k (1 - exp(-d_k t)) = n (Rosén 1972,
 * order-sampling form). The RDS package approximates the same quantity by simulating samples;
 * this deterministic form removes Monte Carlo noise and tends to RDS-II as n/N -> 0.
 */
export function ssInclusion(degree: readonly number[], populationSize: number, maxIterations = 500): Result<SsInclusion, Diagnostic> {
  const n = degree.length;
  if (!(Number.isFinite(populationSize) && populationSize > n)) {
    return err({ code: 'rds.population-too-small', severity: 'error', message: `the population size ${populationSize} must exceed the sample size ${n} for the successive-sampling estimator` });
  }
  const tally = new Map<number, number>();
  for (const d of degree) tally.set(d, (tally.get(d) ?? 0) + 1);
  const distinct = [...tally.keys()].sort((a, b) => a - b);
  const sampled = distinct.map((d) => tally.get(d) ?? 0);
  let counts = sampled.map((s) => (populationSize * s) / n);
  let pis = distinct.map(() => 0);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const t = solveT(distinct, counts, n);
    pis = distinct.map((d) => -Math.expm1(-d * t));
    const raw = sampled.map((s, k) => Math.max(s / (pis[k] ?? 1), s));
    const total = raw.reduce((a, b) => a + b, 0);
    const next = raw.map((r) => (populationSize * r) / total);
    const change = Math.max(...next.map((x, k) => Math.abs(x - (counts[k] ?? 0)) / x));
    counts = next;
    if (change < 1e-13) break;
  }
  const t = solveT(distinct, counts, n);
  pis = distinct.map((d) => -Math.expm1(-d * t));
  const piOf = new Map(distinct.map((d, k) => [d, pis[k] ?? 1]));
  return ok({
    pi: degree.map((d) => piOf.get(d) ?? 1),
    classes: distinct.map((d, k) => ({ degree: d, sampled: sampled[k] ?? 0, populationCount: counts[k] ?? 0, pi: pis[k] ?? 1 })),
    iterations,
  });
}

/** Solves sum_k N_k (1 - exp(-d_k t)) = n for t > 0 (increasing in t): bracketing, then safeguarded Newton. */
function solveT(d: readonly number[], counts: readonly number[], n: number): number {
  const f = (t: number): number => d.reduce((a, dk, k) => a - (counts[k] ?? 0) * Math.expm1(-dk * t), 0) - n;
  const df = (t: number): number => d.reduce((a, dk, k) => a + (counts[k] ?? 0) * dk * Math.exp(-dk * t), 0);
  let lo = 0;
  let hi = 1 / Math.max(...d);
  while (f(hi) < 0) hi *= 2;
  let t = (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const ft = f(t);
    if (ft < 0) lo = t;
    else hi = t;
    let next = t - ft / df(t);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-16 * Math.max(1, t)) return next;
    t = next;
  }
  return t;
}
