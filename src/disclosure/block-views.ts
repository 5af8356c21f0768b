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
  /** How many rows miss each subset of the view's columns (bit t = the view's t-th column); none is kept at 0. */
  readonly patterns: Map<number, number>;
  /**
   * How many rows each hash slot (hash & mask) holds, saturating at 255: most look-ups (one per pattern) find
   * nothing, and this small table says so without touching the large map.
   */
  readonly slots: Uint8Array;
  readonly mask: number;
}

/** Each (column, value id) its own pseudo-random 30-bit number; a row's hash on a view is their sum. */
function term(col: number, id: number): number {
  let h = Math.imul(col + 1, 0x9e3779b1) ^ Math.imul(id + 2, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) & 0x3fffffff;
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
    const cols = view.cols;
    // The hash is a sum of terms, so each pattern's is `row`'s full one with the terms of its missing columns swapped.
    const base = this.hash(view, row, 0);
    const swap = cols.map((j) => (term(j, -1) - term(j, this.dense[row * this.q + j] ?? -1)) | 0);
    for (const pattern of view.patterns.keys()) {
      let h = base;
      for (let p = pattern; p !== 0; p &= p - 1) h += swap[31 - Math.clz32(p & -p)] ?? 0;
      h &= 0x3fffffff;
      if (view.slots[h & view.mask] === 0) continue;
      // A hash may collide with another pattern's: each row is taken under its own pattern only.
      for (const r of view.byHash.get(h) ?? []) if (this.pattern(view, r) === pattern && this.agrees(cols, row, r)) yield r;
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
      const left = (view.patterns.get(pattern) ?? 0) - 1;
      if (left > 0) view.patterns.set(pattern, left);
      else view.patterns.delete(pattern);
      const h = this.hash(view, row, pattern);
      const slot = view.slots[h & view.mask] ?? 0;
      if (slot < 255) view.slots[h & view.mask] = slot - 1;
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
      const n = this.q === 0 ? 0 : this.codes.length / this.q;
      const size = 2 ** Math.max(10, Math.ceil(Math.log2(8 * n + 1)));
      view = { cols, byHash: new Map(), patterns: new Map(), slots: new Uint8Array(size), mask: size - 1 };
      for (let r = 0; r < n; r++) this.add(view, r);
      this.views.set(set, view);
    }
    return view;
  }

  private add(view: View, row: number): void {
    const pattern = this.pattern(view, row);
    view.patterns.set(pattern, (view.patterns.get(pattern) ?? 0) + 1);
    const h = this.hash(view, row, pattern);
    const slot = view.slots[h & view.mask] ?? 0;
    if (slot < 255) view.slots[h & view.mask] = slot + 1;
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
    let h = 0;
    const cols = view.cols;
    for (let t = 0; t < cols.length; t++) {
      const j = cols[t] ?? 0;
      h += term(j, (pattern >>> t) & 1 ? -1 : (this.dense[row * this.q + j] ?? -1));
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
