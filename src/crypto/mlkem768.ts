// ML-KEM-768 decapsulation (FIPS 203, Algorithm 18) with the key's matrix and vectors expanded once.

import { sha3_256, sha3_512, shake128, shake256 } from '@noble/hashes/sha3.js';

// Why this file exists: @noble/post-quantum's decapsulate re-derives the public matrix Â (9 SHAKE128 streams),
// re-hashes the encapsulation key and runs a generic NTT on every call. Opening 100,000 records with one key
// repeats that work 100,000 times. Here the key-only parts (Â, t̂, ŝ, H(ek), z) are computed once; the
// per-ciphertext steps follow FIPS 203, including implicit rejection, and the tests check this against
// @noble/post-quantum's own decapsulate on valid, altered and foreign ciphertexts. Like noble's, this is
// JavaScript and so not constant-time; it runs on the researcher's machine, on records already stored.

const N = 256;
const Q = 3329;
const K = 3;
const DU = 10;
const DV = 4;
/** 128⁻¹ mod q: the scaling at the end of the inverse NTT. */
const INV_128 = 3303;

export const MLKEM768_DK_BYTES = 2400;
export const MLKEM768_CT_BYTES = 1088;
const POLY12_BYTES = 384;
const U_BYTES = (DU * N) / 8; // 320 per polynomial

const bitRev7 = (i: number): number => {
  let r = 0;
  for (let b = 0; b < 7; b++) r |= ((i >> b) & 1) << (6 - b);
  return r;
};
const powMod = (base: number, exp: number): number => {
  let r = 1;
  for (let e = 0; e < exp; e++) r = (r * base) % Q;
  return r;
};
/** ζ^BitRev7(i) for the NTT, and ζ^(2·BitRev7(i)+1) for multiplying in T_q (ζ = 17). */
const ZETAS = Int32Array.from({ length: 128 }, (_, i) => powMod(17, bitRev7(i)));
const GAMMAS = Int32Array.from({ length: 128 }, (_, i) => powMod(17, 2 * bitRev7(i) + 1));

type Poly = Int32Array;
const poly = (): Poly => new Int32Array(N);

/** Algorithm 9, in place; coefficients stay in [0, q). */
function ntt(f: Poly): void {
  let k = 1;
  for (let len = 128; len >= 2; len >>= 1) {
    for (let start = 0; start < N; start += 2 * len) {
      const zeta = ZETAS[k++] ?? 0;
      for (let j = start; j < start + len; j++) {
        const t = Math.imul(zeta, f[j + len] ?? 0) % Q;
        const a = f[j] ?? 0;
        const d = a - t;
        const s = a + t;
        f[j + len] = d < 0 ? d + Q : d;
        f[j] = s >= Q ? s - Q : s;
      }
    }
  }
}

/** Algorithm 10, in place. */
function invNtt(f: Poly): void {
  let k = 127;
  for (let len = 2; len <= 128; len <<= 1) {
    for (let start = 0; start < N; start += 2 * len) {
      const zeta = ZETAS[k--] ?? 0;
      for (let j = start; j < start + len; j++) {
        const a = f[j] ?? 0;
        const b = f[j + len] ?? 0;
        const s = a + b;
        f[j] = s >= Q ? s - Q : s;
        f[j + len] = Math.imul(zeta, b - a + Q) % Q;
      }
    }
  }
  for (let j = 0; j < N; j++) f[j] = Math.imul(f[j] ?? 0, INV_128) % Q;
}

/** acc += f ∘ g in T_q (Algorithms 11 and 12), unreduced: three terms stay far below 2^31. */
function mulAcc(acc: Poly, f: Poly, g: Poly): void {
  for (let i = 0; i < 128; i++) {
    const a0 = f[2 * i] ?? 0;
    const a1 = f[2 * i + 1] ?? 0;
    const b0 = g[2 * i] ?? 0;
    const b1 = g[2 * i + 1] ?? 0;
    acc[2 * i] = (acc[2 * i] ?? 0) + Math.imul(Math.imul(a1, b1) % Q, GAMMAS[i] ?? 0) + Math.imul(a0, b0);
    acc[2 * i + 1] = (acc[2 * i + 1] ?? 0) + Math.imul(a0, b1) + Math.imul(a1, b0);
  }
}

const reduce = (f: Poly): void => {
  for (let j = 0; j < N; j++) f[j] = (f[j] ?? 0) % Q;
};

