// Seedable pseudo-random numbers for statistics and simulation (never for keys or coupons: see src/crypto).

/** A source of uniform randomness, passed in so that every result is reproducible from its seed. */
export interface Rng {
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform double in [0, 1), 53 random bits. */
  nextFloat(): number;
  /** Uniform integer in [0, n), without modulo bias. n must be a positive integer ≤ 2^32. */
  nextInt(n: number): number;
}

/** SplitMix32 (Steele, Lea & Flood 2014, 32-bit variant) — expands one seed into a full state. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/**
 * xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2021).
 * `state` is the four 32-bit words of the published reference; `seed` goes through SplitMix32.
 */
export function xoshiro128ss(seed: number | readonly [number, number, number, number]): Rng {
  let s0: number, s1: number, s2: number, s3: number;
  if (typeof seed === 'number') {
    const next = splitmix32(seed);
    [s0, s1, s2, s3] = [next(), next(), next(), next()];
  } else {
    [s0, s1, s2, s3] = seed.map((x) => x >>> 0) as [number, number, number, number];
  }
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
  return {
    nextUint32,
    nextFloat: () => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992,
    nextInt: (n) => {
      if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) throw new RangeError(`nextInt: bad bound ${n}`);
      const limit = 0x100000000 - (0x100000000 % n);
      for (;;) {
        const x = nextUint32();
        if (x < limit) return x % n;
      }
    },
  };
}
