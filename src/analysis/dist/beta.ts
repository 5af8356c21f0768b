// The regularised incomplete beta function, its inverse, and the t and F distributions built on it.

import { lbeta } from './gamma.ts';

const EPS = 1e-16;
const TINY = 1e-300;

/** Continued fraction for I_x(a, b) (modified Lentz), good for x < (a+1)/(a+b+2). */
function betaFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - lbeta(a, b)) / a;
  return front * h;
}

/** I_x(a, b) (lower) or 1 − I_x(a, b) (upper), each computed on its own side for accuracy. */
export function pbeta(x: number, a: number, b: number, lowerTail = true): number {
  if (Number.isNaN(x) || !(a >= 0) || !(b >= 0)) return Number.NaN;
  if (x <= 0) return lowerTail ? 0 : 1;
  if (x >= 1) return lowerTail ? 1 : 0;
  if (a === 0) return lowerTail ? 1 : 0;
  if (b === 0) return lowerTail ? 0 : 1;
  if (x < (a + 1) / (a + b + 2)) {
    const lower = betaFraction(x, a, b);
    return lowerTail ? lower : 1 - lower;
  }
  const upper = betaFraction(1 - x, b, a);
  return lowerTail ? 1 - upper : upper;
}

/** Beta density. */
export function dbeta(x: number, a: number, b: number): number {
  if (x <= 0 || x >= 1) return 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lbeta(a, b));
}

/** The beta quantile: x with I_x(a, b) = p. Safeguarded Newton (falls back to bisection). */
export function qbeta(p: number, a: number, b: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(a >= 0) || !(b >= 0)) return Number.NaN;
  if (a === 0 || p === 0) return 0;
  if (b === 0 || p === 1) return 1;
  // Work on the side where the target probability is small, for relative accuracy.
  const lower = p <= 0.5;
  const target = lower ? p : 1 - p;
  const f = (x: number): number => pbeta(x, a, b, lower) - target;
  let lo = 0;
  let hi = 1;
  let x = a / (a + b);
  for (let i = 0; i < 400; i++) {
    const fx = f(x);
    if (fx === 0) return x;
    // f increases with x on the lower side and decreases on the upper side.
    if ((fx < 0) === lower) lo = x;
    else hi = x;
    const slope = lower ? dbeta(x, a, b) : -dbeta(x, a, b);
    let next = slope !== 0 && Number.isFinite(slope) ? x - fx / slope : Number.NaN;
    if (!(next > lo && next < hi)) next = lo > 0 || hi < 1 ? 0.5 * (lo + hi) : 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-15 * Math.max(x, 1e-300) || hi - lo <= 1e-16 * hi) return next;
    x = next;
  }
  return x;
}

/** Student t CDF (as R's pt: through the incomplete beta function). */
export function pt(t: number, df: number, lowerTail = true): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return (t > 0) === lowerTail ? 1 : 0;
  const t2 = t * t;
  // Upper-tail mass beyond |t|, doubled.
  const twoTail = df > t2 ? pbeta(t2 / (df + t2), 0.5, df / 2, false) : pbeta(df / (df + t2), df / 2, 0.5, true);
  const tail = twoTail / 2;
  return (t > 0) === lowerTail ? 1 - tail : tail;
}

/** Student t density. */
export function dt(t: number, df: number): number {
  return Math.exp(-lbeta(0.5, df / 2) - 0.5 * Math.log(df) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** Student t quantile: inverse of the beta relation, then Newton steps on pt for full accuracy. */
export function qt(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const small = Math.min(p, 1 - p);
  const x = qbeta(2 * small, df / 2, 0.5);
  let t = Math.sqrt((df * (1 - x)) / x);
  for (let i = 0; i < 6; i++) {
    const step = (pt(t, df, false) - small) / dt(t, df);
    t += step;
    if (Math.abs(step) <= 1e-15 * Math.abs(t)) break;
  }
  return p < 0.5 ? -t : t;
}

/** F distribution CDF with (df1, df2) degrees of freedom. */
export function pf(x: number, df1: number, df2: number, lowerTail = true): number {
  if (x <= 0) return lowerTail ? 0 : 1;
  if (x === Infinity) return lowerTail ? 1 : 0;
  // P(F ≤ x) = I_{df1 x/(df1 x + df2)}(df1/2, df2/2); written on the complementary argument too.
  const y = df2 / (df2 + df1 * x);
  return pbeta(y, df2 / 2, df1 / 2, !lowerTail);
}
