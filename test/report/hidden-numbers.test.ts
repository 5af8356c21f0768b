// A small study's report: the flagship's report.yaml over 30 respondents, where disclosure control hides numbers its
// texts quote. The report is written anyway, with visible placeholders, a disclosure note and one located warning each.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { syntheticDataset } from '../../bench/synthetic-study.ts';
import { renderDiagnostic } from '../../src/core/diagnostic.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { hiddenPlaceholder } from '../../src/report/hidden-numbers.ts';
import { computeReport } from '../../src/report/compute.ts';
import { loadReportSpec } from '../../src/report/spec.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { DEFAULT_POLICY } from '../../src/disclosure/index.ts';
import { readBenchmarksFile } from '../../src/study/benchmarks-file.ts';
import { writeReport } from '../../src/study/report.ts';

const FLAGSHIP = 'studies/russians-in-serbia';
const out = mkdtempSync(join(tmpdir(), 'portas-hidden-'));
after(() => {
  rmSync(out, { recursive: true, force: true });
});

const written = writeReport({ studyDir: FLAGSHIP, dataset: syntheticDataset(30, 3), out, seed: 1, replicates: 50 });
const specLines = readFileSync(join(FLAGSHIP, 'report.yaml'), 'utf8').split('\n');

test('30 respondents: the report is written, every text number the gate hides is a placeholder, never a number or a bare reference', async () => {
  const r = await written;
  if (!r.ok) assert.fail(r.error.map((d) => renderDiagnostic(d, 'en')).join('\n'));
  const model = r.value.model;
  for (const lang of ['en', 'ru'] as const) {
    const texts = [model.summary?.[lang] ?? '', ...model.sections.map((s) => s.narrative?.[lang] ?? '')].join('\n');
    assert.ok(texts.includes(hiddenPlaceholder(lang, 5)), `a ${lang} placeholder is in the texts`);
    assert.doesNotMatch(texts, /\{[a-z_.0-9|]+\}/, `no reference is left unfilled in ${lang}`);
    const html = readFileSync(join(out, `report.${lang}.html`), 'utf8');
    assert.ok(html.includes(`<span class="suppressed">${hiddenPlaceholder(lang, 5)}</span>`), `report.${lang}.html marks the placeholder`);
  }
  // The note under the report says the text lost numbers, in both languages.
  const note = model.disclosure.lines.find((l) => /number\(s\) in the text hidden/.test(l['en'] ?? ''));
  assert.ok(note !== undefined && /в тексте скрыто чисел/.test(note['ru'] ?? ''), 'the disclosure note names the hidden text numbers');
});

test('one located warning per text and per block that lost numbers, readable in en and ru', async () => {
  const r = await written;
  if (!r.ok) assert.fail('the report failed');
  const warnings = r.value.warnings;
  const texts = warnings.filter((d) => d.code === 'report.hidden-in-text');
  // The summary and the three narratives that quote hidden cells at this size: one warning each, not one per number or language.
  assert.deepEqual(texts.map((d) => d.position?.line), [23, 63, 268, 303]);
  assert.match(specLines[22] ?? '', /^ {2}(en|ru):/, 'line 23 is where the summary is written');
  for (const d of warnings) {
    assert.equal(d.severity, 'warning');
    assert.ok(d.position?.file.endsWith('report.yaml') === true && d.position.line > 0, `${d.subject ?? ''} is located in report.yaml`);
    assert.ok(d.hint !== undefined && d.hint.length > 20, 'a hint says what to do');
  }
  const summary = texts[0];
  assert.ok(summary !== undefined);
  assert.match(renderDiagnostic(summary, 'en'), /report\.yaml:23:3: warning: the text of Summary quotes a number that is hidden to protect respondents.*\{figures\.education\.rows\.education\.cells\.higher\.percent\} \(Fig\. 4 “Education”, higher\)/);
  assert.match(renderDiagnostic(summary, 'ru'), /предупреждение: текст Summary приводит число, скрытое для защиты респондентов/);
  const blocks = warnings.filter((d) => d.code === 'report.hidden-cells');
  assert.ok(blocks.length > 5, 'figures with hidden cells are named');
  assert.equal(new Set(blocks.map((d) => d.subject)).size, blocks.length, 'one warning per block');
  const fig = blocks.find((d) => d.subject?.startsWith('Fig. 4') === true);
  assert.match(specLines[(fig?.position?.line ?? 0) - 1] ?? '', /- figure: education$/, 'the figure warning points at its block');
});

test('a reference to nothing still fails, located at its text in plain words', () => {
  const ins = loadInstrumentYaml(readFileSync(join(FLAGSHIP, 'instrument.yaml'), 'utf8'), 'instrument.yaml').instrument;
  assert.ok(ins !== undefined);
  const yaml = readFileSync(join(FLAGSHIP, 'report.yaml'), 'utf8').replace('{figures.education.rows.education.cells.higher.percent}', '{figures.educatoin.rows.education.cells.higher.percent}');
  const spec = loadReportSpec(yaml, 'report.yaml', ins);
  assert.ok(spec.ok);
  const benchmarks = readBenchmarksFile(join(FLAGSHIP, 'population-benchmarks.json'));
  assert.ok(benchmarks.ok);
  const r = computeReport(spec.value, syntheticDataset(30, 3), { rng: xoshiro128ss(1), policy: DEFAULT_POLICY, replicates: 2, benchmarks: benchmarks.value });
  assert.ok(!r.ok, 'a misspelt reference is an error');
  const d = r.error.find((x) => x.code === 'report.unknown-reference');
  assert.ok(d !== undefined);
  assert.equal(d.position?.line, 23);
  assert.match(renderDiagnostic(d, 'en'), /^report\.yaml:23:3: error: the text of summary\.en refers to a number the report does not have: \{figures\.educatoin\.rows\.education\.cells\.higher\.percent\} names no number of this report — a reference is/);
});
