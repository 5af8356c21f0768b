// The flagship report as a publication: its narrative types no number (each comes from report.json),
// and report.json carries the STROBE-RDS items, the RDS diagnostics and every test's full statistic.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { DEFAULT_POLICY } from '../../src/disclosure/index.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { renderCharts } from '../../src/report/charts/render-charts.ts';
import { computeReport } from '../../src/report/compute.ts';
import { fillNarrative, lookup, references, typedNumbers } from '../../src/report/narrative.ts';
import { renderReportHtml } from '../../src/report/render-html.ts';
import { esc } from '../../src/report/render-format.ts';
import { reportJson } from '../../src/report/report-json.ts';
import { loadReportSpec } from '../../src/report/spec.ts';
import { STROBE_IDS } from '../../src/report/strobe.ts';
import { parseBenchmarks } from '../../src/sampling/popsize/multiplier.ts';
import { generateReplica } from '../../studies/russians-in-serbia/replica/generate-replica.ts';

const DIR = 'studies/russians-in-serbia';
const instrument = loadInstrumentYaml(readFileSync(`${DIR}/instrument.yaml`, 'utf8'), `${DIR}/instrument.yaml`).instrument;
if (instrument === undefined) throw new Error('the flagship instrument does not load');
const { responses, meta } = generateReplica(instrument, 20240401);
const data = datasetFromResponses(instrument, responses, { meta, synthetic: true });
const loaded = loadReportSpec(readFileSync(`${DIR}/report.yaml`, 'utf8'), `${DIR}/report.yaml`, instrument);
if (!loaded.ok) throw new Error(loaded.error.map(formatDiagnostic).join('\n'));
const spec = loaded.value;
const benchmarks = parseBenchmarks(JSON.parse(readFileSync(`${DIR}/population-benchmarks.json`, 'utf8')));
if (!benchmarks.ok) throw new Error('the benchmarks do not parse');
const model = computeReport(spec, data, { rng: xoshiro128ss(7), policy: DEFAULT_POLICY, replicates: 20, benchmarks: benchmarks.value });
if (!model.ok) throw new Error(model.error.map(formatDiagnostic).join('\n'));
const json = reportJson(model.value) as Record<string, unknown>;

/** Every narrative of the spec: the summary and each section's, per language. */
const templates = [
  ...(spec.summary === undefined ? [] : Object.entries(spec.summary).map(([lang, text]) => ({ where: `summary.${lang}`, lang, text }))),
  ...spec.sections.flatMap((s) => (s.narrative === undefined ? [] : Object.entries(s.narrative).map(([lang, text]) => ({ where: `${s.key}.${lang}`, lang, text })))),
];

test('the flagship has a summary and a narrative in both languages for its text sections', () => {
  assert.ok(spec.summary !== undefined);
  assert.ok(templates.length >= 2 * 6, `${templates.length} narrative texts`);
  assert.deepEqual([...new Set(templates.map((t) => t.lang))].sort(), ['en', 'ru']);
});

test('no narrative types a number by hand: every number in it is a reference into report.json', () => {
  for (const t of templates) {
    assert.deepEqual(typedNumbers(t.text), [], `${t.where} types numbers`);
    const refs = references(t.text);
    assert.ok(refs.length > 0, `${t.where} refers to report.json`);
    for (const r of refs) assert.equal(typeof lookup(json, r.path), 'number', `${t.where}: {${r.path}} is a number in report.json`);
  }
});

test('every number the reader sees in the narrative is a number of report.json, formatted', () => {
  for (const t of templates) {
    const filled = fillNarrative(t.text, json, t.lang);
    assert.deepEqual(filled.unresolved, []);
    // The filled text's numbers are exactly the referenced values, formatted, plus the years the text names.
    const allowed = new Set(references(t.text).map((r) => fillNarrative(`{${r.path}${r.format === undefined ? '' : `|${r.format}`}}`, json, t.lang).text.replace(/\u00a0?%$/, '')));
    const shown = [...filled.text.matchAll(/\d+(?:[.,\u00a0]\d+)*/g)].map((m) => m[0]).filter((d) => !/^(19|20)\d\d$/.test(d));
    for (const n of shown) assert.ok(allowed.has(n), `${t.where}: ${n} does not come from report.json (allowed: ${[...allowed].join(' ')})`);
  }
});

