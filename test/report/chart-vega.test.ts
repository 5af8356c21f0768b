// The charts written directly as Vega specs (bars-vega.ts, stacked-vega.ts, lines-vega.ts, diagnostics-vega.ts) draw the same SVG, byte for byte, as their
// Vega-Lite definitions compiled: on every figure of the test fixture and of the flagship's replica, in both languages
// and both layouts, and on the traces of a synthetic recruitment tree.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as vega from 'vega';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { LAYOUTS } from '../../src/report/charts/chart-layout.ts';
import { chartDrawing, chartSpec } from '../../src/report/charts/chart-spec.ts';
import { bottleneckCategory, bottleneckInput, bottleneckSpec, convergenceInput, convergenceSpec, degreeSpec, treeSpec } from '../../src/report/charts/diagnostics-spec.ts';
import { degreeVega, treeVega } from '../../src/report/charts/diagnostics-vega.ts';
import { linesVega } from '../../src/report/charts/lines-vega.ts';
import { stackedInput } from '../../src/report/charts/stacked-spec.ts';
import { stackedDrawable } from '../../src/report/charts/stacked-vega.ts';
import { reportFigures } from '../../src/report/charts/render-charts.ts';
import { renderSvg } from '../../src/report/charts/render-svg.ts';
import { parseVega } from '../../src/report/charts/vega-parse-cache.ts';
import { computeReport } from '../../src/report/compute.ts';
import type { DiagnosticsModel } from '../../src/report/diagnostics-model.ts';
import type { FigureModel, ReportModel } from '../../src/report/model.ts';
import { loadReportSpec } from '../../src/report/spec.ts';
import { parseBenchmarks } from '../../src/sampling/popsize/multiplier.ts';
import { readStudyDisclosure } from '../../src/study/disclosure-file.ts';
import { generateReplica } from '../../studies/russians-in-serbia/replica/generate-replica.ts';
import { FIXTURE_FIGURES } from './fixture-model.ts';

const DIR = 'studies/russians-in-serbia';

/** The flagship's report model from its replica (few replicates: the charts' shapes do not depend on them). */
function flagshipModel(): ReportModel {
  const instrument = loadInstrumentYaml(readFileSync(`${DIR}/instrument.yaml`, 'utf8'), `${DIR}/instrument.yaml`).instrument;
  if (instrument === undefined) throw new Error('the flagship instrument does not load');
  const { responses, meta } = generateReplica(instrument, 20240401);
  const data = datasetFromResponses(instrument, responses, { meta, synthetic: true });
  const spec = loadReportSpec(readFileSync(`${DIR}/report.yaml`, 'utf8'), `${DIR}/report.yaml`, instrument);
  const benchmarks = parseBenchmarks(JSON.parse(readFileSync(`${DIR}/population-benchmarks.json`, 'utf8')));
  const disclosure = readStudyDisclosure(DIR, instrument);
  if (!spec.ok || !benchmarks.ok || Array.isArray(disclosure)) throw new Error('the flagship study does not load');
  const model = computeReport(spec.value, data, { rng: xoshiro128ss(1), policy: disclosure.policy, replicates: 20, benchmarks: benchmarks.value });
  if (!model.ok) throw new Error(model.error.map(formatDiagnostic).join('\n'));
  return model.value;
}

const MODEL = flagshipModel();

/** Draws every figure both ways, each language and layout; returns how many were drawn from a Vega spec. */
async function sameFigures(figures: readonly FigureModel[], languages: readonly string[]): Promise<number> {
  let direct = 0;
  for (const figure of figures) {
    for (const lang of languages) {
      for (const layout of LAYOUTS) {
        const drawing = chartDrawing(figure, lang, layout);
        assert.equal(await renderSvg(drawing, 't'), await renderSvg(chartSpec(figure, lang, layout), 't'), `${figure.key} ${lang} ${layout.name}`);
        if ('vega' in drawing) direct++;
      }
    }
  }
  return direct;
}

test('figures drawn from bars-vega.ts and stacked-vega.ts are the SVG of their Vega-Lite spec: every figure of the fixture', async () => {
  assert.ok(FIXTURE_FIGURES.some((f) => f.chart === 'stacked') && FIXTURE_FIGURES.some((f) => f.chart !== 'stacked'));
  assert.equal(await sameFigures(FIXTURE_FIGURES, ['en', 'ru']), 4 * FIXTURE_FIGURES.length);
});

