// Likert batteries: one frequency row-set per statement, with the nets (e.g. positive / negative) of each.

import type { Diagnostic } from '../../core/diagnostic.ts';
import type { LocalizedText } from '../../core/text.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { Dataset } from '../dataset.ts';
import { checkWeights, findVariable, type TableOptions } from './base.ts';
import { type FrequencyTable, frequencyOf } from './frequencies.ts';

export interface BatteryTable {
  readonly set: string;
  readonly label: LocalizedText;
  /** One frequency table per statement (each states its own base: relevance may differ by row). */
  readonly statements: readonly FrequencyTable[];
}

export function battery(dataset: Dataset, setName: string, options: TableOptions = {}): Result<BatteryTable, Diagnostic> {
  const bad = checkWeights(dataset, options.weights);
  if (bad !== undefined) return err(bad);
  const set = dataset.sets.find((s) => s.name === setName);
  if (set?.kind !== 'battery') return err({ code: 'analysis.unknown-set', severity: 'error', message: `no battery named '${setName}'`, subject: setName });
  const statements: FrequencyTable[] = [];
  for (const name of set.variables) {
    const v = findVariable(dataset, name, ['coded'] as const);
    if (!v.ok) return v;
    statements.push(frequencyOf(v.value, dataset.n, options.base ?? 'asked', options.weights));
  }
  return ok({ set: set.name, label: set.label, statements });
}
