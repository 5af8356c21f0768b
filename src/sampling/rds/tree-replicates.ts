// Tree-bootstrap replicates held flat (one Int32Array for all of them) and RDS-II shares computed over them
// without allocating per replicate: the report's cells read the same replicates a thousand times each.

import type { Rng } from '../../core/rng.ts';

/**
 * How often each replicate drew each respondent, respondent-major: `counts[i * length + r]` for
 * respondent i in replicate r. A count of 255 or more is 255 there and exact in `overflow` (same index).
 * A cell's replicates then cost the size of the cell, not of the sample.
 */
export interface TreeReplicates {
  readonly counts: Uint8Array;
  readonly overflow: ReadonlyMap<number, number>;
  /** Respondents. */
  readonly n: number;
  /** Replicates. */
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
 * exactly as `treeResampler` does, so the replicates are the same draws.
 */
export function drawTreeReplicates(recruiter: readonly number[], rng: Rng, replicates: number): TreeReplicates {
  const n = recruiter.length;
  const next = treePicker(recruiter, rng);
  const counts = new Uint8Array(n * replicates);
  const overflow = new Map<number, number>();
  for (let r = 0; r < replicates; r++) {
    const drawn = next();
    for (let k = 0; k < drawn.length; k++) {
      const at = (drawn[k] ?? 0) * replicates + r;
      const c = counts[at] ?? 0;
      if (c < 254) counts[at] = c + 1;
      else if (c === 254) {
        counts[at] = 255;
        overflow.set(at, 255);
      } else overflow.set(at, (overflow.get(at) ?? 255) + 1);
    }
  }
  return { counts, overflow, n, length: replicates };
}

/**
 * One tree-bootstrap replicate per call, as the respondents drawn in drawing order. The array
 * returned is reused by the next call.
 */
export function treePicker(recruiter: readonly number[], rng: Rng): () => Int32Array {
  const { seeds, start, kids } = recruitsOf(recruiter);
  const picks = new IntBuffer(recruiter.length + 1);
  const stack = new IntBuffer(recruiter.length + 1);
  // rng.nextInt(bound) without its argument checks (bounds here are positive counts): the same draws.
  const uniform = (bound: number): number => {
    const limit = 0x100000000 - (0x100000000 % bound);
    for (;;) {
      const x = rng.nextUint32();
      if (x < limit) return x % bound;
    }
  };
  return () => {
    picks.size = 0;
    stack.size = 0;
    for (let s = 0; s < seeds.length; s++) stack.push(seeds[uniform(seeds.length)] ?? 0);
    while (stack.size > 0) {
      const node = stack.data[--stack.size] ?? 0;
      picks.push(node);
      const from = start[node] ?? 0;
      const count = (start[node + 1] ?? 0) - from;
      for (let j = 0; j < count; j++) stack.push(kids[from + uniform(count)] ?? 0);
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

/** `out[r]` = Σ over respondents in `mask` of (times drawn in replicate r) / degree. */
export function rds2ReplicateSums(reps: TreeReplicates, invDegree: Float64Array, mask: Uint8Array, out: Float64Array): void {
  const R = reps.length;
  const counts = reps.counts;
  out.fill(0, 0, R);
  for (let i = 0; i < reps.n; i++) {
    if (mask[i] !== 1) continue;
    const v = invDegree[i] ?? 0;
    const row = i * R;
    for (let r = 0; r < R; r++) out[r] = (out[r] ?? 0) + (counts[row + r] ?? 0) * v;
  }
  for (const [at, count] of reps.overflow) {
    const i = Math.floor(at / R);
    if (mask[i] === 1) out[at - i * R] = (out[at - i * R] ?? 0) + (count - 255) * (invDegree[i] ?? 0);
  }
}

/**
 * RDS-II shares of categories among a base in every replicate, for many cells in a row: the base's
 * replicate totals are kept while the next cell asks about the same base.
 */
export class Rds2ReplicateShares {
  private base: Uint8Array | undefined;
  private readonly totals: Float64Array;
  private readonly sums: Float64Array;
  constructor(
    private readonly reps: TreeReplicates,
    private readonly invDegree: Float64Array,
  ) {
    this.totals = new Float64Array(reps.length);
    this.sums = new Float64Array(reps.length);
  }

  /**
   * The share of `inCategory` among `inBase` in each replicate that drew someone in the base, written
   * to the front of `out` in replicate order; returns how many.
   */
  shares(inBase: Uint8Array, inCategory: Uint8Array, out: Float64Array): number {
    if (!(this.base !== undefined && sameMask(this.base, inBase))) {
      rds2ReplicateSums(this.reps, this.invDegree, inBase, this.totals);
      this.base = inBase.slice();
    }
    const both = new Uint8Array(inBase.length);
    for (let i = 0; i < both.length; i++) both[i] = inBase[i] === 1 && inCategory[i] === 1 ? 1 : 0;
    rds2ReplicateSums(this.reps, this.invDegree, both, this.sums);
    let kept = 0;
    for (let r = 0; r < this.reps.length; r++) {
      const total = this.totals[r] ?? 0;
      if (total > 0) out[kept++] = (this.sums[r] ?? 0) / total;
    }
    return kept;
  }
}

function sameMask(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