test('… and of the flagship, in both languages and layouts', async () => {
  const figures = reportFigures(MODEL);
  assert.ok(figures.filter((f) => f.chart === 'stacked').length >= 2 && figures.filter((f) => f.chart !== 'stacked').length >= 15, 'the flagship has bar and stacked figures');
  assert.equal(await sameFigures(figures, MODEL.languages), 4 * figures.length);
});

test('a stacked figure with a label that has no segment is left to Vega-Lite', () => {
  const [stacked] = FIXTURE_FIGURES.filter((f) => f.chart === 'stacked');
  assert.ok(stacked !== undefined);
  const input = stackedInput(stacked, 'en', LAYOUTS[0]!);
  assert.equal(stackedDrawable(input), true);
  assert.equal(stackedDrawable({ ...input, labels: [...input.labels, 'no segment'] }), false);
});

test('traces drawn from lines-vega.ts are the SVG of their Vega-Lite spec: convergence and bottleneck, with and without the overall line', async () => {
  const d = MODEL.diagnostics;
  assert.ok(d !== undefined && d.variables.length > 0);
  let withOverall = 0;
  for (const v of d.variables) {
    for (const lang of MODEL.languages) {
      for (const layout of LAYOUTS) {
        const where = `${v.key} ${lang} ${layout.name}`;
        assert.equal(await renderSvg({ vega: linesVega(convergenceInput(v, lang), lang, layout) }, 't'), await renderSvg(convergenceSpec(v, lang, layout), 't'), `convergence ${where}`);
        if (v.bottleneck.length === 0) continue;
        const category = bottleneckCategory(v);
        const input = bottleneckInput(v, category, lang);
        if (input.overall !== undefined) withOverall++;
        assert.equal(await renderSvg({ vega: linesVega(input, lang, layout) }, 't'), await renderSvg(bottleneckSpec(v, category, lang, layout), 't'), `bottleneck ${where}`);
        // Without the whole sample's estimate there is no reference line.
        const bare = { ...v, estimates: v.estimates.map(() => null) };
        assert.equal(bottleneckInput(bare, category, lang).overall, undefined);
        assert.equal(await renderSvg({ vega: linesVega(bottleneckInput(bare, category, lang), lang, layout) }, 't'), await renderSvg(bottleneckSpec(bare, category, lang, layout), 't'), `bare bottleneck ${where}`);
      }
    }
  }
  assert.ok(withOverall > 0, 'some bottleneck plot has its overall line');
});

test('the recruitment tree and the network sizes drawn from diagnostics-vega.ts are the SVG of their Vega-Lite specs', async () => {
  const d = MODEL.diagnostics;
  assert.ok(d !== undefined && d.tree.nodes.length === 222 && d.degree.bands.length > 1);
  for (const lang of MODEL.languages) {
    for (const layout of LAYOUTS) {
      const where = `${lang} ${layout.name}`;
      assert.equal(await renderSvg({ vega: treeVega(d, lang, layout) }, 't'), await renderSvg(treeSpec(d, lang, layout), 't'), `tree ${where}`);
      assert.equal(await renderSvg({ vega: degreeVega(d, lang, layout) }, 't'), await renderSvg(degreeSpec(d, lang, layout), 't'), `degree ${where}`);
      // A withheld count is marked, not drawn.
      const withheld: DiagnosticsModel = { ...d, degree: { ...d.degree, bands: d.degree.bands.map((b, k) => (k === 0 ? { ...b, count: null } : b)) } };
      assert.equal(await renderSvg({ vega: degreeVega(withheld, lang, layout) }, 't'), await renderSvg(degreeSpec(withheld, lang, layout), 't'), `withheld degree ${where}`);
    }
  }
});

/** Parsed dataflow as plain data: Vega's parse makes its operators class instances, the cache plain objects. */
function plain(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(plain);
  if (typeof x !== 'object' || x === null) return x;
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
}

test('a chart parsed from the cached dataflow of another of its shape is the dataflow Vega parses for it', () => {
  const figures = reportFigures(MODEL);
  let shared = 0;
  for (const lang of MODEL.languages) {
    for (const layout of LAYOUTS) {
      for (const figure of figures) {
        const drawing = chartDrawing(figure, lang, layout);
        assert.ok('vega' in drawing);
        // Both the first of a shape (parsed, then kept) and the next ones (filled in) equal a plain parse.
        assert.deepEqual(plain(parseVega(drawing.vega)), plain(vega.parse(drawing.vega)), `${figure.key} ${lang} ${layout.name}`);
        shared++;
      }
    }
  }
  assert.equal(shared, 4 * figures.length);
});
