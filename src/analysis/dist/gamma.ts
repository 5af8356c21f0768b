// Log-gamma, log-beta and the regularised incomplete gamma function (chi-square probabilities).

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Stirling's correction lgamma(x) − [(x−½)log x − x + ½log 2π], by its asymptotic series (x ≥ 10). */
function stirlingCorrection(x: number): number {
  const x2 = 1 / (x * x);
  // Coefficients B_{2k} / (2k(2k−1)) of the Stirling series.
  return (1 / x) * (1 / 12 + x2 * (-1 / 360 + x2 * (1 / 1260 + x2 * (-1 / 1680 + x2 * (1 / 1188 + x2 * (-691 / 360360 + x2 / 156))))));
}

/** log Γ(x) for x > 0, about 1e-15 absolute. */
export function lgamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : Number.NaN;
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + stirlingCorrection(x);
  // Shift up with Γ(x) = Γ(x + k) / (x (x+1) … (x+k−1)).
  let prod = 1;
  let y = x;
  while (y < 10) {
    prod *= y;
    y += 1;
  }
  return (y - 0.5) * Math.log(y) - y + HALF_LOG_2PI + stirlingCorrection(y) - Math.log(prod);
}

/** log B(a, b), written to avoid cancellation when both are large (as R's lbeta does). */
export function lbeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p >= 10) {
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
    return -0.5 * Math.log(q) + HALF_LOG_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 10) {
    const corr = stirlingCorrection(q) - stirlingCorrection(p + q);
    return lgamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return lgamma(p) + lgamma(q) - lgamma(p + q);
}

const EPS = 1e-16;
const TINY = 1e-300;

/** Series for P(a, x), good for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 100000; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lgamma(a));
}

/** Continued fraction (modified Lentz) for Q(a, x), good for x ≥ a + 1. */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - lgamma(a)) * h;
}

/** P(a, x) = γ(a, x)/Γ(a). */
export function gammaLowerRegularized(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? lowerSeries(a, x) : 1 - upperFraction(a, x);
}

/** Q(a, x) = 1 − P(a, x), computed directly in the upper tail. */
export function gammaUpperRegularized(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - lowerSeries(a, x) : upperFraction(a, x);
}

/** Chi-square CDF with `df` degrees of freedom (upper tail when `lowerTail` is false). */
export function pchisq(x: number, df: number, lowerTail = true): number {
  return lowerTail ? gammaLowerRegularized(df / 2, x / 2) : gammaUpperRegularized(df / 2, x / 2);
}
