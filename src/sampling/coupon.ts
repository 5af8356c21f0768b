// Coupon codes for respondent-driven sampling: short, typeable, 50 random bits, one check character.

import { err, ok, type Result } from '../core/result.ts';

/** Crockford's base 32: digits and letters without I, L, O and U, which are easily misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = ALPHABET.length;
export const COUPON_PAYLOAD_SYMBOLS = 10;
/** 10 symbols × 5 bits: about 10^15 possible codes, far above the 2^40 floor. */
export const COUPON_BITS = COUPON_PAYLOAD_SYMBOLS * 5;
/** Random bytes needed to make one coupon. */
export const COUPON_RANDOM_BYTES = 7;

declare const couponBrand: unique symbol;
/** A well-formed coupon in canonical form: 11 symbols, no separators. */
export type CouponCode = string & { readonly [couponBrand]: true };

/** Letters people type for one another: Crockford's aliases, and Cyrillic letters that look Latin. */
const ALIASES: Readonly<Record<string, string>> = {
  O: '0', I: '1', L: '1',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: '0', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y', З: '3',
};

/** Luhn mod N (N = 32): catches every single wrong symbol and most swaps of neighbours. */
function checkSymbol(payload: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = payload.length - 1; i >= 0; i--) {
    let addend = factor * ALPHABET.indexOf(payload.charAt(i));
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return ALPHABET.charAt((N - (sum % N)) % N);
}

/** Makes a coupon from CSPRNG bytes (from src/crypto); the first 50 bits are used. */
export function couponFromRandom(bytes: Uint8Array): CouponCode {
  if (bytes.length < COUPON_RANDOM_BYTES) throw new RangeError(`a coupon needs ${COUPON_RANDOM_BYTES} random bytes`);
  let bits = 0n;
  for (let i = 0; i < COUPON_RANDOM_BYTES; i++) bits = (bits << 8n) | BigInt(bytes[i] ?? 0);
  let payload = '';
  for (let i = 0; i < COUPON_PAYLOAD_SYMBOLS; i++) {
    payload += ALPHABET.charAt(Number(bits & 31n));
    bits >>= 5n;
  }
  return (payload + checkSymbol(payload)) as CouponCode;
}

export type CouponProblem = 'empty' | 'length' | 'character' | 'check';

/** Reads what a respondent typed: any case, spaces or dashes, common look-alikes. */
export function parseCoupon(typed: string): Result<CouponCode, CouponProblem> {
  const cleaned = Array.from(typed.toUpperCase().replace(/[\s\-–—_.]/g, '')).map((c) => ALIASES[c] ?? c).join('');
  if (cleaned === '') return err('empty');
  if (cleaned.length !== COUPON_PAYLOAD_SYMBOLS + 1) return err('length');
  if (Array.from(cleaned).some((c) => !ALPHABET.includes(c))) return err('character');
  const payload = cleaned.slice(0, COUPON_PAYLOAD_SYMBOLS);
  if (checkSymbol(payload) !== cleaned.charAt(COUPON_PAYLOAD_SYMBOLS)) return err('check');
  return ok(cleaned as CouponCode);
}

/** `ABCD-EFGH-JKM`: groups make a code easy to read out and copy by hand. */
export const formatCoupon = (code: CouponCode): string => `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
