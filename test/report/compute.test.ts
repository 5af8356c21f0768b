// computeReport on a small hand-checkable dataset: bases, nets, suppression, RDS-II weights and their intervals, report.json keys.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { datasetFromResponses, type ResponseMeta } from '../../src/analysis/from-responses.ts';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { DEFAULT_POLICY } from '../../src/disclosure/index.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import type { ItemValue, Response } from '../../src/instrument/model.ts';
import { computeReport } from '../../src/report/compute.ts';
import type { FigureModel, ReportModel, StatementModel, AssociationModel, QuotesModel } from '../../src/report/model.ts';
import { reportJson } from '../../src/report/report-json.ts';
import { loadReportSpec } from '../../src/report/spec.ts';

const INSTRUMENT = `study: tiny
version: "1"
languages: [ru, en]
title: { ru: "Т", en: "T" }
texts:
  intro: { ru: "И", en: "I" }
  skip_reminder: { ru: "П", en: "S" }
  stop_reminder: { ru: "С", en: "S" }
  thanks: { ru: "С", en: "T" }
sections:
  - name: p
    title: { ru: "Р", en: "P" }
    items:
      - { name: sex, type: single, label: { ru: "Пол", en: "Sex" }, choices: [{ code: 1, ru: "М", en: "M" }, { code: 2, ru: "Ж", en: "F" }] }
      - { name: age, type: integer, label: { ru: "Возраст", en: "Age" }, min: 18, max: 99 }
      - name: view
        type: single
        label: { ru: "Оценка", en: "View" }
        choices: [{ code: 1, ru: "1", en: "1" }, { code: 2, ru: "2", en: "2" }, { code: 3, ru: "3", en: "3" }, { code: 4, ru: "4", en: "4" }]
        nets: [{ name: pos, ru: "+", en: "+", codes: [1, 2] }, { name: neg, ru: "-", en: "-", codes: [3, 4] }]
        opinion: true
      - { name: acts, type: multiple, label: { ru: "Д", en: "A" }, choices: [{ code: 1, ru: "a", en: "a" }, { code: 2, ru: "b", en: "b" }, { code: 3, ru: "нет", en: "none" }], exclusive: [3] }
      - { name: deg, type: integer, label: { ru: "Сеть", en: "Network" }, min: 0, max: 100 }
      - { name: words, type: long_text, label: { ru: "Слова", en: "Words" }, max_length: 100 }
`;

const SPEC = `study: tiny
title: { ru: "Т", en: "T" }
subtitle: { ru: "П", en: "S" }
degree: deg
sections:
  - key: s
    title: { ru: "Р", en: "S" }
    blocks:
      - { figure: view, title: { ru: "О", en: "V" }, item: view, base: answered, decimals: 1, categories: [1, 2, 3, 4, dont_know, pos, neg] }
      - { figure: view_asked, title: { ru: "О", en: "V" }, item: view, base: asked, categories: [neg, skipped] }
      - { figure: acts, title: { ru: "Д", en: "A" }, item: acts, base: answered }
      - { statement: neg_women, text: { ru: "Ж", en: "W" }, item: view, category: neg, base: { of: answered, where: [{ item: sex, codes: [2] }], label: { ru: "из женщин", en: "of women" } } }
      - { statement: age_mean, text: { ru: "В", en: "A" }, item: age, mean: true, base: answered, decimals: 1 }
      - association: neg_by_sex
        claim: { ru: "Ж", en: "W" }
        measure: { ru: "м", en: "m" }
        item: view
        category: neg
        base: answered
        groups: [{ key: women, label: { ru: "Ж", en: "W" }, where: [{ item: sex, codes: [2] }] }, { key: men, label: { ru: "М", en: "M" }, otherwise: true }]
        expected: higher
      - { quotes: q, title: { ru: "Ц", en: "Q" }, items: [words], max: 2, sex: { item: sex, female: 2, male: 1 }, age: age }
`;

const instrumentLoaded = loadInstrumentYaml(INSTRUMENT, 'tiny.yaml');
if (instrumentLoaded.instrument === undefined) throw new Error(instrumentLoaded.diagnostics.map(formatDiagnostic).join('\n'));
const instrument = instrumentLoaded.instrument;

