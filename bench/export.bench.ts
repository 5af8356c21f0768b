// Export time and peak memory for 100,000 flagship-like rows in each format, and the data package read back.

import type { CodedVariable, Dataset, IndicatorVariable, NumericVariable, TextVariable, Variable } from '../src/analysis/dataset.ts';
import { readDataPackage } from '../src/analysis/datapackage.ts';
import { xoshiro128ss, type Rng } from '../src/core/rng.ts';
import { MISSING_INDEX, MISSING_KINDS } from '../src/instrument/missing.ts';
import { writeDataPackage } from '../src/export/datapackage/write.ts';
import { writeDta } from '../src/export/dta/write.ts';
import { deflateSync } from 'node:zlib';
import { writeSav } from '../src/export/sav/write.ts';
import { fmt, medianMs, peakRssMiB } from './measure.ts';

const ROWS = 100_000;

function base(name: string, n: number) {
  return { name, label: { ru: `Вопрос ${name}`, en: `Question ${name}` }, item: name, role: 'answer' as const, quasiIdentifier: false, sensitive: false, missing: new Uint8Array(n), missingKinds: MISSING_KINDS };
}

/** Codes 1…k with about 8% missing values of every kind. */
function fillCodes(rng: Rng, v: { missing: Uint8Array }, n: number, k: number): Float64Array {
  const values = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    if (rng.nextInt(100) < 8) {
      v.missing[r] = 1 + rng.nextInt(4);
      values[r] = Number.NaN;
    } else values[r] = 1 + rng.nextInt(k);
  }
  return values;
}

/** About 40 variables like the flagship's: demographics, an 8-option multiple choice, a 6-row battery, two texts. */
export function flagshipLike(n: number, seed = 1): Dataset {
  const rng = xoshiro128ss(seed);
  const choices = (k: number) => Array.from({ length: k }, (_, i) => ({ code: i + 1, label: { ru: `Вариант ${i + 1}`, en: `Option ${i + 1}` } }));
  const coded = (name: string, k: number): CodedVariable => {
    const b = base(name, n);
    return { ...b, type: 'coded', measure: 'nominal', values: fillCodes(rng, b, n, k), valueLabels: choices(k), nets: [] };
  };
  const numeric = (name: string): NumericVariable => {
    const b = base(name, n);
    return { ...b, type: 'numeric', measure: 'scale', values: fillCodes(rng, b, n, 60) };
  };
  const indicators: IndicatorVariable[] = choices(8).map((option) => {
    const b = base(`reason_${option.code}`, n);
    const values = fillCodes(rng, b, n, 2).map((x) => (Number.isNaN(x) ? x : x - 1));
    return { ...b, item: 'reason', type: 'indicator', measure: 'nominal', values, option };
  });
  const text = (name: string, long: boolean): TextVariable => {
    const b = base(name, n);
    const values = Array.from({ length: n }, (_, r) => {
      if (rng.nextInt(3) !== 0) {
        b.missing[r] = MISSING_INDEX.skipped;
        return '';
      }
      return long && r % 1000 === 0 ? 'Ответ «длинный», '.repeat(400) : `Ответ номер ${r}, "спасибо"`;
    });
    return { ...b, type: 'text', measure: 'nominal', values };
  };
  const demographics = ['sex', 'age_band', 'education', 'profession', 'city', 'left_when', 'reason_main', 'first_choice', 'follows_politics', 'view_war', 'responsibility'].map((name, i) => coded(name, 2 + (i % 7)));
  const battery = Array.from({ length: 6 }, (_, i): CodedVariable => ({ ...coded(`trust_${i}`, 5), measure: 'ordinal', item: 'trust' }));
  const extra = Array.from({ length: 10 }, (_, i) => coded(`q${i}`, 4));
  const variables: Variable[] = [...demographics, numeric('age'), numeric('years_abroad'), ...indicators, ...battery, ...extra, text('occupation_other', false), text('comment', true)];
  return {
    study: 'bench',
    instrumentVersion: '1',
    languages: ['ru', 'en'],
    n,
    variables,
    sets: [
      { name: 'reason', kind: 'multiple', label: { ru: 'Причины', en: 'Reasons' }, variables: indicators.map((v) => v.name) },
      { name: 'trust', kind: 'battery', label: { ru: 'Доверие', en: 'Trust' }, variables: battery.map((v) => v.name) },
    ],
    synthetic: true,
  };
}

export async function run(say: (line: string) => void): Promise<void> {
  const d = flagshipLike(ROWS);
  say(`${ROWS} rows × ${d.variables.length} variables (flagship-like: coded, 8 indicators, 6-row battery, 2 texts with some 6,800-byte answers)`);
  say(`peak RSS after building the dataset: ${fmt(peakRssMiB())} MiB (cumulative high-water mark of this process)`);
  let csvFiles = writeDataPackage(d);
  const formats: [string, () => number][] = [
    ['data package (csv+json+html)', () => (csvFiles = writeDataPackage(d)).reduce((s, f) => s + f.bytes.length, 0)],
    ['SPSS .sav', () => writeSav(d).length],
    ['SPSS .zsav (zlib)', () => writeSav(d, { deflate: (b) => deflateSync(b) }).length],
    ['Stata .dta', () => writeDta(d).length],
  ];
  for (const [name, write] of formats) {
    let size = 0;
    const ms = await medianMs(3, () => {
      size = write();
    });
    say(`${name.padEnd(30)} ${fmt(ms, 0).padStart(6)} ms (median of 3)  ${fmt(size / 2 ** 20)} MiB  peak RSS so far ${fmt(peakRssMiB())} MiB`);
  }
  const decoder = new TextDecoder();
  const json = decoder.decode(csvFiles[0]?.bytes);
  const csv = decoder.decode(csvFiles[1]?.bytes);
  const ms = await medianMs(3, () => {
    if (!readDataPackage({ datapackageJson: json, dataCsv: csv }).ok) throw new Error('read back failed');
  });
  say(`${'readDataPackage (read back)'.padEnd(30)} ${fmt(ms, 0).padStart(6)} ms (median of 3)  peak RSS so far ${fmt(peakRssMiB())} MiB`);
}
