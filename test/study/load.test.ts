// loadStudy: one place that reads a study folder, every problem located at file:line:col.

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { loadStudy } from '../../src/study/index.ts';

test('the flagship loads whole: instrument, disclosure policy, report spec, benchmarks; no key yet, no errors', async () => {
  const { study, diagnostics } = await loadStudy('studies/russians-in-serbia');
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic), []);
  assert.ok(study !== undefined);
  assert.equal(study.id, 'russians-in-serbia');
  assert.deepEqual(study.instrument.languages, ['ru', 'en']);
  assert.equal(study.publicKey, undefined);
  assert.equal(study.disclosure.policy.k, 5);
  assert.ok(study.reportSpec !== undefined);
  assert.ok((study.benchmarks?.length ?? 0) > 0);
  assert.equal(study.settings.couponsPerRespondent, 3);
  assert.equal(study.synthetic, false);
});

test('problems in study.yaml and disclosure.yaml are located at the line and column of their key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-study-load-'));
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(dir, 'instrument.yaml'));
  writeFileSync(join(dir, 'study.yaml'), '# settings\nperiod: week\ncoupons_per_respondent: 99\ncolour: blue\n');
  writeFileSync(join(dir, 'disclosure.yaml'), 'k: 5\nrecodes:\n  age: age7\n');
  writeFileSync(join(dir, 'study.pub'), 'not a key\n');
  const { study, diagnostics } = await loadStudy(dir);
  const lines = diagnostics.map(formatDiagnostic);
  assert.ok(lines.includes(`${join(dir, 'study.yaml')}:3:1: error: a study setting is not valid: coupons_per_respondent must be a whole number from 0 to 20`), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith(`${join(dir, 'study.yaml')}:4:1: error: a study setting is not valid: unknown setting 'colour'`)), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith(`${join(dir, 'disclosure.yaml')}:3:3: error: a disclosure setting is not valid: recodes.age: the instrument declares no recode 'age7'`)), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith(`${join(dir, 'study.pub')}:1:1: error: the study has no usable public key (study.pub): no age recipient`)), lines.join('\n'));
  assert.equal(study, undefined, 'a disclosure policy that does not load leaves no usable study');
});

test('a folder without instrument.yaml, and a broken instrument: located diagnostics, no study, no throw', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'portas-study-empty-'));
  const none = await loadStudy(empty);
  assert.equal(none.study, undefined);
  assert.equal(none.diagnostics[0]?.code, 'study.not-a-study');
  writeFileSync(join(empty, 'instrument.yaml'), 'study: x\nversion: 1\nlanguages: [en]\ntitle: {en: T}\ntexts: {}\nsections:\n  - name: a\n    title: {en: A}\n    items:\n      - {name: q, type: nonsense, label: {en: Q}}\n');
  const broken = await loadStudy(empty);
  assert.equal(broken.study, undefined);
  assert.ok(broken.diagnostics.some((d) => d.severity === 'error' && d.position?.file === join(empty, 'instrument.yaml') && d.position.line > 1), broken.diagnostics.map(formatDiagnostic).join('\n'));
});
