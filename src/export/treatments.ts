// What the release gate did to each variable, gathered for labels and codebooks: the recode applied, the values suppressed.

import type { Dataset } from '../analysis/dataset.ts';
import type { RecodeStep } from '../disclosure/index.ts';
import { MISSING_INDEX } from '../instrument/missing.ts';
import type { Treatments, VariableTreatment } from './variable-labels.ts';

/**
 * Per released variable: the recode among `recodes` that produced it (described from the variable in `original`), and
 * how many of its values the release marks suppressed. Variables the gate left alone are absent.
 */
export function treatmentsOf(original: Dataset, released: Dataset, recodes: readonly RecodeStep[]): Treatments {
  const out = new Map<string, VariableTreatment>();
  for (const v of released.variables) {
    let suppressed = 0;
    for (let r = 0; r < released.n; r++) if (v.missing[r] === MISSING_INDEX.suppressed) suppressed++;
    const step = recodes.find((s) => s.variable === v.name);
    const source = original.variables.find((x) => x.name === v.name);
    const recode =
      step === undefined || source === undefined
        ? undefined
        : { name: step.recode.name, from: source.type === 'coded' ? source.valueLabels : ('numeric' as const), to: step.recode.choices, map: step.recode.map };
    if (recode === undefined && suppressed === 0) continue;
    out.set(v.name, { ...(recode === undefined ? {} : { recode }), suppressed });
  }
  return out;
}
