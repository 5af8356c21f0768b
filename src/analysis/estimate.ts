// Design-based estimates (mean, total, proportion, ratio) with Taylor-linearisation standard errors.

import type { Diagnostic } from '../core/diagnostic.ts';
import { ok, type Result } from '../core/result.ts';
import { designDf, type SurveyDesign } from './design.ts';
import { linearizedCovariance } from './linearization.ts';

/** One estimate. `n` is unweighted (rows used), `weightedN` the sum of their weights. */
export interface Estimate {
  readonly estimate: number;
  readonly se: number;
  readonly variance: number;
  readonly n: number;
  readonly weightedN: number;
  /** Design degrees of freedom (PSUs − strata over the rows used). */
  readonly df: number;
}

/**
 * Rows used: present (not NaN) in every column and with non-zero weight. Missing rows stay in the
 * design with zero influence, as R's `na.rm=TRUE` (PSU counts per stratum are those of the full design).
 */
export function domainOf(design: SurveyDesign, ...columns: readonly ArrayLike<number>[]): Uint8Array {
  const d = new Uint8Array(design.n);
  for (let i = 0; i < design.n; i++) {
    let inside = (design.weights[i] ?? 0) > 0 ? 1 : 0;
    for (const c of columns) if (Number.isNaN(c[i])) inside = 0;
    d[i] = inside;
  }
  return d;
}

function summarise(design: SurveyDesign, domain: Uint8Array): { n: number; weightedN: number } {
  let n = 0;
  let weightedN = 0;
  for (let i = 0; i < design.n; i++) {
    if (domain[i] === 1) {
      n++;
      weightedN += design.weights[i] ?? 0;
    }
  }
  return { n, weightedN };
}

function finish(design: SurveyDesign, estimate: number, influence: Float64Array, domain: Uint8Array): Result<Estimate, Diagnostic> {
  const cov = linearizedCovariance(design, [influence]);
  if (!cov.ok) return cov;
  const variance = cov.value[0] ?? Number.NaN;
  return ok({ estimate, se: Math.sqrt(variance), variance, ...summarise(design, domain), df: designDf(design, domain) });
}

/** Weighted mean of `y` over rows where it is present (R: `svymean(~y, design, na.rm=TRUE)`). */
export function surveyMean(design: SurveyDesign, y: ArrayLike<number>): Result<Estimate, Diagnostic> {
  const domain = domainOf(design, y);
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < design.n; i++) {
    if (domain[i] === 0) continue;
    const w = design.weights[i] ?? 0;
    sw += w;
    swy += w * (y[i] ?? 0);
  }
  const mean = swy / sw;
  const influence = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) if (domain[i] === 1) influence[i] = ((design.weights[i] ?? 0) * ((y[i] ?? 0) - mean)) / sw;
  return finish(design, mean, influence, domain);
}

/** Weighted total of `y` (R: `svytotal(~y, design, na.rm=TRUE)`). */
export function surveyTotal(design: SurveyDesign, y: ArrayLike<number>): Result<Estimate, Diagnostic> {
  const domain = domainOf(design, y);
  const influence = new Float64Array(design.n);
  let total = 0;
  for (let i = 0; i < design.n; i++) {
    if (domain[i] === 0) continue;
    const v = (design.weights[i] ?? 0) * (y[i] ?? 0);
    influence[i] = v;
    total += v;
  }
  return finish(design, total, influence, domain);
}

/** Ratio of totals Σwy / Σwx over rows where both are present (R: `svyratio(~y, ~x, design, na.rm=TRUE)`). */
export function surveyRatio(design: SurveyDesign, y: ArrayLike<number>, x: ArrayLike<number>): Result<Estimate, Diagnostic> {
  const domain = domainOf(design, y, x);
  let swy = 0;
  let swx = 0;
  for (let i = 0; i < design.n; i++) {
    if (domain[i] === 0) continue;
    const w = design.weights[i] ?? 0;
    swy += w * (y[i] ?? 0);
    swx += w * (x[i] ?? 0);
  }
  const ratio = swy / swx;
  const influence = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) {
    if (domain[i] === 1) influence[i] = ((design.weights[i] ?? 0) * ((y[i] ?? 0) - ratio * (x[i] ?? 0))) / swx;
  }
  return finish(design, ratio, influence, domain);
}

/** 0/1 indicator of `y === code` (NaN where `y` is missing), for proportions. */
export function indicator(y: ArrayLike<number>, code: number): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i] ?? Number.NaN;
    out[i] = Number.isNaN(v) ? Number.NaN : v === code ? 1 : 0;
  }
  return out;
}

/** Proportion of rows (among those with `y` present) where `y === code`. */
export function surveyProportion(design: SurveyDesign, y: ArrayLike<number>, code: number): Result<Estimate, Diagnostic> {
  return surveyMean(design, indicator(y, code));
}
