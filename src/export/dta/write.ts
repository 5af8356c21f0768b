// Writes a Stata .dta file, format 118 (119 beyond 32,767 variables): labels in every study language, .a–.e missing, strL.

import type { Dataset, Variable } from '../../analysis/dataset.ts';
import { MISSING_INDEX, type MissingKind } from '../../instrument/missing.ts';
import { ByteWriter, utf8Prefix } from '../bytes.ts';
import { missingLabel, substantiveLabels } from '../labels.ts';
import { fitNames } from '../names.ts';
import { dtaLanguages, languageCharacteristics, valueLabelSets, writeCharacteristics } from './languages.ts';
import { fittedLabel, type Treatments } from '../variable-labels.ts';

/**
 * Portas missing kind → Stata extended missing value. Skipped and not-applicable come first because they are
 * structural (the questionnaire's doing); don't know and refused are answers the respondent chose.
 */
export const STATA_MISSING: Readonly<Record<MissingKind, '.a' | '.b' | '.c' | '.d' | '.e'>> = {
  skipped: '.a',
  not_applicable: '.b',
  dont_know: '.c',
  refused: '.d',
  suppressed: '.e',
};

const T_DOUBLE = 65526;
const T_STRL = 32768;
const MAX_STR = 2045;
/** Stata's int32 value of `.a`; `.b`… follow. Value labels for extended missing values use these. */
const LONG_DOT_A = 2147483622;
/** High 32 bits of the double `.a` (= 2^1023 · (1 + 1/4096)); each further letter adds 0x100 to them. */
const DOUBLE_DOT_HI = 0x7fe00000;

const RESERVED = new Set(
  ['_all', '_b', 'byte', '_coef', '_cons', 'double', 'float', 'if', 'in', 'int', 'long', '_n', '_N', '_pi', '_pred', '_rc', '_skip', 'strL', 'using', 'with'],
);

export interface DtaOptions {
  /** Label language in force when the file opens; the others are Stata label languages (`label language`). Default: the dataset's first. */
  readonly language?: string;
  /** What the release gate did to each variable, said in its label. */
  readonly treatments?: Treatments;
}

const missingLetter = (index: number): number => index; // MISSING_INDEX 1..5 → .a…(.e): letter offset 1..5

/** Names legal in Stata (≤ 32 characters, no reserved words), unique; keyed by portas name. */
export function dtaNames(dataset: Dataset): Map<string, string> {
  const fitted = fitNames(dataset.variables.map((v) => v.name), 32, RESERVED);
  return new Map(dataset.variables.map((v, i) => [v.name, fitted[i] ?? v.name]));
}

interface Column {
  readonly v: Variable;
  readonly name: string;
  readonly type: number;
  /** Value label set name in force, '' for none. */
  readonly labels: string;
  /** The variable's value-label set per language (undefined when it has none). */
  readonly sets: ReadonlyMap<string, string> | undefined;
}

function stringWidth(v: Extract<Variable, { type: 'text' }>): number {
  const enc = new TextEncoder();
  let max = 1;
  for (const s of v.values) {
    if (s.length * 3 <= max) continue; // cannot be longer in UTF-8
    max = Math.max(max, enc.encode(s).length);
  }
  return max > MAX_STR ? T_STRL : max;
}

function columns(d: Dataset, languages: readonly string[]): Column[] {
  const names = dtaNames(d);
  const sets = valueLabelSets(d, names, languages);
  const lang = languages[0] ?? 'en';
  return d.variables.map((v) => {
    const name = names.get(v.name) ?? v.name;
    if (v.type === 'text') return { v, name, type: stringWidth(v), labels: '', sets: undefined };
    // Like the .sav: a value label set only where there are substantive labels (then with .a–.e labelled too).
    return { v, name, type: T_DOUBLE, labels: sets.get(v.name)?.get(lang) ?? '', sets: sets.get(v.name) };
  });
}

/** One value label table: integer codes (and the extended missing values the variable may take) → labels. */
function labelTable(w: ByteWriter, c: Column, lang: string, set: string): void {
  // Stata labels integers only; a fractional code keeps its data but loses its label.
  const entries = substantiveLabels(c.v, lang).filter(([code]) => Number.isInteger(code) && Math.abs(code) < LONG_DOT_A - 100);
  for (const k of c.v.missingKinds) entries.push([LONG_DOT_A - 1 + missingLetter(MISSING_INDEX[k]), missingLabel(k, lang)]);
  const texts = entries.map(([, t]) => utf8Prefix(t, 32000));
  const txtlen = texts.reduce((s, t) => s + t.length + 1, 0);
  w.ascii('<lbl>').i32(8 + 8 * entries.length + txtlen);
  w.fixed(utf8Prefix(set, 128), 129).fixed(new Uint8Array(0), 3);
  w.i32(entries.length).i32(txtlen);
  let off = 0;
  for (const t of texts) {
    w.i32(off);
    off += t.length + 1;
  }
  for (const [value] of entries) w.i32(value);
  for (const t of texts) w.bytes(t).u8(0);
  w.ascii('</lbl>');
}

