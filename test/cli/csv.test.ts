import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseCsv } from '../../src/study/csv.ts';

test('RFC 4180: quoted commas, doubled quotes, line breaks inside quotes, CRLF, BOM, empty fields', () => {
  const r = parseCsv('\ufeffa,b,c\r\n"x,1","he said ""hi""",\r\n"two\nlines",,z\r\n');
  assert.ok(r.ok);
  assert.deepEqual(r.table.header, ['a', 'b', 'c']);
  assert.deepEqual(r.table.rows.map((x) => x.cells), [['x,1', 'he said "hi"', ''], ['two\nlines', '', 'z']]);
  assert.deepEqual(r.table.rows.map((x) => x.line), [2, 3]);
});

test('malformed CSV is reported with its line', () => {
  assert.deepEqual(parseCsv('a,b\n1,2\n3\n'), { ok: false, line: 3, message: '1 fields, the header has 2' });
  assert.deepEqual(parseCsv('a\n"open\n'), { ok: false, line: 2, message: 'a quoted cell is never closed' }, 'the line where the quote opened');
  assert.equal(parseCsv('a\nx"y\n').ok, false);
});

test('property: any table written with RFC 4180 quoting reads back unchanged', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', ' ', 'я') }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }), (rows) => {
      const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
      const text = ['h1,h2,h3', ...rows.map((r) => r.map(q).join(','))].join('\r\n');
      const back = parseCsv(text);
      return back.ok && JSON.stringify(back.table.rows.map((r) => r.cells)) === JSON.stringify(rows);
    }),
  );
});
