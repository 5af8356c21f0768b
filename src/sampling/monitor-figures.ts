// The fieldwork monitor's figures: aggregates of counts, coupons and the recruitment tree — no id, hash or answer.

import type { TreeSummary } from './rds/recruitment-tree.ts';

/** What the store counts (its `counts`), as the monitor reads it. */
export interface MonitorCounts {
  readonly responses: readonly { readonly period: string; readonly status: 'complete' | 'partial' | 'screened-out'; readonly count: number }[];
  readonly responsesTotal: number;
  readonly couponsIssued: number;
  readonly seedCouponsIssued: number;
  readonly couponsRedeemed: number;
}

/** The store's recruitment links between (random) response ids. */
export interface MonitorTreeInput {
  readonly seeds: readonly string[];
  readonly edges: readonly { readonly recruiter: string; readonly recruit: string }[];
}

/** Unredeemed coupons with one expiry period (null = none), seeds apart. */
export interface OutstandingCoupons {
  readonly expiry: string | null;
  readonly seed: boolean;
  readonly count: number;
}

/** First and last day (days since 1970-01-01) of a period; the store's calendar, passed in to keep this pure. */
export type PeriodDays = (period: string) => { readonly first: number; readonly last: number } | undefined;

/** A chain holding more than this share of the tree's respondents dominates the sample (and its estimates). */
export const DOMINANT_SHARE = 0.5;
/** The dominance warning waits for this many respondents: two of three is no finding. */
export const DOMINANT_MIN_RESPONDENTS = 10;
/** Unredeemed coupons whose last valid day is this close (days, inclusive) are "close to expiry". */
export const EXPIRY_SOON_DAYS = 7;

export interface MonitorChain {
  /** 1 = the largest chain; ties keep the (random) order of the seeds' response ids, never arrival. */
  readonly rank: number;
  /** Respondents in the chain, the seed included. */
  readonly size: number;
  /** Deepest wave reached (0 = the seed recruited nobody yet). */
  readonly waves: number;
  /** Recruits the seed brought in directly. */
  readonly direct: number;
}

export type MonitorWarning =
  | { readonly code: 'monitor.chain-dominates'; readonly rank: number; readonly share: number }
  | { readonly code: 'monitor.seeds-recruit-nobody'; readonly seeds: number }
  | { readonly code: 'monitor.seed-coupons-unused'; readonly coupons: number }
  | { readonly code: 'monitor.coupons-expiring'; readonly coupons: number; readonly days: number }
  | { readonly code: 'monitor.coupons-expired'; readonly coupons: number };

export interface MonitorFigures {
  readonly responses: {
    readonly total: number;
    /** Per collection period (the store's coarse period), sorted; only what the store keeps. */
    readonly byPeriod: readonly { readonly period: string; readonly complete: number; readonly partial: number; readonly screenedOut: number }[];
  };
  readonly coupons: {
    readonly issued: number;
    readonly redeemed: number;
    readonly seedIssued: number;
    readonly seedRedeemed: number;
    /** Unredeemed, still valid today. */
    readonly outstanding: number;
    readonly expiringSoon: number;
    /** Unredeemed past their expiry period. */
    readonly expired: number;
    /** Unredeemed coupons per expiry period (null = no expiry), seeds apart. */
    readonly byExpiry: readonly OutstandingCoupons[];
  };
  /** `respondents` counts those who arrived with a coupon (seed or passed on); those admitted without one are not in the tree. */
  readonly tree: Pick<TreeSummary, 'respondents' | 'seeds' | 'maxWave' | 'perWave'> & {
    readonly chains: readonly MonitorChain[];
    /**
     * The tree's shape with no ids: node k's recruiter is `parents[k]` (-1 for a seed). Nodes are numbered chain by
     * chain (largest first), breadth first, siblings in response-id order — random with respect to arrival.
     */
    readonly parents: readonly number[];
  };
  readonly warnings: readonly MonitorWarning[];
}

interface Shape {
  readonly chains: MonitorChain[];
  readonly parents: number[];
  readonly perWave: number[];
}

