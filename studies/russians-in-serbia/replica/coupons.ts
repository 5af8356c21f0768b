// The replica's recruitment: random-looking response ids, a coupon tree from ~12 seeds, collection weeks.

import type { Rng } from '../../../src/core/rng.ts';
import type { ResponseMeta } from '../../../src/analysis/from-responses.ts';

export const REPLICA_SEEDS = 12;
const FIRST_WEEK = 14;
const LAST_WEEK = 26;

/** 32 hex characters from four 32-bit draws (a synthetic id, not a secret: real ids come from src/crypto). */
function hexId(rng: Rng): string {
  let id = '';
  for (let k = 0; k < 4; k++) id += rng.nextUint32().toString(16).padStart(8, '0');
  return id;
}

/**
 * Meta for `n` respondents in breadth-first (wave) order: the first REPLICA_SEEDS are seeds; each
 * respondent then recruits 0–3 others until n is reached. If every chain dies out early the last
 * respondent in the queue recruits one more, so the tree always reaches n.
 */
export function couponTree(rng: Rng, n: number): ResponseMeta[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  while (ids.length < n) {
    const id = hexId(rng);
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  const recruiterOf: number[] = [];
  const week: number[] = [];
  const seeds = Math.min(REPLICA_SEEDS, n);
  for (let i = 0; i < seeds; i++) {
    recruiterOf.push(-1);
    week.push(FIRST_WEEK + rng.nextInt(2));
  }
  for (let parent = 0; recruiterOf.length < n; parent++) {
    let recruits = rng.nextInt(4);
    if (recruits === 0 && parent === recruiterOf.length - 1) recruits = 1;
    for (let k = 0; k < recruits && recruiterOf.length < n; k++) {
      recruiterOf.push(parent);
      week.push(Math.min(LAST_WEEK, (week[parent] ?? FIRST_WEEK) + rng.nextInt(3)));
    }
  }
  return ids.map((responseId, i) => {
    const r = recruiterOf[i] ?? -1;
    return { responseId, period: `2024-W${String(week[i] ?? FIRST_WEEK).padStart(2, '0')}`, recruiter: r < 0 ? '' : (ids[r] ?? '') };
  });
}
