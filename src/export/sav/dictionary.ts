// Writes the dictionary of an SPSS system file: header, variable, value label and extension records (PSPP's description).

import type { Dataset, Variable } from '../../analysis/dataset.ts';
import { pick } from '../../core/text.ts';
import { MISSING_CODE, type MissingKind } from '../../instrument/missing.ts';
import { ByteWriter, utf8Prefix } from '../bytes.ts';
import { missingLabel, substantiveLabels } from '../labels.ts';
import { shortenAtWord } from '../variable-labels.ts';
import type { SavVariable } from './layout.ts';

const encoder = new TextEncoder();
const SPACE = 0x20;

/** Format code (type << 16 | width << 8 | decimals): F = 5, A = 1. */
const format = (type: number, width: number, decimals: number): number => (type << 16) | (width << 8) | decimals;

export interface SavHeaderFields {
  /** ZSAV: zlib-compressed data (`$FL3`, compression 2) instead of bytecode only. */
  readonly zlib: boolean;
  readonly caseSlots: number;
  readonly cases: number;
  /** "dd Mmm yy" and "hh:mm:ss". */
  readonly date: string;
  readonly time: string;
  readonly label: string;
}

export function writeHeader(w: ByteWriter, h: SavHeaderFields): void {
  w.ascii(h.zlib ? '$FL3' : '$FL2').fixed(encoder.encode('@(#) SPSS DATA FILE portas'), 60, SPACE);
  w.i32(2).i32(h.caseSlots).i32(h.zlib ? 2 : 1).i32(0).i32(h.cases).f64(100);
  w.fixed(encoder.encode(h.date), 9, SPACE).fixed(encoder.encode(h.time), 8, SPACE);
  w.fixed(utf8Prefix(h.label, 64), 64, SPACE).fixed(new Uint8Array(0), 3);
}

/** Codes declared user-missing: up to three discrete codes, else the range they span (the codes are contiguous). */
export function missingDeclaration(kinds: readonly MissingKind[]): { n: number; values: number[] } {
  const codes = [...new Set(kinds.map((k) => MISSING_CODE[k]))].sort((a, b) => a - b);
  if (codes.length <= 3) return { n: codes.length, values: codes };
  return { n: -2, values: [codes[0] ?? 0, codes[codes.length - 1] ?? 0] };
}

export function writeVariables(w: ByteWriter, vars: readonly SavVariable[], labelOf: (v: Variable) => string): void {
  for (const sv of vars) {
    sv.segments.forEach((seg, k) => {
      const numeric = seg.width === 0;
      const fmt = numeric ? (sv.integer ? format(5, 8, 0) : format(5, 12, 4)) : format(1, seg.width, 0);
      const label = k === 0 ? utf8Prefix(labelOf(sv.v), 255) : new Uint8Array(0);
      const missing = numeric ? missingDeclaration(sv.v.missingKinds) : { n: 0, values: [] };
      w.i32(2).i32(seg.width).i32(label.length > 0 ? 1 : 0).i32(missing.n).i32(fmt).i32(fmt).fixed(encoder.encode(seg.shortName), 8, SPACE);
      if (label.length > 0) w.i32(label.length).fixed(label, Math.ceil(label.length / 4) * 4, SPACE);
      for (const x of missing.values) w.f64(x);
      for (let s = 1; s < seg.slots; s++) w.i32(2).i32(-1).i32(0).i32(0).i32(0).i32(0).fixed(new Uint8Array(0), 8, SPACE);
    });
  }
}

export function valueLabelsOf(v: Variable, lang: string): [number, string][] {
  const out = substantiveLabels(v, lang);
  if (out.length === 0) return out;
  for (const k of v.missingKinds) out.push([MISSING_CODE[k], missingLabel(k, lang)]);
  return out;
}

/** Record types 3 and 4, one pair per labelled variable; `index` is the 1-based slot of each variable. */
export function writeValueLabels(w: ByteWriter, vars: readonly SavVariable[], lang: string): void {
  let slot = 1;
  for (const sv of vars) {
    const labels = valueLabelsOf(sv.v, lang);
    if (labels.length > 0) {
      w.i32(3).i32(labels.length);
      for (const [value, text] of labels) {
        const b = utf8Prefix(shortenAtWord(text, { bytes: 120 }), 120);
        w.f64(value).u8(b.length).fixed(b, Math.ceil((b.length + 1) / 8) * 8 - 1, SPACE);
      }
      w.i32(4).i32(1).i32(slot);
    }
    for (const seg of sv.segments) slot += seg.slots;
  }
}

function extension(w: ByteWriter, subtype: number, size: number, count: number): void {
  w.i32(7).i32(subtype).i32(size).i32(count);
}

function textRecord(w: ByteWriter, subtype: number, text: string): void {
  const b = encoder.encode(text);
  if (b.length === 0) return;
  extension(w, subtype, 1, b.length);
  w.bytes(b);
}

/** One line of text for a label inside a line-based record. */
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ');

export function writeExtensions(w: ByteWriter, d: Dataset, vars: readonly SavVariable[], lang: string): void {
  extension(w, 3, 4, 8);
  w.i32(1).i32(0).i32(0).i32(-1).i32(1).i32(1).i32(2).i32(65001); // version 1.0.0, IEEE 754, little-endian, UTF-8
  extension(w, 4, 8, 3);
  w.f64(-Number.MAX_VALUE).f64(Number.MAX_VALUE).bits64(0xffefffff, 0xfffffffe); // SYSMIS, HIGHEST, LOWEST
  const byName = new Map(vars.map((sv) => [sv.v.name, sv]));
  const mr = d.sets
    .filter((s) => s.kind === 'multiple' && s.variables.length >= 2 && s.variables.every((n) => byName.get(n)?.width === 0))
    .map((s) => {
      const label = oneLine(pick(s.label, lang));
      // Readers resolve MRSETS members by short name (PSPP finds no members by long name).
      const members = s.variables.map((n) => byName.get(n)?.segments[0]?.shortName ?? n).join(' ');
      return `$${s.name}=D1 1 ${encoder.encode(label).length} ${label} ${members}\n`;
    });
  textRecord(w, 7, mr.join(''));
  const params = vars.flatMap((sv) => sv.segments.map((seg) => [sv.v.measure === 'scale' ? 3 : sv.v.measure === 'ordinal' ? 2 : 1, seg.width === 0 ? 8 : Math.min(seg.width, 40), seg.width === 0 ? 1 : 0]));
  extension(w, 11, 4, params.length * 3);
  for (const p of params) for (const x of p) w.i32(x);
  textRecord(w, 13, vars.map((sv) => `${sv.segments[0]?.shortName ?? ''}=${sv.name}`).join('\t'));
  textRecord(w, 14, vars.filter((sv) => sv.width > 255).map((sv) => `${sv.segments[0]?.shortName ?? ''}=${String(sv.width).padStart(5, '0')}\0\t`).join(''));
  textRecord(w, 5, d.sets.map((s) => `${s.name}= ${s.variables.map((n) => byName.get(n)?.name ?? n).join(' ')}\n`).join(''));
  textRecord(w, 20, 'UTF-8');
  w.i32(999).i32(0);
}
