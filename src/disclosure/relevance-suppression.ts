// Relevance suppression: where a quasi-identifier is suppressed, hide whether the items that depend on it were asked.

import type { Dataset } from '../analysis/dataset.ts';
import { MISSING_INDEX } from '../instrument/missing.ts';
import { replaceVariable, suppressRows } from './edit.ts';

/**
 * Variables whose being asked depends on a quasi-identifier, keyed by the quasi-identifier's variable name: the
 * items whose relevance (or their section's) refers to it, directly or through another dependent item.
 */
export type RelevanceDependents = ReadonlyMap<string, readonly string[]>;

export interface RelevanceSuppressionResult {
  readonly dataset: Dataset;
  /** Cells of dependent variables set to suppressed. */
  readonly total: number;
}

/**
 * An item asked only when `arrived_when < 6` is `not_applicable` exactly when the condition is false: with
 * `arrived_when` suppressed, its missing kind would still tell on which side of 6 the answer lies. So in every row
 * where a quasi-identifier is suppressed, each dependent variable is suppressed too, whatever it held (an answer or
 * not applicable): whether the item was asked is then hidden.
 */
export function relevanceSuppression(dataset: Dataset, dependents: RelevanceDependents): RelevanceSuppressionResult {
  let out = dataset;
  let total = 0;
  for (const [source, targets] of dependents) {
    const q = out.variables.find((v) => v.name === source);
    if (q === undefined) continue;
    const rows: number[] = [];
    for (let r = 0; r < out.n; r++) if (q.missing[r] === MISSING_INDEX.suppressed) rows.push(r);
    if (rows.length === 0) continue;
    for (const name of targets) {
      const target = out.variables.find((v) => v.name === name);
      if (target === undefined) continue;
      const fresh = rows.filter((r) => target.missing[r] !== MISSING_INDEX.suppressed);
      total += fresh.length;
      out = replaceVariable(out, suppressRows(target, fresh));
    }
  }
  return { dataset: out, total };
}
