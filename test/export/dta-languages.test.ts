// Both study languages in one .dta, as Stata's `label language` keeps them, and the .do beside it (issue #15):
// the characteristics are parsed from the file, haven reads it, and the .do names the file's variables and label sets.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pick } from '../../src/core/text.ts';
import { exportDataset } from '../../src/export/export.ts';
import { dtaNames } from '../../src/export/dta/write.ts';
import { valueLabelSets } from '../../src/export/dta/languages.ts';
import { MISSING_LABELS } from '../../src/export/labels.ts';
import { flagshipFixture } from './fixtures.ts';
import { requireTool, run } from './tools.ts';

const d = flagshipFixture();
const design = { weight: 'rds2_weight', replicates: ['rep_1', 'rep_2', 'rep_3'] };
const withWeights = {
  ...d,
  variables: [
    ...d.variables,
    ...['rds2_weight', ...design.replicates].map((name, j) => ({
      name, label: { ru: name, en: name }, item: '', role: 'system' as const, quasiIdentifier: false, sensitive: false,
      missing: new Uint8Array(d.n), missingKinds: [], type: 'numeric' as const, measure: 'scale' as const, values: Float64Array.from({ length: d.n }, (_, i) => (j + 1) / (i + 2)),
    })),
  ],
};
const dir = mkdtempSync(join(tmpdir(), 'portas-dta-languages-'));
const files = exportDataset({ dataset: withWeights, gate: 'test', notes: [], design }, 'dta', { language: 'ru' });
for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
const dta = files.find((f) => f.name.endsWith('.dta'))?.bytes ?? new Uint8Array(0);
const doFile = files.find((f) => f.name.endsWith('.do'));

/** `<ch>` entries of the .dta: [variable, name, contents] (dta 118 layout, 129-byte names). */
function characteristics(b: Uint8Array): [string, string, string][] {
  const text = Buffer.from(b).toString('latin1');
  const start = text.indexOf('<characteristics>') + '<characteristics>'.length;
  const end = text.indexOf('</characteristics>');
  const view = new DataView(b.buffer, b.byteOffset);
  const cstr = (from: number, width: number): string => {
    const slice = b.subarray(from, from + width);
    const nul = slice.indexOf(0);
    return Buffer.from(nul < 0 ? slice : slice.subarray(0, nul)).toString('utf8');
  };
  const out: [string, string, string][] = [];
  for (let at = start; at < end; ) {
    assert.equal(text.slice(at, at + 4), '<ch>');
    const length = view.getUint32(at + 4, true);
    out.push([cstr(at + 8, 129), cstr(at + 8 + 129, 129), cstr(at + 8 + 258, length - 258)]);
    at += 8 + length;
    assert.equal(text.slice(at, at + 5), '</ch>');
    at += 5;
  }
  return out;
}

test('the .dta holds both languages as Stata label languages: _lang_list, _lang_c, per variable _lang_v_en (label) and _lang_l_en (label set)', () => {
  const chars = characteristics(dta);
  const get = (variable: string, name: string): string | undefined => chars.find(([v, n]) => v === variable && n === name)?.[2];
  assert.equal(get('_dta', '_lang_list'), 'ru en');
  assert.equal(get('_dta', '_lang_c'), 'ru');
  const names = dtaNames(withWeights);
  const sets = valueLabelSets(withWeights, names, ['ru', 'en']);
  const sex = d.variables.find((v) => v.name === 'sex');
  assert.ok(sex !== undefined);
  assert.equal(get('sex', '_lang_v_en'), pick(sex.label, 'en'));
  assert.equal(get('sex', '_lang_l_en'), sets.get('sex')?.get('en'));
  assert.equal(get('_dta', '_lang_v_en'), 'serbia-2024 ' + d.instrumentVersion + (d.synthetic ? ' SYNTHETIC' : ''));
  assert.notEqual(sets.get('sex')?.get('en'), sets.get('sex')?.get('ru'));
  // Every variable has its English label; every labelled one its English value-label set, which the file defines.
  const text = Buffer.from(dta).toString('latin1');
  for (const v of withWeights.variables) {
    assert.ok(get(names.get(v.name) ?? v.name, '_lang_v_en') !== undefined, `${v.name}: English label`);
    const en = sets.get(v.name)?.get('en');
    if (en !== undefined) {
      assert.equal(get(names.get(v.name) ?? v.name, '_lang_l_en'), en);
      assert.ok(text.includes(`${en}\0`), `${en} defined`);
    }
  }
});

test('haven reads the .dta: Russian labels in force, the English value labels there for `label language en`', (t) => {
  if (!requireTool(t, 'Rscript', 'r-base-core r-cran-haven')) return;
  const file = join(dir, 'serbia-2024.dta');
  const r = run('Rscript', ['-e', 'd <- haven::read_dta(commandArgs(TRUE)[1]); cat(attr(d$sex, "label"), "\\n"); cat(names(attr(d$sex, "labels")), sep = "|"); cat("\\n", ncol(d), "\\n")', file]);
  assert.equal(r.status, 0, r.stderr);
  const [label = '', labels = '', columns = ''] = r.stdout.split('\n');
  const sex = d.variables.find((v) => v.name === 'sex');
  assert.ok(sex !== undefined && sex.type === 'coded');
  assert.equal(label.trim(), pick(sex.label, 'ru'));
  for (const c of sex.valueLabels) assert.ok(labels.includes(pick(c.label, 'ru')), pick(c.label, 'ru'));
  assert.equal(Number(columns), withWeights.variables.length);
});

test('the .do uses the file, labels every variable in both languages under their Stata names and svysets the design', () => {
  assert.ok(doFile !== undefined);
  const text = new TextDecoder().decode(doFile.bytes);
  const names = dtaNames(withWeights);
  assert.match(text, /^use `"serbia-2024\.dta"', clear$/m);
  assert.match(text, /^label language en$[\s\S]*^label language ru$/m, 'English first, Russian (the one in force) last');
  for (const v of withWeights.variables) assert.match(text, new RegExp(`^label variable ${names.get(v.name) ?? v.name} \``, 'm'), v.name);
  const sets = valueLabelSets(withWeights, names, ['ru', 'en']);
  assert.match(text, new RegExp(`^label values sex ${sets.get('sex')?.get('en') ?? '?'}$`, 'm'));
  assert.match(text, new RegExp(`^label define ${sets.get('sex')?.get('ru') ?? '?'} .*\\.e \`"${MISSING_LABELS.suppressed.ru}"'`, 'm'));
  assert.match(text, /^svyset \[pweight=rds2_weight\], vce\(bootstrap\) bsrweight\(rep_1-rep_3\)$/m);
  for (const line of text.split('\n')) assert.ok(line === '' || line.startsWith('*') || /^(version|use|label|svyset) /.test(line), `a Stata command: ${line}`);
});
