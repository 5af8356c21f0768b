// Raking many weight vectors fast: all rows of a joint cell of the margins scale alike, so IPF runs on the joint table.

import type { PreparedCells } from './post-stratify.ts';

/**
 * Built once for a set of margins; `rakeInPlace(w, sweeps)` then costs two passes over the rows plus
 * IPF on the (small) table of occupied joint cells — the same arithmetic as scaling rows margin by
 * margin, since the factors of every step are constant within a joint cell.
 */
export interface JointRaker {
  rakeInPlace(weights: Float64Array, sweeps: number): void;
}

export function jointRaker(prepared: readonly PreparedCells[]): JointRaker {
  const n = prepared[0]?.cell.length ?? 0;
  const joint = new Int32Array(n);
  const seen = new Map<number, number>();
  const marginCells: number[][] = prepared.map(() => []);
  for (let i = 0; i < n; i++) {
    let key = 0;
    for (const p of prepared) key = key * p.cells + (p.cell[i] ?? 0);
    let j = seen.get(key);
    if (j === undefined) {
      j = seen.size;
      seen.set(key, j);
      prepared.forEach((p, m) => marginCells[m]?.push(p.cell[i] ?? 0));
    }
    joint[i] = j;
  }
  const J = seen.size;
  const cellOf = marginCells.map((cells) => Int32Array.from(cells));
  const totals = new Float64Array(J);
  const factor = new Float64Array(J);
  const sums = new Float64Array(Math.max(1, ...prepared.map((p) => p.cells)));
  return {
    rakeInPlace(weights, sweeps) {
      totals.fill(0);
      for (let i = 0; i < n; i++) totals[joint[i] ?? 0] = (totals[joint[i] ?? 0] ?? 0) + (weights[i] ?? 0);
      factor.fill(1);
      for (let s = 0; s < sweeps; s++) {
        prepared.forEach((p, m) => {
          const cells = cellOf[m] ?? new Int32Array(0);
          sums.fill(0, 0, p.cells);
          for (let j = 0; j < J; j++) sums[cells[j] ?? 0] = (sums[cells[j] ?? 0] ?? 0) + (totals[j] ?? 0) * (factor[j] ?? 0);
          for (let c = 0; c < p.cells; c++) {
            const sum = sums[c] ?? 0;
            // The last cell holds codes without a target: their weight goes to 0, as with an empty cell.
            sums[c] = c < p.cells - 1 && sum > 0 ? (p.target[c] ?? 0) / sum : 0;
          }
          for (let j = 0; j < J; j++) factor[j] = (factor[j] ?? 0) * (sums[cells[j] ?? 0] ?? 0);
        });
      }
      for (let i = 0; i < n; i++) weights[i] = (weights[i] ?? 0) * (factor[joint[i] ?? 0] ?? 0);
    },
  };
}
