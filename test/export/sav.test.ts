import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset } from '../../src/analysis/dataset.ts';
import { missingDeclaration } from '../../src/export/sav/dictionary.ts';
import { savLayout, segmentWidths } from '../../src/export/sav/layout.ts';
import { savNames, writeSav } from '../../src/export/sav/write.ts';
import { flagshipFixture } from './fixtures.ts';

test('very long strings split as PSPP documents: a 20,000-byte string has 80 segments, the last 92 bytes wide', () => {
  // PSPP developers guide, "Very Long String Record": n = (w + 251) / 252 segments, 255 wide but the last w − (n−1)·252.
  const w = segmentWidths(20000);
  assert.equal(w.length, 80);
  assert.equal(w[0], 255);
  assert.equal(w[79], 20000 - 79 * 252);
  assert.deepEqual(segmentWidths(255), [255]);
  assert.deepEqual(segmentWidths(256), [255, 4]);
});

test('user-missing declarations: at most three discrete codes, else the contiguous range −99…−96', () => {
  assert.deepEqual(missingDeclaration([]), { n: 0, values: [] });
  assert.deepEqual(missingDeclaration(['refused', 'skipped']), { n: 2, values: [-99, -96] });
  assert.deepEqual(missingDeclaration(['dont_know', 'refused', 'not_applicable']), { n: 3, values: [-98, -97, -96] });
  assert.deepEqual(missingDeclaration(['skipped', 'not_applicable', 'dont_know', 'refused']), { n: -2, values: [-99, -96] });
  assert.deepEqual(missingDeclaration(['skipped', 'suppressed']), { n: 2, values: [-99, -95] });
  assert.deepEqual(missingDeclaration(['skipped', 'not_applicable', 'dont_know', 'refused', 'suppressed']), { n: -2, values: [-99, -95] });
});

test('short names are unique 8-byte names; long names avoid SPSS reserved words', () => {
  const d = flagshipFixture();
  const renamed: Dataset = { ...d, variables: [...d.variables, { ...d.variables[1]!, name: 'with' }, { ...d.variables[1]!, name: 'trust_policeman' }] };
  const layout = savLayout(renamed);
  const shorts = layout.flatMap((sv) => sv.segments.map((s) => s.shortName));
  assert.equal(new Set(shorts).size, shorts.length);
  assert.ok(shorts.every((s) => s.length <= 8 && s === s.toUpperCase()));
  assert.equal(savNames(renamed).get('with'), 'with_1');
  const comment = layout.find((sv) => sv.v.name === 'comment');
  assert.ok(comment !== undefined && comment.width > 255 && comment.segments.length === Math.ceil(comment.width / 252));
});

test('the header records the case count, bytecode compression with bias 100, and the file starts with $FL2', () => {
  const b = writeSav(flagshipFixture());
  const view = new DataView(b.buffer, b.byteOffset);
  assert.equal(Buffer.from(b.subarray(0, 4)).toString('latin1'), '$FL2');
  assert.equal(view.getInt32(64, true), 2); // layout code
  assert.equal(view.getInt32(72, true), 1); // compression
  assert.equal(view.getInt32(80, true), 6); // cases
  assert.equal(view.getFloat64(84, true), 100); // bias
});
