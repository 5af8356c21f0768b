// The .xlsx export, read back by an independent reader (Python's zipfile + ElementTree) and checked by unzip's CRC test.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Variable } from '../../src/analysis/dataset.ts';
import { pick } from '../../src/core/text.ts';
import { MISSING_CODE, missingKindOfIndex } from '../../src/instrument/missing.ts';
import { missingLabel, substantiveLabels } from '../../src/export/labels.ts';
import { columnLetters, writeXlsx } from '../../src/export/xlsx/write.ts';
import { crc32 } from '../../src/export/xlsx/zip.ts';
import { flagshipFixture } from './fixtures.ts';
import { requireTool, run, tempFile } from './tools.ts';

interface Sheet {
  name: string;
  rows: (string | number | null)[][];
}

test('CRC-32 and column letters match their published values', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926); // the CRC catalogue's check value
  assert.deepEqual([0, 25, 26, 51, 52, 701, 702].map(columnLetters), ['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
});

test('the workbook holds values, labels in the chosen language and the variables, cell for cell', (t) => {
  if (!requireTool(t, 'python3', 'python3') || !requireTool(t, 'unzip', 'unzip')) return;
  const d = flagshipFixture();
  const file = tempFile('data.xlsx', writeXlsx(d, { language: 'ru' }));
  const tested = run('unzip', ['-tq', file]);
  assert.equal(tested.status, 0, tested.stdout + tested.stderr);
  const r = run('python3', ['test/reference/export/read-xlsx.py', file]);
  assert.equal(r.status, 0, r.stderr);
  const [values, labels, variables] = JSON.parse(r.stdout) as Sheet[];
  assert.deepEqual([values?.name, labels?.name, variables?.name], ['значения', 'метки', 'переменные']);
  const names = d.variables.map((v) => v.name);
  assert.deepEqual(values?.rows[0], names);
  const expectValue = (v: Variable, row: number): string | number | null => {
    const kind = missingKindOfIndex(v.missing[row] ?? 0);
    if (kind !== undefined) return MISSING_CODE[kind];
    // XML cannot hold most control characters; the reader sees them dropped.
    return v.type === 'text' ? Array.from(v.values[row] ?? '').slice(0, 32_767).join('').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '') : (v.values[row] ?? null);
  };
  for (let row = 0; row < d.n; row++) {
    assert.deepEqual(values.rows[row + 1], d.variables.map((v) => expectValue(v, row)), `values row ${row + 1}`);
    const expectLabel = d.variables.map((v) => {
      const kind = missingKindOfIndex(v.missing[row] ?? 0);
      if (kind !== undefined) return missingLabel(kind, 'ru');
      const x = expectValue(v, row);
      return new Map(substantiveLabels(v, 'ru')).get(x as number) ?? x;
    });
    assert.deepEqual(labels?.rows[row + 1], expectLabel, `labels row ${row + 1}`);
  }
  assert.deepEqual(variables?.rows.slice(1).map((row) => row[0]), names);
  assert.equal(variables.rows[1]?.[1], pick(d.variables[0]!.label, 'ru'));
  // Russian only: the fixed labels of the workbook are never English.
  assert.ok(!JSON.stringify(labels?.rows).includes('not chosen') && !JSON.stringify(labels?.rows).includes('skipped'));
});
