// Which coupons a revocation removes: all unredeemed coupons of a study, or those in the recruitment subtree below one.

export interface CouponLink {
  readonly coupon: string;
  readonly issuedTo: string | null;
  readonly redeemedBy: string | null;
}

/** What to revoke: every unredeemed coupon, or the unredeemed ones issued below (and including) `coupon`. */
export type RevokeScope = { readonly kind: 'all' } | { readonly kind: 'below'; readonly coupon: string };

/**
 * The unredeemed coupons a scope covers. Below a coupon means: the coupon itself when unredeemed, else every coupon
 * issued to the response that redeemed it, and so on down the tree. Works on stored (keyed) values alike.
 */
export function couponsToRevoke(links: readonly CouponLink[], scope: RevokeScope): string[] {
  if (scope.kind === 'all') return links.filter((l) => l.redeemedBy === null).map((l) => l.coupon);
  const byIssuer = new Map<string, CouponLink[]>();
  for (const l of links) if (l.issuedTo !== null) byIssuer.set(l.issuedTo, [...(byIssuer.get(l.issuedTo) ?? []), l]);
  const start = links.find((l) => l.coupon === scope.coupon);
  const out: string[] = [];
  const queue = start === undefined ? [] : [start];
  for (let l = queue.shift(); l !== undefined; l = queue.shift()) {
    if (l.redeemedBy === null) out.push(l.coupon);
    else queue.push(...(byIssuer.get(l.redeemedBy) ?? []));
  }
  return out;
}