// 30 respondents. view: 1 ×2, 2 ×8, 3 ×8, 4 ×6, don't know ×5, skipped ×1 (answered base 29, asked 30).
const VIEW: ItemValue[] = [
  ...Array.from({ length: 2 }, () => ({ kind: 'choice', code: 1 }) as const),
  ...Array.from({ length: 8 }, () => ({ kind: 'choice', code: 2 }) as const),
  ...Array.from({ length: 8 }, () => ({ kind: 'choice', code: 3 }) as const),
  ...Array.from({ length: 6 }, () => ({ kind: 'choice', code: 4 }) as const),
  ...Array.from({ length: 5 }, () => ({ kind: 'missing', missing: 'dont_know' }) as const),
  { kind: 'missing', missing: 'skipped' },
];
const sexOf = (i: number): number => (i % 2 === 0 ? 2 : 1);
const degreeOf = (i: number): number => 1 + (i % 5) * 3; // 1, 4, 7, 10, 13
const responses: Response[] = VIEW.map((view, i) => ({
  study: 'tiny',
  instrumentVersion: '1',
  language: 'ru',
  values: {
    sex: { kind: 'choice', code: sexOf(i) },
    age: { kind: 'integer', value: 20 + i },
    view,
    // a: 20 of 30, b: 3 (small), none: 7
    acts: i < 3 ? { kind: 'choices', codes: [1, 2] } : i < 20 ? { kind: 'choices', codes: [1] } : { kind: 'choices', codes: [3] },
    deg: { kind: 'integer', value: degreeOf(i) },
    words: i === 4 || i === 7 || i === 9 ? { kind: 'text', value: `text ${i}` } : { kind: 'missing', missing: 'skipped' },
  },
}));
// Three seeds (0, 1, 2); respondent i ≥ 3 recruited by i − 3.
const meta: ResponseMeta[] = responses.map((_, i) => ({ responseId: `r${i}`, period: `2024-W${10 + Math.floor(i / 10)}`, recruiter: i < 3 ? '' : `r${i - 3}` }));
const dataset = datasetFromResponses(instrument, responses, { meta, synthetic: true });

const specLoaded = loadReportSpec(SPEC, 'tiny-report.yaml', instrument);
if (!specLoaded.ok) throw new Error(specLoaded.error.map(formatDiagnostic).join('\n'));
const spec = specLoaded.value;

function compute(replicates = 40): ReportModel {
  const r = computeReport(spec, dataset, { rng: xoshiro128ss(3), policy: DEFAULT_POLICY, replicates });
  if (!r.ok) throw new Error(r.error.map(formatDiagnostic).join('\n'));
  return r.value;
}
const model = compute();
const blocks = model.sections.flatMap((s) => s.blocks);
const find = (key: string): unknown => blocks.find((b) => b.key === key);
const figure = (key: string): FigureModel => find(key) as FigureModel;
const statement = (key: string): StatementModel => find(key) as StatementModel;

test('bases: answered leaves the skip out, asked keeps it; a filter makes a subgroup', () => {
  const row = figure('view').rows[0];
  assert.deepEqual(row && [row.base.n, row.base.kind], [29, 'answered']);
  const asked = figure('view_asked');
  assert.equal(asked.rows[0]?.base.n, 30);
  const women = statement('neg_women');
  // women are the even rows; of rows 0..28 with an answer, codes 3–4 are rows 10..23: even ones 10,12,…,22 = 7
  assert.deepEqual([women.base.kind, women.base.n, women.cell.count], ['subgroup', 15, 7]);
  assert.equal(women.cell.percent, 47); // 7 / 15 = 46.7 → 47 (0 decimals)
  assert.match(women.base.description['en'] ?? '', /of women \(n = 15\)/);
});

test('nets are the sums of their codes; percentages are rounded to the spec decimals', () => {
  const cells = figure('view').rows[0]?.cells ?? {};
  assert.deepEqual(cells['neg'] && [cells['neg'].count, cells['neg'].percent], [14, 48.3]); // 14 / 29
  assert.deepEqual(cells['3'] && [cells['3'].count, cells['3'].percent], [8, 27.6]);
  const askedCells = figure('view_asked').rows[0]?.cells ?? {};
  assert.deepEqual(askedCells['neg'] && [askedCells['neg'].count, askedCells['neg'].percent], [14, 47]); // 14 / 30
  assert.equal(statement('age_mean').mean?.value, 34.5); // ages 20…49
});

test('a count below the minimum cell is suppressed, with what would reveal it, and said so', () => {
  const cells = figure('view').rows[0]?.cells ?? {};
  assert.deepEqual(cells['1'], { count: null, percent: null, weighted: null }); // 2 respondents
  assert.equal(cells['pos']?.count, null, 'the net holding the one suppressed code would reveal it');
  const shown = Object.values(cells).filter((c) => c.count !== null);
  assert.ok(shown.every((c) => (c.count ?? 0) >= DEFAULT_POLICY.minCell));
  assert.ok(figure('view').notes.some((n) => /suppressed/.test(n['en'] ?? '')));
  // Every figure is numbered, so the log names it by its number.
  assert.ok(model.disclosure.lines.some((l) => new RegExp(`^Fig\\. ${figure('view').number ?? 0}: \\d of 7 cells suppressed`).test(l['en'] ?? '')), 'the log names the figure by its number');
  // Multiple response: option b (3 of 30) alone is withheld; option a (20) shown.
  const acts = figure('acts').rows[0]?.cells ?? {};
  assert.equal(acts['2']?.count, null);
  assert.deepEqual(acts['1'] && [acts['1'].count, acts['1'].percent], [20, 67]);
});

