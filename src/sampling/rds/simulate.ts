// Simulated hidden populations with homophily, and RDS samples drawn from them with K coupons (for coverage studies).

import type { Rng } from '../../core/rng.ts';
import type { RecruitmentRow } from './recruitment-tree.ts';

export interface GroupSpec {
  readonly name: string;
  readonly share: number;
  /** Mean number of ties a member tries to form (their realised degree is about twice this / 2 + the ties others make). */
  readonly meanDegree: number;
}

export interface SimulatedNetwork {
  readonly group: readonly string[];
  readonly neighbours: readonly (readonly number[])[];
}

export interface NetworkSpec {
  readonly size: number;
  readonly groups: readonly GroupSpec[];
  /** Probability that a tie a member forms goes to their own group (else to anyone, by activity). */
  readonly inGroupPreference: number;
}

/**
 * Each member gets an activity drawn around its group's mean degree (geometric, at least 1) and
 * forms half that many ties; a partner is drawn proportional to activity, from the own group with
 * probability `inGroupPreference`, else from everyone. Duplicate ties and self-ties are dropped.
 */
export function simulateNetwork(spec: NetworkSpec, rng: Rng): SimulatedNetwork {
  const n = spec.size;
  const group: string[] = [];
  const activity: number[] = [];
  const totalShare = spec.groups.reduce((a, g) => a + g.share, 0);
  spec.groups.forEach((g, k) => {
    const count = k === spec.groups.length - 1 ? n - group.length : Math.round((n * g.share) / totalShare);
    for (let i = 0; i < count; i++) {
      group.push(g.name);
      activity.push(1 + Math.floor(Math.log(1 - rng.nextFloat()) / Math.log(1 - 1 / g.meanDegree)));
    }
  });
  const pickerOf = (members: readonly number[]): (() => number) => {
    const cum: number[] = [];
    let s = 0;
    for (const m of members) cum.push((s += activity[m] ?? 1));
    return () => {
      const u = rng.nextFloat() * s;
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cum[mid] ?? 0) > u) hi = mid;
        else lo = mid + 1;
      }
      return members[lo] ?? 0;
    };
  };
  const everyone = pickerOf(group.map((_, i) => i));
  const byGroup = new Map(spec.groups.map((g) => [g.name, pickerOf(group.flatMap((x, i) => (x === g.name ? [i] : [])))]));
  const ties = group.map(() => new Set<number>());
  group.forEach((g, i) => {
    const own = byGroup.get(g) ?? everyone;
    const want = Math.max(1, Math.round((activity[i] ?? 1) / 2));
    for (let t = 0; t < want; t++) {
      const j = rng.nextFloat() < spec.inGroupPreference ? own() : everyone();
      if (j === i) continue;
      ties[i]?.add(j);
      ties[j]?.add(i);
    }
  });
  return { group, neighbours: ties.map((s) => [...s]) };
}

export interface RdsSimulation {
  readonly rows: RecruitmentRow[];
  readonly outcome: string[];
}

/**
 * Respondent-driven sampling without replacement: `seeds` members drawn at random (among those with
 * ties); each respondent gets `coupons` coupons, each redeemed with probability `redemption` by a
 * random not-yet-sampled neighbour; a new seed is drawn when every chain dies before `size`.
 */
export function simulateRds(net: SimulatedNetwork, opts: { readonly size: number; readonly seeds: number; readonly coupons: number; readonly redemption?: number }, rng: Rng): RdsSimulation {
  const sampled = new Uint8Array(net.group.length);
  const rows: RecruitmentRow[] = [];
  const outcome: string[] = [];
  const queue: number[] = [];
  const node: number[] = [];
  const add = (v: number, recruiter: number | null): void => {
    sampled[v] = 1;
    rows.push({ id: `P${rows.length + 1}`, recruiter: recruiter === null ? null : `P${recruiter + 1}`, degree: net.neighbours[v]?.length ?? 0 });
    outcome.push(net.group[v] ?? '');
    node.push(v);
    queue.push(rows.length - 1);
  };
  const newSeed = (): boolean => {
    for (let tries = 0; tries < 10000; tries++) {
      const v = rng.nextInt(net.group.length);
      if (sampled[v] === 0 && (net.neighbours[v]?.length ?? 0) > 0) {
        add(v, null);
        return true;
      }
    }
    return false;
  };
  for (let s = 0; s < opts.seeds; s++) newSeed();
  let head = 0;
  while (rows.length < opts.size) {
    if (head >= queue.length) {
      if (!newSeed()) break;
      continue;
    }
    const r = queue[head++] ?? 0;
    const free = (net.neighbours[node[r] ?? 0] ?? []).filter((v) => sampled[v] === 0);
    for (let c = 0; c < opts.coupons && free.length > 0 && rows.length < opts.size; c++) {
      if (rng.nextFloat() >= (opts.redemption ?? 1)) continue;
      const k = rng.nextInt(free.length);
      const v = free[k] ?? 0;
      free.splice(k, 1);
      add(v, r);
    }
  }
  return { rows, outcome };
}
