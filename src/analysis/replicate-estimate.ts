// Estimates and standard errors from replicate weights: every statistic is a ratio of weighted sums.

import type { Estimate } from './estimate.ts';
import { type ReplicateDesign, replicateVariance } from './replicates.ts';

/**
 * Σ w·numerator / Σ w·denominator over the rows (a missing `denominator` means the statistic is the
 * total Σ w·numerator). Rows outside the domain hold 0 in both.
 */
export interface LinearStatistic {
  readonly numerator: Float64Array;
  readonly denominator?: Float64Array;
  /** Rows used (for the unweighted n). */
  readonly domain: Uint8Array;
}

function present(...cols: readonly ArrayLike<number>[]): Uint8Array {
  const n = cols[0]?.length ?? 0;
  const d = new Uint8Array(n);
  for (let i = 0; i < n; i++) d[i] = cols.every((c) => !Number.isNaN(c[i])) ? 1 : 0;
  return d;
}

const zeroOutside = (y: ArrayLike<number>, d: Uint8Array): Float64Array => Float64Array.from({ length: d.length }, (_, i) => (d[i] === 1 ? (y[i] ?? 0) : 0));

/** Mean of y where present (a proportion when y is 0/1). */
export function meanStatistic(y: ArrayLike<number>): LinearStatistic {
  const domain = present(y);
  return { numerator: zeroOutside(y, domain), denominator: Float64Array.from(domain), domain };
}

export function totalStatistic(y: ArrayLike<number>): LinearStatistic {
  const domain = present(y);
  return { numerator: zeroOutside(y, domain), domain };
}

export function ratioStatistic(y: ArrayLike<number>, x: ArrayLike<number>): LinearStatistic {
  const domain = present(y, x);
  return { numerator: zeroOutside(y, domain), denominator: zeroOutside(x, domain), domain };
}

function evaluate(weights: Float64Array, stats: readonly LinearStatistic[], out: Float64Array): void {
  const n = weights.length;
  for (let s = 0; s < stats.length; s++) {
    const st = stats[s];
    if (st === undefined) continue;
    const num = st.numerator;
    const den = st.denominator;
    let a = 0;
    let b = 0;
    if (den === undefined) {
      for (let i = 0; i < n; i++) a += (weights[i] ?? 0) * (num[i] ?? 0);
      out[s] = a;
    } else {
      for (let i = 0; i < n; i++) {
        const w = weights[i] ?? 0;
        a += w * (num[i] ?? 0);
        b += w * (den[i] ?? 0);
      }
      out[s] = a / b;
    }
  }
}

function sameContent(x: Float64Array, y: Float64Array): boolean {
  if (x === y) return true;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Numerators and (de-duplicated) denominators packed row-major, so one pass per replicate serves all statistics. */
function pack(stats: readonly LinearStatistic[], n: number): { num: Float64Array; den: Float64Array; denOf: Int32Array; kd: number } {
  const k = stats.length;
  const unique: Float64Array[] = [];
  const denOf = new Int32Array(k).fill(-1);
  stats.forEach((st, s) => {
    if (st.denominator === undefined) return;
    let d = unique.findIndex((u) => sameContent(u, st.denominator ?? u));
    if (d < 0) {
      d = unique.length;
      unique.push(st.denominator);
    }
    denOf[s] = d;
  });
  const kd = unique.length;
  const num = new Float64Array(n * k);
  const den = new Float64Array(n * kd);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < k; s++) num[i * k + s] = stats[s]?.numerator[i] ?? 0;
    for (let d = 0; d < kd; d++) den[i * kd + d] = unique[d]?.[i] ?? 0;
  }
  return { num, den, denOf, kd };
}

/** The statistics' replicate values, replicate-major (R × k). `from`/`to` select a block of replicates. */
export function replicateThetas(rep: ReplicateDesign, stats: readonly LinearStatistic[], from = 0, to = rep.replicates): Float64Array {
  const k = stats.length;
  const n = rep.n;
  const { num, den, denOf, kd } = pack(stats, n);
  const thetas = new Float64Array((to - from) * k);
  const buffer = new Float64Array(n);
  const a = new Float64Array(k);
  const b = new Float64Array(kd);
  for (let r = from; r < to; r++) {
    rep.fill(r, buffer);
    a.fill(0);
    b.fill(0);
    for (let i = 0; i < n; i++) {
      const w = buffer[i] ?? 0;
      if (w === 0) continue; // a third of bootstrap weights are 0
      const ri = i * k;
      for (let s = 0; s < k; s++) a[s] = (a[s] ?? 0) + w * (num[ri + s] ?? 0);
      const di = i * kd;
      for (let d = 0; d < kd; d++) b[d] = (b[d] ?? 0) + w * (den[di + d] ?? 0);
    }
    const base = (r - from) * k;
    for (let s = 0; s < k; s++) {
      const d = denOf[s] ?? -1;
      thetas[base + s] = d < 0 ? (a[s] ?? 0) : (a[s] ?? 0) / (b[d] ?? 0);
    }
  }
  return thetas;
}

/** Full-sample estimates with replicate standard errors; df is the design's (see `ReplicateDesign.df`). */
export function replicateEstimates(rep: ReplicateDesign, stats: readonly LinearStatistic[], thetas = replicateThetas(rep, stats)): Estimate[] {
  const k = stats.length;
  const full = new Float64Array(k);
  evaluate(rep.weights, stats, full);
  return stats.map((st, s) => {
    const column = new Float64Array(rep.replicates);
    for (let r = 0; r < rep.replicates; r++) column[r] = thetas[r * k + s] ?? Number.NaN;
    const variance = replicateVariance(rep, column, full[s] ?? Number.NaN);
    let n = 0;
    let weightedN = 0;
    for (let i = 0; i < rep.n; i++) {
      if (st.domain[i] === 1 && (rep.weights[i] ?? 0) > 0) {
        n++;
        weightedN += rep.weights[i] ?? 0;
      }
    }
    return { estimate: full[s] ?? Number.NaN, se: Math.sqrt(variance), variance, n, weightedN, df: rep.df };
  });
}
