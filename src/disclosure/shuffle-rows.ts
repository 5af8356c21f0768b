// Row order of a release: shuffled independently for each release, so that two releases cannot be merged row by row.

import type { Dataset, Variable } from '../analysis/dataset.ts';
import type { Rng } from '../core/rng.ts';

/** A uniformly random permutation of 0…n−1 (Fisher–Yates). */
export function randomPermutation(n: number, rng: Rng): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = t;
  }
  return order;
}

function permuteVariable(v: Variable, order: Uint32Array): Variable {
  const missing = new Uint8Array(order.length);
  order.forEach((from, to) => (missing[to] = v.missing[from] ?? 0));
  if (v.type === 'text') return { ...v, missing, values: Array.from(order, (from) => v.values[from] ?? '') };
  const values = new Float64Array(order.length);
  order.forEach((from, to) => (values[to] = v.values[from] ?? NaN));
  return { ...v, missing, values };
}

/**
 * The dataset with its rows in a random order. `rng` must be unpredictable to whoever holds another release (the
 * caller seeds it from a CSPRNG): a known seed would undo the shuffle.
 */
export function shuffleRows(dataset: Dataset, rng: Rng): Dataset {
  const order = randomPermutation(dataset.n, rng);
  return { ...dataset, variables: dataset.variables.map((v) => permuteVariable(v, order)) };
}