/** ByteDecode₁₂ (Algorithm 6), reduced mod q. */
function decode12(bytes: Uint8Array, offset: number): Poly {
  const f = poly();
  for (let i = 0; i < N / 2; i++) {
    const b0 = bytes[offset + 3 * i] ?? 0;
    const b1 = bytes[offset + 3 * i + 1] ?? 0;
    const b2 = bytes[offset + 3 * i + 2] ?? 0;
    f[2 * i] = (b0 | ((b1 & 0x0f) << 8)) % Q;
    f[2 * i + 1] = ((b1 >> 4) | (b2 << 4)) % Q;
  }
  return f;
}

/** Decompress_d(ByteDecode_d(bytes)) for d = 10 or 4: round(q·y / 2^d), ties up. */
function decodeDecompress(bytes: Uint8Array, offset: number, d: number, f: Poly): void {
  let buf = 0;
  let bits = 0;
  let pos = offset;
  const mask = (1 << d) - 1;
  const half = 1 << (d - 1);
  for (let i = 0; i < N; i++) {
    while (bits < d) {
      buf |= (bytes[pos++] ?? 0) << bits;
      bits += 8;
    }
    f[i] = (Math.imul(Q, buf & mask) + half) >> d;
    buf >>>= d;
    bits -= d;
  }
}

/** ByteEncode_d(Compress_d(f)) for d = 10 or 4: round(2^d·x / q) mod 2^d, ties up. */
function compressEncode(f: Poly, d: number, out: Uint8Array, offset: number): void {
  let buf = 0;
  let bits = 0;
  let pos = offset;
  const mask = (1 << d) - 1;
  for (let i = 0; i < N; i++) {
    buf |= ((((((f[i] ?? 0) << (d + 1)) + Q) / (2 * Q)) | 0) & mask) << bits;
    bits += d;
    while (bits >= 8) {
      out[pos++] = buf & 0xff;
      buf >>>= 8;
      bits -= 8;
    }
  }
}

/** CBD₂ of one nibble: (bit0 + bit1) − (bit2 + bit3), mod q. */
const CBD2 = Int32Array.from({ length: 16 }, (_, x) => {
  const c = (x & 1) + ((x >> 1) & 1) - ((x >> 2) & 1) - ((x >> 3) & 1);
  return c < 0 ? c + Q : c;
});
const prfInput = new Uint8Array(33);

/** SamplePolyCBD₂ (Algorithm 8) of PRF₂(seed, nonce) = SHAKE256(seed ‖ nonce, 128 bytes), into f. */
function sampleCbd2(seed: Uint8Array, nonce: number, f: Poly): void {
  prfInput.set(seed);
  prfInput[32] = nonce;
  const b = shake256(prfInput, { dkLen: 128 });
  for (let i = 0; i < 128; i++) {
    const x = b[i] ?? 0;
    f[2 * i] = CBD2[x & 15] ?? 0;
    f[2 * i + 1] = CBD2[x >> 4] ?? 0;
  }
}

/** SampleNTT (Algorithm 7) of SHAKE128(ρ ‖ a ‖ b). */
function sampleNtt(rho: Uint8Array, a: number, b: number): Poly {
  const seed = new Uint8Array(34);
  seed.set(rho);
  seed[32] = a;
  seed[33] = b;
  const xof = shake128.create({}).update(seed);
  const f = poly();
  let j = 0;
  while (j < N) {
    const c = xof.xof(168);
    for (let i = 0; i + 3 <= c.length && j < N; i += 3) {
      const c0 = c[i] ?? 0;
      const c1 = c[i + 1] ?? 0;
      const c2 = c[i + 2] ?? 0;
      const d1 = c0 | ((c1 & 0x0f) << 8);
      const d2 = (c1 >> 4) | (c2 << 4);
      if (d1 < Q) f[j++] = d1;
      if (d2 < Q && j < N) f[j++] = d2;
    }
  }
  return f;
}

export interface Mlkem768Decapsulator {
  /** The 32-byte shared secret; a ciphertext not made for this key yields the implicit-rejection secret. */
  decapsulate(ciphertext: Uint8Array): Uint8Array;
  /** The encapsulation (public) key, 1184 bytes. */
  readonly encapsulationKey: Uint8Array;
}

/**
 * Prepares decapsulation for the expanded decapsulation key `dk` (dk_PKE ‖ ek ‖ H(ek) ‖ z, 2400 bytes, as
 * ML-KEM.KeyGen returns it). Throws when dk fails FIPS 203's input check (its hash of ek does not match).
 */
