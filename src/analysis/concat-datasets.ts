// Datasets built from consecutive chunks of the same instrument's responses, joined into one: `portas open`
// builds its dataset chunk by chunk as records are opened, so the opened responses never pile up in memory.

import type { Dataset, Variable } from './dataset.ts';

function concatFloat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

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
    const missing = concatBytes(columns.map((c) => c.missing));
    if (v.type === 'text') return { ...v, missing, values: columns.flatMap((c) => (c.type === 'text' ? c.values : [])) };
    return { ...v, missing, values: concatFloat(columns.map((c) => (c.type === 'text' ? new Float64Array(0) : c.values))) };
  });
  return { ...first, n: parts.reduce((n, p) => n + p.n, 0), variables, synthetic: parts.every((p) => p.synthetic) };
}
