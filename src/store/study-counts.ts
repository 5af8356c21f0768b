// A study's counts as every store reports them, from the two aggregate rows its SQL dialect reads.

import type { CompletionStatus, StudyCounts } from './store.ts';

/** Responses by period and status (as read, in the store's order) and the study's coupon totals. */
export function studyCounts(byPeriod: readonly { period: string; status: CompletionStatus; n: number }[], coupons: { issued: number; seeds: number; redeemed: number }): StudyCounts {
  const responses = byPeriod.map((r) => ({ period: r.period, status: r.status, count: r.n }));
  return {
    responses,
    responsesTotal: responses.reduce((sum, r) => sum + r.count, 0),
    couponsIssued: coupons.issued,
    seedCouponsIssued: coupons.seeds,
    couponsRedeemed: coupons.redeemed,
  };
}
