// A sampling design: weights, strata and clusters (PSUs) as dense typed columns, plus calibration records for variance.

import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';

/**
 * What to do with a stratum that has a single PSU (R's `options(survey.lonely.psu=)`):
 * `fail` (R's default) refuses; `certainty` treats it as sampled with certainty (contributes 0);
 * `adjust` centres its PSU total at the overall mean (0 for linearised influence values) instead of its own.
 */
export type LonelyPsu = 'fail' | 'adjust' | 'certainty';

/** One post-stratification step, kept so that variances account for it (as R's `design$postStrata`). */
export interface PostStratumRecord {
  readonly kind: 'poststratify';
  /** Cell index per row (0-based). */
  readonly cell: Int32Array;
  readonly cells: number;
  readonly oldWeights: Float64Array;
  readonly weights: Float64Array;
}

/** Raking: the post-stratification steps of the last iteration, one per margin. */
export interface RakingRecord {
  readonly kind: 'raking';
  readonly margins: readonly PostStratumRecord[];
}

export type CalibrationRecord = PostStratumRecord | RakingRecord;

export interface SurveyDesign {
  /** Number of rows. */
  readonly n: number;
  /** Sampling weights; 0 marks a row outside the design's domain (R's `prob = Inf`). */
  readonly weights: Float64Array;
  /** Dense stratum index per row, 0 … strataCount−1 (all 0 when unstratified). */
  readonly stratum: Int32Array;
  readonly strataCount: number;
  /** Dense PSU index per row, unique across strata (PSU = (stratum, cluster) pair, R's `nest=TRUE`). */
  readonly psu: Int32Array;
  readonly psuCount: number;
  /** PSU count of each stratum in the full design. */
  readonly psuPerStratum: Int32Array;
  readonly lonelyPsu: LonelyPsu;
  readonly calibration: readonly CalibrationRecord[];
}

export interface DesignInput {
  readonly weights?: ArrayLike<number>;
  /** Stratum labels per row (any numbers). */
  readonly strata?: ArrayLike<number>;
  /** Cluster (PSU) labels per row; rows are their own PSUs when absent. */
  readonly clusters?: ArrayLike<number>;
  readonly lonelyPsu?: LonelyPsu;
  /** Row count when no weights/strata/clusters are given. */
  readonly n?: number;
}

const diag = (code: Diagnostic['code'], message: string, hint?: string): Diagnostic =>
  hint === undefined ? { code, severity: 'error', message } : { code, severity: 'error', message, hint };

/** Maps labels to dense 0-based indices in order of first appearance. */
function denseIndex(keys: ArrayLike<number> | readonly string[], n: number): { index: Int32Array; count: number } {
  const index = new Int32Array(n);
  const seen = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const key = keys[i] ?? 0;
    let k = seen.get(key);
    if (k === undefined) {
      k = seen.size;
      seen.set(key, k);
    }
    index[i] = k;
  }
  return { index, count: seen.size };
}

/** Builds a design (R: `svydesign(ids=~cluster, strata=~stratum, weights=~w, nest=TRUE)`). */
export function surveyDesign(input: DesignInput): Result<SurveyDesign, Diagnostic> {
  const n = input.weights?.length ?? input.strata?.length ?? input.clusters?.length ?? input.n ?? 0;
  for (const [name, col] of [['weights', input.weights], ['strata', input.strata], ['clusters', input.clusters]] as const) {
    if (col !== undefined && col.length !== n) return err(diag('analysis.design-length', `the ${name} column has ${col.length} rows, expected ${n}`));
  }
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = input.weights === undefined ? 1 : (input.weights[i] ?? Number.NaN);
    if (!(w >= 0) || !Number.isFinite(w)) {
      return err(diag('analysis.bad-weight', `row ${i + 1}: weight ${w} is not a finite non-negative number`, 'weights must be present for every row'));
    }
    weights[i] = w;
  }
  for (const [name, col] of [['strata', input.strata], ['clusters', input.clusters]] as const) {
    if (col === undefined) continue;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(col[i])) return err(diag('analysis.missing-design-variable', `row ${i + 1}: the ${name} value is missing`));
    }
  }
  const strata = input.strata === undefined ? { index: new Int32Array(n), count: n > 0 ? 1 : 0 } : denseIndex(input.strata, n);
  const psuKeys: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) psuKeys[i] = input.clusters === undefined ? String(i) : `${strata.index[i] ?? 0}|${input.clusters[i] ?? 0}`;
  const psu = denseIndex(psuKeys, n);
  const psuPerStratum = new Int32Array(strata.count);
  const psuStratum = new Int32Array(psu.count).fill(-1);
  for (let i = 0; i < n; i++) {
    const p = psu.index[i] ?? 0;
    if (psuStratum[p] === -1) {
      const h = strata.index[i] ?? 0;
      psuStratum[p] = h;
      psuPerStratum[h] = (psuPerStratum[h] ?? 0) + 1;
    }
  }
  const lonelyPsu = input.lonelyPsu ?? 'fail';
  return ok({
    n, weights, stratum: strata.index, strataCount: strata.count, psu: psu.index, psuCount: psu.count,
    psuPerStratum, lonelyPsu, calibration: [],
  });
}

/** The same design with new weights (and optionally one more calibration record). */
export function withWeights(design: SurveyDesign, weights: Float64Array, record?: CalibrationRecord): SurveyDesign {
  return { ...design, weights, calibration: record === undefined ? design.calibration : [...design.calibration, record] };
}

/** Design degrees of freedom: PSUs minus strata among rows with non-zero weight in `domain` (R's `degf`). */
export function designDf(design: SurveyDesign, domain?: Uint8Array): number {
  const psuSeen = new Uint8Array(design.psuCount);
  const stratumSeen = new Uint8Array(design.strataCount);
  let psus = 0;
  let strata = 0;
  for (let i = 0; i < design.n; i++) {
    if (!((design.weights[i] ?? 0) > 0) || (domain !== undefined && domain[i] === 0)) continue;
    const p = design.psu[i] ?? 0;
    const h = design.stratum[i] ?? 0;
    if (psuSeen[p] === 0) {
      psuSeen[p] = 1;
      psus++;
    }
    if (stratumSeen[h] === 0) {
      stratumSeen[h] = 1;
      strata++;
    }
  }
  return psus - strata;
}
