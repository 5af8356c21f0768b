// Top and bottom coding: numeric values beyond a threshold are replaced by the threshold.

import type { Dataset, NumericVariable } from '../analysis/dataset.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import { replaceVariable, requireVariable } from './edit.ts';
import { disclosureError } from './messages.ts';

export interface TopCodeStep {
  readonly variable: string;
  /** Values above become `top` ("65 or more" is then exported as 65 with a label saying so). */
  readonly top?: number;
  /** Values below become `bottom`. */
  readonly bottom?: number;
}

export interface TopCodeRecord {
  readonly variable: string;
  readonly top?: number;
  readonly bottom?: number;
  readonly topCoded: number;
  readonly bottomCoded: number;
}

export function topBottomCode(dataset: Dataset, steps: readonly TopCodeStep[]): Result<{ dataset: Dataset; records: TopCodeRecord[] }, Diagnostic> {
  let out = dataset;
  const records: TopCodeRecord[] = [];
  for (const step of steps) {
    const variable = requireVariable(out, step.variable);
    if (variable.type !== 'numeric') {
      return err(disclosureError('disclosure.topcode-type', `variable '${step.variable}' is ${variable.type}; top/bottom coding needs a numeric variable`, step.variable));
    }
    const values = Float64Array.from(variable.values);
    let topCoded = 0;
    let bottomCoded = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] ?? NaN;
      if (variable.missing[i] !== 0 || Number.isNaN(v)) continue;
      if (step.top !== undefined && v > step.top) {
        values[i] = step.top;
        topCoded++;
      } else if (step.bottom !== undefined && v < step.bottom) {
        values[i] = step.bottom;
        bottomCoded++;
      }
    }
    const coded: NumericVariable = { ...variable, values };
    out = replaceVariable(out, coded);
    records.push({
      variable: step.variable,
      ...(step.top === undefined ? {} : { top: step.top }),
      ...(step.bottom === undefined ? {} : { bottom: step.bottom }),
      topCoded,
      bottomCoded,
    });
  }
  return ok({ dataset: out, records });
}
