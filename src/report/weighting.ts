// RDS-II weights for a report: the recruitment tree from the dataset's system variables, the degree from the network-size item, tree-bootstrap replicates shared by every cell.

import type { Dataset } from '../analysis/dataset.ts';
import { roundPercent } from '../disclosure/index.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Rng } from '../core/rng.ts';
import type { DegreeImputation } from '../sampling/rds/degrees.ts';
import { prepareRds } from '../sampling/rds/prepare.ts';
import { quantileType7 } from '../sampling/rds/quantile.ts';
import type { RecruitmentTree, TreeSummary } from '../sampling/rds/recruitment-tree.ts';
import { rds2AnalyticOfMasks } from '../sampling/rds/analytic-se.ts';
import { drawTreeReplicates, Rds2ReplicateShares, rds2Share, type TreeReplicates } from '../sampling/rds/tree-replicates.ts';
import type { WeightedEstimate } from './model.ts';

export interface RdsWeighting {
  /** Network sizes after imputation (all positive). */
  readonly degree: readonly number[];
  readonly recruiter: readonly number[];
  readonly summary: TreeSummary;
  /** The recruitment tree (seeds, waves, chains), for the diagnostics and the chain-clustered tests. */
  readonly tree: RecruitmentTree;
  readonly imputation: DegreeImputation;
  /** 1 / degree per respondent: the RDS-II weights. */
  readonly invDegree: Float64Array;
  /** How often each tree-bootstrap replicate drew each respondent (dataset rows). */
  readonly replicates: TreeReplicates;
  /** The cells' replicate shares over them. */
  readonly shares: Rds2ReplicateShares;
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
  // The tree keeps the dataset's row order, so a replicate's picks are dataset rows.
  const prepared = prepareRds(rows, ids.map(() => null));
  if (!prepared.ok) return err(prepared.error);
  const { sample, tree, imputation } = prepared.value;
  const reps = drawTreeReplicates(sample.recruiter, rng, replicates);
  const invDegree = Float64Array.from(sample.degree, (d) => 1 / d);
  return ok({ degree: sample.degree, invDegree, shares: new Rds2ReplicateShares(reps, invDegree), recruiter: sample.recruiter, summary: tree.summary, tree, imputation, replicates: reps, requested: replicates });
}

/** RDS-II share of `inCategory` among `inBase`, with the tree-bootstrap percentile 95 % interval, in percent. */
export function weightedShare(w: RdsWeighting, inBase: readonly boolean[], inCategory: readonly boolean[], decimals: number): WeightedEstimate | null {
  const base = new Uint8Array(inBase.length);
  const category = new Uint8Array(inBase.length);
  for (let i = 0; i < inBase.length; i++) {
    base[i] = inBase[i] === true ? 1 : 0;
    category[i] = inCategory[i] === true ? 1 : 0;
  }
  const point = rds2Share(w.invDegree, base, category);
  if (Number.isNaN(point)) return null;
  const all = new Float64Array(w.replicates.length);
  const draws = all.subarray(0, w.shares.shares(base, category, all)).sort();
  if (draws.length < 2) return null;
  const r = (x: number): number => roundPercent(100 * x, decimals);
  const analytic = rds2AnalyticOfMasks(w.invDegree, base, category);
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
export const rdsWeights = (w: RdsWeighting): Float64Array => Float64Array.from(w.invDegree);
