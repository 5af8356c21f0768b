// data.csv written part by part (header, rows per part, then datapackage.json and codebook.html from the
// columns' facts) equals the package written whole, also for the facts that look at every row.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset, Variable } from '../../src/analysis/dataset.ts';
import { appendColumnFacts, columnFacts } from '../../src/export/datapackage/column-facts.ts';
import { closingFiles, csvHeader, csvPart } from '../../src/export/datapackage/in-parts.ts';
import { writeDataPackage } from '../../src/export/datapackage/write.ts';

const base = { label: { en: 'x' }, item: 'x', role: 'answer', quasiIdentifier: false, sensitive: false, missingKinds: ['skipped'] } as const;

function dataset(rows: number, seed: number): Dataset {
  let s = seed;
  const next = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const missing = (): Uint8Array => Uint8Array.from({ length: rows }, () => (next() < 0.2 ? 1 : 0));
  const variables: Variable[] = [
    { ...base, name: 'count', type: 'numeric', measure: 'scale', missing: missing(), values: Float64Array.from({ length: rows }, () => pick([1, 2, -99, 7])) },
    // A fraction in only some parts: the whole column is `number` once any part has one.
    { ...base, name: 'share', type: 'numeric', measure: 'scale', missing: missing(), values: Float64Array.from({ length: rows }, () => (next() < 0.03 ? 0.5 : 3)) },
    { ...base, name: 'note', type: 'text', measure: 'nominal', missing: missing(), values: Array.from({ length: rows }, () => pick(['a', '-98', 'b,"c"', ''])) },
  ];
  return { study: 's', instrumentVersion: '1', languages: ['en'], n: rows, variables, sets: [], synthetic: false };
}

const slice = (d: Dataset, from: number, to: number): Dataset => ({
  ...d,
  n: to - from,
  variables: d.variables.map((v): Variable => (v.type === 'text' ? { ...v, missing: v.missing.slice(from, to), values: v.values.slice(from, to) } : { ...v, missing: v.missing.slice(from, to), values: v.values.slice(from, to) })),
});

test('the package written in parts is byte for byte the package written whole', () => {
  for (const [rows, step, seed] of [[0, 5, 1], [40, 7, 2], [100, 1, 3], [123, 50, 4], [60, 60, 5]] as const) {
    const whole = dataset(rows, seed);
    let text = csvHeader(whole);
    let facts = whole.variables.map(() => ({ integer: true, presentReserved: [] as readonly number[] }));
    for (let from = 0; from < rows; from += step) {
      const part = csvPart(slice(whole, from, Math.min(rows, from + step)));
      text += part.text;
      facts = appendColumnFacts(facts, part.facts, from);
    }
    assert.deepEqual(facts, whole.variables.map(columnFacts), `facts, ${String(rows)} rows in parts of ${String(step)}`);
    const written = new Map(writeDataPackage(whole).map((f) => [f.name, Buffer.from(f.bytes).toString('utf8')]));
    assert.equal(text, written.get('data.csv'));
    for (const f of closingFiles(slice(whole, 0, 0), rows, facts)) assert.equal(Buffer.from(f.bytes).toString('utf8'), written.get(f.name), f.name);
  }
});
