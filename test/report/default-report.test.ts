// The default report of a new study: made from real XLSForms (../shared/xlsforms) when the study is created, it loads
// against the questionnaire, titles every figure with the question's labels in every language, and generates.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import { renderDiagnostic } from '../../src/core/diagnostic.ts';
import { xoshiro128ss, type Rng } from '../../src/core/rng.ts';
import { isQuestion, itemsOf, type Instrument, type ItemValue, type Response } from '../../src/instrument/model.ts';
import { createStudyFromXlsform } from '../../src/study/create.ts';
import { MAX_CATEGORIES } from '../../src/study/report-default.ts';
import { writeReport } from '../../src/study/report.ts';

const FORMS = '../shared/xlsforms';
const work = mkdtempSync(join(tmpdir(), 'portas-default-report-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});

/** A respondent who answers every choice, battery and integer item at random (other kinds skipped). */
function answers(instrument: Instrument, rng: Rng): Response {
  const values: Record<string, ItemValue> = {};
  const pickOne = <T>(xs: readonly T[]): T => xs[rng.nextInt(xs.length)] as T;
  for (const item of [...itemsOf(instrument)].filter(isQuestion)) {
    if (item.kind === 'single') values[item.name] = { kind: 'choice', code: pickOne(item.choices).code };
    else if (item.kind === 'multiple') values[item.name] = { kind: 'choices', codes: [pickOne(item.choices).code] };
    else if (item.kind === 'battery') values[item.name] = { kind: 'battery', rows: Object.fromEntries(item.rows.map((r) => [r.name, pickOne(item.scale).code])) };
    else if (item.kind === 'integer') values[item.name] = { kind: 'integer', value: item.min + rng.nextInt(Math.min(50, item.max - item.min + 1)) };
    else values[item.name] = { kind: 'missing', missing: 'skipped' };
  }
  return { study: instrument.study, instrumentVersion: instrument.version, language: instrument.languages[0], values };
}

// A CHT form (English), UNHCR's with four language columns, pyxform's loop form (a multiple choice with "specify other").
for (const form of ['cht_pregnancy.xlsx', 'unhcr_xlsformutil_demo_pma_eth.xlsx', 'pyxform_loop.xlsx']) {
  test(`${form}: the study is created with a default report.yaml that generates`, async () => {
    const dir = join(work, form.replace('.xlsx', ''));
    const created = await createStudyFromXlsform(readFileSync(join(FORMS, form)), dir, { fileName: form });
    const study = created.study;
    assert.ok(study !== undefined, created.diagnostics.map((d) => renderDiagnostic(d, 'en')).join('\n'));
    assert.ok(existsSync(join(dir, 'report.yaml')), 'report.yaml is written with the study');
    const specProblems = created.diagnostics.filter((d) => d.position?.file.endsWith('report.yaml') === true);
    assert.deepEqual(specProblems.map((d) => renderDiagnostic(d, 'en')), [], 'the default report loads without a problem');
    const spec = study.reportSpec;
    assert.ok(spec !== undefined);
    const blocks = spec.sections.flatMap((s) => s.blocks);
    const questions = [...itemsOf(study.instrument)].filter(isQuestion);
    const charted = questions.filter((q) => (q.kind === 'single' || q.kind === 'multiple') && q.choices.length <= MAX_CATEGORIES || q.kind === 'battery');
    assert.ok(charted.length > 0, 'the form has questions to chart');
    for (const q of charted) {
      const b = blocks.find((x) => x.key === q.name);
      assert.ok(b?.kind === 'figure', `${q.name} has a figure`);
      assert.deepEqual(b.title, q.label, `${q.name}'s figure is titled with its label in every language (${study.instrument.languages.join(', ')})`);
      assert.equal(b.chart, q.kind === 'battery' ? 'stacked' : q.kind === 'multiple' ? 'multi' : 'bars');
    }
    const rng = xoshiro128ss(7);
    const dataset = datasetFromResponses(study.instrument, Array.from({ length: 30 }, () => answers(study.instrument, rng)), { synthetic: true });
    const r = await writeReport({ studyDir: dir, dataset, out: join(dir, 'report'), seed: 1, replicates: 50 });
    if (!r.ok) assert.fail(r.error.map((d) => renderDiagnostic(d, 'en')).join('\n'));
    assert.equal(r.value.html.length, study.instrument.languages.length, 'an HTML report per language');
    assert.equal(r.value.model.sections.flatMap((s) => s.blocks).length, blocks.length, 'every block is in the report');
    assert.ok(r.value.warnings.every((d) => d.severity === 'warning'));
  });
}
