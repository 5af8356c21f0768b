// Property: random datasets written as .sav and .dta read back through readstat with the same cells.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Dataset, Variable } from '../../src/analysis/dataset.ts';
import { parseCsv } from '../../src/analysis/datapackage.ts';
import { MISSING_CODE, missingKindOfIndex } from '../../src/instrument/missing.ts';
import { writeDta } from '../../src/export/dta/write.ts';
import { writeSav } from '../../src/export/sav/write.ts';
import { datasetArb } from './fixtures.ts';
import { requireTool, run, tempFile } from './tools.ts';

/** Stata treats doubles from 2^1023 up as missing codes; survey values never come near, so the property stays below. */
const inStataRange = (d: Dataset): boolean => d.variables.every((v) => v.type === 'text' || v.values.every((x) => Number.isNaN(x) || Math.abs(x) < 1e300));

/** readstat prints numbers with six decimals: equal within half a unit of the last digit. */
function sameNumber(cell: string, want: number): boolean {
  if (Number.isNaN(want)) return cell === '';
  return Math.abs(Number(cell) - want) <= 5e-7 + 1e-12 * Math.abs(want);
}

function check(d: Dataset, format: 'sav' | 'dta'): void {
  const file = tempFile(`p.${format}`, format === 'sav' ? writeSav(d) : writeDta(d));
  const out = run('readstat', [file, '-']);
  assert.equal(out.status, 0, out.stderr);
  if (d.variables.length === 0) return;
  const parsed = parseCsv(out.stdout, file);
  assert.ok(parsed.ok);
  const rows = parsed.value.rows.slice(1);
  assert.equal(rows.length, d.n);
  rows.forEach((row, r) => {
    d.variables.forEach((v: Variable, c) => {
      const cell = row[c] ?? '';
      const kind = missingKindOfIndex(v.missing[r] ?? 0);
      if (v.type === 'text') {
        const want = kind === undefined ? (v.values[r] ?? '') : '';
        // SPSS pads strings with spaces, so readers cannot keep trailing spaces; readstat trims them from .dta too.
        assert.equal(cell.trimEnd(), want.trimEnd(), `${format} ${v.name} row ${r}`);
        return;
      }
      const want = kind === undefined ? (v.values[r] ?? Number.NaN) : format === 'sav' ? MISSING_CODE[kind] : Number.NaN;
      assert.ok(sameNumber(cell, want), `${format} ${v.name} row ${r}: '${cell}' vs ${want}`);
    });
  });
}

test('random datasets read back through readstat from .sav and .dta (property)', (t) => {
  if (!requireTool(t, 'readstat', 'readstat')) return;
  fc.assert(
    fc.property(datasetArb.filter(inStataRange), (d) => {
      check(d, 'sav');
      check(d, 'dta');
    }),
    { numRuns: 60 },
  );
});
