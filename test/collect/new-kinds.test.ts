// The new kinds end to end: respondent page (no script) → parsed → sealed → opened → dataset → .sav/.dta → report table.
// Decimal, date at month precision, "specify other" (single and multiple), a constraint, piping and a shuffled list.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import type { Variable } from '../../src/analysis/dataset.ts';
import { fillForm } from '../../src/collect/fill-form.ts';
import { answerFields } from '../../src/collect/form-fields.ts';
import { parsePage } from '../../src/collect/parse-form.ts';
import { completeResponse, startPath, step } from '../../src/collect/path.ts';
import { renderPage, type PageView } from '../../src/collect/render-page.ts';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { generateStudyKey, openerFor, seal } from '../../src/crypto/index.ts';
import { DEFAULT_POLICY } from '../../src/disclosure/index.ts';
import { writeDta } from '../../src/export/dta/write.ts';
import { writeSav } from '../../src/export/sav/write.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import type { Answer, Instrument, Response } from '../../src/instrument/model.ts';
import { computeReport } from '../../src/report/compute.ts';
import type { FigureModel, StatementModel } from '../../src/report/model.ts';
import { loadReportSpec } from '../../src/report/spec.ts';
import { requireTool, run, tempFile } from '../export/tools.ts';

const loaded = loadInstrumentYaml(readFileSync('test/instrument/fixtures/new-kinds.yaml', 'utf8'), 'new-kinds.yaml');
if (loaded.instrument === undefined) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
const instrument: Instrument = loaded.instrument;

function view(page: number, answers: Record<string, Answer>, extra: Partial<PageView> = {}): PageView {
  const section = instrument.sections[page]!;
  return { instrument, lang: 'en', page, position: { n: page + 1, total: 2 }, items: section.items, answers, errors: {}, action: '/s/new-kinds/page', hidden: { state: 's' }, isFirst: page === 0, isLast: page === 1, ...extra };
}

/** A person filling page 1: the date as people write it, "other" typed without ticking, a decimal comma. */
const PERSON: readonly (readonly [string, string])[] = [
  ['q_arrived', '3.2023'],
  ['o_city', 'Суботица'],
  ['q_heard', '1'],
  ['o_heard', 'a <b>colleague</b>'],
  ['q_rent_share', '35,5'],
  ['q_household', '4'],
];

const submit = (html: string, wanted: readonly (readonly [string, string])[]) => {
  const fields = fillForm(html, wanted, ['nav', 'next']);
  if (!fields.ok) throw new Error(fields.error);
  return parsePage(instrument.sections[0]!.items, fields.value, 'en');
};

test('respondent page: no script, every new field is a plain control, and what a person types parses to typed answers', () => {
  const html = renderPage(view(0, {}, { orderSeed: 'r1' }));
  assert.doesNotMatch(html, /<script|javascript:|\son[a-z]+=/i);
  assert.match(html, /<input type="text" inputmode="decimal" autocomplete="off" name="q_rent_share"/);
  assert.match(html, /Year and month, e\.g\. 2022-03/);
  assert.match(html, /name="o_city" maxlength="60"/);
  const parsed = submit(html, PERSON);
  assert.deepEqual(parsed.errors, {});
  assert.deepEqual(parsed.answers, {
    arrived: { kind: 'date', value: '2023-03' },
    city: { kind: 'choice', code: 96, other: 'Суботица' },
    heard: { kind: 'choices', codes: [1, 96], other: 'a <b>colleague</b>' },
    rent_share: { kind: 'decimal', value: 35.5 },
    household: { kind: 'integer', value: 4 },
  });
  // What each kind says a browser sends for these answers (synthetic respondents use it) parses back to them.
  const wanted = instrument.sections[0]!.items.flatMap((item) => (item.kind === 'note' || parsed.answers[item.name] === undefined ? [] : answerFields(item, parsed.answers[item.name]!)));
  assert.deepEqual(submit(renderPage(view(0, {}, { orderSeed: 'r2' })), wanted).answers, parsed.answers);
});

