// The publication parts in isolation: narrative references, the STROBE-RDS list, hatching, suppressed cells kept in place, Russian plurals.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { datasetFromResponses, type ResponseMeta } from '../../src/analysis/from-responses.ts';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { DEFAULT_POLICY } from '../../src/disclosure/index.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import type { Response } from '../../src/instrument/model.ts';
import { NARROW, WIDE } from '../../src/report/charts/chart-layout.ts';
import { hatchGreys } from '../../src/report/charts/hatch.ts';
import { GREYS } from '../../src/report/charts/palette.ts';
import { stackedSpec } from '../../src/report/charts/stacked-spec.ts';
import { computeReport } from '../../src/report/compute.ts';
import type { FigureModel } from '../../src/report/model.ts';
import { fillNarrative, typedNumbers } from '../../src/report/narrative.ts';
import { ruPlural } from '../../src/report/ru-plural.ts';
import { loadReportSpec } from '../../src/report/spec.ts';
import { STROBE_IDS } from '../../src/report/strobe.ts';
import { EVAL_RU } from './fixture-model.ts';

const JSON_DOC = { figures: { f: { number: 3, rows: { sex: { cells: { '1': { percent: 53.2, count: 117 }, '2': { count: null, percent: null } } } } } }, associations: { a: { test: { p: 0.0801 } } }, sample: { n: 222 } };

test('references are filled in the language’s typography; what is not a number in report.json is reported', () => {
  assert.deepEqual(fillNarrative('{figures.f.rows.sex.cells.1.percent} of {sample.n|int}', JSON_DOC, 'en'), { text: '53.2% of 222', unresolved: [], hidden: [] });
  assert.deepEqual(fillNarrative('{figures.f.rows.sex.cells.1.percent} из {sample.n|int}', JSON_DOC, 'ru'), { text: '53,2\u00a0% из 222', unresolved: [], hidden: [] });
  assert.equal(fillNarrative('({associations.a.test.p|p}; Figure {figures.f.number})', JSON_DOC, 'en').text, '(p\u00a0=\u00a00.08; Figure 3)');
  assert.equal(fillNarrative('{figures.f.rows.sex.cells.1.count|int}', JSON_DOC, 'en').text, '117');
  // A suppressed cell's number is withheld: the placeholder stands in for it. An unknown path is named, the text keeps the reference.
  const bad = fillNarrative('{figures.f.rows.sex.cells.2.percent} {figures.g.number} {figures.f.rows.sex.cells.3.percent}', JSON_DOC, 'en', '[hidden]');
  assert.deepEqual(bad, { text: '[hidden] {figures.g.number} {figures.f.rows.sex.cells.3.percent}', unresolved: ['figures.g.number', 'figures.f.rows.sex.cells.3.percent'], hidden: ['figures.f.rows.sex.cells.2.percent'] });
});

test('a number typed by hand is found; years and references are not', () => {
  assert.deepEqual(typedNumbers('In 2022, {sample.n|int} people; 53% men and 12 chains'), ['53', '12']);
  assert.deepEqual(typedNumbers('Since February 2022 and {figures.f.number}'), []);
  assert.deepEqual(typedNumbers('3,5 тысячи'), ['3,5']);
});

// A tiny RDS study: sex and a network size, 30 respondents in three chains.
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
      - { name: deg, type: integer, label: { ru: "Сколько человек вы знаете?", en: "How many do you know?" }, min: 0, max: 999 }
      - { name: q, type: single, label: { ru: "В", en: "Q" }, choices: [{ code: 1, ru: "Да", en: "Yes" }, { code: 2, ru: "Нет", en: "No" }] }
`;
const instrument = loadInstrumentYaml(INSTRUMENT, 'tiny.yaml').instrument;
if (instrument === undefined) throw new Error('the tiny instrument does not load');
const responses: Response[] = Array.from({ length: 30 }, (_, i) => ({
  study: 'tiny',
  instrumentVersion: '1',
  language: 'ru',
  // q = yes for the first 12: 4 women (0, 3, 6, 9), 8 others.
  values: { sex: { kind: 'choice', code: i % 3 === 0 ? 2 : 1 }, deg: { kind: 'integer', value: 1 + (i % 5) * 3 }, q: { kind: 'choice', code: i < 12 ? 1 : 2 } },
}));
const meta: ResponseMeta[] = responses.map((_, i) => ({ responseId: `r${i}`, period: '2024-W10', recruiter: i < 3 ? '' : `r${i - 3}` }));
const dataset = datasetFromResponses(instrument, responses, { meta, synthetic: true });

function specWith(extra: string, narrative: string): string {
  return `study: tiny
