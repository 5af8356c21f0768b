// The tree bootstrap and the report's weighted share as they were at 94e99cb (before #20): a fresh
// RdsSample per replicate through the generic estimator. Kept as the reference the fast paths must equal.

import type { Rng } from '../../../src/core/rng.ts';
import type { RdsSample } from '../../../src/sampling/rds/sample.ts';
import { estimateProportions } from './rds-estimate-before.ts';

export function treeResamplerBefore(sample: RdsSample, rng: Rng): () => RdsSample {
  const recruits: number[][] = sample.degree.map(() => []);
  const seeds: number[] = [];
  sample.recruiter.forEach((p, i) => {
    if (p < 0) seeds.push(i);
    else recruits[p]?.push(i);
  });
  return () => {
    const picks: number[] = [];
    const parent: number[] = [];
    const stack: [number, number][] = seeds.map(() => [seeds[rng.nextInt(seeds.length)] ?? 0, -1]);
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      const [node, from] = top;
      const at = picks.length;
      picks.push(node);
      parent.push(from);
      const kids = recruits[node] ?? [];
      for (let j = 0; j < kids.length; j++) stack.push([kids[rng.nextInt(kids.length)] ?? 0, at]);
    }
    return { outcome: picks.map((i) => sample.outcome[i] ?? null), degree: picks.map((i) => sample.degree[i] ?? 1), recruiter: parent };
  };
}

/** The report's replicates: each one the dataset rows it drew. */
export function reportReplicatesBefore(recruiter: readonly number[], degree: readonly number[], rng: Rng, replicates: number): number[][] {
  const draw = treeResamplerBefore({ outcome: recruiter.map((_, i) => String(i)), degree, recruiter }, rng);
  const reps: number[][] = [];
  for (let b = 0; b < replicates; b++) reps.push(draw().outcome.map((o) => Number(o)));
  return reps;
}

/** RDS-II share of `inCategory` among `inBase`: the point estimate and the sorted replicate shares. */
export function weightedShareBefore(degree: readonly number[], replicates: readonly (readonly number[])[], inBase: readonly boolean[], inCategory: readonly boolean[]): { point: number; draws: number[] } | null {
  const outcome = inBase.map((b, i) => (b ? (inCategory[i] === true ? '1' : '0') : null));
  const estimate = (s: RdsSample): number | undefined => {
    const r = estimateProportions(s, { estimator: 'rds2', categories: ['0', '1'] });
    return r.ok ? r.value.proportions[1] : undefined;
  };
  const point = estimate({ outcome, degree, recruiter: [] });
  if (point === undefined) return null;
  const draws: number[] = [];
  for (const picks of replicates) {
    const x = estimate({ outcome: picks.map((i) => outcome[i] ?? null), degree: picks.map((i) => degree[i] ?? 1), recruiter: [] });
    if (x !== undefined) draws.push(x);
  }
  draws.sort((a, b) => a - b);
  return { point, draws };
}

/** Replicate proportions of the tree bootstrap with RDS-II, one row per replicate that gave an estimate. */
export function treeRds2DrawsBefore(sample: RdsSample, categories: readonly string[], rng: Rng, replicates: number): { draws: number[][]; failed: number } {
  const draw = treeResamplerBefore(sample, rng);
  const draws: number[][] = [];
  let failed = 0;
  for (let b = 0; b < replicates; b++) {
    const r = estimateProportions(draw(), { estimator: 'rds2', categories });
    if (r.ok) draws.push([...r.value.proportions]);
    else failed += 1;
  }
  return { draws, failed };
}
