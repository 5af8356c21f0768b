// RDS-II shares over growing prefixes of a respondent list (the report's convergence and bottleneck traces), in one pass.

import type { RdsSample } from './sample.ts';

/**
 * The RDS-II share of each category among the first k respondents of `idx`, for each k in `sizes` (ascending):
 * what estimateProportions(subSample(sample, idx.slice(0, k)), { estimator: 'rds2', categories }) gives, from
 * running sums of 1/degree per category instead of one estimate per prefix (O(n) instead of O(n²/step)); equal up
 * to floating-point rounding. Null where no respondent of the prefix has a value. Outcomes outside `categories`
 * count as missing.
 */
export function rds2PrefixShares(sample: RdsSample, idx: readonly number[], categories: readonly string[], sizes: readonly number[]): (number[] | null)[] {
  const at = new Map(categories.map((c, k) => [c, k]));
  const sums = new Float64Array(categories.length);
  let total = 0;
  let seen = 0;
  const out: (number[] | null)[] = [];
  for (const k of sizes) {
    for (; seen < k && seen < idx.length; seen++) {
      const i = idx[seen] ?? 0;
      const o = sample.outcome[i] ?? null;
      const c = o === null ? undefined : at.get(o);
      if (c === undefined) continue;
      const w = 1 / (sample.degree[i] ?? Number.NaN);
      total += w;
      sums[c] = (sums[c] ?? 0) + w;
    }
    out.push(total === 0 ? null : Array.from(sums, (x) => x / total));
  }
  return out;
}