export function prepareMlkem768(dk: Uint8Array): Mlkem768Decapsulator {
  if (dk.length !== MLKEM768_DK_BYTES) throw new Error('prepareMlkem768: a decapsulation key is 2400 bytes');
  const ek = dk.slice(K * POLY12_BYTES, 2 * K * POLY12_BYTES + 32);
  const h = dk.slice(2 * K * POLY12_BYTES + 32, 2 * K * POLY12_BYTES + 64);
  const z = dk.slice(2 * K * POLY12_BYTES + 64);
  const check = sha3_256(ek);
  if (!check.every((b, i) => b === h[i])) throw new Error('prepareMlkem768: the decapsulation key fails its hash check');
  const sHat = Array.from({ length: K }, (_, i) => decode12(dk, i * POLY12_BYTES));
  const tHat = Array.from({ length: K }, (_, i) => decode12(ek, i * POLY12_BYTES));
  const rho = ek.subarray(K * POLY12_BYTES);
  // Âᵀ[i][j] = Â[j][i] = SampleNTT(ρ ‖ i ‖ j): the transpose is what encryption multiplies by.
  const aT = Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => sampleNtt(rho, i, j)));

  const mHash = new Uint8Array(64);
  mHash.set(h, 32);
  const zc = new Uint8Array(32 + MLKEM768_CT_BYTES);
  zc.set(z);
  const reencrypted = new Uint8Array(MLKEM768_CT_BYTES);
  const w = poly();
  const u = poly();

  /** K-PKE.Decrypt (Algorithm 15): m = Compress₁(v − NTT⁻¹(ŝᵀ ∘ NTT(u))), written into mHash[0..32). */
  function decrypt(c: Uint8Array): void {
    w.fill(0);
    for (let i = 0; i < K; i++) {
      decodeDecompress(c, i * U_BYTES, DU, u);
      ntt(u);
      mulAcc(w, sHat[i] ?? poly(), u);
    }
    reduce(w);
    invNtt(w);
    decodeDecompress(c, K * U_BYTES, DV, u); // u now holds v
    mHash.fill(0, 0, 32);
    for (let i = 0; i < N; i++) {
      const x = (u[i] ?? 0) - (w[i] ?? 0);
      const r = x < 0 ? x + Q : x;
      const bit = (((4 * r + Q) / (2 * Q)) | 0) & 1;
      mHash[i >> 3] = (mHash[i >> 3] ?? 0) | (bit << (i & 7));
    }
  }

  const yHat = [poly(), poly(), poly()];
  const e = poly();
  const acc = poly();
  /** K-PKE.Encrypt (Algorithm 14) of mHash[0..32) under randomness r, into `reencrypted`. */
  function encrypt(r: Uint8Array): void {
    for (let i = 0; i < K; i++) {
      const y = yHat[i] ?? poly();
      sampleCbd2(r, i, y);
      ntt(y);
    }
    for (let i = 0; i < K; i++) {
      sampleCbd2(r, K + i, e);
      acc.fill(0);
      for (let j = 0; j < K; j++) mulAcc(acc, aT[i]?.[j] ?? poly(), yHat[j] ?? poly());
      reduce(acc);
      invNtt(acc);
      for (let n = 0; n < N; n++) acc[n] = ((acc[n] ?? 0) + (e[n] ?? 0)) % Q;
      compressEncode(acc, DU, reencrypted, i * U_BYTES);
    }
    sampleCbd2(r, 2 * K, e);
    acc.fill(0);
    for (let i = 0; i < K; i++) mulAcc(acc, tHat[i] ?? poly(), yHat[i] ?? poly());
    reduce(acc);
    invNtt(acc);
    const half = (Q + 1) >> 1; // Decompress₁(1) = round(q/2)
    for (let n = 0; n < N; n++) {
      const bit = ((mHash[n >> 3] ?? 0) >> (n & 7)) & 1;
      e[n] = ((e[n] ?? 0) + (acc[n] ?? 0) + bit * half) % Q;
    }
    compressEncode(e, DV, reencrypted, K * U_BYTES);
  }

  return {
    encapsulationKey: ek.slice(),
    decapsulate(c) {
      if (c.length !== MLKEM768_CT_BYTES) throw new Error('ML-KEM-768: a ciphertext is 1088 bytes');
      decrypt(c);
      const kr = sha3_512(mHash);
      encrypt(kr.subarray(32));
      let diff = 0;
      for (let i = 0; i < MLKEM768_CT_BYTES; i++) diff |= (c[i] ?? 0) ^ (reencrypted[i] ?? 0);
      if (diff === 0) return kr.slice(0, 32);
      // Implicit rejection, J(z ‖ c), computed only when needed (a quarter of the time of a decapsulation). The
      // timing then tells whether c was valid; in age that is public anyway: the file key does not unwrap.
      zc.set(c, 32);
      return shake256(zc, { dkLen: 32 });
    },
  };
}
