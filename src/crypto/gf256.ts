// Arithmetic in GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1 (FIPS-197 §4.2), for Shamir sharing.
// Written without tables or data-dependent branches, so timing does not depend on the secret bytes.

/** a + b (and a − b): bitwise xor. */
export const gfAdd = (a: number, b: number): number => (a ^ b) & 0xff;

/** a · b: shift-and-add, reducing by 0x11b whenever the high bit falls out (FIPS-197 §4.2.1, xtime). */
export function gfMul(a: number, b: number): number {
  let product = 0;
  let x = a & 0xff;
  let y = b & 0xff;
  for (let i = 0; i < 8; i++) {
    product ^= x & -(y & 1);
    const carry = -((x >>> 7) & 1);
    x = ((x << 1) ^ (0x1b & carry)) & 0xff;
    y >>>= 1;
  }
  return product;
}

/** a^-1 = a^254 (the multiplicative group has order 255). Zero has no inverse: a bug if asked. */
export function gfInv(a: number): number {
  if ((a & 0xff) === 0) throw new RangeError('gfInv: zero has no inverse');
  let result = 1;
  let base = a & 0xff;
  for (let e = 254; e > 0; e >>>= 1) {
    if (e & 1) result = gfMul(result, base);
    base = gfMul(base, base);
  }
  return result;
}

export const gfDiv = (a: number, b: number): number => gfMul(a, gfInv(b));
