import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { csvCell, readCsvRecords } from '../../src/core/csv.ts';
import { parseNumericCsv } from '../../src/analysis/numeric-csv.ts';

/** Writes cells the way RFC 4180 says: quote a cell that holds a comma, quote or line break. */
const writeCsv = (rows: readonly (readonly string[])[]): string => rows.map((r) => r.map(csvCell).join(',')).join('\r\n');

test('reads back whatever a writer quoting by RFC 4180 wrote, with the line each record starts on', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', 'я', ',', '"', '\n', '\r', ' ') }), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (rows) => {
      const read = readCsvRecords(writeCsv(rows));
      assert.ok(read.ok);
      assert.deepEqual(read.value.map((r) => r.cells), rows);
      let line = 1;
      rows.forEach((row, i) => {
        assert.equal(read.value[i]?.line, line);
        line += 1 + row.join('').split('\n').length - 1;
      });
    }),
  );
});

test('syntax errors name the line and the cell', () => {
  const r = readCsvRecords('a,b\n1,"2\n3,4');
  assert.deepEqual(r, { ok: false, error: { line: 2, cell: 2, message: 'a quoted cell is never closed' } });
  const q = readCsvRecords('a,b\n1,x"y\n');
  assert.deepEqual(q, { ok: false, error: { line: 2, cell: 2, message: 'a quote inside an unquoted cell' } });
  const t = readCsvRecords('"a"b,c');
  assert.ok(!t.ok && t.error.message === 'text follows a closing quote');
  assert.deepEqual(readCsvRecords('\uFEFFa\n\nb\n', { skipBlankLines: true }), { ok: true, value: [{ line: 1, cells: ['a'] }, { line: 3, cells: ['b'] }] });
  assert.deepEqual(readCsvRecords('a\n\nb\n'), { ok: true, value: [{ line: 1, cells: ['a'] }, { line: 2, cells: [''] }, { line: 3, cells: ['b'] }] }, 'in a one-column file an empty line is an empty cell');
});

test('numeric CSV: a quoted header holding a comma no longer shifts the columns', () => {
  const t = parseNumericCsv('"weight, final",x\n1.5,2\n,3\n', 'w.csv');
  assert.ok(t.ok);
  assert.deepEqual(t.value.names, ['weight, final', 'x']);
  assert.deepEqual([...(t.value.columns.get('weight, final') ?? [])], [1.5, Number.NaN]);
  const bad = parseNumericCsv('a,b\n1,2\n3\n', 'w.csv');
  assert.ok(!bad.ok && bad.error.position?.line === 3 && bad.error.code === 'analysis.csv-ragged');
});
