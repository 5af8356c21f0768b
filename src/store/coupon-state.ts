// A coupon row's state at a period: shared by both adapters so they answer alike.

import type { CouponState, Period } from './store.ts';
import { isExpired } from './period.ts';

export function couponStateOf(row: { readonly state: string; readonly expiry: string | null } | undefined, at: Period): CouponState {
  if (row === undefined) return 'unknown';
  if (row.state === 'redeemed') return 'used';
  if (row.expiry !== null && isExpired(row.expiry, at)) return 'expired';
  return 'usable';
}
