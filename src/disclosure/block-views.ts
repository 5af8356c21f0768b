// Rows indexed by their values on sets of quasi-identifiers, kept up to date as values are suppressed: a record
// that differs from another in at most one column agrees with it on all blocks but one, so the records one
// suppression could join are found by a hash look-up per view and missing pattern, not by a scan.
// A record's groups are its blocks without its missing columns: dropping a whole block for one suppressed value
// (the view then spans two blocks, or one) made the look-ups of records with suppressed values grow with n.

/** Blocks (groups of columns) a key is split into. */
const BLOCKS = 4;
/** Views that are not unions of whole blocks (those are at most 2^BLOCKS − 1); past this, groups are whole blocks. */
const FINE_VIEWS = 48;
/** Most value combinations a look-up tries for the columns of a view its row misses. */
const MAX_TRIES = 64;

interface View {
  /** The view's columns, as a set (bit j = column j) and ascending. */
  readonly set: number;
  readonly cols: readonly number[];
  /**
   * Rows by a hash of their values on the view's columns (missing values hashed as such), in buckets (hash & mask):
   * each bucket's first row, -1 when empty, and the rows linked both ways. Typed arrays, not a map of lists: a view
   * costs a few bytes per row, so records with suppressed values can have views of their own.
   */
  readonly head: Int32Array;
  /** Each row's hash, checked before its values are. */
  readonly hashes: Int32Array;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  readonly mask: number;
  /** How many rows miss each subset of the view's columns (bit t = the view's t-th column); none is kept at 0. */
  readonly patterns: Map<number, number>;
}

/** Each (column, value id) its own pseudo-random 30-bit number; a row's hash on a view is their sum. */
function term(col: number, id: number): number {
  let h = Math.imul(col + 1, 0x9e3779b1) ^ Math.imul(id + 2, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) & 0x3fffffff;
}

/** Columns as a set (bit j = column j). */
const columnSet = (cols: readonly number[]): number => cols.reduce((set, j) => set | (1 << j), 0);

export class BlockViews {
  /** The blocks, each a list of columns, about equally selective. */
  readonly blocks: readonly (readonly number[])[];
  /** Views by their column set (bit j = column j). */
  private readonly views = new Map<number, View>();
  /** How many views are not unions of whole blocks. */
  private fineViews = 0;
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

  /**
   * `row`'s groups as column sets (bit j = column j): per block, its columns where `row` holds a value (none empty).
   * When a view the finer groups need cannot be made, the blocks `row` holds a value in, whole: their look-ups try
   * each value of its missing columns (dropping those blocks instead lists rows that differ in all their columns).
   */
  groups(row: number): number[] {
    const fine: number[] = [];
    const touched: number[] = [];
    for (const cols of this.blocks) {
      const mask = this.heldIn(row, cols);
      if (mask !== 0) fine.push(mask);
      if (mask !== 0) touched.push(columnSet(cols));
    }
    const all = fine.reduce((a, g) => a | g, 0);
    if (fine.every((g, t) => g === touched[t]) || this.available(fine.map((g) => all & ~g))) return fine;
    return this.tries(touched.reduce((a, g) => a | g, 0) & ~all) <= MAX_TRIES ? touched : this.whole(row);
  }

  /** `row`'s columns with a value (bit j = column j); else the blocks it holds a value in, as `groups` has it. */
  held(row: number): number {
    let all = 0;
    let touched = 0;
    for (const cols of this.blocks) {
      const mask = this.heldIn(row, cols);
      all |= mask;
      if (mask !== 0) touched |= columnSet(cols);
    }
    if (all === touched || this.available([all])) return all;
    return this.tries(touched & ~all) <= MAX_TRIES ? touched : this.whole(row).reduce((a, g) => a | g, 0);
  }

  /** The columns of `cols` where `row` holds a value (bit j = column j). */
  private heldIn(row: number, cols: readonly number[]): number {
    let mask = 0;
    for (const j of cols) if (!Number.isNaN(this.codes[row * this.q + j] ?? NaN)) mask |= 1 << j;
    return mask;
  }

  /** The blocks `row` holds entirely. */
  private whole(row: number): number[] {
    const out: number[] = [];
    for (const cols of this.blocks) if (cols.every((j) => !Number.isNaN(this.codes[row * this.q + j] ?? NaN))) out.push(columnSet(cols));
    return out;
  }

  /** How many value combinations the columns of `set` (which `row` misses) have: the look-ups one pattern may take. */
  private tries(set: number): number {
    let product = 1;
    for (let m = set; m !== 0; m &= m - 1) product *= this.ids[31 - Math.clz32(m & -m)]?.size ?? 0;
    return product;
  }

  /** Whether these views exist or can be made within FINE_VIEWS. */
  private available(sets: readonly number[]): boolean {
    let missing = 0;
    for (const set of new Set(sets)) if (!this.views.has(set)) missing++;
    return this.fineViews + missing <= FINE_VIEWS;
  }

