// Copy-on-write edits of a dataset's columns, shared by the treatments (recoding, coding, suppression).

import type { Dataset, Variable } from '../analysis/dataset.ts';
import { MISSING_INDEX, type MissingKind } from '../instrument/missing.ts';

/**
 * The missing kind a suppressed value takes: its own, so that no export calls it "skipped" (the
 * respondent answered). Like skipped, it keeps the record in the base of "respondents who were
 * asked", where `not_applicable` would silently drop it from percentages.
 */
export const SUPPRESSED_AS: MissingKind = 'suppressed';

export function replaceVariable(dataset: Dataset, variable: Variable): Dataset {
  return { ...dataset, variables: dataset.variables.map((v) => (v.name === variable.name ? variable : v)) };
}

export function requireVariable(dataset: Dataset, name: string): Variable {
  const v = dataset.variables.find((x) => x.name === name);
  if (v === undefined) throw new Error(`disclosure: no variable '${name}'`);
  return v;
}

/** A copy of `variable` with the given rows set to the suppressed missing kind. */
export function suppressRows(variable: Variable, rows: readonly number[]): Variable {
  if (rows.length === 0) return variable;
  const missing = Uint8Array.from(variable.missing);
  for (const r of rows) missing[r] = MISSING_INDEX[SUPPRESSED_AS];
  const missingKinds = variable.missingKinds.includes(SUPPRESSED_AS) ? variable.missingKinds : [...variable.missingKinds, SUPPRESSED_AS];
  if (variable.type === 'text') {
    const values = [...variable.values];
    for (const r of rows) values[r] = '';
    return { ...variable, missing, missingKinds, values };
  }
  const values = Float64Array.from(variable.values);
  for (const r of rows) values[r] = NaN;
  return { ...variable, missing, missingKinds, values };
}