test('checks on the server: constraint message next to the field, bad decimals and dates refused, empty fields are skips', () => {
  const html = renderPage(view(0, {}));
  const broken = submit(html, [['q_household', '15'], ['q_rent_share', '35.55'], ['q_arrived', '13.2023']]);
  assert.deepEqual(Object.keys(broken.errors).sort(), ['arrived', 'household', 'rent_share']);
  assert.equal(broken.errors['household'], 'More than 12? Please check.');
  const shown = renderPage(view(0, {}, { errors: broken.errors }));
  assert.match(shown, /<legend id="l_household">How many people in your household\?<\/legend><p class="err" id="e_household">More than 12\? Please check\.<\/p>/);
  // A constraint never makes an item required; a date before min is refused like a typo.
  assert.deepEqual(submit(html, [['q_arrived', '2021-12']]).errors, { arrived: 'Enter a date from 2022-01 to 2024-12 in the form shown, or leave it empty.' });
  assert.deepEqual(submit(html, []), { answers: {}, errors: {} });
  // "Other" text with another choice ticked is contradictory, and said so.
  assert.deepEqual(Object.keys(submit(html, [['q_city', '1'], ['o_city', 'Ниш']]).errors), ['city']);
});

test('ask again: a skipped question that matters is asked once more, then the skip is accepted', () => {
  const base = instrument.sections[0]!.items.find((i) => i.name === 'rent_share')!;
  const item = { ...base, askAgain: true };
  const page = (errors: Record<string, string>) => renderPage({ ...view(0, {}, { errors }), items: [item] });
  const first = fillForm(page({}), [], ['nav', 'next']);
  assert.ok(first.ok);
  const once = parsePage([item], first.value, 'en');
  assert.deepEqual(once, { answers: {}, errors: { rent_share: 'This question matters a lot to the study. Please answer it if you can — or go on without answering: we will not ask again.' } });
  const shownAgain = page(once.errors);
  assert.match(shownAgain, /<input type="hidden" name="asked_again" value="rent_share">/);
  const second = fillForm(shownAgain, [], ['nav', 'next']);
  assert.ok(second.ok);
  assert.deepEqual(parsePage([item], second.value, 'en'), { answers: {}, errors: {} });
  // An answer is taken the first time, of course.
  const answered = fillForm(page({}), [['q_rent_share', '12']], ['nav', 'next']);
  assert.ok(answered.ok);
  assert.deepEqual(parsePage([item], answered.value, 'en').answers, { rent_share: { kind: 'decimal', value: 12 } });
});

test('shuffled choices: one order per respondent, stable across re-renders, different between respondents', () => {
  const orderOf = (seed: string): string => [...renderPage(view(0, {}, { orderSeed: seed })).matchAll(/name="q_heard" value="(\d+)"/g)].map((m) => m[1]).join(',');
  assert.equal(orderOf('respondent-a'), orderOf('respondent-a'));
  const orders = new Set(Array.from({ length: 12 }, (_, i) => orderOf(`respondent-${i}`)));
  assert.ok(orders.size > 3, `12 respondents saw ${orders.size} orders`);
  // Without a seed (a preview, a test) the list keeps its written order; city is not shuffled at all.
  assert.equal(orderOf('x').split(',').sort().join(','), '1,2,3,96');
  assert.equal([...renderPage(view(0, {})).matchAll(/name="q_heard" value="(\d+)"/g)].map((m) => m[1]).join(','), '1,2,3,96');
});

test('piping: an earlier answer appears in a later label, escaped', () => {
  const earlier: Record<string, Answer> = { city: { kind: 'choice', code: 96, other: '<i>Ниш</i>' } };
  const html = renderPage(view(1, {}, { earlier }));
  assert.match(html, /<legend id="l_[a-z_]+">Do you like &lt;i&gt;Ниш&lt;\/i&gt;\?<\/legend>/);
  assert.match(renderPage(view(1, {}, { earlier: { city: { kind: 'choice', code: 1 } } })), /<legend id="l_[a-z_]+">Do you like Belgrade\?<\/legend>/);
});

/** A complete response built the way the server builds it: the path, then completeResponse. */
function respond(wanted: readonly (readonly [string, string])[]): Response {
  const first = submit(renderPage(view(0, {})), wanted);
  assert.deepEqual(first.errors, {});
  let state = step(instrument, startPath(instrument), { type: 'next', pageAnswers: first.answers });
  state = step(instrument, state, { type: 'next', pageAnswers: {} });
  assert.equal(state.status, 'finished');
  return completeResponse(instrument, state, 'en');
}

const responses: Response[] = [
  respond(PERSON),
  respond([['q_arrived', '2022-10'], ['q_city', '1'], ['q_heard', '2'], ['q_rent_share', '40'], ['q_household', '2']]),
  respond([['m_arrived', 'dk'], ['q_city', '2'], ['q_rent_share', '20.5']]),
  respond([]),
];

