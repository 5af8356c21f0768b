// Replicate-weight designs: Rao–Wu rescaling bootstrap, calibration of every replicate, and R's replicate variance.

import type { Rng } from '../core/rng.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { ok, type Result } from '../core/result.ts';
import { designDf, type SurveyDesign } from './design.ts';
import { jointRaker } from './joint-raking.ts';
import { type RakingControl, type RakingMargin, prepareMargins, rakeWeights } from './rake.ts';

/**
 * Replicate weights with R's variance formula v = scale · Σ_r rscales_r (θ_r − θ̄)², θ̄ the mean of the
 * replicates (or the full-sample estimate when `mse`). Replicate weights are produced on demand so
 * that 500 replicates of 100,000 rows never sit in memory as doubles.
 */
export interface ReplicateDesign {
  readonly n: number;
  /** Full-sample weights. */
  readonly weights: Float64Array;
  readonly replicates: number;
  readonly scale: number;
  readonly rscales: Float64Array;
  readonly mse: boolean;
  /**
   * Degrees of freedom for intervals. R uses the rank of the replicate-weight matrix minus 1; portas
   * uses min(replicates − 1, PSUs − strata), which equals it for unstratified designs.
   */
  readonly df: number;
  /** Writes replicate r's weights into `out` (length n). */
  readonly fill: (r: number, out: Float64Array) => void;
  readonly method: string;
}

export interface BootstrapOptions {
  readonly replicates: number;
  readonly rng: Rng;
}

/**
 * Rao–Wu rescaling bootstrap (R's `as.svrepdesign(type="subbootstrap")`): in every stratum with n_h ≥ 2
 * PSUs, draw n_h − 1 PSUs with replacement; a PSU drawn k times gets weight w · k · n_h/(n_h − 1).
 * Strata with a single PSU keep their weights (they contribute no variance, like `certainty`).
 * scale = 1/(R − 1), rscales = 1, centred at the replicate mean.
 */
export function bootstrapDesign(design: SurveyDesign, options: BootstrapOptions): ReplicateDesign {
  const { replicates, rng } = options;
  const P = design.psuCount;
  // PSUs of each stratum, in order.
  const psuStratum = new Int32Array(P);
  for (let i = 0; i < design.n; i++) psuStratum[design.psu[i] ?? 0] = design.stratum[i] ?? 0;
  const members: number[][] = Array.from({ length: design.strataCount }, () => []);
  for (let p = 0; p < P; p++) members[psuStratum[p] ?? 0]?.push(p);
  const factor = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    const nh = design.psuPerStratum[psuStratum[p] ?? 0] ?? 1;
    factor[p] = nh > 1 ? nh / (nh - 1) : 1;
  }
  // Draw counts, replicate-major; Uint16 since a PSU is drawn at most n_h − 1 times and rarely > 20.
  const counts = new Uint16Array(replicates * P);
  for (let r = 0; r < replicates; r++) {
    const base = r * P;
    for (const list of members) {
      const nh = list.length;
      if (nh === 1) {
        counts[base + (list[0] ?? 0)] = 1;
        continue;
      }
      for (let d = 0; d < nh - 1; d++) {
        const p = list[rng.nextInt(nh)] ?? 0;
        counts[base + p] = Math.min(65535, (counts[base + p] ?? 0) + 1);
      }
    }
  }
  const w = design.weights;
  const psu = design.psu;
  return {
    n: design.n, weights: w, replicates, scale: 1 / (replicates - 1), rscales: new Float64Array(replicates).fill(1), mse: false,
    df: Math.min(replicates - 1, designDf(design)),
    method: `bootstrap (Rao–Wu rescaling, ${replicates} replicates)`,
    fill: (r, out) => {
      const base = r * P;
      for (let i = 0; i < w.length; i++) {
        const p = psu[i] ?? 0;
        out[i] = (w[i] ?? 0) * (counts[base + p] ?? 0) * (factor[p] ?? 1);
      }
    },
  };
}

/** Given replicate weights (each of length n), as R's `svrepdesign(type="bootstrap", combined.weights=TRUE)`. */
export function replicateDesignFromWeights(weights: Float64Array, repWeights: readonly Float64Array[], options: { scale?: number; rscales?: Float64Array; mse?: boolean; df?: number } = {}): ReplicateDesign {
  const R = repWeights.length;
  return {
    n: weights.length, weights, replicates: R, scale: options.scale ?? 1 / (R - 1), rscales: options.rscales ?? new Float64Array(R).fill(1), mse: options.mse ?? false,
    df: options.df ?? R - 1,
    method: `replicate weights (${R} replicates)`,
    fill: (r, out) => { out.set(repWeights[r] ?? new Float64Array(weights.length)); },
  };
}

export interface RakedReplicates {
  readonly design: ReplicateDesign;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Rakes the full-sample weights (R's stopping rule) and every replicate with the same number of
 * sweeps, each to its own cell totals (R's `rake` on an `svyrep.design`).
 */
export function rakeReplicates(rep: ReplicateDesign, margins: readonly RakingMargin[], control: RakingControl = {}): Result<RakedReplicates, Diagnostic> {
  const full = rakeWeights(rep.weights, margins, control);
  if (!full.ok) return full;
  const prepared = prepareMargins(margins);
  if (!prepared.ok) return prepared;
  const sweeps = full.value.sweeps;
  const raker = jointRaker(prepared.value);
  const inner = rep.fill;
  return ok({
    iterations: full.value.iterations,
    converged: full.value.converged,
    design: {
      ...rep,
      weights: full.value.weights,
      method: `${rep.method}, raked`,
      fill: (r, out) => {
        inner(r, out);
        raker.rakeInPlace(out, sweeps);
      },
    },
  });
}

/** R's `svrVar` for one statistic from its replicate values. */
export function replicateVariance(rep: ReplicateDesign, thetas: Float64Array, fullSample: number): number {
  let centre = fullSample;
  if (!rep.mse) {
    let s = 0;
    let k = 0;
    for (let r = 0; r < thetas.length; r++) {
      if ((rep.rscales[r] ?? 0) > 0) {
        s += thetas[r] ?? 0;
        k++;
      }
    }
    centre = s / k;
  }
  let v = 0;
  for (let r = 0; r < thetas.length; r++) {
    const d = (thetas[r] ?? 0) - centre;
    v += d * d * (rep.rscales[r] ?? 0);
  }
  return v * rep.scale;
}
