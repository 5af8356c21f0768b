// Seed coupons and researcher tokens, issued into a study's store: codes shown once, only their keyed hashes kept.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from '../../crypto/index.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../../sampling/coupon.ts';
import { hashCouponCode, hashToken } from '../../store/hash.ts';
import { openStore } from '../../store/open.ts';
import { isPeriod } from '../../store/period.ts';
import { MAX_SEED_COUPONS, type Store } from '../../store/store.ts';
import { dataDir } from '../workspace.ts';

/** A server on this computer keeps its store in the workspace (the one `portas serve` is pointed at to try the study). */
export const localStore = (ws: string, id: string): string => `sqlite:${join(dataDir(ws, id), 'portas.sqlite')}`;

async function withStore<T>(ws: string, id: string, url: string, fn: (store: Store) => Promise<{ ok: true; value: T } | { ok: false; message: string }>): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  if (url === localStore(ws, id)) mkdirSync(dataDir(ws, id), { recursive: true });
  const store = await openStore(url);
  if (!store.ok) return { ok: false, message: store.error.message };
  try {
    return await fn(store.value);
  } finally {
    await store.value.close();
  }
}

export function seedCoupons(ws: string, id: string, options: { readonly store: string; readonly n: number; readonly expiry: string }): Promise<{ ok: true; value: string[] } | { ok: false; message: string }> {
  if (!Number.isInteger(options.n) || options.n < 1 || options.n > MAX_SEED_COUPONS) return Promise.resolve({ ok: false, message: `The number of coupons must be a whole number from 1 to ${String(MAX_SEED_COUPONS)}.` });
  if (options.expiry !== '' && !isPeriod(options.expiry)) return Promise.resolve({ ok: false, message: `'${options.expiry}' is not a period: write a week (2025-W30), a month (2025-07) or a day (2025-07-28), or leave it empty.` });
  const codes = Array.from({ length: options.n }, () => couponFromRandom(randomBytes(COUPON_RANDOM_BYTES)));
  return withStore(ws, id, options.store, async (store) => {
    const issued = await store.issueSeedCoupons(id, codes.map((c) => hashCouponCode(c)), options.expiry === '' ? undefined : options.expiry);
    return issued.ok ? { ok: true, value: codes.map((c) => formatCoupon(c)) } : { ok: false, message: 'message' in issued.error ? issued.error.message : issued.error.kind };
  });
}

export function addResearcherToken(ws: string, id: string, options: { readonly store: string; readonly label: string }): Promise<{ ok: true; value: string } | { ok: false; message: string }> {
  const token = Buffer.from(randomBytes(32)).toString('base64url');
  return withStore(ws, id, options.store, async (store) => {
    const added = await store.addToken(id, hashToken(token), options.label === '' ? 'studio' : options.label);
    return added.ok ? { ok: true, value: token } : { ok: false, message: 'message' in added.error ? added.error.message : added.error.kind };
  });
}
