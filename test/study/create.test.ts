// New studies through the Study API: from an XLSForm's bytes (a real form from ../shared/xlsforms/ and the
// flagship exported), from YAML, as a copy of the flagship; then listed.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { exportXlsform } from '../../src/instrument/xlsform/export.ts';
import { copyFlagship, createStudyFromXlsform, createStudyFromYaml, listStudies, loadStudy, previewPage, writeWorkbook } from '../../src/study/index.ts';

const workspace = mkdtempSync(join(tmpdir(), 'portas-study-create-'));

test('a real XLSForm with a repeat: written, the repeat reported at its sheet, row and column', async () => {
  const created = await createStudyFromXlsform(readFileSync('../shared/xlsforms/pyxform_loop.xlsx'), join(workspace, 'loop'), { fileName: 'pyxform_loop.xlsx' });
  assert.equal(created.written, true);
  const repeat = created.source.find((d) => d.severity === 'error' && /repeat 'loop_toilet_types'/.test(d.subject ?? ''));
  assert.deepEqual(repeat?.position, { file: 'pyxform_loop.xlsx:survey', line: 3, column: 1 });
  assert.ok(created.study !== undefined, 'the rest is a usable study');
  const again = await createStudyFromXlsform(readFileSync('../shared/xlsforms/pyxform_loop.xlsx'), join(workspace, 'loop'));
  assert.equal(again.written, false);
  assert.equal(again.diagnostics[0]?.code, 'study.exists');
  const notXlsx = await createStudyFromXlsform(readFileSync('README.md'), join(workspace, 'readme'), { fileName: 'README.md' });
  assert.equal(notXlsx.written, false);
  assert.match(notXlsx.source[0]?.message ?? '', /cannot read it as an \.xlsx workbook/);
  assert.equal(existsSync(join(workspace, 'readme')), false);
});

test('the flagship as an XLSForm, imported back: two languages, every page previewed in each', async () => {
  const { study } = await loadStudy('studies/russians-in-serbia');
  assert.ok(study !== undefined);
  const form = join(workspace, 'flagship.xlsx');
  await writeWorkbook(form, exportXlsform(study.instrument));
  const created = await createStudyFromXlsform(readFileSync(form), join(workspace, 'from-form'), { fileName: 'flagship.xlsx' });
  assert.deepEqual(created.source, []);
  assert.ok(created.study !== undefined);
  assert.deepEqual(created.study.instrument.languages, ['ru', 'en']);
  for (const lang of created.study.instrument.languages) {
    for (let page = 0; page < created.study.instrument.sections.length; page++) {
      const shown = previewPage(created.study.instrument, lang, page, { action: '/preview' });
      assert.ok(shown.ok);
      assert.match(shown.value.html, new RegExp(`<html lang="${lang}"`));
    }
  }
  const past = previewPage(created.study.instrument, 'en', 99);
  assert.ok(!past.ok);
  const french = previewPage(created.study.instrument, 'fr', 0);
  assert.ok(!french.ok);
  assert.match(french.error[0]?.message ?? '', /'fr' is not a language of this questionnaire \(ru, en\)/);
});

test('from YAML (refused with located errors, written when clean), a copy of the flagship without its replica, then the list', async () => {
  const bad = await createStudyFromYaml('study: Bad Id\nversion: 1\n', join(workspace, 'bad'), { fileName: 'new.yaml' });
  assert.equal(bad.written, false);
  assert.ok(bad.source.some((d) => d.position?.file === 'new.yaml' && d.position.line === 1));
  assert.equal(existsSync(join(workspace, 'bad')), false);
  const good = await createStudyFromYaml(readFileSync('test/instrument/fixtures/mini.yaml', 'utf8'), join(workspace, 'mini'));
  assert.equal(good.written, true);
  assert.equal(good.study?.id, 'mini-study');
  const flagship = await copyFlagship(join(workspace, 'flagship'));
  assert.equal(flagship.study?.id, 'russians-in-serbia');
  assert.deepEqual(readdirSync(join(workspace, 'flagship')).sort(), ['disclosure.yaml', 'instrument.yaml', 'population-benchmarks.json', 'report.yaml']);
  const list = await listStudies(workspace);
  assert.deepEqual(list.map((s) => s.folder), ['flagship', 'from-form', 'loop', 'mini'], 'folders without instrument.yaml are not studies');
  assert.deepEqual(list.filter((s) => s.folder !== 'loop').map((s) => [s.id, s.keyId, s.errors]), [['russians-in-serbia', undefined, 0], ['russians-in-serbia', undefined, 0], ['mini-study', undefined, 0]]);
});
