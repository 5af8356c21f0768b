// The Report tab's report.yaml editor, called as route handlers: a new study's default report, an invalid save refused
// with located problems and the old file kept, a valid save used by the next report, a reset, the last report's warnings.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { syntheticDataset } from '../../bench/synthetic-study.ts';
import { saveReportWarnings } from '../../src/studio/data/report-warnings.ts';
import type { StudioResponse } from '../../src/studio/route.ts';
import { createFromYaml } from '../../src/studio/studies/create.ts';
import { routes } from '../../src/studio/studies/routes.ts';
import { reportDir, studyDir } from '../../src/studio/workspace.ts';
import { writeReport } from '../../src/study/report.ts';

const ws = mkdtempSync(join(tmpdir(), 'portas-report-editor-'));
after(() => {
  rmSync(ws, { recursive: true, force: true });
});
const created = createFromYaml(ws, readFileSync('studies/russians-in-serbia/instrument.yaml', 'utf8'));
const ID = created.ok ? created.id : 'none';
const specFile = join(studyDir(ws, ID), 'report.yaml');

/** Calls the Report tab's route PATTERN (`/studies/:study/…`) for this study as the studio server would; the anti-forgery check is the server's. */
async function call(method: 'GET' | 'POST', pattern: string, form: Record<string, string> = {}, lang: 'en' | 'ru' = 'en', query = ''): Promise<StudioResponse> {
  const route = routes.find((r) => r.method === method && r.pattern === pattern) ?? assert.fail(`no route for ${method} ${pattern}`);
  const path = pattern.replace(':study', ID);
  return route.handle({ method, path, params: { study: ID }, query: new URLSearchParams(query), form: new Map(Object.entries(form)), files: new Map(), ctx: { workspace: ws, csrfToken: 'test', lang } });
}
const page = (r: StudioResponse, status = 200): string => {
  if (r.kind !== 'html') assert.fail(`expected a page, got ${r.kind}`);
  assert.equal(r.status ?? 200, status);
  return r.html;
};
const ONE_FIGURE = `study: ${ID}\r\ntitle: { ru: "Пробный отчёт", en: "Trial report" }\r\nsubtitle: { ru: "Проба", en: "Trial" }\r\nsections:\r\n  - key: who\r\n    title: { ru: "Кто", en: "Who" }\r\n    blocks:\r\n      - figure: sex_only\r\n        title: { ru: "Пол", en: "Sex" }\r\n        item: sex\r\n        base: answered\r\n`;

