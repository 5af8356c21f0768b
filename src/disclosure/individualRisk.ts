// The individual re-identification risk of Benedetti & Franconi (1998), as sdcMicro estimates it.

/**
 * `approx` (sdcMicro's default) uses closed forms for f_k = 1 and 2 and p_k / (f_k − q_k) above;
 * `exact` uses the closed-form series of Benedetti & Franconi for f_k > 2.
 */
export type RiskMethod = 'approx' | 'exact';

/**
 * The posterior expectation of 1/F_k given the sample frequency f_k, when F_k − f_k follows a
 * negative binomial with success probability p_k = f_k / F_k (F_k = the sum of the weights of
 * the records in the key). With q_k = 1 − p_k:
 *   f = 1:  r = (p/q) · ln(1/p)
 *   f = 2:  r = p/q − (p/q)² · ln(1/p)
 *   f > 2:  approx r = p / (f − q);  exact r = (p/q)^f · [A·(1 + Σ_{m=0}^{f−3} (−1)^{m+1} Π_{i=0}^{m} B_i) + (−1)^f ln p]
 *           with A = (p^{1−f} − 1)/(f − 1), B_i = (f−1−i)² / ((i+1)(f−2−i)) · (p^{i+2−f} − 1)/(p^{i+1−f} − 1).
 * When the key's weights do not exceed its count (p ≥ 1: the whole population is in the sample),
 * the risk is 1/f, as in sdcMicro. Unlike sdcMicro's C++ `measure_risk`, p is not shifted by 1e-4.
 */
export function individualRisk(f: number, F: number, method: RiskMethod = 'approx'): number {
  if (!(f >= 1)) throw new RangeError(`individualRisk: sample frequency must be ≥ 1, got ${f}`);
  const p = f / F;
  if (!(p < 1)) return 1 / f;
  const q = 1 - p;
  const odds = p / q;
  if (f === 1) return odds * Math.log(1 / p);
  if (f === 2) return odds - odds * odds * Math.log(1 / p);
  if (method === 'approx') return p / (f - q);
  const exact = exactSeries(f, p);
  // The series cancels catastrophically once p^(1−f) is huge; the approximation is then accurate.
  return Number.isFinite(exact) && exact > 0 && exact <= 1 ? exact : p / (f - q);
}

function exactSeries(f: number, p: number): number {
  const q = 1 - p;
  const A = (p ** (1 - f) - 1) / (f - 1);
  const B = (i: number): number => ((f - 1 - i) ** 2 / ((i + 1) * (f - 2 - i))) * ((p ** (i + 2 - f) - 1) / (p ** (i + 1 - f) - 1));
  let sum = 0;
  let product = 1;
  for (let m = 0; m <= f - 3; m++) {
    product *= B(m);
    sum += (m % 2 === 0 ? -1 : 1) * product;
  }
  return (p / q) ** f * (A * (1 + sum) + (f % 2 === 0 ? 1 : -1) * Math.log(p));
}
