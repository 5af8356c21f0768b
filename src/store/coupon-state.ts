// A coupon row's state at a period, and the recruitment tree from coupon links: shared by both adapters so they answer alike.

import type { CouponState, Period, RecruitmentTree } from './store.ts';
import { isExpired } from './period.ts';

export function couponStateOf(row: { readonly state: string; readonly expiry: string | null } | undefined, at: Period): CouponState {
  if (row === undefined) return 'unknown';
  if (row.state === 'redeemed') return 'used';
  if (row.expiry !== null && isExpired(row.expiry, at)) return 'expired';
  return 'usable';
}

/** Seeds and edges from (issuer, redeemer) pairs of real response ids, sorted as the contract says. */
export function treeOf(rows: readonly { readonly issuedTo: string | null; readonly redeemedBy: string }[]): RecruitmentTree {
  const seeds = rows.filter((r) => r.issuedTo === null).map((r) => r.redeemedBy).sort();
  const edges = rows.flatMap((r) => (r.issuedTo === null ? [] : [{ recruiter: r.issuedTo, recruit: r.redeemedBy }]));
  edges.sort((a, b) => (a.recruiter === b.recruiter ? (a.recruit < b.recruit ? -1 : 1) : a.recruiter < b.recruiter ? -1 : 1));
  return { seeds, edges };
}
