import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset } from '../../src/analysis/dataset.ts';
import { dtaNames, writeDta } from '../../src/export/dta/write.ts';
import { flagshipFixture } from './fixtures.ts';

const latin1 = (b: Uint8Array, from: number, to: number): string => Buffer.from(b.subarray(from, to)).toString('latin1');

test('the .dta map points at each section tag (format 118, Stata dta documentation §5.2)', () => {
  const b = writeDta(flagshipFixture());
  const head = '<stata_dta><header><release>118</release>';
  assert.equal(latin1(b, 0, head.length), head);
  const at = latin1(b, 0, b.length).indexOf('<map>') + 5;
  const view = new DataView(b.buffer, b.byteOffset);
  const offsets = Array.from({ length: 14 }, (_, i) => Number(view.getBigUint64(at + 8 * i, true)));
  const tags = ['<stata_dta>', '<map>', '<variable_types>', '<varnames>', '<sortlist>', '<formats>', '<value_label_names>', '<variable_labels>', '<characteristics>', '<data>', '<strls>', '<value_labels>', '</stata_dta>'];
  tags.forEach((tag, i) => {
    assert.equal(latin1(b, offsets[i] ?? 0, (offsets[i] ?? 0) + tag.length), tag);
  });
  assert.equal(offsets[13], b.length);
});

test('.a–.d are the doubles 2^1023·(1 + k/4096) for k = 1…4 (Stata dta documentation, missing values)', () => {
  const d = flagshipFixture();
  const only: Dataset = { ...d, variables: d.variables.filter((v) => v.name === 'children') };
  const b = writeDta(only);
  const data = latin1(b, 0, b.length).indexOf('<data>') + 6;
  const view = new DataView(b.buffer, b.byteOffset);
  const got = Array.from({ length: 6 }, (_, r) => view.getFloat64(data + 8 * r, true));
  const dot = (k: number): number => 2 ** 1023 * (1 + k / 4096);
  assert.deepEqual(got, [dot(1), dot(1), dot(2), dot(3), dot(4), dot(1)]);
});

test('names longer than 32 characters or reserved in Stata are renamed uniquely', () => {
  const d = flagshipFixture();
  const long = 'a'.repeat(40);
  const renamed: Dataset = { ...d, variables: [{ ...d.variables[1]!, name: long }, { ...d.variables[2]!, name: `${long}b` }, { ...d.variables[3]!, name: 'in' }] };
  const names = dtaNames(renamed);
  assert.deepEqual([...names.values()], ['a'.repeat(32), `${'a'.repeat(30)}_1`, 'in_1']);
});
