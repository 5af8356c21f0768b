// Which records share a key when missing values are wildcards, without comparing records pair by pair.
// Records are grouped by the set of quasi-identifiers they miss (their mask); two records match when
// they agree outside the union of their masks, so for each group and union the group is hashed on the
// values outside that union. A record's matches are then a few hash look-ups, one per group.

import type { KeyMatrix } from './keys.ts';

/** Masks are bit sets of columns: more quasi-identifiers than this cannot be indexed. */
export const MAX_INDEXED_COLUMNS = 30;

type Buckets = Map<string, Set<number>>;

export class WildcardIndex {
  readonly n: number;
  readonly q: number;
  /** A copy of the key codes (NaN = missing), kept in step with `setCode`. */
  readonly codes: Float64Array;
  private readonly maskOf: Uint32Array;
  /** Rows by mask; a group once created stays (possibly empty) so the built buckets stay in step. */
  private readonly groups = new Map<number, Set<number>>();
  /** Per group mask, per union (a superset of it): the group's rows by their values outside the union. */
  private readonly built = new Map<number, Map<number, Buckets>>();

  constructor(keys: KeyMatrix) {
    this.n = keys.n;
    this.q = keys.names.length;
    if (this.q > MAX_INDEXED_COLUMNS) throw new Error(`wildcard index: ${String(this.q)} quasi-identifiers (at most ${String(MAX_INDEXED_COLUMNS)})`);
    this.codes = Float64Array.from(keys.codes);
    this.maskOf = new Uint32Array(this.n);
    for (let r = 0; r < this.n; r++) {
      let mask = 0;
      for (let j = 0; j < this.q; j++) if (Number.isNaN(this.codes[r * this.q + j] ?? NaN)) mask |= 1 << j;
      this.maskOf[r] = mask;
      this.group(mask).add(r);
    }
  }

  mask(row: number): number {
    return this.maskOf[row] ?? 0;
  }

  /** Masks of the groups, in the order they appeared. */
  masks(): IterableIterator<number> {
    return this.groups.keys();
  }

  /** Row `row`'s values outside `union` (column `col` read as `value` when given), as a hash key. */
  projection(row: number, union: number, col = -1, value = NaN): string {
    let key = '';
    for (let j = 0; j < this.q; j++) {
      if ((union >>> j) & 1) continue;
      key += `${String(j === col ? value : (this.codes[row * this.q + j] ?? NaN))},`;
    }
    return key;
  }

  /** Rows of group `mask` whose values outside `union` (⊇ mask) spell `key`. */
  rows(mask: number, union: number, key: string): ReadonlySet<number> | undefined {
    return this.buckets(mask, union).get(key);
  }

  /** How many records share row `row`'s key (itself included), missing values as wildcards. */
  count(row: number): number {
    const mine = this.mask(row);
    let f = 0;
    for (const m of this.groups.keys()) f += this.rows(m, m | mine, this.projection(row, m | mine))?.size ?? 0;
    return f;
  }

  /** Sets row `row`'s column `col` to `value` (NaN suppresses it), moving the row between groups. */
  setCode(row: number, col: number, value: number): void {
    const from = this.mask(row);
    const to = Number.isNaN(value) ? from | (1 << col) : from & ~(1 << col);
    for (const [union, buckets] of this.built.get(from) ?? []) {
      const key = this.projection(row, union);
      const set = buckets.get(key);
      set?.delete(row);
      if (set?.size === 0) buckets.delete(key);
    }
    this.groups.get(from)?.delete(row);
    this.codes[row * this.q + col] = value;
    this.maskOf[row] = to;
    this.group(to).add(row);
    for (const [union, buckets] of this.built.get(to) ?? []) add(buckets, this.projection(row, union), row);
  }

  private group(mask: number): Set<number> {
    let g = this.groups.get(mask);
    if (g === undefined) {
      this.groups.set(mask, (g = new Set()));
      this.built.set(mask, new Map());
    }
    return g;
  }

  private buckets(mask: number, union: number): Buckets {
    const byUnion = this.built.get(mask);
    if (byUnion === undefined) return new Map();
    let buckets = byUnion.get(union);
    if (buckets === undefined) {
      buckets = new Map();
      for (const r of this.groups.get(mask) ?? []) add(buckets, this.projection(r, union), r);
      byUnion.set(union, buckets);
    }
    return buckets;
  }
}

function add(buckets: Buckets, key: string, row: number): void {
  let set = buckets.get(key);
  if (set === undefined) buckets.set(key, (set = new Set()));
  set.add(row);
}
