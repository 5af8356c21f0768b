// Complementary suppression: after local suppression, blank further values so that the suppressed ones cannot be inferred.

import type { Dataset, Variable } from '../analysis/dataset.ts';
import type { Rng } from '../core/rng.ts';
import { MISSING_INDEX } from '../instrument/missing.ts';
import { replaceVariable, requireVariable, suppressRows } from './edit.ts';
import { numericValues } from './keys.ts';
import type { SuppressionCount } from './local-suppression.ts';

export interface ComplementaryResult {
  readonly dataset: Dataset;
  /** Per quasi-identifier, the values suppressed by this step (in `quasiIdentifiers` order). */
  readonly added: readonly SuppressionCount[];
  readonly total: number;
}

/**
 * The attacker this step defeats knows the release (which cells are `suppressed`), its log, and the count of every
 * category of every quasi-identifier in the data before suppression (the report publishes them). Subtracting the
 * released counts from the published ones gives the multiset of suppressed values of each variable; when that
 * multiset holds one value only, every suppressed cell of the variable is that value ("all 27 suppressed
 * citizenship values are 2"). So for each such variable one more present value, of a different category, is
 * suppressed: then every suppressed cell may hold either value. The added cell is drawn at random (from `rng`,
 * which must be unpredictable to the attacker) among the records of the most common other category, which costs the
 * least information. Adding suppressions only widens wildcard matches, so k-anonymity is kept.
 *
 * `reference` is the data as the attacker's tables describe them (after recoding, before suppression), row for row
 * with `released`.
 */
export function complementarySuppression(reference: Dataset, released: Dataset, quasiIdentifiers: readonly string[], rng: Rng): ComplementaryResult {
  if (reference.n !== released.n) throw new Error('complementarySuppression: reference and released rows differ');
  let out = released;
  let total = 0;
  const added = quasiIdentifiers.map((name) => {
    const row = complementFor(requireVariable(reference, name), requireVariable(out, name), released.n, rng);
    if (row === undefined) return { variable: name, count: 0 };
    out = replaceVariable(out, suppressRows(requireVariable(out, name), [row]));
    total++;
    return { variable: name, count: 1 };
  });
  return { dataset: out, added, total };
}

/** The row to suppress so that the variable's suppressed values are not all one value; undefined when none is needed (or none can help). */
function complementFor(referenceVariable: Variable, releasedVariable: Variable, n: number, rng: Rng): number | undefined {
  const before = numericValues(referenceVariable, n);
  const after = numericValues(releasedVariable, n);
  const hidden = new Set<number>();
  for (let r = 0; r < n; r++) {
    if (releasedVariable.missing[r] === MISSING_INDEX.suppressed && !Number.isNaN(before[r] ?? NaN)) hidden.add(before[r] ?? NaN);
  }
  if (hidden.size !== 1) return undefined; // nothing suppressed, or already two values or more
  const [only] = hidden;
  const byValue = new Map<number, number[]>();
  for (let r = 0; r < n; r++) {
    const x = after[r] ?? NaN;
    if (Number.isNaN(x) || x === only) continue;
    let rows = byValue.get(x);
    if (rows === undefined) byValue.set(x, (rows = []));
    rows.push(r);
  }
  // A variable whose every released value equals the suppressed one discloses nothing the marginals do not.
  let largest: number[] = [];
  for (const [, rows] of [...byValue].sort((a, b) => a[0] - b[0])) if (rows.length > largest.length) largest = rows;
  if (largest.length === 0) return undefined;
  return largest[rng.nextInt(largest.length)];
}
