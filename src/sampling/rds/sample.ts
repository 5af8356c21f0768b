// The minimal view of an RDS sample that estimators need: outcome, degree, recruiter (also for bootstrap resamples).

import type { RecruitmentTree } from './recruitment-tree.ts';

export interface RdsSample {
  /** Category of the outcome per respondent; null when missing (skipped, refused, …). */
  readonly outcome: readonly (string | null)[];
  /** Network sizes after imputation: all positive. */
  readonly degree: readonly number[];
  /** Index of the recruiter within this sample, -1 for a seed (or a recruit whose recruiter was not resampled). */
  readonly recruiter: readonly number[];
}

export const sampleFromTree = (tree: RecruitmentTree, outcome: readonly (string | null)[], degree: readonly number[]): RdsSample => ({
  outcome,
  degree,
  recruiter: tree.recruiter,
});

/** The categories present, in code-unit order (R's `order(levels)` in the C locale). */
export function categoriesOf(outcome: readonly (string | null)[]): string[] {
  return [...new Set(outcome.filter((o): o is string => o !== null))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The respondents at `idx` (in that order), with recruiters outside the subset turned into seeds. */
export function subSample(sample: RdsSample, idx: readonly number[]): RdsSample {
  const pos = new Map(idx.map((i, k) => [i, k]));
  return {
    outcome: idx.map((i) => sample.outcome[i] ?? null),
    degree: idx.map((i) => sample.degree[i] ?? 1),
    recruiter: idx.map((i) => pos.get(sample.recruiter[i] ?? -1) ?? -1),
  };
}
