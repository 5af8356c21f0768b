// RDS-II weights for a report: the recruitment tree from the dataset's system variables, the degree from the network-size item, tree-bootstrap replicates shared by every cell.

import type { Dataset } from '../analysis/dataset.ts';
import { roundPercent } from '../disclosure/index.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Rng } from '../core/rng.ts';
import { treeResampler } from '../sampling/rds/bootstrap.ts';
import type { DegreeImputation } from '../sampling/rds/degrees.ts';
import { estimateProportions } from '../sampling/rds/estimate.ts';
import { prepareRds } from '../sampling/rds/prepare.ts';
import { quantileType7 } from '../sampling/rds/quantile.ts';
import type { RecruitmentTree, TreeSummary } from '../sampling/rds/recruitmentTree.ts';
import { rds2Analytic } from '../sampling/rds/analytic-se.ts';
import type { RdsSample } from '../sampling/rds/sample.ts';
import type { WeightedEstimate } from './model.ts';

export interface RdsWeighting {
  /** Network sizes after imputation (all positive). */
  readonly degree: readonly number[];
  readonly recruiter: readonly number[];
  readonly summary: TreeSummary;
  /** The recruitment tree (seeds, waves, chains), for the diagnostics and the chain-clustered tests. */
  readonly tree: RecruitmentTree;
  readonly imputation: DegreeImputation;
  /** Respondents drawn by each tree-bootstrap replicate (indices into the dataset). */
  readonly replicates: readonly (readonly number[])[];
  readonly requested: number;
}

const text = (dataset: Dataset, name: string): readonly string[] | undefined => {
  const v = dataset.variables.find((x) => x.name === name);
  return v?.type === 'text' ? v.values : undefined;
};

/**
 * The tree from `response_id` and `recruiter` ('' for seeds) and the degree from `degreeItem`.
 * Missing and zero degrees are presumed to be the largest reported (docs/rds.md). Undefined
 * (no error) when the dataset carries no recruitment links: the report is then unweighted.
 */
export function rdsWeighting(dataset: Dataset, degreeItem: string, rng: Rng, replicates: number): Result<RdsWeighting | undefined, Diagnostic[]> {
  const ids = text(dataset, 'response_id');
  const recruiters = text(dataset, 'recruiter');
  const deg = dataset.variables.find((x) => x.name === degreeItem);
  if (ids === undefined || recruiters === undefined || degreeItem === '' || deg === undefined || deg.type !== 'numeric') return ok(undefined);
  const rows = ids.map((id, i) => {
    const d = deg.values[i] ?? Number.NaN;
    return { id, recruiter: recruiters[i] === '' || recruiters[i] === undefined ? null : recruiters[i] ?? null, degree: Number.isNaN(d) ? null : d };
  });
  // The outcome carries each respondent's own index, so a replicate tells who was drawn.
  const prepared = prepareRds(rows, ids.map((_, i) => String(i)));
  if (!prepared.ok) return err(prepared.error);
  const { sample, tree, imputation } = prepared.value;
  const draw = treeResampler(sample, rng);
  const reps: number[][] = [];
  for (let b = 0; b < replicates; b++) reps.push(draw().outcome.map((o) => Number(o)));
  return ok({ degree: sample.degree, recruiter: sample.recruiter, summary: tree.summary, tree, imputation, replicates: reps, requested: replicates });
}

/** RDS-II share of `inCategory` among `inBase`, with the tree-bootstrap percentile 95 % interval, in percent. */
export function weightedShare(w: RdsWeighting, inBase: readonly boolean[], inCategory: readonly boolean[], decimals: number): WeightedEstimate | null {
  const outcome = inBase.map((b, i) => (b ? (inCategory[i] === true ? '1' : '0') : null));
  const estimate = (s: RdsSample): number | undefined => {
    const r = estimateProportions(s, { estimator: 'rds2', categories: ['0', '1'] });
    return r.ok ? r.value.proportions[1] : undefined;
  };
  const point = estimate({ outcome, degree: w.degree, recruiter: w.recruiter });
  if (point === undefined) return null;
  const draws: number[] = [];
  for (const picks of w.replicates) {
    const x = estimate({ outcome: picks.map((i) => outcome[i] ?? null), degree: picks.map((i) => w.degree[i] ?? 1), recruiter: [] });
    if (x !== undefined) draws.push(x);
  }
  if (draws.length < 2) return null;
  draws.sort((a, b) => a - b);
  const r = (x: number): number => roundPercent(100 * x, decimals);
  const analytic = rds2Analytic(w.degree, outcome.map((o) => (o === null ? null : o === '1')));
  const finite = (x: number, places: number): number | null => (Number.isFinite(x) ? Math.round(x * 10 ** places) / 10 ** places : null);
  return {
    percent: r(point),
    low: r(quantileType7(draws, 0.025)),
    high: r(quantileType7(draws, 0.975)),
    se: finite(100 * analytic.se, decimals + 1),
    designEffect: finite(analytic.designEffect, 2),
    effectiveN: finite(analytic.effectiveN, 0),
  };
}

/** RDS-II weights (1 / degree) per respondent, for design-based tests. */
export const rdsWeights = (w: RdsWeighting): Float64Array => Float64Array.from(w.degree, (d) => 1 / d);
