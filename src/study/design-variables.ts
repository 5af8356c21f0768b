// Design variables added to a release after the gate: the RDS-II weight the report uses, checked to add nothing the release hides.

import type { Dataset, NumericVariable } from '../analysis/dataset.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Rng } from '../core/rng.ts';
import { rdsWeighting, rdsWeights } from '../report/weighting.ts';

export const RDS2_WEIGHT = 'rds2_weight';

const problem = (message: string, hint?: string): Diagnostic => ({ code: 'export.design', severity: 'error', message, subject: RDS2_WEIGHT, ...(hint === undefined ? {} : { hint }) });

/**
 * `released` with `rds2_weight`: 1 / network size, with missing and zero sizes taken as the largest reported — the
 * weight of the report's RDS-II estimates (src/report/weighting.ts), row for row with `dataset`. The weight tells
 * nothing beyond the network-size answer and whether it was given, so it may leave only when that answer leaves as
 * it is: released, not a quasi-identifier, and never suppressed. Chains, waves and replicate weights carry the
 * recruitment structure (a quasi-identifier) and are not added.
 */
export function withRdsWeight(dataset: Dataset, released: Dataset, degreeItem: string, rng: Rng): Result<Dataset, Diagnostic[]> {
  const degree = released.variables.find((v) => v.name === degreeItem);
  if (degree === undefined) return err([problem(`the network-size item '${degreeItem}' does not leave in this release, so its weight may not either`)]);
  if (degree.quasiIdentifier || degree.missing.some((m, i) => m !== (dataset.variables.find((v) => v.name === degreeItem)?.missing[i] ?? m))) {
    return err([problem(`'${degreeItem}' is a quasi-identifier or has suppressed values: a weight of 1/${degreeItem} would give them back`)]);
  }
  const w = rdsWeighting(dataset, degreeItem, rng, 0);
  if (!w.ok) return err(w.error);
  if (w.value === undefined) return err([problem('the dataset carries no recruitment links (response_id, recruiter): no RDS weight can be computed', 'open the pulled responses with their coupon links')]);
  const weight: NumericVariable = {
    name: RDS2_WEIGHT,
    label: Object.fromEntries(dataset.languages.map((l) => [l, l === 'ru' ? `Вес RDS-II (1 / размер сети, ${degreeItem})` : `RDS-II weight (1 / network size, ${degreeItem})`])),
    item: '',
    role: 'system',
    quasiIdentifier: false,
    sensitive: false,
    missing: new Uint8Array(dataset.n),
    missingKinds: [],
    type: 'numeric',
    measure: 'scale',
    values: rdsWeights(w.value),
  };
  return ok({ ...released, variables: [...released.variables, weight] });
}
