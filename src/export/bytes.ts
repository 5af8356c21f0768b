// A growable little-endian byte writer for the binary formats (.sav, .dta).

const encoder = new TextEncoder();

/** Cuts UTF-8 bytes of `text` to at most `max` bytes without splitting a character. */
export function utf8Prefix(text: string, max: number): Uint8Array {
  const bytes = encoder.encode(text);
  if (bytes.length <= max) return bytes;
  let end = max;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--; // never cut inside a multi-byte sequence
  return bytes.subarray(0, end);
}

export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private at = 0;

  constructor(initial = 1 << 16) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  get length(): number {
    return this.at;
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    // Growing by half, not double: fresh memory is what a large file costs (each new page is touched once).
    let size = Math.ceil(this.buf.length * 1.5);
    while (size < this.at + n) size = Math.ceil(size * 1.5);
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.at));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /**
   * Reserves `n` bytes and returns where they start. Read `this.view` only after it: making room may replace it.
   * (A callback per write would be shorter still, and 2–3× slower in the writers' inner loops.)
   */
  private claim(n: number): number {
    this.room(n);
    const at = this.at;
    this.at += n;
    return at;
  }

  u8(x: number): this {
    this.room(1);
    this.buf[this.at++] = x & 0xff;
    return this;
  }
  u16(x: number): this {
    const at = this.claim(2);
    this.view.setUint16(at, x, true);
    return this;
  }
  i32(x: number): this {
    const at = this.claim(4);
    this.view.setInt32(at, x, true);
    return this;
  }
  u32(x: number): this {
    const at = this.claim(4);
    this.view.setUint32(at, x, true);
    return this;
  }
  u64(x: number): this {
    const at = this.claim(8);
    this.view.setBigUint64(at, BigInt(x), true);
    return this;
  }
  /** An unsigned integer in `width` bytes (used by strL references: 2+6 or 3+5 bytes). */
  uN(x: number, width: number): this {
    this.room(width);
    let rest = x;
    for (let i = 0; i < width; i++) {
      this.buf[this.at++] = rest % 256;
      rest = Math.floor(rest / 256);
    }
    return this;
  }
  f64(x: number): this {
    const at = this.claim(8);
    this.view.setFloat64(at, x, true);
    return this;
  }
  /** Raw 64-bit pattern (Stata's extended missing values are specific NaN-free doubles; SPSS's SYSMIS too). */
  bits64(hi: number, lo: number): this {
    this.room(8);
    this.view.setUint32(this.at, lo, true);
    this.view.setUint32(this.at + 4, hi, true);
    this.at += 8;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
    return this;
  }
  /** `count` bytes of `value`. */
  repeat(value: number, count: number): this {
    this.room(count);
    this.buf.fill(value, this.at, this.at + count);
    this.at += count;
    return this;
  }
  ascii(s: string): this {
    return this.bytes(encoder.encode(s));
  }
  /** `b` padded with `fill` (or cut) to exactly `width` bytes. */
  fixed(b: Uint8Array, width: number, fill = 0): this {
    this.room(width);
    const n = Math.min(b.length, width);
    this.buf.set(b.subarray(0, n), this.at);
    this.buf.fill(fill, this.at + n, this.at + width);
    this.at += width;
    return this;
  }
  /** Overwrites a 64-bit unsigned integer at `offset` (for offset maps written before their targets). */
  patchU64(offset: number, x: number): void {
    this.view.setBigUint64(offset, BigInt(x), true);
  }
  patchI32(offset: number, x: number): void {
    this.view.setInt32(offset, x, true);
  }
  /**
   * The bytes written. A view, not a copy, when the unused tail is at most an eighth of the buffer (a writer
   * sized ahead, as the .sav writer's is): copying 100 MB of cases cost more than writing them.
   */
  finish(): Uint8Array {
    return this.buf.length - this.at <= this.buf.length / 8 ? this.buf.subarray(0, this.at) : this.buf.slice(0, this.at);
  }
}