test('sealed and opened: the envelope carries the new answers exactly', async () => {
  const key = await generateStudyKey({ kind: 'x25519' });
  for (const response of responses) {
    const sealed = await seal(key.recipient, response);
    assert.ok(sealed.ok);
    const opened = await openerFor(key).open(sealed.value, { study: 'new-kinds', instrumentVersion: '1' });
    assert.ok(opened.ok);
    assert.deepEqual(opened.value, response);
  }
});

const dataset = datasetFromResponses(instrument, responses);
const variable = (name: string): Variable => {
  const v = dataset.variables.find((x) => x.name === name);
  if (v === undefined) throw new Error(`no variable ${name}`);
  return v;
};

test('dataset: typed columns for each kind, the "other" text its own sensitive column', () => {
  assert.deepEqual(dataset.variables.map((v) => `${v.name}:${v.type}`), ['arrived:text', 'city:coded', 'city_other:text', 'heard_1:indicator', 'heard_2:indicator', 'heard_3:indicator', 'heard_96:indicator', 'heard_other:text', 'rent_share:numeric', 'household:numeric', 'city_feel:coded']);
  assert.deepEqual(variable('arrived').values, ['2023-03', '2022-10', '', '']);
  assert.deepEqual([...variable('arrived').missing], [0, 0, 3, 1]); // dont_know = 3, skipped = 1
  assert.deepEqual([...(variable('rent_share').values as Float64Array)].map((x) => (Number.isNaN(x) ? null : x)), [35.5, 40, 20.5, null]);
  const other = variable('city_other');
  assert.deepEqual([other.values, [...other.missing], other.sensitive, other.missingKinds], [['Суботица', '', '', ''], [0, 2, 2, 1], true, ['skipped', 'not_applicable']]);
  assert.deepEqual(dataset.sets.find((s) => s.name === 'heard')?.variables, ['heard_1', 'heard_2', 'heard_3', 'heard_96', 'heard_other']);
});

test('.sav and .dta: R haven reads the decimal, the date text and the other text back', (t) => {
  if (!requireTool(t, 'Rscript', 'r-base-core')) return;
  for (const [reader, bytes, name] of [['haven_sav', writeSav(dataset), 'k.sav'], ['haven_dta', writeDta(dataset), 'k.dta']] as const) {
    const r = run('Rscript', ['test/reference/export/readback.R', reader, tempFile(name, bytes)]);
    assert.equal(r.status, 0, r.stderr);
    const cols = (JSON.parse(r.stdout) as { columns: { name: string; values: (number | string | null)[] }[] }).columns;
    const col = (n: string) => cols.find((c) => c.name === n)?.values;
    assert.deepEqual(col('rent_share')?.slice(0, 3), [35.5, 40, 20.5], reader);
    assert.deepEqual(col('arrived')?.slice(0, 2), ['2023-03', '2022-10'], reader);
    assert.deepEqual(col('city_other')?.[0], 'Суботица', reader);
    assert.deepEqual(col('heard_96'), [1, 0, reader === 'haven_sav' ? -99 : 'NA(a)', reader === 'haven_sav' ? -99 : 'NA(a)'], reader);
  }
});

test('report table: a figure over the "other" choice and a mean of the decimal', () => {
  const spec = loadReportSpec(
    `study: new-kinds
title: { ru: "Т", en: "T" }
subtitle: { ru: "П", en: "S" }
sections:
  - key: s
    title: { ru: "Р", en: "S" }
    blocks:
      - { figure: city, title: { ru: "Г", en: "C" }, item: city, base: answered, categories: [1, 2, 96] }
      - { statement: rent, text: { ru: "А", en: "R" }, item: rent_share, mean: true, base: answered, decimals: 1 }
`,
    'report.yaml',
    instrument,
  );
  if (!spec.ok) throw new Error(spec.error.map(formatDiagnostic).join('\n'));
  const model = computeReport(spec.value, dataset, { rng: xoshiro128ss(1), policy: { ...DEFAULT_POLICY, minCell: 1 }, replicates: 10 });
  if (!model.ok) throw new Error(model.error.map(formatDiagnostic).join('\n'));
  const blocks = model.value.sections.flatMap((s) => s.blocks);
  const figure = blocks.find((b) => b.key === 'city') as FigureModel;
  const cells = figure.rows[0]?.cells ?? {};
  assert.deepEqual([figure.rows[0]?.base.n, cells['1']?.count, cells['2']?.count, cells['96']?.count], [3, 1, 1, 1]);
  const rent = blocks.find((b) => b.key === 'rent') as StatementModel;
  assert.deepEqual([rent.base.n, rent.mean], [3, { value: 32, decimals: 1 }]); // (35.5 + 40 + 20.5) / 3 = 32.0
});