test('the rendered report prints each narrative paragraph as filled from report.json', async () => {
  for (const lang of model.value.languages) {
    const html = renderReportHtml(model.value, lang, await renderCharts(model.value, lang));
    for (const t of templates.filter((x) => x.lang === lang)) {
      for (const paragraph of fillNarrative(t.text, json, lang).text.split(/\n\s*\n/)) assert.ok(html.includes(`<p>${esc(paragraph.trim())}</p>`), `${t.where}: "${paragraph.slice(0, 60)}…" is in report.${lang}.html`);
    }
  }
});

test('report.json carries every STROBE-RDS item, each answered or marked missing for the researcher', () => {
  const strobe = json['strobe'] as { id: string; source: string; text: unknown }[];
  assert.deepEqual(strobe.map((e) => e.id), [...STROBE_IDS]);
  for (const e of strobe) {
    assert.ok(['data', 'report', 'spec', 'missing'].includes(e.source), e.id);
    if (e.source !== 'missing') assert.ok(e.text !== null, `${e.id} says how it is answered`);
  }
  // The data answer these for any RDS study portas collected.
  for (const id of ['network_question', 'links', 'estimator', 'degree_missing', 'variance']) assert.equal(strobe.find((e) => e.id === id)?.source, 'data', id);
  assert.match(JSON.stringify(strobe.find((e) => e.id === 'network_question')?.text), /How many citizens of Russia/);
});

test('report.json carries the RDS diagnostics: per variable, chains, the tree and the network sizes', () => {
  const d = json['diagnostics'] as { step: number; variables: { key: string; convergence: { sizes: number[] }; bottleneck: unknown[]; estimates: ({ se: number; designEffect: number; effectiveN: number } | null)[]; populationHomophily: unknown[]; transitions: unknown[][] }[]; chains: { size: number }[]; tree: { nodes: unknown[]; edges: unknown[] }; degree: { bands: unknown[] } };
  assert.deepEqual(d.variables.map((v) => v.key), spec.diagnostics.map((v) => v.key));
  assert.equal(d.chains.reduce((a, c) => a + c.size, 0), data.n);
  assert.equal(d.tree.nodes.length, data.n);
  assert.equal(d.tree.edges.length, data.n - d.chains.length);
  for (const v of d.variables) {
    assert.equal(v.convergence.sizes.at(-1), data.n);
    assert.ok(v.convergence.sizes.every((k, i) => k - (i === 0 ? 0 : (v.convergence.sizes[i - 1] ?? 0)) >= d.step), 'traces move in steps of at least `step` (disclosure control)');
    assert.ok(v.bottleneck.length > 0);
    assert.ok(v.estimates.some((e) => e !== null && e.se > 0 && e.designEffect > 0 && e.effectiveN > 0));
  }
});

test("report.json gives every association test's full statistic: F, both df, p, and the chains it rests on", () => {
  const associations = json['associations'] as Record<string, { test: { name: string; design: string; statistic: number; ndf: number; ddf: number; p: number; clusters: number } | null }>;
  const tests = Object.values(associations).map((a) => a.test);
  assert.ok(tests.length >= 20);
  for (const t of tests) {
    assert.ok(t !== null);
    assert.equal(t.design, 'chains');
    assert.equal(t.clusters, 12);
    assert.ok(t.statistic >= 0 && t.ndf > 0 && t.ddf > 0 && t.p >= 0 && t.p <= 1);
  }
  // With the 12 chains as clusters: the issue's recomputation (F = 3.72 on 1 and 11 df, p = 0.080).
  const mob = associations['mobilisation_factor']?.test;
  assert.ok(mob !== undefined && mob !== null);
  assert.equal(mob.statistic.toFixed(2), '3.72');
  assert.deepEqual([mob.ndf, mob.ddf], [1, 11]);
  assert.equal(mob.p.toFixed(3), '0.080');
});
