// The syntax files beside the data: PSPP runs the .sps without errors and shows the missing kinds labelled in the
// study's language; R sources load.R and gets labels and user-missing values on every numeric variable.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pick } from '../../src/core/text.ts';
import { exportDataset } from '../../src/export/export.ts';
import { MISSING_LABELS } from '../../src/export/labels.ts';
import { flagshipFixture } from './fixtures.ts';
import { requireTool, run } from './tools.ts';

function exported(format: 'csv' | 'sav'): string {
  const dir = mkdtempSync(join(tmpdir(), 'portas-syntax-'));
  for (const f of exportDataset({ dataset: flagshipFixture(), gate: 'test', notes: [] }, format, { language: 'ru' })) writeFileSync(join(dir, f.name), f.bytes);
  return dir;
}

test('PSPP runs the .sps beside the .sav without errors and shows every missing kind labelled in Russian', (t) => {
  if (!requireTool(t, 'pspp', 'pspp')) return;
  const dir = exported('sav');
  const script = join(dir, 'check.sps');
  // The generated syntax, then what an analyst would look at first.
  writeFileSync(script, `CD ${JSON.stringify(dir).replaceAll('"', "'")}.\nINCLUDE FILE='serbia-2024.sps'.\nDISPLAY DICTIONARY.\n`);
  const r = run('pspp', ['-O', 'format=txt', '-o', join(dir, 'out.txt'), script]);
  const out = run('cat', [join(dir, 'out.txt')]).stdout;
  assert.equal(r.status, 0, r.stdout + r.stderr + out);
  assert.doesNotMatch(out + r.stdout + r.stderr, /error/i);
  for (const kind of ['skipped', 'not_applicable', 'dont_know', 'refused', 'suppressed'] as const) assert.ok(out.includes(MISSING_LABELS[kind].ru), `${kind}: ${MISSING_LABELS[kind].ru}`);
  // The dictionary table wraps "-99 THRU -95" over lines of its Missing column.
  assert.match(out, /\|sex +\|F8\.0 +\|-99 +\|\n\| +\| +\|THRU +\|\n\| +\| +\|-95 +\|/, 'the missing codes are declared');
});

test('R sources load.R beside data.csv: labels, value labels and user-missing codes on each numeric variable', (t) => {
  if (!requireTool(t, 'Rscript', 'r-base-core r-cran-haven')) return;
  const dir = exported('csv');
  const check = 'setwd(commandArgs(TRUE)[1]); source("load.R"); for (n in names(d)) cat(n, gsub("\\n", " ", attr(d[[n]], "label")), sum(is.na(d[[n]])), gsub("\\n", " ", paste(names(attr(d[[n]], "labels")), collapse = "|")), "\\n", sep = "\\t")';
  const r = run('Rscript', ['-e', check, dir]);
  assert.equal(r.status, 0, r.stderr);
  const rows = new Map(r.stdout.trim().split('\n').map((line) => { const [name = '', ...rest] = line.split('\t'); return [name, rest]; }));
  const d = flagshipFixture();
  for (const v of d.variables.filter((x) => x.type !== 'text')) {
    const [label, missing, labels] = rows.get(v.name) ?? [];
    assert.equal(label, pick(v.label, 'ru').replace(/\n/g, ' '), `${v.name}: label`);
    assert.equal(Number(missing), v.missing.filter((m) => m !== 0).length, `${v.name}: user-missing count`);
    for (const k of v.missingKinds) assert.ok((labels ?? '').includes(MISSING_LABELS[k].ru), `${v.name}: ${k} labelled`);
  }
});