test('weighted cells are RDS-II (1 / degree) with a tree-bootstrap interval that contains them', () => {
  const cell = figure('view').rows[0]?.cells['neg'];
  // By hand: rows 10..23 hold codes 3–4; the base is rows 0..28.
  const w = (i: number): number => 1 / degreeOf(i);
  const sum = (from: number, to: number): number => Array.from({ length: to - from + 1 }, (_, k) => w(from + k)).reduce((a, b) => a + b, 0);
  const expected = Math.round(1000 * (sum(10, 23) / sum(0, 28))) / 10;
  assert.equal(cell?.weighted?.percent, expected);
  for (const b of blocks) {
    if (b.kind !== 'figure') continue;
    for (const row of b.rows) {
      for (const c of Object.values(row.cells)) {
        if (c.weighted === null || c.weighted === undefined) continue;
        assert.ok(c.weighted.low <= c.weighted.percent && c.weighted.percent <= c.weighted.high, `${b.key}: ${JSON.stringify(c.weighted)}`);
      }
    }
  }
});

test('the same seed gives the same model; sample, methods and synthetic come from the data', () => {
  assert.deepEqual(compute(), model);
  assert.deepEqual(model.sample, { n: 30, firstPeriod: '2024-W10', lastPeriod: '2024-W12', seeds: 3, waves: 9 });
  assert.equal(model.synthetic, true);
  const text = model.methods.paragraphs.map((p) => p.text['en'] ?? '').join('\n');
  assert.match(text, /3 seeds; 27 respondents came with a coupon/);
  assert.match(text, /no census margins/);
  assert.match(text, /40 tree-bootstrap replicates/);
  assert.match(text, /counts from 1 to 4 are suppressed/);
});

test('associations: the direction holds or not from the group shares; the test is Rao–Scott on the weights', () => {
  const a = (find as (k: string) => AssociationModel)('neg_by_sex');
  assert.deepEqual(a.groups.map((g) => [g.key, g.base.n, g.cell.count]), [['women', 15, 7], ['men', 14, 7]]);
  assert.equal(a.holds, 7 / 15 > 7 / 14);
  assert.equal(a.holds, false);
  assert.match(a.test?.name ?? '', /Rao–Scott/);
  assert.ok((a.test?.p ?? -1) >= 0 && (a.test?.p ?? 2) <= 1);
});

test('quotes carry sex and age rounded to 5 years, at most `max` per item', () => {
  const q = (find as (k: string) => QuotesModel)('q');
  assert.deepEqual(q.quotes, [
    { text: 'text 4', attribution: { ru: 'Женщина, ≈ 25 лет', en: 'Female, ≈ 25 years of age' } }, // age 24
    { text: 'text 7', attribution: { ru: 'Мужчина, ≈ 25 лет', en: 'Male, ≈ 25 years of age' } }, // age 27
  ]);
});

test('report.json: figures by key, rows, categories; statements and associations by key, with base n', () => {
  const j = reportJson(model) as Record<string, Record<string, Record<string, unknown>>>;
  const view = j['figures']?.['view'] as { rows: Record<string, { base: { n: number }; cells: Record<string, { percent: number | null }> }> };
  const row = view.rows['view'];
  assert.deepEqual(row && [row.cells['neg']?.percent, row.base.n], [48.3, 29]);
  assert.equal((j['statements']?.['neg_women'] as { percent: number }).percent, 47);
  assert.equal((j['associations']?.['neg_by_sex'] as { holds: boolean }).holds, false);
});

test('a dataset without recruitment links gives unweighted cells; one from another study is refused', () => {
  const plain = datasetFromResponses(instrument, responses, { synthetic: true });
  const r = computeReport(spec, plain, { rng: xoshiro128ss(1), policy: DEFAULT_POLICY, replicates: 5 });
  assert.ok(r.ok);
  const cell = (r.value.sections[0]?.blocks[0] as FigureModel).rows[0]?.cells['neg'];
  assert.deepEqual(cell, { count: 14, percent: 48.3 });
  assert.equal(r.value.sample.seeds, 0);
  const other = computeReport(spec, { ...dataset, study: 'other' }, { rng: xoshiro128ss(1), policy: DEFAULT_POLICY, replicates: 5 });
  assert.ok(!other.ok && other.error[0]?.code === 'report.wrong-study');
});

test('recruitment links without a network-size item: the methods state the tree and why shares are unweighted', () => {
  const noDegree = loadReportSpec(SPEC.replace('degree: deg\n', ''), 'tiny-report.yaml', instrument);
  if (!noDegree.ok) throw new Error(noDegree.error.map(formatDiagnostic).join('\n'));
  const r = computeReport(noDegree.value, dataset, { rng: xoshiro128ss(1), policy: DEFAULT_POLICY, replicates: 5 });
  if (!r.ok) throw new Error(r.error.map(formatDiagnostic).join('\n'));
  assert.deepEqual([r.value.sample.seeds, r.value.sample.waves], [3, 9]);
  const text = r.value.methods.paragraphs.map((p) => p.text['en'] ?? '').join('\n');
  assert.match(text, /3 seeds; 27 respondents came with a coupon .* the longest chain has 9 waves\. Shares are unweighted: report\.yaml names no network-size question/);
  assert.doesNotMatch(text, /without recruitment links/);
  const ru = r.value.methods.paragraphs.map((p) => p.text['ru'] ?? '').join('\n');
  assert.match(ru, /3 стартовых респондента/);
});
