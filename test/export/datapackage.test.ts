import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Dataset } from '../../src/analysis/dataset.ts';
import type { Diagnostic } from '../../src/core/diagnostic.ts';
import { readDataPackage } from '../../src/analysis/datapackage.ts';
import { writeDataPackage } from '../../src/export/datapackage/write.ts';
import { datasetArb, flagshipFixture, LONG_TEXT } from './fixtures.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });

function files(d: Dataset): Record<string, string> {
  return Object.fromEntries(writeDataPackage(d).map((f) => [f.name, decoder.decode(f.bytes)]));
}

function roundTrip(d: Dataset): Dataset {
  const f = files(d);
  const back = readDataPackage({ datapackageJson: f['datapackage.json'] ?? '', dataCsv: f['data.csv'] ?? '' });
  if (!back.ok) throw new Error(JSON.stringify(back.error));
  return back.value;
}

test('the flagship fixture survives Dataset → package → Dataset exactly', () => {
  const d = flagshipFixture();
  assert.deepStrictEqual(roundTrip(d), d);
});

test('any dataset survives the round trip exactly (property)', () => {
  fc.assert(
    fc.property(datasetArb, (d) => {
      assert.deepStrictEqual(roundTrip(d), d);
    }),
    { numRuns: 300 },
  );
});

test('data.csv writes missing values as reserved codes and the schema declares them', () => {
  const f = files(flagshipFixture());
  const csv = f['data.csv'] ?? '';
  const lines = csv.split('\r\n');
  assert.equal(lines[0], 'response_id,sex,age,reason_1,reason_2,reason_3,trust_police,trust_courts,children,comment');
  assert.equal(lines[1], 'r1,1,34,1,0,1,1,4,-99,"Всё ""хорошо"", спасибо"');
  assert.equal(lines[4]?.startsWith('r4,-96,-97,-96,-96,-96,4,1,-97,-96'), true);
  assert.ok(csv.includes(LONG_TEXT.replaceAll('"', '""')));
  const descriptor = JSON.parse(f['datapackage.json'] ?? '') as { resources: [{ schema: { missingValues: string[]; fields: Record<string, unknown>[] } }] };
  assert.deepEqual(descriptor.resources[0].schema.missingValues, ['-99', '-98', '-97', '-96', '-95']);
  const sex = descriptor.resources[0].schema.fields.find((f) => f['name'] === 'sex') ?? {};
  assert.deepEqual(sex['categories'], [{ value: 1, label: 'Мужской' }, { value: 2, label: 'Женский' }]);
  assert.deepEqual(sex['constraints'], { enum: [1, 2] });
  assert.equal(sex['type'], 'integer');
});

test('the codebook is self-contained and lists labels in each language, missing codes and quasi-identifiers', () => {
  const html = files(flagshipFixture())['codebook.html'] ?? '';
  assert.ok(!/<script|<link|src=|https?:/i.test(html), 'no external resources or scripts');
  for (const s of ['Ваш пол', 'Your sex', 'Мужской', 'Female', '-99', 'prefer not to answer', 'quasi-identifier', 'SYNTHETIC', 'Russia&#39;s &quot;politics&quot;']) assert.ok(html.includes(s), s);
  assert.match(html, /Quasi-identifiers<\/h2><p>[^<]*<a href="#var-sex">/);
});

test('an empty dataset (0 rows) round-trips', () => {
  const d = { ...flagshipFixture(), n: 0 };
  const empty: Dataset = {
    ...d,
    variables: d.variables.map((v) => (v.type === 'text' ? { ...v, missing: new Uint8Array(0), values: [] } : { ...v, missing: new Uint8Array(0), values: new Float64Array(0) })),
  };
  assert.deepStrictEqual(roundTrip(empty), empty);
});

/** The diagnostics of a result that must have failed. */
function failure(r: ReturnType<typeof readDataPackage>): Diagnostic {
  if (r.ok) assert.fail('expected the reader to refuse');
  const [first] = r.error;
  if (first === undefined) assert.fail('a failure without diagnostics');
  return first;
}

test('errors name the file, line and field', () => {
  const f = files(flagshipFixture());
  const bad = failure(readDataPackage({ datapackageJson: (f['datapackage.json'] ?? '').replace('"portas:role": "system"', '"portas:role": "boss"'), dataCsv: f['data.csv'] ?? '' }));
  assert.equal(bad.code, 'datapackage.field');
  assert.equal(bad.subject, 'response_id');
  assert.equal(bad.position?.file, 'datapackage.json');
  assert.ok(bad.position.line > 10);
  const badCsv = failure(readDataPackage({ datapackageJson: f['datapackage.json'] ?? '', dataCsv: (f['data.csv'] ?? '').replace('r2,2,45', 'r2,2,forty-five') }));
  assert.deepEqual(badCsv.position, { file: 'data.csv', line: 3, column: 3 });
  assert.equal(badCsv.subject, 'age');
  const indicator = failure(readDataPackage({ datapackageJson: f['datapackage.json'] ?? '', dataCsv: (f['data.csv'] ?? '').replace('r1,1,34,1,0,1', 'r1,1,34,2,0,1') }));
  assert.deepEqual([indicator.position, indicator.subject], [{ file: 'data.csv', line: 2, column: 4 }, 'reason_1']);
  const syntax = failure(readDataPackage({ datapackageJson: '{\n  "a": 1,\n  oops\n}', dataCsv: '' }));
  assert.equal(syntax.position?.line, 3);
  const unclosed = failure(readDataPackage({ datapackageJson: f['datapackage.json'] ?? '', dataCsv: (f['data.csv'] ?? '').replace('r6,', '"r6,') }));
  assert.equal(unclosed.code, 'datapackage.csv-syntax');
});

test('for Excel, data.csv starts with a UTF-8 byte-order mark, and portas reads it back the same', () => {
  const d = flagshipFixture();
  const plain = writeDataPackage(d);
  const excel = writeDataPackage(d, {}, true);
  const csvOf = (files: ReturnType<typeof writeDataPackage>) => files.find((f) => f.name === 'data.csv')?.bytes ?? new Uint8Array(0);
  assert.deepEqual([...csvOf(excel).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.deepEqual(csvOf(excel).subarray(3), csvOf(plain));
  const text = (files: ReturnType<typeof writeDataPackage>, name: string) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(files.find((f) => f.name === name)?.bytes);
  const back = readDataPackage({ datapackageJson: text(excel, 'datapackage.json'), dataCsv: text(excel, 'data.csv') });
  assert.ok(back.ok, JSON.stringify(back));
  assert.deepEqual(back.value.variables.map((v) => v.name), d.variables.map((v) => v.name));
});
