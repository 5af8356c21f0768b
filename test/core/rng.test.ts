import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { xoshiro128ss } from '../../src/core/rng.ts';

test('xoshiro128** matches the reference C implementation (test/reference/xoshiro128ss.c)', () => {
  const rng = xoshiro128ss([1, 2, 3, 4]);
  const got = Array.from({ length: 8 }, () => rng.nextUint32());
  assert.deepEqual(got, [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
});

test('same seed, same stream; different seeds, different streams', () => {
  const a = xoshiro128ss(42);
  const b = xoshiro128ss(42);
  const c = xoshiro128ss(43);
  const xs = Array.from({ length: 5 }, () => a.nextUint32());
  assert.deepEqual(Array.from({ length: 5 }, () => b.nextUint32()), xs);
  assert.notDeepEqual(Array.from({ length: 5 }, () => c.nextUint32()), xs);
});

test('nextFloat is in [0, 1) and nextInt(n) in [0, n)', () => {
  fc.assert(
    fc.property(fc.integer(), fc.integer({ min: 1, max: 2 ** 32 }), (seed, n) => {
      const rng = xoshiro128ss(seed);
      for (let i = 0; i < 20; i++) {
        const f = rng.nextFloat();
        const k = rng.nextInt(n);
        if (!(f >= 0 && f < 1) || !(Number.isInteger(k) && k >= 0 && k < n)) return false;
      }
      return true;
    }),
  );
});

test('nextInt is unbiased enough: chi-square over 6 bins stays below the 0.999 quantile', () => {
  const rng = xoshiro128ss(7);
  const counts = new Array<number>(6).fill(0);
  const draws = 60000;
  for (let i = 0; i < draws; i++) counts[rng.nextInt(6)]! += 1;
  const expected = draws / 6;
  const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  assert.ok(chi2 < 20.515, `chi2 = ${chi2}`); // qchisq(0.999, 5) = 20.515
});
