// Fieldwork caps against the recruitment tree: where one respondent sits (wave, chain size) and how near each cap is.

import type { MonitorFigures, MonitorTreeInput } from './monitor-figures.ts';

/** The caps as study.yaml sets them (src/collect/collection-settings.ts); undefined = no cap. */
export interface CapLimits {
  readonly maxResponses?: number;
  readonly maxWave?: number;
  readonly maxChainSize?: number;
}

/** A cap counts as "near" from this share of its limit: time to plan new seeds or the end of fieldwork. */
export const CAP_NEAR_SHARE = 0.9;

/**
 * The wave of `id` (0 for a seed, or for a respondent outside the tree: admitted without a coupon, or unlinked) and the
 * number of respondents in its chain, counted from the chain's top. Linear in the tree's size.
 */
export function placeInTree(tree: MonitorTreeInput, id: string): { readonly wave: number; readonly chainSize: number } {
  const parent = new Map<string, string>();
  const kids = new Map<string, string[]>();
  for (const e of tree.edges) {
    parent.set(e.recruit, e.recruiter);
    const list = kids.get(e.recruiter);
    if (list === undefined) kids.set(e.recruiter, [e.recruit]);
    else list.push(e.recruit);
  }
  let top = id;
  let wave = 0;
  // Bounded by the number of edges, so a malformed (cyclic) input cannot loop forever.
  for (let up = parent.get(top); up !== undefined && wave <= tree.edges.length; up = parent.get(top)) {
    top = up;
    wave += 1;
  }
  const seen = new Set<string>([top]);
  const queue = [top];
  for (let node = queue.pop(); node !== undefined; node = queue.pop()) {
    for (const k of kids.get(node) ?? []) {
      if (seen.has(k)) continue;
      seen.add(k);
      queue.push(k);
    }
  }
  return { wave, chainSize: seen.size };
}

/** Whether a respondent at this place gets coupons to pass on under these caps. */
export function mayRecruit(place: { readonly wave: number; readonly chainSize: number }, caps: CapLimits): boolean {
  if (caps.maxWave !== undefined && place.wave >= caps.maxWave) return false;
  return caps.maxChainSize === undefined || place.chainSize < caps.maxChainSize;
}

export interface CapStatus {
  readonly cap: 'max_responses' | 'max_wave' | 'max_chain_size';
  readonly limit: number;
  /** Responses stored, the deepest wave reached, or the largest chain. */
  readonly value: number;
  /** For the chain cap: chains that reached it (they get no more coupons). */
  readonly chainsAtCap?: number;
  readonly state: 'ok' | 'near' | 'reached';
}

const stateOf = (value: number, limit: number): CapStatus['state'] => (value >= limit ? 'reached' : value >= CAP_NEAR_SHARE * limit ? 'near' : 'ok');

/** Waves are few: "near" is one wave short of the cap. */
const waveState = (respondents: number, deepest: number, limit: number): CapStatus['state'] =>
  respondents === 0 ? 'ok' : deepest >= limit ? 'reached' : deepest >= limit - 1 ? 'near' : 'ok';

/** Progress towards each cap that is set, from the monitor's aggregates only. */
export function capProgress(m: MonitorFigures, caps: CapLimits): CapStatus[] {
  const out: CapStatus[] = [];
  if (caps.maxResponses !== undefined) out.push({ cap: 'max_responses', limit: caps.maxResponses, value: m.responses.total, state: stateOf(m.responses.total, caps.maxResponses) });
  if (caps.maxWave !== undefined) out.push({ cap: 'max_wave', limit: caps.maxWave, value: m.tree.maxWave, state: waveState(m.tree.respondents, m.tree.maxWave, caps.maxWave) });
  if (caps.maxChainSize !== undefined) {
    const limit = caps.maxChainSize;
    const largest = m.tree.chains[0]?.size ?? 0;
    out.push({ cap: 'max_chain_size', limit, value: largest, chainsAtCap: m.tree.chains.filter((c) => c.size >= limit).length, state: stateOf(largest, limit) });
  }
  return out;
}
