// Rows indexed by their values on unions of blocks of quasi-identifiers, kept up to date as values are suppressed:
// a record that differs from another in at most one column agrees with it on all blocks but one, so the records
// one suppression could join are found by a hash look-up per view and missing pattern, not by a scan.

/** Blocks (groups of columns) a key is split into; views are unions of blocks, so at most 2^BLOCKS − 1 of them. */
const BLOCKS = 4;

interface View {
  /** The view's columns, ascending. */
  readonly cols: readonly number[];
  /** Rows by a hash of their values on the view's columns (missing values hashed as such). */
  readonly byHash: Map<number, number[]>;
  /** How many rows miss each subset of the view's columns (bit t = the view's t-th column). */
  readonly patterns: Map<number, number>;
}

export class BlockViews {
  /** The blocks, each a list of columns, about equally selective. */
  readonly blocks: readonly (readonly number[])[];
  private readonly views = new Map<number, View>();
  private readonly ids: Map<number, number>[];
  /** The codes as small integers per column (-1 missing), kept in step through `file`. */
  private readonly dense: Int32Array;

  constructor(
    private readonly codes: Float64Array,
    private readonly q: number,
  ) {
    const n = q === 0 ? 0 : codes.length / q;
    this.ids = Array.from({ length: q }, () => new Map<number, number>());
    this.dense = new Int32Array(codes.length);
    // A column's weight is the entropy of its values: how much agreeing on it narrows the rows down.
    const columnWeight = Array.from({ length: q }, (_, j) => {
      const counts: number[] = []; // ids are handed out densely from 0: no holes
      for (let r = 0; r < n; r++) {
        const id = (this.dense[r * q + j] = this.id(j, codes[r * q + j] ?? NaN));
        if (id >= 0) counts[id] = (counts[id] ?? 0) + 1;
      }
      let entropy = 0;
      for (const c of counts) if (c > 0) entropy -= (c / n) * Math.log(c / n);
      return entropy;
    });
    const count = Math.min(BLOCKS, q);
    const blocks: number[][] = Array.from({ length: count }, () => []);
    const weight = new Array<number>(count).fill(0);
    // Heaviest column first, each into the lightest block: blocks about equally selective.
    const order = Array.from({ length: q }, (_, j) => j).sort((a, b) => (columnWeight[b] ?? 0) - (columnWeight[a] ?? 0) || a - b);
    for (const j of order) {
      let t = 0;
      for (let u = 1; u < count; u++) if ((weight[u] ?? 0) < (weight[t] ?? 0)) t = u;
      blocks[t]?.push(j);
      weight[t] = (weight[t] ?? 0) + (columnWeight[j] ?? 0);
    }
    for (const b of blocks) b.sort((x, y) => x - y);
    this.blocks = blocks;
  }

  /** Blocks (as a bit set) in which row `row` misses no value. */
  present(row: number): number {
    let set = 0;
    this.blocks.forEach((cols, t) => {
      if (cols.every((j) => !Number.isNaN(this.codes[row * this.q + j] ?? NaN))) set |= 1 << t;
    });
    return set;
  }

  /** Every row that agrees with `row` (or misses a value) on each column of the blocks in `set`; `row` holds them all. */
  *agreeing(row: number, set: number): Generator<number> {
    const view = this.view(set);
    for (const [pattern, count] of view.patterns) {
      if (count === 0) continue;
      // A hash may collide with another pattern's: each row is taken under its own pattern only.
      for (const r of view.byHash.get(this.hash(view, row, pattern)) ?? []) if (this.pattern(view, r) === pattern && this.agrees(view.cols, row, r)) yield r;
    }
  }

  /** Whether `r` agrees with `row` (or misses a value) on every column of block `t`. */
  agreesOnBlock(t: number, row: number, r: number): boolean {
    return this.agrees(this.blocks[t] ?? [], row, r);
  }

  /** Call before row `row`'s column `col` changes. */
  unfile(row: number, col: number): void {
    for (const view of this.views.values()) {
      if (!view.cols.includes(col)) continue;
      const pattern = this.pattern(view, row);
      view.patterns.set(pattern, (view.patterns.get(pattern) ?? 0) - 1);
      const h = this.hash(view, row, pattern);
      const list = view.byHash.get(h) ?? [];
      const at = list.indexOf(row);
      list[at] = list[list.length - 1] ?? row;
      list.pop();
      if (list.length === 0) view.byHash.delete(h);
    }
  }

  /** Call after row `row`'s column `col` changed. */
  file(row: number, col: number): void {
    this.dense[row * this.q + col] = this.id(col, this.codes[row * this.q + col] ?? NaN);
    for (const view of this.views.values()) if (view.cols.includes(col)) this.add(view, row);
  }

  private view(set: number): View {
    let view = this.views.get(set);
    if (view === undefined) {
      const cols = this.blocks.flatMap((b, t) => ((set >>> t) & 1 ? b : [])).sort((a, b) => a - b);
      view = { cols, byHash: new Map(), patterns: new Map() };
      const n = this.q === 0 ? 0 : this.codes.length / this.q;
      for (let r = 0; r < n; r++) this.add(view, r);
      this.views.set(set, view);
    }
    return view;
  }

  private add(view: View, row: number): void {
    const pattern = this.pattern(view, row);
    view.patterns.set(pattern, (view.patterns.get(pattern) ?? 0) + 1);
    const h = this.hash(view, row, pattern);
    const list = view.byHash.get(h);
    if (list === undefined) view.byHash.set(h, [row]);
    else list.push(row);
  }

  private agrees(cols: readonly number[], row: number, r: number): boolean {
    for (const j of cols) {
      const x = this.dense[row * this.q + j] ?? -1;
      const y = this.dense[r * this.q + j] ?? -1;
      if (x !== y && x >= 0 && y >= 0) return false;
    }
    return true;
  }

  private pattern(view: View, row: number): number {
    let p = 0;
    const cols = view.cols;
    for (let t = 0; t < cols.length; t++) if ((this.dense[row * this.q + (cols[t] ?? 0)] ?? -1) < 0) p |= 1 << t;
    return p;
  }

  /** A 30-bit hash of `row`'s values on the view's columns, those in `pattern` read as missing. */
  private hash(view: View, row: number, pattern: number): number {
    let h = 0x811c9dc5;
    const cols = view.cols;
    for (let t = 0; t < cols.length; t++) {
      const id = (pattern >>> t) & 1 ? -1 : (this.dense[row * this.q + (cols[t] ?? 0)] ?? -1);
      h = Math.imul(h ^ id, 0x01000193) ^ (h >>> 15);
    }
    return h & 0x3fffffff;
  }

  /** A value's small-integer id in its column (0 and -0 are one value, as `===` has them). */
  private id(col: number, x: number): number {
    if (Number.isNaN(x)) return -1;
    const ids = this.ids[col] as Map<number, number>;
    let id = ids.get(x);
    if (id === undefined) ids.set(x, (id = ids.size));
    return id;
  }
}
