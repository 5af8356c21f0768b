// Shamir's secret sharing (1979) over GF(2^8), byte by byte: any `threshold` shares rebuild, fewer reveal nothing.

import { gfAdd, gfDiv, gfMul } from './gf256.ts';
import { randomBytes } from './random.ts';

export interface RawShare {
  /** The x coordinate, 1…255 (0 would be the secret itself). */
  readonly x: number;
  /** One y per secret byte. */
  readonly y: Uint8Array;
}

/**
 * Splits `secret` into `count` shares, any `threshold` of which rebuild it. Each byte gets its own polynomial
 * of degree threshold − 1 with the secret byte as constant term and CSPRNG coefficients.
 * Bad parameters are a bug here (callers validate): 2 ≤ threshold ≤ count ≤ 255.
 */
export function splitSecret(
  secret: Uint8Array,
  count: number,
  threshold: number,
  random: (n: number) => Uint8Array = randomBytes,
): RawShare[] {
  if (!(Number.isInteger(count) && Number.isInteger(threshold) && threshold >= 2 && threshold <= count && count <= 255)) {
    throw new RangeError(`splitSecret: bad parameters ${threshold} of ${count}`);
  }
  const coefficients = random(secret.length * (threshold - 1));
  const shares = Array.from({ length: count }, (_, i) => ({ x: i + 1, y: new Uint8Array(secret.length) }));
  for (let b = 0; b < secret.length; b++) {
    for (const share of shares) {
      // Horner: ((c_{k-1}·x + c_{k-2})·x + …)·x + secret.
      let acc = 0;
      for (let d = threshold - 2; d >= 0; d--) acc = gfAdd(gfMul(acc, share.x), coefficients[b * (threshold - 1) + d] ?? 0);
      share.y[b] = gfAdd(gfMul(acc, share.x), secret[b] ?? 0);
    }
  }
  coefficients.fill(0);
  return shares;
}

/**
 * Lagrange interpolation at x = 0 from exactly the shares given. With fewer than the threshold the result is
 * meaningless (callers check the count); distinct non-zero x and equal lengths are a bug otherwise.
 */
export function combineShares(shares: readonly RawShare[]): Uint8Array {
  const xs = shares.map((s) => s.x);
  if (new Set(xs).size !== xs.length || xs.some((x) => x < 1 || x > 255)) throw new RangeError('combineShares: x must be distinct, 1…255');
  const length = shares[0]?.y.length ?? 0;
  if (shares.some((s) => s.y.length !== length)) throw new RangeError('combineShares: shares differ in length');
  // l_i(0) = Π_{j≠i} x_j / (x_j − x_i); in characteristic 2, − is xor.
  const weights = shares.map((si) => shares.reduce((w, sj) => (sj === si ? w : gfMul(w, gfDiv(sj.x, gfAdd(sj.x, si.x)))), 1));
  const secret = new Uint8Array(length);
  for (let b = 0; b < length; b++) {
    let acc = 0;
    shares.forEach((s, i) => {
      acc = gfAdd(acc, gfMul(s.y[b] ?? 0, weights[i] ?? 0));
    });
    secret[b] = acc;
  }
  return secret;
}
