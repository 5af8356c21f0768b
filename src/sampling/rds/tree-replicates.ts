// Tree-bootstrap replicates held flat (one Int32Array for all of them) and RDS-II shares computed over them
// without allocating per replicate: the report's cells read the same replicates a thousand times each.

import type { Rng } from '../../core/rng.ts';

/** Replicate r drew the respondents `draws[r]`, in drawing order (one exact-size array each, off the JS heap). */
export interface TreeReplicates {
  readonly draws: readonly Int32Array[];
  /** Number of replicates. */
  readonly length: number;
}

/** A growable Int32Array (replicate sizes are random, so the total is known only at the end). */
class IntBuffer {
  data: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(x: number): void {
    if (this.size === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size++] = x;
  }
}

/**
 * Children lists in compressed form: recruits of i are `kids[start[i]] … kids[start[i + 1] - 1]`,
 * in respondent order (the order `treeResampler` sees them in).
 */
function recruitsOf(recruiter: readonly number[]): { seeds: Int32Array; start: Int32Array; kids: Int32Array } {
  const n = recruiter.length;
  const start = new Int32Array(n + 1);
  let seedCount = 0;
  for (let i = 0; i < n; i++) {
    const p = recruiter[i] ?? -1;
    if (p < 0) seedCount++;
    else start[p + 1] = (start[p + 1] ?? 0) + 1;
  }
  for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] ?? 0) + (start[i] ?? 0);
  const fill = start.slice(0, n);
  const kids = new Int32Array(n - seedCount);
  const seeds = new Int32Array(seedCount);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const p = recruiter[i] ?? -1;
    if (p < 0) {
      seeds[s++] = i;
    } else {
      kids[fill[p] ?? 0] = i;
      fill[p] = (fill[p] ?? 0) + 1;
    }
  }
  return { seeds, start, kids };
}

/**
 * The tree bootstrap (Baraff, McCormick & Raftery 2016) drawn `replicates` times: the seeds with
 * replacement, then each drawn respondent's recruits with replacement, recursively. Consumes `rng`
 * exactly as `treeResampler` does and yields the same respondents in the same order, so that
 * estimates summed in drawing order are bit-for-bit those of the resampled samples.
 */
export function drawTreeReplicates(recruiter: readonly number[], rng: Rng, replicates: number): TreeReplicates {
  const next = treePicker(recruiter, rng);
  const draws: Int32Array[] = [];
  for (let r = 0; r < replicates; r++) draws.push(next().slice());
  return { draws, length: replicates };
}

/**
 * One tree-bootstrap replicate per call, as the respondents drawn in drawing order. The array
 * returned is reused by the next call.
 */
export function treePicker(recruiter: readonly number[], rng: Rng): () => Int32Array {
  const { seeds, start, kids } = recruitsOf(recruiter);
  const picks = new IntBuffer(recruiter.length + 1);
  const stack = new IntBuffer(recruiter.length + 1);
  return () => {
    picks.size = 0;
    stack.size = 0;
    for (let s = 0; s < seeds.length; s++) stack.push(seeds[rng.nextInt(seeds.length)] ?? 0);
    while (stack.size > 0) {
      const node = stack.data[--stack.size] ?? 0;
      picks.push(node);
      const from = start[node] ?? 0;
      const count = (start[node + 1] ?? 0) - from;
      for (let j = 0; j < count; j++) stack.push(kids[from + rng.nextInt(count)] ?? 0);
    }
    return picks.data.subarray(0, picks.size);
  };
}

/**
 * RDS-II share of `inCategory` among `inBase` (weights 1 / degree, as `invDegree`) over the rows
 * `rows` — or all rows when `rows` is undefined. NaN when no row is in the base.
 * Summed as `estimateProportions` sums: the normalising total first, then each weight over it, in row order.
 */
export function rds2Share(invDegree: Float64Array, inBase: Uint8Array, inCategory: Uint8Array, rows?: Int32Array): number {
  const to = rows === undefined ? inBase.length : rows.length;
  let total = 0;
  let any = false;
  for (let k = 0; k < to; k++) {
    const i = rows === undefined ? k : (rows[k] ?? 0);
    if (inBase[i] === 1) {
      total += invDegree[i] ?? 0;
      any = true;
    }
  }
  if (!any) return Number.NaN;
  let share = 0;
  for (let k = 0; k < to; k++) {
    const i = rows === undefined ? k : (rows[k] ?? 0);
    if (inBase[i] === 1 && inCategory[i] === 1) share += (invDegree[i] ?? 0) / total;
  }
  return share;
}

/**
 * The share in every replicate, written into `out` (length ≥ replicates.length); returns how many
 * replicates had someone in the base (those come first, in replicate order).
 */
export function rds2ReplicateShares(reps: TreeReplicates, invDegree: Float64Array, inBase: Uint8Array, inCategory: Uint8Array, out: Float64Array): number {
  let kept = 0;
  for (let r = 0; r < reps.length; r++) {
    const x = rds2Share(invDegree, inBase, inCategory, reps.draws[r]);
    if (!Number.isNaN(x)) out[kept++] = x;
  }
  return kept;
}
