// Writes the cases of an SPSS system file with bytecode compression (bias 100), missing values as their reserved codes.

import { MISSING_CODE, missingKindOfIndex } from '../../instrument/missing.ts';
import { utf8Prefix, type ByteWriter } from '../bytes.ts';
import type { SavVariable } from './layout.ts';

const BIAS = 100;

/** Collects 8 command bytes, then the raw 8-byte values they announced (PSPP: "Data Record", compressed). */
class Compressor {
  private readonly commands = new Uint8Array(8);
  private n = 0;
  private readonly raw = new Uint8Array(64);
  private rawLength = 0;
  private readonly view = new DataView(this.raw.buffer);

  constructor(private readonly w: ByteWriter) {}

  private push(code: number): void {
    this.commands[this.n++] = code;
    if (this.n === 8) this.flush();
  }

  flush(): void {
    if (this.n === 0) return;
    this.commands.fill(0, this.n);
    this.w.bytes(this.commands).bytes(this.raw.subarray(0, this.rawLength));
    this.n = 0;
    this.rawLength = 0;
  }

  number(x: number): void {
    if (Number.isInteger(x) && x >= 1 - BIAS && x <= 251 - BIAS && !Object.is(x, -0)) {
      this.push(x + BIAS);
      return;
    }
    if (Number.isNaN(x)) {
      this.push(255);
      return;
    }
    this.view.setFloat64(this.rawLength, x, true);
    this.rawLength += 8;
    this.push(253);
  }

  /**
   * `count` slots of spaces: one command byte each, no data. Whole groups of eight are written at once (a long
   * text column's empty answer is hundreds of blank slots: one flush per eight was most of a .sav's time).
   */
  blank(count: number): void {
    let left = count;
    if (this.n > 0) {
      const k = Math.min(left, 8 - this.n);
      this.commands.fill(254, this.n, this.n + k);
      this.n += k;
      left -= k;
      if (this.n === 8) this.flush();
    }
    if (left >= 8) {
      const whole = left - (left % 8);
      this.w.repeat(254, whole);
      left -= whole;
    }
    this.commands.fill(254, this.n, this.n + left);
    this.n += left;
  }

  /** One 8-byte slot of string data (already padded with spaces). */
  chunk(b: Uint8Array): void {
    let blank = true;
    for (let i = 0; i < 8; i++) if (b[i] !== 0x20) blank = false;
    if (blank) {
      this.push(254);
      return;
    }
    this.raw.set(b, this.rawLength);
    this.rawLength += 8;
    this.push(253);
  }
}

/** Writes a string across its segments: 255 data bytes per segment, each segment padded to its slots. */
function writeString(c: Compressor, sv: SavVariable, text: string): void {
  if (text === '') {
    c.blank(sv.slots);
    return;
  }
  const bytes = utf8Prefix(text, sv.width); // beyond SPSS's 32,767 bytes the text is cut at a character boundary
  let from = 0;
  const slot = new Uint8Array(8);
  for (const seg of sv.segments) {
    const take = bytes.subarray(from, Math.min(bytes.length, from + seg.width));
    from += seg.width;
    for (let s = 0; s < seg.slots; s++) {
      const part = take.subarray(s * 8, s * 8 + 8);
      if (part.length === 0) {
        c.blank(seg.slots - s);
        break;
      }
      slot.fill(0x20);
      slot.set(part);
      c.chunk(slot);
    }
  }
}

export function writeCases(w: ByteWriter, vars: readonly SavVariable[], n: number): void {
  const c = new Compressor(w);
  for (let r = 0; r < n; r++) {
    for (const sv of vars) {
      const v = sv.v;
      const m = v.missing[r] ?? 0;
      if (v.type === 'text') writeString(c, sv, m === 0 ? (v.values[r] ?? '') : '');
      else if (m !== 0) c.number(MISSING_CODE[missingKindOfIndex(m) ?? 'skipped']);
      else c.number(v.values[r] ?? Number.NaN);
    }
  }
  c.flush();
}