title: { ru: "Т", en: "T" }
subtitle: { ru: "П", en: "S" }
degree: deg
${extra}
sections:
  - key: s
    title: { ru: "Р", en: "S" }
    narrative:
      ru: "${narrative}"
      en: "${narrative}"
    blocks:
      - { figure: sex, title: { ru: "Пол", en: "Sex" }, item: sex, base: answered }
`;
}

function compute(yaml: string) {
  const spec = loadReportSpec(yaml, 'tiny-report.yaml', instrument ?? (undefined as never));
  if (!spec.ok) return spec;
  return computeReport(spec.value, dataset, { rng: xoshiro128ss(1), policy: DEFAULT_POLICY, replicates: 5 });
}

test('a narrative that types a number, or names one report.json lacks, is refused with the section and language named', () => {
  const typed = compute(specWith('', 'Men are 67 % of {sample.n|int}.'));
  assert.ok(!typed.ok);
  assert.ok(typed.error.some((d) => d.code === 'report.typed-number' && d.subject === 'sections.s.narrative.en' && /67/.test(d.message)), typed.error.map(formatDiagnostic).join('\n'));
  const unknown = compute(specWith('', 'Men are {figures.sex.rows.sex.cells.9.percent}.'));
  assert.ok(!unknown.ok);
  assert.ok(unknown.error.some((d) => d.code === 'report.unknown-reference' && /cells\.9\.percent/.test(d.message)));
  const good = compute(specWith('', 'Men are {figures.sex.rows.sex.cells.1.percent} of {sample.n|int}.'));
  assert.ok(good.ok, good.ok ? '' : good.error.map(formatDiagnostic).join('\n'));
  assert.equal(good.value.sections[0]?.narrative?.['en'], 'Men are 67% of 30.');
});

test('an association with one group withheld withholds the other too (a figure’s total would reveal it)', () => {
  const yaml = specWith('', 'x').replace(
    '      - { figure: sex, title: { ru: "Пол", en: "Sex" }, item: sex, base: answered }',
    `      - { figure: sex, title: { ru: "Пол", en: "Sex" }, item: sex, base: answered }
      - { figure: qf, title: { ru: "В", en: "Q" }, item: q, base: answered }
      - association: q_women
        claim: { ru: "Ж", en: "W" }
        measure: { ru: "доля", en: "share" }
        item: q
        category: 1
        base: answered
        groups: [{ key: women, label: { ru: "Ж", en: "W" }, where: [{ item: sex, codes: [2] }] }, { key: others, label: { ru: "О", en: "O" }, otherwise: true }]
        expected: higher`,
  );
  const r = compute(yaml);
  assert.ok(r.ok, r.ok ? '' : r.error.map(formatDiagnostic).join('\n'));
  const blocks = r.value.sections[0]?.blocks ?? [];
  const q = blocks.find((b) => b.kind === 'figure' && b.key === 'qf');
  assert.ok(q?.kind === 'figure');
  assert.equal(q.rows[0]?.cells['1']?.count, 12, 'the figure publishes the total');
  const a = blocks.find((b) => b.kind === 'association');
  assert.ok(a?.kind === 'association');
  // Women: 4 (under 5); the others' 8 would give 12 − 8 = 4 away, so both are withheld.
  assert.deepEqual(a.groups.map((g) => g.cell.count), [null, null]);
  assert.deepEqual(a.groups.map((g) => g.cell.weighted), [null, null]);
  assert.ok(r.value.disclosure.lines.some((l) => /2 of 2 cells suppressed/.test(l['en'] ?? '')));
});

test('STROBE-RDS: the data answer what they can, the researcher’s text is used where given, the rest is marked missing', () => {
  const r = compute(specWith('strobe:\n  seeds: { ru: "Семена — знакомые авторов.", en: "Seeds were the authors’ acquaintances." }\n  funding: { ru: "Нет.", en: "None." }', 'x'));
  assert.ok(r.ok, r.ok ? '' : r.error.map(formatDiagnostic).join('\n'));
  const byId = new Map(r.value.strobe.map((e) => [e.id, e]));
  assert.deepEqual([...byId.keys()], [...STROBE_IDS]);
  assert.equal(byId.get('seeds')?.source, 'spec');
  // The data's fact comes first, then the researcher's words.
  assert.equal(byId.get('seeds')?.text?.['en'], '3 seeds; none added later is recorded separately. Seeds were the authors’ acquaintances.');
  assert.equal(byId.get('funding')?.text?.['en'], 'None.');
  assert.equal(byId.get('network_question')?.source, 'data');
  assert.equal(byId.get('network_question')?.text?.['en'], '“How many do you know?” (item deg).');
  assert.equal(byId.get('incentives')?.source, 'missing');
  assert.equal(byId.get('incentives')?.text, null);
  const wrong = loadReportSpec(specWith('strobe:\n  seedz: { ru: "x", en: "x" }', 'x'), 'tiny-report.yaml', instrument);
  assert.ok(!wrong.ok && wrong.error.some((d) => /seedz/.test(d.message)));
});

test('non-answer greys are hatched with patterns defined in the same SVG, under ids unique to the chart', () => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg"><path fill="${GREYS[0]}"/><path fill="${GREYS[1]}"/><path fill="#4a7db3"/></svg>`;
  const out = hatchGreys(svg, 'en-fig-w');
  assert.match(out, /^<svg[^>]*><defs><pattern id="en-fig-w-h0"[\s\S]*<pattern id="en-fig-w-h1"/);
  assert.ok(out.includes('fill="url(#en-fig-w-h0)"') && out.includes('fill="url(#en-fig-w-h1)"') && out.includes('fill="#4a7db3"'));
  assert.equal(hatchGreys('<svg><path fill="#4a7db3"/></svg>', 'x'), '<svg><path fill="#4a7db3"/></svg>', 'nothing to hatch: unchanged');
});

