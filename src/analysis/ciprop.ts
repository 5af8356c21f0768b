// Confidence intervals for proportions that behave near 0 and 1: logit, Korn–Graubard beta, and Wilson.

import type { Diagnostic } from '../core/diagnostic.ts';
import { ok, type Result } from '../core/result.ts';
import { qbeta, qt } from './dist/beta.ts';
import { qnorm } from './dist/normal.ts';
import type { SurveyDesign } from './design.ts';
import { type Estimate, surveyMean } from './estimate.ts';

export type CiPropMethod = 'logit' | 'beta' | 'wilson';

export interface ProportionInterval extends Estimate {
  readonly method: CiPropMethod;
  readonly level: number;
  readonly lower: number;
  readonly upper: number;
}

const expit = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * The interval for a proportion p with linearised variance v:
 * - `logit` (R `svyciprop(method="logit")`): expit(logit p ± t_{df} · √v / (p(1−p))).
 * - `beta` (R `svyciprop(method="beta")`, Korn & Graubard 1998): Clopper–Pearson with the effective n
 *   p(1−p)/v scaled by (t_{n−1}/t_{df})²; when v = 0 (p is 0 or 1) the unweighted n is used (R gives NaN).
 * - `wilson`: Wilson's score interval with n replaced by the effective n p(1−p)/v and a normal quantile.
 */
export function proportionInterval(est: Estimate, method: CiPropMethod, level = 0.95): ProportionInterval {
  const p = est.estimate;
  const v = est.variance;
  const alpha = 1 - level;
  let lower: number;
  let upper: number;
  if (method === 'logit') {
    const seLogit = Math.sqrt(v) / (p * (1 - p));
    const q = qt(1 - alpha / 2, est.df);
    const centre = Math.log(p / (1 - p));
    lower = expit(centre - q * seLogit);
    upper = expit(centre + q * seLogit);
  } else if (method === 'beta') {
    let nEff = v > 0 ? (p * (1 - p)) / v : est.n;
    const ratio = qt(alpha / 2, est.n - 1) / qt(alpha / 2, est.df);
    nEff *= ratio * ratio;
    lower = qbeta(alpha / 2, nEff * p, nEff * (1 - p) + 1);
    upper = qbeta(1 - alpha / 2, nEff * p + 1, nEff * (1 - p));
  } else {
    const nEff = v > 0 ? (p * (1 - p)) / v : est.n;
    const z = qnorm(1 - alpha / 2);
    const z2n = (z * z) / nEff;
    const centre = (p + z2n / 2) / (1 + z2n);
    const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / nEff + (z * z) / (4 * nEff * nEff));
    lower = Math.max(0, centre - half);
    upper = Math.min(1, centre + half);
  }
  return { ...est, method, level, lower, upper };
}

/** Proportion of `y` (a 0/1 column, NaN = missing) with its interval, over rows where `y` is present. */
export function surveyCiProp(design: SurveyDesign, y: ArrayLike<number>, method: CiPropMethod, level = 0.95): Result<ProportionInterval, Diagnostic> {
  const est = surveyMean(design, y);
  if (!est.ok) return est;
  return ok(proportionInterval(est.value, method, level));
}
