// Datasets built from consecutive chunks of the same instrument's responses, joined into one: `portas open`
// builds its dataset chunk by chunk as records are opened, so the opened responses never pile up in memory.

import { concatBytes, concatTyped } from '../core/typed-arrays.ts';
import type { Dataset, Variable } from './dataset.ts';

const sameShape = (a: Variable, b: Variable | undefined): boolean => b !== undefined && a.name === b.name && a.type === b.type;

/**
 * The rows of `parts`, in order, as one dataset: equal to building it from all their responses at once.
 * The parts must come from the same instrument (same variables in the same order); throws otherwise.
 */
export function concatDatasets(parts: readonly Dataset[]): Dataset {
  const first = parts[0];
  if (first === undefined) throw new Error('concatDatasets: no parts');
  if (parts.length === 1) return first;
  for (const p of parts) {
    if (p.study !== first.study || p.instrumentVersion !== first.instrumentVersion || p.variables.length !== first.variables.length || p.variables.some((v, j) => !sameShape(v, first.variables[j]))) {
      throw new Error('concatDatasets: the parts do not come from the same instrument');
    }
  }
  const variables = first.variables.map((v, j): Variable => {
    const columns = parts.map((p) => p.variables[j] as Variable);
    const missing = concatBytes(...columns.map((c) => c.missing));
    if (v.type === 'text') return { ...v, missing, values: columns.flatMap((c) => (c.type === 'text' ? c.values : [])) };
    return { ...v, missing, values: concatTyped(columns.map((c) => (c.type === 'text' ? new Float64Array(0) : c.values)), (n) => new Float64Array(n)) };
  });
  return { ...first, n: parts.reduce((n, p) => n + p.n, 0), variables, synthetic: parts.every((p) => p.synthetic) };
}