test('a stacked bar keeps suppressed cells in place: every bar runs 0 to 100 with its answers in order', () => {
  // Putin's two positive cells suppressed, as in Figure 10.
  const putin = EVAL_RU.rows[1];
  assert.ok(putin !== undefined);
  const fig: FigureModel = { ...EVAL_RU, rows: EVAL_RU.rows.map((r) => (r.key === 'putin' ? { ...r, cells: { ...r.cells, vpos: { count: null, percent: null }, pos: { count: null, percent: null } } } : r)) };
  for (const layout of [WIDE, NARROW]) {
    const values = (stackedSpec(fig, 'en', layout) as unknown as { data: { values: { label: string; category: string; start: number; end: number; suppressed: number }[] } }).data.values;
    const rows = [...new Set(values.map((v) => v.label))];
    for (const label of rows) {
      const segs = values.filter((v) => v.label === label);
      assert.equal(segs[0]?.start, 0, label);
      assert.ok(Math.abs((segs.at(-1)?.end ?? 0) - 100) < 0.2, `${label} ends at 100`);
    }
    const p = values.filter((v) => v.label.startsWith('Vladimir'));
    // The withheld stretch stands where "very positive" would, as wide as both suppressed cells together.
    const [first] = p;
    assert.ok(first !== undefined);
    assert.equal(first.suppressed, 1);
    assert.ok(Math.abs(first.end - (100 - [22, 151, 20, 17].reduce((a, c) => a + (100 * c) / 222, 0))) < 0.3);
    assert.equal(p[1]?.end, p[1]?.start, 'the second suppressed cell takes no more room');
  }
});

test('Russian nouns agree with their numbers', () => {
  const w = (n: number): string => `${n} ${ruPlural(n, 'волна', 'волны', 'волн')}`;
  assert.deepEqual([1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111].map(w), ['1 волна', '2 волны', '4 волны', '5 волн', '11 волн', '12 волн', '14 волн', '21 волна', '22 волны', '25 волн', '101 волна', '111 волн']);
});
