// For each quasi-identifier and value, the records holding it (and those missing it), kept up to date as
// values are suppressed: a record's possible matches are then read from its rarest values' lists, not
// found by comparing it with every record.

import { BlockViews } from './block-views.ts';
import type { KeyMatrix } from './keys.ts';

export class KeyPostings {
  readonly n: number;
  readonly q: number;
  /** A copy of the key codes (NaN = missing), kept in step with `setCode`. */
  readonly codes: Float64Array;
  /** Per column: rows by value (Map keys compare as ===, so 0 and -0 are one value, as keysMatch has it). */
  private readonly holding: Map<number, Set<number>>[];
  private readonly missing: Set<number>[];
  /** Views over sets of columns; without them (fewer than 4 or more than 30 columns) rows are found by column. */
  private readonly views: BlockViews | undefined;

  constructor(keys: KeyMatrix) {
    this.n = keys.n;
    this.q = keys.names.length;
    this.codes = Float64Array.from(keys.codes);
    this.holding = Array.from({ length: this.q }, () => new Map<number, Set<number>>());
    this.missing = Array.from({ length: this.q }, () => new Set<number>());
    for (let r = 0; r < this.n; r++) for (let j = 0; j < this.q; j++) this.file(r, j);
    this.views = this.q >= 4 && this.q <= 30 ? new BlockViews(this.codes, this.q) : undefined;
  }

  /**
   * Every row that may differ from `row` in at most one column where both hold a value (`row` included), each
   * once. Such a row agrees with `row` on every group of its columns (block-views.ts), or on all of them but one.
   */
  neighbours(row: number): number[] {
    const views = this.views;
    const groups = views?.groups(row) ?? [];
    if (views === undefined || groups.length < 2) {
      const [c1 = -1, c2 = -1] = this.rarest(row, 2);
      return [...this.candidates(row, c2 < 0 ? -1 : c1, c2)];
    }
    // The view without group g holds the rows that differ in g only, and those that differ nowhere (taken once,
    // from the first view); a row that differs in two groups is in no view.
    const all = groups.reduce((a, g) => a | g, 0);
    const first = groups[0] ?? 0;
    const out: number[] = [];
    for (const g of groups) views.agreeing(row, all & ~g, out, g === first ? 0 : g);
    return out;
  }

  /** Every row that may match `row` (missing values as wildcards; `row` included), each once. */
  possibleMatches(row: number, except: number): number[] {
    const held = this.views?.held(row) ?? 0;
    if (this.views === undefined || held === 0) return [...this.candidates(row, this.rarest(row, 1, except)[0] ?? -1)];
    const out: number[] = [];
    this.views.agreeing(row, held, out);
    return out;
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
    this.views?.unfile(row, col);
    this.codes[row * this.q + col] = value;
    this.file(row, col);
    this.views?.file(row, col);
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