/** The .dta file's bytes. Pure: no clock (the timestamp is left empty, which the format allows). */
export function writeDta(dataset: Dataset, options: DtaOptions = {}): Uint8Array {
  const languages = dtaLanguages(dataset, options.language ?? dataset.languages[0] ?? 'en');
  const lang = languages[0] ?? 'en';
  const cols = columns(dataset, languages);
  const release = cols.length > 32767 ? 119 : 118;
  const w = new ByteWriter(1 << 20);
  const map = new Array<number>(14).fill(0);
  const varLabel = (c: Column, l: string): string => fittedLabel(c.v, dataset, l, { chars: 80, bytes: 320 }, options.treatments?.get(c.v.name));
  /** Section `index` of the map: its offset, then `<tag>`, the body, `</tag>`. */
  const section = (index: number, tag: string, body: () => void): void => {
    map[index] = w.length;
    w.ascii(`<${tag}>`);
    body();
    w.ascii(`</${tag}>`);
  };
  w.ascii('<stata_dta><header>').ascii(`<release>${release}</release>`).ascii('<byteorder>LSF</byteorder>');
  w.ascii('<K>');
  if (release === 118) w.u16(cols.length);
  else w.u32(cols.length);
  w.ascii('</K><N>').u64(dataset.n).ascii('</N><label>');
  const dataLabel = Array.from(`${dataset.study} ${dataset.instrumentVersion}${dataset.synthetic ? ' SYNTHETIC' : ''}`).slice(0, 80).join('');
  const label = utf8Prefix(dataLabel, 320);
  w.u16(label.length).bytes(label).ascii('</label><timestamp>').u8(0).ascii('</timestamp></header>');
  let mapAt = 0;
  section(1, 'map', () => {
    mapAt = w.length;
    for (let i = 0; i < 14; i++) w.u64(0);
  });
  section(2, 'variable_types', () => { cols.forEach((c) => w.u16(c.type)); });
  section(3, 'varnames', () => { cols.forEach((c) => w.fixed(utf8Prefix(c.name, 128), 129)); });
  section(4, 'sortlist', () => {
    for (let i = 0; i <= cols.length; i++) {
      if (release === 118) w.u16(0);
      else w.u32(0);
    }
  });
  section(5, 'formats', () => { cols.forEach((c) => w.fixed(utf8Prefix(c.type === T_DOUBLE ? '%10.0g' : c.type === T_STRL ? '%9s' : `%-${Math.min(c.type, 2045)}s`, 56), 57)); });
  section(6, 'value_label_names', () => { cols.forEach((c) => w.fixed(utf8Prefix(c.labels, 128), 129)); });
  section(7, 'variable_labels', () => { cols.forEach((c) => w.fixed(utf8Prefix(varLabel(c, lang), 320), 321)); });
  section(8, 'characteristics', () => {
    if (languages.length > 1) writeCharacteristics(w, languageCharacteristics(dataLabel, languages, cols.map((c) => ({ name: c.name, label: (l) => varLabel(c, l), sets: c.sets }))));
  });
  const gso: { v: number; o: number; bytes: Uint8Array }[] = [];
  section(9, 'data', () => {
    const enc = new TextEncoder();
    const refWidth = release === 118 ? 2 : 3;
    for (let r = 0; r < dataset.n; r++) {
      for (let j = 0; j < cols.length; j++) {
        const c = cols[j] as Column;
        const v = c.v;
        const m = v.missing[r] ?? 0;
        if (v.type === 'text') {
          const s = m === 0 ? (v.values[r] ?? '') : '';
          if (c.type !== T_STRL) w.fixed(enc.encode(s), c.type);
          else if (s === '') w.u64(0);
          else {
            gso.push({ v: j + 1, o: r + 1, bytes: enc.encode(s) });
            w.uN(j + 1, refWidth).uN(r + 1, 8 - refWidth);
          }
        } else if (m !== 0) w.bits64(DOUBLE_DOT_HI + 0x100 * missingLetter(m), 0);
        else w.f64(v.values[r] ?? Number.NaN);
      }
    }
  });
  section(10, 'strls', () => { gso.forEach((g) => w.ascii('GSO').u32(g.v).u64(g.o).u8(130).u32(g.bytes.length + 1).bytes(g.bytes).u8(0)); });
  section(11, 'value_labels', () => {
    for (const c of cols) for (const l of languages) if (c.sets?.get(l) !== undefined && substantiveLabels(c.v, l).length > 0) labelTable(w, c, l, c.sets.get(l) ?? '');
  });
  map[12] = w.length;
  w.ascii('</stata_dta>');
  map[13] = w.length;
  map.forEach((offset, i) => {
    w.patchU64(mapAt + 8 * i, offset);
  });
  return w.finish();
}
