// For each quasi-identifier and value, the records holding it (and those missing it), kept up to date as
// values are suppressed: a record's possible matches are then read from its rarest values' lists, not
// found by comparing it with every record.

import type { KeyMatrix } from './keys.ts';

export class KeyPostings {
  readonly n: number;
  readonly q: number;
  /** A copy of the key codes (NaN = missing), kept in step with `setCode`. */
  readonly codes: Float64Array;
  /** Per column: rows by value (Map keys compare as ===, so 0 and -0 are one value, as keysMatch has it). */
  private readonly holding: Map<number, Set<number>>[];
  private readonly missing: Set<number>[];

  constructor(keys: KeyMatrix) {
    this.n = keys.n;
    this.q = keys.names.length;
    this.codes = Float64Array.from(keys.codes);
    this.holding = Array.from({ length: this.q }, () => new Map<number, Set<number>>());
    this.missing = Array.from({ length: this.q }, () => new Set<number>());
    for (let r = 0; r < this.n; r++) for (let j = 0; j < this.q; j++) this.file(r, j);
  }

  code(row: number, col: number): number {
    return this.codes[row * this.q + col] ?? NaN;
  }

  /** How many rows may agree with `row` in column `col`: those with its value and those missing one. */
  spread(row: number, col: number): number {
    return (this.holding[col]?.get(this.code(row, col))?.size ?? 0) + (this.missing[col]?.size ?? 0);
  }

  /**
   * Every row that holds `row`'s value or none in column `col` (`row` included), then, when `also` ≥ 0,
   * every other row that does so in column `also`; without such a column, every row.
   */
  *candidates(row: number, col: number, also = -1): Generator<number> {
    if (col < 0) {
      for (let r = 0; r < this.n; r++) yield r;
      return;
    }
    yield* this.holding[col]?.get(this.code(row, col)) ?? [];
    yield* this.missing[col] ?? [];
    if (also < 0) return;
    const mine = this.code(row, col);
    for (const r of [...(this.holding[also]?.get(this.code(row, also)) ?? []), ...(this.missing[also] ?? [])]) {
      const x = this.code(r, col);
      if (x !== mine && !Number.isNaN(x)) yield r;
    }
  }

  /** `row`'s `count` present columns (other than `except`) with the fewest possible matches, rarest first. */
  rarest(row: number, count: number, except = -1): number[] {
    const cols: number[] = [];
    for (let j = 0; j < this.q; j++) if (j !== except && !Number.isNaN(this.code(row, j))) cols.push(j);
    const spread = cols.map((j) => this.spread(row, j));
    return cols.map((j, t) => ({ j, s: spread[t] ?? 0 })).sort((a, b) => a.s - b.s || a.j - b.j).slice(0, count).map((x) => x.j);
  }

  /** Sets `row`'s column `col` to `value` (NaN suppresses it). */
  setCode(row: number, col: number, value: number): void {
    this.unfile(row, col);
    this.codes[row * this.q + col] = value;
    this.file(row, col);
  }

  private file(row: number, col: number): void {
    const x = this.code(row, col);
    if (Number.isNaN(x)) {
      this.missing[col]?.add(row);
      return;
    }
    const byValue = this.holding[col] as Map<number, Set<number>>;
    let set = byValue.get(x);
    if (set === undefined) byValue.set(x, (set = new Set()));
    set.add(row);
  }

  private unfile(row: number, col: number): void {
    const x = this.code(row, col);
    if (Number.isNaN(x)) this.missing[col]?.delete(row);
    else this.holding[col]?.get(x)?.delete(row);
  }
}