  /**
   * Appends to `out` every row that agrees with `row` (or misses a value) on each column of `set`, except those that
   * also agree on every column of `unless` (0: none excepted). Where `row` misses a value of `set`, each value is tried.
   */
  agreeing(row: number, set: number, out: number[], unless = 0): void {
    const view = this.view(set);
    const cols = view.cols;
    // The hash is a sum of terms, so each pattern's is `row`'s full one with the terms of its missing columns swapped.
    const base = this.hash(view, row, 0);
    const swap = cols.map((j) => (term(j, -1) - term(j, this.dense[row * this.q + j] ?? -1)) | 0);
    let absent = 0;
    for (let t = 0; t < cols.length; t++) if ((this.dense[row * this.q + (cols[t] ?? 0)] ?? -1) < 0) absent |= 1 << t;
    for (const pattern of view.patterns.keys()) {
      let h = base;
      for (let p = pattern; p !== 0; p &= p - 1) h += swap[31 - Math.clz32(p & -p)] ?? 0;
      const open = absent & ~pattern;
      if (open === 0) this.collect(view, row, h & 0x3fffffff, pattern, unless, out);
      else this.tryValues(view, row, h, pattern, open, unless, out);
    }
  }

  /** `agreeing` for one pattern whose rows hold columns `row` misses (`open`, view positions): each value is tried. */
  private tryValues(view: View, row: number, h: number, pattern: number, open: number, unless: number, out: number[]): void {
    const cols: number[] = [];
    for (let p = open; p !== 0; p &= p - 1) cols.push(view.cols[31 - Math.clz32(p & -p)] ?? 0);
    const digit = new Int32Array(cols.length);
    for (;;) {
      let g = h;
      for (let u = 0; u < cols.length; u++) g += term(cols[u] ?? 0, digit[u] ?? 0) - term(cols[u] ?? 0, -1);
      const start = out.length;
      this.collect(view, row, g & 0x3fffffff, pattern, unless, out);
      // A row is found under the values it holds; under other values tried, only by a hash collision: dropped.
      let kept = start;
      for (let t = start; t < out.length; t++) {
        const r = out[t] ?? 0;
        let holds = true;
        for (let u = 0; u < cols.length && holds; u++) holds = this.dense[r * this.q + (cols[u] ?? 0)] === digit[u];
        if (holds) out[kept++] = r;
      }
      if (kept < out.length) out.length = kept;
      let u = 0;
      while (u < cols.length && (digit[u] = (digit[u] ?? 0) + 1) >= (this.ids[cols[u] ?? 0]?.size ?? 0)) digit[u++] = 0;
      if (u === cols.length) break;
    }
  }

  /** Appends the rows of bucket `h` with hash `h` and pattern `pattern` that agree with `row`, as `agreeing` says. */
  private collect(view: View, row: number, h: number, pattern: number, unless: number, out: number[]): void {
    // A bucket may hold other hashes and patterns: each row is taken under its own pattern only.
    for (let r = view.head[h & view.mask] ?? -1; r >= 0; r = view.next[r] ?? -1) {
      if (view.hashes[r] === h && this.pattern(view, r) === pattern && this.agrees(view.cols, row, r) && (unless === 0 || !this.agreesOn(unless, row, r))) out.push(r);
    }
  }

  /** Whether `r` agrees with `row` (or misses a value) on every column of `set`. */
  agreesOn(set: number, row: number, r: number): boolean {
    for (let m = set; m !== 0; m &= m - 1) {
      const j = 31 - Math.clz32(m & -m);
      const x = this.dense[row * this.q + j] ?? -1;
      const y = this.dense[r * this.q + j] ?? -1;
      if (x !== y && x >= 0 && y >= 0) return false;
    }
    return true;
  }

  /** Call before row `row`'s column `col` changes. */
  unfile(row: number, col: number): void {
    for (const view of this.views.values()) {
      if (((view.set >>> col) & 1) === 0) continue;
      const pattern = this.pattern(view, row);
      const left = (view.patterns.get(pattern) ?? 0) - 1;
      if (left > 0) view.patterns.set(pattern, left);
      else view.patterns.delete(pattern);
      const before = view.prev[row] ?? -1;
      const after = view.next[row] ?? -1;
      if (before >= 0) view.next[before] = after;
      else view.head[(view.hashes[row] ?? 0) & view.mask] = after;
      if (after >= 0) view.prev[after] = before;
    }
  }

  /** Call after row `row`'s column `col` changed. */
  file(row: number, col: number): void {
    this.dense[row * this.q + col] = this.id(col, this.codes[row * this.q + col] ?? NaN);
    for (const view of this.views.values()) if ((view.set >>> col) & 1) this.add(view, row);
  }

  private view(set: number): View {
    let view = this.views.get(set);
    if (view === undefined) {
      const cols = Array.from({ length: this.q }, (_, j) => j).filter((j) => (set >>> j) & 1);
      if (this.blocks.some((b) => b.some((j) => (set >>> j) & 1) && !b.every((j) => (set >>> j) & 1))) this.fineViews++;
      const n = this.q === 0 ? 0 : this.codes.length / this.q;
      const size = 2 ** Math.max(10, Math.ceil(Math.log2(2 * n + 1)));
      view = { set, cols, head: new Int32Array(size).fill(-1), hashes: new Int32Array(n), next: new Int32Array(n), prev: new Int32Array(n), mask: size - 1, patterns: new Map() };
      for (let r = 0; r < n; r++) this.add(view, r);
      this.views.set(set, view);
    }
    return view;
  }

  private add(view: View, row: number): void {
    const pattern = this.pattern(view, row);
    view.patterns.set(pattern, (view.patterns.get(pattern) ?? 0) + 1);
    const h = this.hash(view, row, pattern);
    view.hashes[row] = h;
    const bucket = h & view.mask;
    const first = view.head[bucket] ?? -1;
    view.prev[row] = -1;
    view.next[row] = first;
    if (first >= 0) view.prev[first] = row;
    view.head[bucket] = row;
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
