// RDS estimators of category proportions: RDS-I (Salganik–Heckathorn), RDS-I smoothed, RDS-II (Volz–Heckathorn), Gile's SS.

import type { Diagnostic } from '../../core/diagnostic.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { categoriesOf, type RdsSample } from './sample.ts';
import { ssInclusion } from './ss-inclusion.ts';
import { countTransitions, markovMatrix, stationaryDistribution } from './transitions.ts';

export const RDS_ESTIMATORS = ['rds1', 'rds1-smoothed', 'rds2', 'ss'] as const;
export type RdsEstimator = (typeof RDS_ESTIMATORS)[number];

export interface EstimateOptions {
  readonly estimator: RdsEstimator;
  /** Required for `ss`. */
  readonly populationSize?: number;
  /** Report these categories (in this order) even when absent from the sample (proportion 0). */
  readonly categories?: readonly string[];
}

export interface ProportionEstimate {
  readonly estimator: RdsEstimator;
  readonly categories: readonly string[];
  readonly proportions: readonly number[];
  /** Unweighted respondents per category. */
  readonly counts: readonly number[];
  /** Respondents with a non-missing outcome. */
  readonly n: number;
  /** Per-respondent weights, normalised to sum to 1 over respondents with an outcome; 0 where it is missing. */
  readonly weights: readonly number[];
}

const fail = (message: string): Diagnostic => ({ code: 'rds.estimate-undefined', severity: 'error', message });

export function estimateProportions(sample: RdsSample, options: EstimateOptions): Result<ProportionEstimate, Diagnostic> {
  const present = categoriesOf(sample.outcome);
  const categories = options.categories === undefined ? present : [...options.categories];
  const unknown = present.filter((c) => !categories.includes(c));
  if (unknown.length > 0) return err(fail(`categories ${unknown.join(', ')} are in the data but not in the list given`));
  const observed = sample.outcome.map((o) => o !== null);
  const n = observed.filter(Boolean).length;
  if (n === 0) return err(fail('no respondent has a value for the outcome'));
  const raw = rawWeights(sample, present, options);
  if (!raw.ok) return raw;
  const w = raw.value.map((x, i) => (observed[i] ? x : 0));
  const total = w.reduce((a, b) => a + b, 0);
  const weights = w.map((x) => x / total);
  const at = new Map(categories.map((c, k) => [c, k]));
  const proportions = categories.map(() => 0);
  const counts = categories.map(() => 0);
  sample.outcome.forEach((o, i) => {
    const k = o === null ? undefined : at.get(o);
    if (k === undefined) return;
    proportions[k] = (proportions[k] ?? 0) + (weights[i] ?? 0);
    counts[k] = (counts[k] ?? 0) + 1;
  });
  return ok({ estimator: options.estimator, categories, proportions, counts, n, weights });
}

/** Unnormalised weights per respondent (outcome-missing rows are zeroed by the caller). */
function rawWeights(sample: RdsSample, categories: readonly string[], options: EstimateOptions): Result<number[], Diagnostic> {
  switch (options.estimator) {
    case 'rds2':
      return ok(sample.degree.map((d) => 1 / d));
    case 'ss': {
      if (options.populationSize === undefined) return err(fail("Gile's SS estimator needs a population size N (--population)"));
      const inc = ssInclusion(sample.degree, options.populationSize);
      return inc.ok ? ok(inc.value.pi.map((p) => 1 / p)) : inc;
    }
    case 'rds1':
    case 'rds1-smoothed': {
      const est = rds1GroupShares(sample, categories, options.estimator === 'rds1-smoothed');
      if (!est.ok) return est;
      const at = new Map(categories.map((c, k) => [c, k]));
      const size = categories.map((c) => sample.outcome.filter((o) => o === c).length);
      return ok(sample.outcome.map((o) => {
        const k = o === null ? undefined : at.get(o);
        return k === undefined ? 0 : (est.value[k] ?? 0) / (size[k] ?? 1);
      }));
    }
  }
}

/**
 * Salganik & Heckathorn (2004): q = stationary distribution of the recruitment Markov matrix,
 * h = harmonic mean degree per category, P = (q / h) / sum(q / h). Heckathorn's (2007) data
 * smoothing replaces the counts t_ij by the symmetrised demographically adjusted counts
 * (T q_i P_ij + T q_j P_ji) / 2, T the number of transitions, then recomputes q.
 */
export function rds1GroupShares(sample: RdsSample, categories: readonly string[], smoothed: boolean): Result<number[], Diagnostic> {
  if (categories.length <= 1) return ok(categories.map(() => 1));
  const counts = countTransitions(sample, categories);
  let p = markovMatrix(counts);
  let q = stationaryDistribution(p);
  if (q === undefined) return err(fail('the recruitment transition matrix has no unique equilibrium (some categories never recruit each other); use rds2 or ss'));
  if (smoothed) {
    const total = counts.flat().reduce((a, b) => a + b, 0) + counts.filter((r) => r.every((x) => x === 0)).length * 0.1 * categories.length;
    const qq = q;
    const adj = p.map((row, i) => row.map((x, j) => (total * (qq[i] ?? 0) * x + total * (qq[j] ?? 0) * (p[j]?.[i] ?? 0)) / 2));
    p = markovMatrix(adj);
    q = stationaryDistribution(p);
    if (q === undefined) return err(fail('the smoothed transition matrix has no unique equilibrium; use rds2 or ss'));
  }
  const h = categories.map((c) => {
    const ds = sample.degree.filter((_, i) => sample.outcome[i] === c);
    return ds.length / ds.reduce((a, d) => a + 1 / d, 0);
  });
  const ratio = q.map((x, k) => x / (h[k] ?? 1));
  const sum = ratio.reduce((a, b) => a + b, 0);
  return ok(ratio.map((r) => r / sum));
}
