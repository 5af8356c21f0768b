// #20: the fast estimators, bootstrap, disclosure and export paths change no number of the flagship.
// The fixture is written by test/analysis/flagship-numbers.ts (#20 was checked against the code at 94e99cb; the fixture
// was written again after #15 and #19 changed numbers and files on purpose).
// A deliberate change to a number (or to an export's bytes) regenerates it; a speed-up never should.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { flagshipNumbers, type FlagshipNumbers } from './flagship-numbers.ts';

const before = JSON.parse(readFileSync('test/analysis/flagship-numbers.json', 'utf8')) as FlagshipNumbers;
const now = flagshipNumbers();

test('the fixture holds the whole report (estimates, intervals, counts) and every export', () => {
  assert.ok(Object.keys(before.report).length > 1000, String(Object.keys(before.report).length));
  assert.ok(Object.keys(before.report).some((k) => k.endsWith('.weighted.low')), 'bootstrap interval bounds are among them');
  for (const file of ['csv/data.csv', 'csv/datapackage.json', 'sav/russians-in-serbia.sav', 'zsav/russians-in-serbia.zsav', 'dta/russians-in-serbia.dta']) assert.ok(file in before.exports, file);
});

test('every number of report.json (1,000 replicates) is what the fixture holds', () => {
  assert.deepEqual(now.report, before.report);
});

test('the released dataset and every export file are byte-for-byte what the fixture holds', () => {
  assert.deepEqual(now.released, before.released);
  assert.deepEqual(now.exports, before.exports);
});
