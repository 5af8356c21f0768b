// Fieldwork actions on a study's response store: seed coupons (shown once, on a printable sheet; stored only keyed),
// revoking unredeemed coupons, and researcher tokens for pulling sealed responses (shown once, stored hashed).

import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import { randomBytes } from '../crypto/index.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon, parseCoupon } from '../sampling/coupon.ts';
import { hashCouponCode, hashToken } from '../store/hash.ts';
import { openStore } from '../store/open.ts';
import { isPeriod } from '../store/period.ts';
import { MAX_SEED_COUPONS, type Store } from '../store/store.ts';
import { studyDiagnostic } from './located.ts';
import { couponSheetHtml } from './sheets.ts';

export { MAX_SEED_COUPONS };

/** Which store: `sqlite:FILE` or `postgres://…`, and its storage key file (default beside SQLite). */
export interface StoreAddress {
  readonly store: string;
  readonly storeKey?: string | undefined;
}

const hideCredentials = (url: string): string => url.replace(/\/\/[^@/]*@/, '//…@');

/** Opens the store, runs `fn`, closes the store; a store that does not open is a diagnostic, not a throw. */
export async function withStore<T>(at: StoreAddress, fn: (store: Store) => Promise<Result<T, Diagnostic[]>>): Promise<Result<T, Diagnostic[]>> {
  const store = await openStore(at.store, at.storeKey === undefined ? {} : { keyFile: at.storeKey });
  if (!store.ok) return err([studyDiagnostic('study.store', hideCredentials(at.store), store.error.message)]);
  try {
    return await fn(store.value);
  } finally {
    await store.value.close();
  }
}

const refused = (at: StoreAddress, e: { readonly kind: string } | { readonly message: string }): Diagnostic[] =>
  [studyDiagnostic('study.store', hideCredentials(at.store), 'message' in e ? e.message : e.kind)];

export interface SeededCoupons {
  /** The codes as printed: the only copy (the store keeps them keyed). */
  readonly codes: readonly string[];
  readonly sheetHtml: string;
}

/** Issues `n` seed coupons for `study`, valid through the period `expiry` (2024-W30, 2024-07, 2024-07-28) if given. */
export async function seedCoupons(options: StoreAddress & { readonly study: string; readonly n: number; readonly expiry?: string | undefined }): Promise<Result<SeededCoupons, Diagnostic[]>> {
  const { n, expiry } = options;
  if (!Number.isInteger(n) || n < 1 || n > MAX_SEED_COUPONS) return err([studyDiagnostic('study.option', undefined, `must be a whole number from 1 to ${String(MAX_SEED_COUPONS)} (how many seed coupons)`, { subject: 'n' })]);
  if (expiry !== undefined && !isPeriod(expiry)) return err([studyDiagnostic('study.option', undefined, `${expiry}: not a period (an ISO week 2024-W30, a month 2024-07 or a day 2024-07-28)`, { subject: 'expiry' })]);
  const codes = Array.from({ length: n }, () => couponFromRandom(randomBytes(COUPON_RANDOM_BYTES)));
  return withStore(options, async (store) => {
    const issued = await store.issueSeedCoupons(options.study, codes.map((c) => hashCouponCode(c)), expiry);
    if (!issued.ok) return err(refused(options, issued.error));
    const shown = codes.map((c) => formatCoupon(c));
    return ok({ codes: shown, sheetHtml: couponSheetHtml(options.study, shown, expiry) });
  });
}

/** Makes unredeemed coupons unusable: all of the study's, or (`below`) that coupon if unredeemed, else those recruited below it. */
export async function revokeCoupons(options: StoreAddress & { readonly study: string; readonly below?: string | undefined }): Promise<Result<{ revoked: number }, Diagnostic[]>> {
  const below = options.below === undefined ? undefined : parseCoupon(options.below);
  if (below !== undefined && !below.ok) return err([studyDiagnostic('study.option', undefined, `${options.below ?? ''}: not a valid coupon code (check for typing errors)`, { subject: 'below' })]);
  return withStore(options, async (store) => {
    const revoked = await store.revokeCoupons(options.study, below === undefined ? { kind: 'all' } : { kind: 'below', coupon: hashCouponCode(below.value) });
    return revoked.ok ? ok({ revoked: revoked.value.revoked }) : err(refused(options, revoked.error));
  });
}

/** A new researcher API token for `study`: returned once, only its hash is stored. */
export async function addResearcherToken(options: StoreAddress & { readonly study: string; readonly label: string }): Promise<Result<{ token: string }, Diagnostic[]>> {
  const token = Buffer.from(randomBytes(32)).toString('base64url');
  return withStore(options, async (store) => {
    const added = await store.addToken(options.study, hashToken(token), options.label);
    return added.ok ? ok({ token }) : err(refused(options, added.error));
  });
}
