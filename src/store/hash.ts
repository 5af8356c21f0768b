// Hashes of coupon codes and API tokens: the store keeps these, never the codes or tokens themselves.

import { createHash } from 'node:crypto';
import type { CouponHash, TokenHash } from './store.ts';

/** Coupon codes are typed by hand: case, spaces and dashes carry no meaning. */
export const normaliseCouponCode = (code: string): string => code.normalize('NFKC').toUpperCase().replace(/[\s\-‐-―]/gu, '');

/** SHA-256 of the normalised code. Its strength against a seized database is the code's entropy (see docs/storage.md). */
export const hashCouponCode = (code: string): CouponHash => createHash('sha256').update(normaliseCouponCode(code), 'utf8').digest('hex');

/** SHA-256 of a researcher API token (tokens carry ≥ 128 random bits, so a plain hash suffices). */
export const hashToken = (token: string): TokenHash => createHash('sha256').update(token, 'utf8').digest('hex');
