import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { COUPON_BITS, COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon, parseCoupon } from '../../src/sampling/coupon.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const arbCoupon = fc.uint8Array({ minLength: COUPON_RANDOM_BYTES, maxLength: COUPON_RANDOM_BYTES }).map(couponFromRandom);

test('at least 2^40 possible coupons, made only of unambiguous symbols', () => {
  assert.ok(COUPON_BITS >= 40);
  fc.assert(fc.property(arbCoupon, (c) => /^[0-9A-HJKMNP-TV-Z]{11}$/.test(c) && !/[ILOU]/.test(c)));
});

test('distinct random inputs give distinct payloads (50 bits are used, none dropped)', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const bytes = new Uint8Array(COUPON_RANDOM_BYTES);
    bytes[COUPON_RANDOM_BYTES - 1 - Math.floor(i / 8)] = 1 << (i % 8); // the low 50 of the 56 bits
    seen.add(couponFromRandom(bytes).slice(0, 10));
  }
  assert.equal(seen.size, 50, 'each of the 50 bits changes the code');
});

test('every coupon reads back, also typed loosely (case, dashes, spaces, Cyrillic look-alikes)', () => {
  fc.assert(
    fc.property(arbCoupon, (c) => {
      const loose = formatCoupon(c).toLowerCase().replace('-', ' - ').replace(/0/g, 'O').replace(/A/gi, 'А');
      const r = parseCoupon(loose);
      return r.ok && r.value === c;
    }),
  );
  assert.equal(formatCoupon(couponFromRandom(new Uint8Array(7))).length, 13);
});

test('every single wrong symbol is caught by the check character', () => {
  fc.assert(
    fc.property(arbCoupon, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 31 }), (c, pos, shift) => {
      const wrong = ALPHABET.charAt((ALPHABET.indexOf(c.charAt(pos)) + shift) % 32);
      const typo = c.slice(0, pos) + wrong + c.slice(pos + 1);
      const r = parseCoupon(typo);
      return !r.ok && r.error === 'check';
    }),
    { numRuns: 2000 },
  );
});

test('most swaps of neighbouring symbols are caught', () => {
  let swaps = 0;
  let caught = 0;
  fc.assert(
    fc.property(arbCoupon, fc.integer({ min: 0, max: 9 }), (c, pos) => {
      if (c.charAt(pos) === c.charAt(pos + 1)) return true;
      swaps += 1;
      const swapped = c.slice(0, pos) + c.charAt(pos + 1) + c.charAt(pos) + c.slice(pos + 2);
      if (!parseCoupon(swapped).ok) caught += 1;
      return true;
    }),
    { numRuns: 3000 },
  );
  assert.ok(caught / swaps > 0.9, `caught ${caught} of ${swaps}`);
});

test('malformed input is told apart: empty, wrong length, foreign character', () => {
  assert.deepEqual(parseCoupon('  '), { ok: false, error: 'empty' });
  assert.deepEqual(parseCoupon('ABCD-EFGH'), { ok: false, error: 'length' });
  assert.deepEqual(parseCoupon('ABCD-EFGH-JK!'), { ok: false, error: 'character' });
  assert.deepEqual(parseCoupon('ABCD-EFGH-JKU'), { ok: false, error: 'character' });
});

test('random typing is rejected by the check character about 31 times in 32', () => {
  let accepted = 0;
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...Array.from(ALPHABET)), { minLength: 11, maxLength: 11 }), (chars) => {
      if (parseCoupon(chars.join('')).ok) accepted += 1;
      return true;
    }),
    { numRuns: 32000 },
  );
  assert.ok(accepted > 700 && accepted < 1300, `${accepted} of 32000 random strings passed the check (expected ≈ 1000)`);
});