test('a study made in the studio has the default report.yaml, shown in the Report tab’s editor', async () => {
  assert.ok(created.ok);
  assert.match(readFileSync(specFile, 'utf8'), /^# Untouched default report[^\n]*\n# The default report: a figure for every question/);
  const html = page(await call('GET', '/studies/:study/report'));
  assert.match(html, /<textarea id="spec-text" name="spec"[^>]*># Untouched default report/);
  assert.match(html, /action="\/studies\/russians-in-serbia\/report\/reset"/);
});

test('an invalid save is refused with each problem at its line, and the saved file is kept', async () => {
  const before = readFileSync(specFile, 'utf8');
  const unknownItem = ONE_FIGURE.replace('item: sex', 'item: gender');
  const html = page(await call('POST', '/studies/:study/report/spec', { spec: unknownItem, do: 'save' }), 422);
  assert.match(html, /Not saved: the report spec below has problems/);
  assert.match(html, /report\.yaml, line 10, column 15<\/span><pre class="line">10 \| {9}item: gender<\/pre>sex_only\.item names an item the instrument does not have: no item &#39;gender&#39;/);
  assert.match(html, /item: gender\n {8}base: answered\n<\/textarea>/, 'the edited text stays in the box');
  assert.equal(readFileSync(specFile, 'utf8'), before);
  const syntax = page(await call('POST', '/studies/:study/report/spec', { spec: ONE_FIGURE.replace('sections:', 'sections: ['), do: 'save' }, 'ru'), 422);
  assert.match(syntax, /Не сохранено/);
  assert.match(syntax, /report\.yaml, строка \d+, столбец \d+/);
  assert.equal(readFileSync(specFile, 'utf8'), before);
  const checked = page(await call('POST', '/studies/:study/report/spec', { spec: ONE_FIGURE, do: 'check' }));
  assert.match(checked, /No problems found \(nothing was saved\)/);
  assert.equal(readFileSync(specFile, 'utf8'), before, 'a check writes nothing');
});

test('a valid save is written and used by the next report; its warnings show in the Report tab', async () => {
  const saved = await call('POST', '/studies/:study/report/spec', { spec: ONE_FIGURE, do: 'save' });
  assert.deepEqual(saved, { kind: 'redirect', location: `/studies/${ID}/report?done=saved#blocks` });
  assert.equal(readFileSync(specFile, 'utf8'), ONE_FIGURE.replace(/\r\n/g, '\n'));
  const r = await writeReport({ studyDir: studyDir(ws, ID), dataset: syntheticDataset(12, 3), out: reportDir(ws, ID), seed: 1, replicates: 50 });
  assert.ok(r.ok);
  assert.deepEqual(r.value.model.sections.flatMap((s) => s.blocks.map((b) => b.key)), ['sex_only']);
  assert.equal(r.value.model.title['en'], 'Trial report');
  saveReportWarnings(ws, ID, [...r.value.warnings, { code: 'report.hidden-cells', severity: 'warning', subject: 'Fig. 1 “Sex”', message: '1 of 2: fewer than 5 respondents in a cell', position: { file: specFile, line: 8, column: 9 } }]);
  const html = page(await call('GET', '/studies/:study/report', {}, 'en', 'done=saved'));
  assert.match(html, /Saved\. The next report made on the Data screen uses it\./);
  assert.match(html, /What disclosure control hid/);
  assert.match(html, /report\.yaml, line 8, column 9<\/span>some numbers of Fig\. 1 “Sex” are hidden to protect respondents/);
});

test('reset brings the default report back and keeps the previous one beside it', async () => {
  const reset = await call('POST', '/studies/:study/report/reset');
  assert.deepEqual(reset, { kind: 'redirect', location: `/studies/${ID}/report?done=reset#blocks` });
  assert.match(readFileSync(specFile, 'utf8'), /^# Untouched default report/);
  const previous = join(studyDir(ws, ID), 'report.previous.yaml');
  assert.ok(existsSync(previous));
  assert.equal(readFileSync(previous, 'utf8'), ONE_FIGURE.replace(/\r\n/g, '\n'));
});

test('an untouched default report follows the questionnaire; an edited one is left alone', async () => {
  const instrumentFile = join(studyDir(ws, ID), 'instrument.yaml');
  const original = readFileSync(instrumentFile, 'utf8');
  writeFileSync(instrumentFile, original.replace('en: "Your sex"', 'en: "Your sex (as you see it)"'));
  try {
    assert.match(original, /en: "Your sex"/);
    page(await call('GET', '/studies/:study/report'));
    assert.match(readFileSync(specFile, 'utf8'), /en: "Your sex \(as you see it\)"/, 'made again from the edited questionnaire');
  } finally {
    writeFileSync(instrumentFile, original);
  }
  page(await call('GET', '/studies/:study/report'));
  assert.match(readFileSync(specFile, 'utf8'), /en: "Your sex" \}/);
});

test('the list of figures leaves a block out and renames another, through the same check; comments stay', async () => {
  const html = page(await call('GET', '/studies/:study/report'));
  assert.match(html, /<input type="checkbox" name="keep-sex" value="1" checked>/);
  assert.match(html, /name="title-sex-en" value="Your sex"/);
  const before = readFileSync(specFile, 'utf8');
  assert.match(before, /- figure: age\n/);
  const saved = await call('POST', '/studies/:study/report/blocks', { 'listed-sex': '1', 'keep-sex': '1', 'title-sex-en': 'Gender', 'title-sex-ru': 'Ваш пол', 'listed-age': '1' });
  assert.deepEqual(saved, { kind: 'redirect', location: `/studies/${ID}/report?done=saved#blocks` });
  const after = readFileSync(specFile, 'utf8');
  assert.doesNotMatch(after, /- figure: age\n/, 'the unticked block is gone');
  assert.match(after, /- figure: sex\n {8}title: \{ ru: "Ваш пол", en: "?Gender"? \}/);
  assert.match(after, /^# Untouched default report[^\n]*\n# The default report/, 'the comments at the top are kept');
  assert.match(after, /- figure: [a-z_]+\n/, 'the blocks not listed in the form stay');
});

test('once edited, report.yaml no longer follows the questionnaire', async () => {
  const edited = readFileSync(specFile, 'utf8');
  page(await call('GET', '/studies/:study/report'));
  assert.equal(readFileSync(specFile, 'utf8'), edited);
});
