// Global recoding: replace a variable's codes by the coarser codes of a `Recode` declared on its item.

import type { CodedVariable, Dataset } from '../analysis/dataset.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Recode } from '../instrument/model.ts';
import { replaceVariable, requireVariable } from './edit.ts';
import { disclosureError } from './messages.ts';

/** One recode to apply: which variable, and which of its item's declared recodes. */
export interface RecodeStep {
  readonly variable: string;
  readonly recode: Recode;
}

export interface RecodeRecord {
  readonly variable: string;
  readonly recode: string;
  /** Distinct substantive values before and after. */
  readonly categoriesBefore: number;
  readonly categoriesAfter: number;
}

/**
 * Applies each recode. A coded variable keeps its measure; a numeric one becomes ordinal codes.
 * Nets are dropped: they name fine codes. A value the map does not cover is an error, never a
 * silent missing value.
 */
export function applyRecodes(dataset: Dataset, steps: readonly RecodeStep[]): Result<{ dataset: Dataset; records: RecodeRecord[] }, Diagnostic> {
  let out = dataset;
  const records: RecodeRecord[] = [];
  for (const { variable: name, recode } of steps) {
    const variable = requireVariable(out, name);
    if (variable.type !== 'coded' && variable.type !== 'numeric') {
      return err(disclosureError('disclosure.recode-type', `variable '${name}' is ${variable.type}; only coded and numeric variables can be recoded`, name));
    }
    const values = new Float64Array(out.n);
    const unmapped = new Set<number>();
    const before = new Set<number>();
    const after = new Set<number>();
    for (let i = 0; i < out.n; i++) {
      const v = variable.values[i] ?? NaN;
      if (variable.missing[i] !== 0 || Number.isNaN(v)) {
        values[i] = NaN;
        continue;
      }
      const mapped = recode.map.get(v);
      if (mapped === undefined) {
        unmapped.add(v);
        continue;
      }
      values[i] = mapped;
      before.add(v);
      after.add(mapped);
    }
    if (unmapped.size > 0) {
      const codes = [...unmapped].sort((a, b) => a - b).join(', ');
      return err(disclosureError('disclosure.recode-unmapped', `recode '${recode.name}' has no coarse code for the code(s) ${codes}`, name, 'map every code of the item in the recode'));
    }
    const recoded: CodedVariable = {
      name: variable.name,
      label: variable.label,
      item: variable.item,
      role: variable.role,
      quasiIdentifier: variable.quasiIdentifier,
      sensitive: variable.sensitive,
      missing: variable.missing,
      missingKinds: variable.missingKinds,
      type: 'coded',
      measure: variable.type === 'numeric' ? 'ordinal' : variable.measure,
      values,
      valueLabels: recode.choices,
      nets: [],
    };
    out = replaceVariable(out, recoded);
    records.push({ variable: name, recode: recode.name, categoriesBefore: before.size, categoriesAfter: after.size });
  }
  return ok({ dataset: out, records });
}