/** Walks every chain breadth first; chains ordered by size (largest first), then by the seed's random id. */
function shapeOf(tree: MonitorTreeInput): Shape {
  const kids = new Map<string, string[]>();
  for (const e of tree.edges) kids.set(e.recruiter, [...(kids.get(e.recruiter) ?? []), e.recruit]);
  const walks = tree.seeds.map((seed) => {
    const order: { id: string; parent: number; wave: number }[] = [{ id: seed, parent: -1, wave: 0 }];
    for (let i = 0; i < order.length; i++) {
      const node = order[i];
      if (node === undefined) break;
      for (const c of [...(kids.get(node.id) ?? [])].sort()) order.push({ id: c, parent: i, wave: node.wave + 1 });
    }
    return order;
  });
  walks.sort((a, b) => b.length - a.length);
  const parents: number[] = [];
  const perWave: number[] = [];
  const chains = walks.map((walk, k) => {
    const offset = parents.length;
    for (const n of walk) {
      parents.push(n.parent < 0 ? -1 : n.parent + offset);
      perWave[n.wave] = (perWave[n.wave] ?? 0) + 1;
    }
    return { rank: k + 1, size: walk.length, waves: Math.max(0, ...walk.map((n) => n.wave)), direct: walk.filter((n) => n.parent === 0).length };
  });
  return { chains, parents, perWave };
}

/**
 * The monitor from the store's own aggregates. `today` is the server's day (days since 1970-01-01 UTC), used only
 * to sort unredeemed coupons into valid, close to expiry and expired; it is not stored.
 */
export function monitorFigures(counts: MonitorCounts, tree: MonitorTreeInput, outstanding: readonly OutstandingCoupons[], today: number, periodDays: PeriodDays): MonitorFigures {
  const byPeriod = new Map<string, { period: string; complete: number; partial: number; screenedOut: number }>();
  for (const r of counts.responses) {
    const row = byPeriod.get(r.period) ?? { period: r.period, complete: 0, partial: 0, screenedOut: 0 };
    if (r.status === 'complete') row.complete += r.count;
    else if (r.status === 'partial') row.partial += r.count;
    else row.screenedOut += r.count;
    byPeriod.set(r.period, row);
  }
  let valid = 0;
  let soon = 0;
  let expired = 0;
  let seedOutstanding = 0;
  for (const o of outstanding) {
    if (o.seed) seedOutstanding += o.count;
    const days = o.expiry === null ? undefined : periodDays(o.expiry);
    if (days === undefined) valid += o.count;
    else if (days.last < today) expired += o.count;
    else {
      valid += o.count;
      if (days.last - today < EXPIRY_SOON_DAYS) soon += o.count;
    }
  }
  const shape = shapeOf(tree);
  const respondents = shape.parents.length;
  const warnings: MonitorWarning[] = [];
  const top = shape.chains[0];
  if (top !== undefined && shape.chains.length > 1 && respondents >= DOMINANT_MIN_RESPONDENTS && top.size / respondents > DOMINANT_SHARE) {
    warnings.push({ code: 'monitor.chain-dominates', rank: top.rank, share: Math.round((top.size / respondents) * 100) / 100 });
  }
  const idle = shape.chains.filter((c) => c.size === 1).length;
  if (idle > 0) warnings.push({ code: 'monitor.seeds-recruit-nobody', seeds: idle });
  const seedUnused = outstanding.filter((o) => o.seed && !(o.expiry !== null && (periodDays(o.expiry)?.last ?? today) < today)).reduce((s, o) => s + o.count, 0);
  if (seedUnused > 0) warnings.push({ code: 'monitor.seed-coupons-unused', coupons: seedUnused });
  if (soon > 0) warnings.push({ code: 'monitor.coupons-expiring', coupons: soon, days: EXPIRY_SOON_DAYS });
  if (expired > 0) warnings.push({ code: 'monitor.coupons-expired', coupons: expired });
  return {
    responses: { total: counts.responsesTotal, byPeriod: [...byPeriod.values()].sort((a, b) => (a.period < b.period ? -1 : 1)) },
    coupons: {
      issued: counts.couponsIssued,
      redeemed: counts.couponsRedeemed,
      seedIssued: counts.seedCouponsIssued,
      seedRedeemed: counts.seedCouponsIssued - seedOutstanding,
      outstanding: valid,
      expiringSoon: soon,
      expired,
      byExpiry: outstanding,
    },
    tree: { respondents, seeds: shape.chains.length, maxWave: Math.max(0, shape.perWave.length - 1), perWave: shape.perWave, chains: shape.chains, parents: shape.parents },
    warnings,
  };
}
