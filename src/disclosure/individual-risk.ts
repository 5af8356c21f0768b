// The individual re-identification risk of Benedetti & Franconi (1998), as sdcMicro estimates it.

/**
 * `approx` (sdcMicro's default) uses closed forms for f_k = 1 and 2 and p_k / (f_k − q_k) above;
 * `exact` computes the Benedetti–Franconi expectation itself, to machine precision (see below).
 */
export type RiskMethod = 'approx' | 'exact';

/**
 * The posterior expectation of 1/F_k given the sample frequency f_k, when F_k − f_k follows a
 * negative binomial with success probability p_k = f_k / F_k (F_k = the sum of the weights of
 * the records in the key). With q_k = 1 − p_k:
 *   f = 1:  r = (p/q) · ln(1/p)
 *   f = 2:  r = p/q − (p/q)² · ln(1/p)
 *   f > 2:  approx r = p / (f − q)
 * When the key's weights do not exceed its count (p ≥ 1: the whole population is in the sample),
 * the risk is 1/f, as in sdcMicro. Unlike sdcMicro's C++ `measure_risk`, p is not shifted by 1e-4.
 *
 * `exact`: E[1/F] = ∫₀¹ E[t^(F−1)] dt = ∫₀¹ t^(f−1) (p / (1 − q·t))^f dt, and with
 * y = p·t / (1 − q·t) this is r = p · I_(f−1), where I_n = ∫₀¹ yⁿ / (p + q·y) dy satisfies
 * q·I_n + p·I_(n−1) = 1/n and I_0 = ln(1/p) / q (which gives back the f = 1 and 2 forms). The
 * recurrence runs forward when p ≤ ½ and backward otherwise, so rounding errors shrink. The
 * published closed-form series for f > 2 is equal in exact arithmetic but cancels
 * catastrophically for large f and small p; this does not.
 */
export function individualRisk(f: number, F: number, method: RiskMethod = 'approx'): number {
  if (!(f >= 1) || !Number.isInteger(f)) throw new RangeError(`individualRisk: sample frequency must be a positive integer, got ${f}`);
  const p = f / F;
  if (!(p < 1)) return 1 / f;
  const q = 1 - p;
  const odds = p / q;
  if (f === 1) return odds * Math.log(1 / p);
  if (f === 2) return odds - odds * odds * Math.log(1 / p);
  if (method === 'approx') return p / (f - q);
  return p * integralI(f - 1, p);
}

/** I_n = ∫₀¹ yⁿ / (p + (1 − p)·y) dy for 0 < p < 1, by the stable direction of its recurrence. */
function integralI(n: number, p: number): number {
  const q = 1 - p;
  if (p <= 0.5) {
    let I = Math.log(1 / p) / q;
    for (let m = 1; m <= n; m++) I = (1 / m - p * I) / q;
    return I;
  }
  // Backward: I_(m−1) = (1/m − q·I_m) / p; errors shrink by q/p < 1 per step.
  const extra = Math.ceil((17 * Math.LN10) / Math.log(p / q)) + 10;
  const top = n + extra;
  let I = 1 / (top + 1); // I_top lies in [1/(top+1), 1/((top+1)·p)]; the error is damped away
  for (let m = top; m > n; m--) I = (1 / m - q * I) / p;
  return I;
}
