// From validated recruitment rows and an outcome column to an estimable sample, with the degree imputation stated.

import type { Diagnostic } from '../../core/diagnostic.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { imputeDegrees, type DegreeImputation } from './degrees.ts';
import { buildRecruitmentTree, type RecruitmentRow, type RecruitmentTree } from './recruitment-tree.ts';
import type { RdsSample } from './sample.ts';

export interface PreparedRds {
  readonly tree: RecruitmentTree;
  readonly sample: RdsSample;
  readonly imputation: DegreeImputation;
}

/** `outcome[i]` belongs to `rows[i]`; null is a missing value. */
export function prepareRds(rows: readonly RecruitmentRow[], outcome: readonly (string | null)[]): Result<PreparedRds, Diagnostic[]> {
  if (outcome.length !== rows.length) throw new Error('prepareRds: outcome and rows differ in length');
  const tree = buildRecruitmentTree(rows);
  if (!tree.ok) return tree;
  const deg = imputeDegrees(tree.value.degree);
  if (!deg.ok) return err([deg.error]);
  return ok({ tree: tree.value, sample: { outcome, degree: deg.value.degrees, recruiter: tree.value.recruiter }, imputation: deg.value.imputation });
}
