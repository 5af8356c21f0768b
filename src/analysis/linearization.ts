// Taylor-linearisation variance: influence values → calibration residuals → between-PSU variance within strata.

import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { CalibrationRecord, PostStratumRecord, SurveyDesign } from './design.ts';

/** R's post-stratification residual: x − psw · (Σ_cell x·oldw/psw) / (Σ_cell oldw). */
function postStratumResidual(x: Float64Array, ps: PostStratumRecord): void {
  const num = new Float64Array(ps.cells);
  const den = new Float64Array(ps.cells);
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const c = ps.cell[i] ?? 0;
    const oldw = ps.oldWeights[i] ?? 0;
    let psw = ps.weights[i] ?? 0;
    if (psw === 0 && oldw === 0) psw = 1;
    num[c] = (num[c] ?? 0) + ((x[i] ?? 0) * oldw) / psw;
    den[c] = (den[c] ?? 0) + oldw;
  }
  for (let i = 0; i < n; i++) {
    const c = ps.cell[i] ?? 0;
    let psw = ps.weights[i] ?? 0;
    if (psw === 0 && (ps.oldWeights[i] ?? 0) === 0) psw = 1;
    x[i] = (x[i] ?? 0) - ((num[c] ?? 0) / (den[c] ?? 1)) * psw;
  }
}

/** R's raking residual: ten sweeps of x − psw · (unweighted cell mean of x/psw) over the margins. */
function rakingResidual(x: Float64Array, margins: readonly PostStratumRecord[]): void {
  const n = x.length;
  for (let sweep = 0; sweep < 10; sweep++) {
    for (const m of margins) {
      const sum = new Float64Array(m.cells);
      const count = new Float64Array(m.cells);
      for (let i = 0; i < n; i++) {
        const c = m.cell[i] ?? 0;
        sum[c] = (sum[c] ?? 0) + (x[i] ?? 0) / (m.weights[i] ?? 1);
        count[c] = (count[c] ?? 0) + 1;
      }
      for (let i = 0; i < n; i++) {
        const c = m.cell[i] ?? 0;
        x[i] = (x[i] ?? 0) - (m.weights[i] ?? 0) * ((sum[c] ?? 0) / (count[c] ?? 1));
      }
    }
  }
}

function applyCalibration(x: Float64Array, records: readonly CalibrationRecord[]): void {
  for (const r of records) {
    if (r.kind === 'raking') rakingResidual(x, r.margins);
    else postStratumResidual(x, r);
  }
}

/**
 * Covariance matrix (k×k, row-major) of the totals of `influences` (each one value per row), as R's
 * `svyrecvar` for a one-stage design (ultimate clusters, no finite-population correction).
 */
export function linearizedCovariance(design: SurveyDesign, influences: readonly Float64Array[]): Result<Float64Array, Diagnostic> {
  const k = influences.length;
  const xs = influences.map((x) => Float64Array.from(x));
  for (const x of xs) applyCalibration(x, design.calibration);
  // PSU totals, k per PSU.
  const totals = new Float64Array(design.psuCount * k);
  for (let j = 0; j < k; j++) {
    const x = xs[j] ?? new Float64Array(0);
    for (let i = 0; i < design.n; i++) {
      const p = design.psu[i] ?? 0;
      totals[p * k + j] = (totals[p * k + j] ?? 0) + (x[i] ?? 0);
    }
  }
  // Stratum of each PSU and stratum means of PSU totals.
  const psuStratum = new Int32Array(design.psuCount);
  for (let i = 0; i < design.n; i++) psuStratum[design.psu[i] ?? 0] = design.stratum[i] ?? 0;
  const means = new Float64Array(design.strataCount * k);
  for (let p = 0; p < design.psuCount; p++) {
    const h = psuStratum[p] ?? 0;
    for (let j = 0; j < k; j++) means[h * k + j] = (means[h * k + j] ?? 0) + (totals[p * k + j] ?? 0);
  }
  for (let h = 0; h < design.strataCount; h++) {
    const nh = design.psuPerStratum[h] ?? 1;
    if (nh === 1) {
      if (design.lonelyPsu === 'fail') {
        return err({ code: 'analysis.lonely-psu', severity: 'error', message: `stratum ${h + 1} has only one PSU`, hint: "choose lonelyPsu 'adjust' or 'certainty', or merge strata" });
      }
      // certainty: centred at its own mean (contributes 0); adjust: not centred (overall mean of influences is 0).
      if (design.lonelyPsu === 'adjust') for (let j = 0; j < k; j++) means[h * k + j] = 0;
      continue;
    }
    for (let j = 0; j < k; j++) means[h * k + j] = (means[h * k + j] ?? 0) / nh;
  }
  const cov = new Float64Array(k * k);
  for (let p = 0; p < design.psuCount; p++) {
    const h = psuStratum[p] ?? 0;
    const nh = design.psuPerStratum[h] ?? 1;
    const scale = nh > 1 ? nh / (nh - 1) : 1;
    for (let a = 0; a < k; a++) {
      const da = (totals[p * k + a] ?? 0) - (means[h * k + a] ?? 0);
      for (let b = a; b < k; b++) {
        const db = (totals[p * k + b] ?? 0) - (means[h * k + b] ?? 0);
        cov[a * k + b] = (cov[a * k + b] ?? 0) + scale * da * db;
      }
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) cov[a * k + b] = cov[b * k + a] ?? 0;
  return ok(cov);
}
