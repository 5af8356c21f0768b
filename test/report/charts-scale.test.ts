// The diagnostics charts of a large study stay bounded (a summarised tree, thinned traces) while a small study's are drawn as before.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WIDE } from '../../src/report/charts/chart-layout.ts';
import { treeSpec } from '../../src/report/charts/diagnostics-spec.ts';
import { renderCharts } from '../../src/report/charts/render-charts.ts';
import { renderSvg } from '../../src/report/charts/render-svg.ts';
import { thinTrace, TRACE_POINTS_MAX } from '../../src/report/charts/thin-trace.ts';
import { SUMMARY_CHAINS_MAX, summariseTree, TREE_DRAWN_MAX } from '../../src/report/charts/tree-summary-spec.ts';
import type { DiagnosticsModel, DiagnosticVariable, Trace } from '../../src/report/diagnostics-model.ts';
import type { ReportModel } from '../../src/report/model.ts';
import { renderReportHtml } from '../../src/report/render-html.ts';
import { FIXTURE } from './fixture-model.ts';

const STEP = 10;

/** A trace every STEP respondents up to `n` (the last at `n`), three categories that wander and settle. */
function trace(n: number): Trace {
  const sizes: number[] = [];
  for (let k = STEP; k <= n - STEP; k += STEP) sizes.push(k);
  sizes.push(n);
  const series = (c: number): (number | null)[] => sizes.map((k, j) => (j === 3 ? null : Math.round(10 * (30 + c * 5 + (40 * Math.sin(k + c)) / Math.sqrt(k))) / 10));
  return { sizes, percents: [series(0), series(1), series(2)] };
}

/** `chains` chains of `n` respondents in all, each wave about half again as large as the one before. */
function diagnostics(n: number, chains: number): DiagnosticsModel {
  const nodes: { chain: number; wave: number; x: number }[] = [];
  const edges: [number, number][] = [];
  for (let c = 1; c <= chains; c++) {
    // Earlier chains are larger: sizes in proportion to chains − c + 1.
    const size = Math.max(1, Math.round((n * 2 * (chains - c + 1)) / (chains * (chains + 1))));
    let wave = [nodes.push({ chain: c, wave: 0, x: nodes.length }) - 1];
    let left = size - 1;
    for (let w = 1; left > 0; w++) {
      const next: number[] = [];
      const want = Math.min(left, Math.ceil(wave.length * 1.5));
      for (let j = 0; j < want; j++) {
        const i = nodes.push({ chain: c, wave: w, x: nodes.length }) - 1;
        edges.push([wave[Math.floor(j / 1.5) % wave.length] ?? 0, i]);
        next.push(i);
      }
      left -= want;
      wave = next;
    }
  }
  const perChain = new Map<number, number>();
  for (const node of nodes) perChain.set(node.chain, (perChain.get(node.chain) ?? 0) + 1);
  const variable: DiagnosticVariable = {
    key: 'sex',
    title: { en: 'Sex', ru: 'Пол' },
    item: 'sex',
    categories: ['m', 'f', 'o'].map((key) => ({ key, label: { en: key, ru: key } })),
    n: nodes.length,
    samplePercent: [40, 50, 10],
    estimates: [null, null, null],
    convergence: trace(nodes.length),
    bottleneck: [...perChain].filter(([, s]) => s >= STEP).map(([chain, s]) => ({ chain, trace: trace(s) })),
    transitions: [],
    recruitmentHomophily: null,
    populationHomophily: [null, null, null],
    meanDegree: [null, null, null],
    activityRatio: [null, null, null],
  };
  return {
    step: STEP,
    variables: [variable],
    chains: [...perChain].map(([chain, size]) => ({ chain, size, waves: 0 })),
    perWave: [],
    tree: { nodes, edges },
    degree: { bands: [{ label: '1–4', count: nodes.length }], imputed: 0, median: 3 },
  };
}

const report = (d: DiagnosticsModel): ReportModel => ({ ...FIXTURE, sections: [], diagnostics: d });
const paths = (svg: string): number => (svg.match(/<path/g) ?? []).length;

test('a 20,000-respondent study: the tree is summarised and the traces thinned, so the HTML stays small in both languages', async () => {
  const d = diagnostics(20_000, 12);
  assert.equal(d.tree.nodes.length, 20_000);
  for (const lang of ['en', 'ru']) {
    const charts = await renderCharts(report(d), lang);
    const tree = charts['diag-tree']!;
    // Drawn person by person this is about 40,000 marks a layout; the summary is one bar per chain and wave.
    assert.ok(paths(tree.wide) < 400 && paths(tree.narrow) < 400, `${paths(tree.wide)} paths in the tree`);
    assert.equal(tree.note?.instead, true);
    assert.match(tree.note.text, lang === 'ru' ? /При 20\u00a0000 респондентах дерево показано в сводке/ : /With 20,000 respondents the tree is summarised/);
    for (const key of ['diag-conv-sex', 'diag-bottle-sex']) {
      const chart = charts[key]!;
      assert.equal(chart.note?.instead, false, key);
      assert.match(chart.note.text, lang === 'ru' ? /не более чем через 150 равномерно/ : /through at most 150 evenly spaced points/);
    }
    const html = renderReportHtml(report(d), lang, charts);
    assert.ok(html.length < 2_000_000, `report.${lang}.html is ${html.length} characters`);
    // The summary's note replaces the one about squares and dots, which no longer describes the drawing.
    assert.doesNotMatch(html, lang === 'ru' ? /Квадрат — «семя»/ : /Each square is a seed/);
    assert.ok(html.includes(lang === 'ru' ? 'равномерно расположенных точек' : 'evenly spaced points'));
  }
});

test('from 20,000 to 80,000 respondents every diagnostics chart stays under the same bound', async () => {
  for (const n of [20_000, 80_000]) {
    const charts = await renderCharts(report(diagnostics(n, 12)), 'en');
    // Drawn person by person, the tree alone was about 250 bytes a respondent in each layout.
    for (const [key, chart] of Object.entries(charts)) for (const svg of [chart.wide, chart.narrow]) assert.ok(svg.length < 64_000, `${key} at ${n}: ${svg.length} characters`);
  }
});

test('a small study keeps its tree drawn person by person and its traces whole, with no extra note', async () => {
  const d = diagnostics(222, 12);
  const charts = await renderCharts(report(d), 'en');
  assert.equal(charts['diag-tree']!.wide, await renderSvg(treeSpec(d, 'en', WIDE), 'The recruitment tree'));
  assert.ok(paths(charts['diag-tree']!.wide) >= 222, 'a mark per respondent');
  for (const chart of Object.values(charts)) assert.equal(chart.note, undefined);
  const atThreshold = await renderCharts(report(diagnostics(TREE_DRAWN_MAX, 12)), 'en');
  assert.equal(atThreshold['diag-tree']!.note, undefined, `${TREE_DRAWN_MAX} respondents are still drawn one by one`);
});

test('a thinned trace keeps its first and last points and exact values, at most the bound, neighbours at least a step apart', () => {
  const t = trace(100_000);
  const thin = thinTrace(t);
  assert.equal(thin.sizes.length, TRACE_POINTS_MAX);
  assert.equal(thin.sizes[0], t.sizes[0]);
  assert.equal(thin.sizes.at(-1), 100_000);
  for (const [c, series] of thin.percents.entries()) {
    assert.equal(series.at(-1), t.percents[c]?.at(-1), 'the final value is the exact one');
    series.forEach((p, j) => { assert.equal(p, t.percents[c]?.[t.sizes.indexOf(thin.sizes[j] ?? -1)]); });
  }
  thin.sizes.slice(1).forEach((s, j) => { assert.ok(s - (thin.sizes[j] ?? 0) >= STEP); });
  const short = trace(1_000);
  assert.equal(thinTrace(short), short, 'a trace within the bound is drawn whole');
});

test('past the column bound the smallest chains share the last column, and every respondent is counted once', () => {
  const d = diagnostics(20_000, 30);
  for (const lang of ['en', 'ru']) {
    const s = summariseTree(d, lang);
    assert.equal(s.columns.length, SUMMARY_CHAINS_MAX);
    assert.equal(s.lumped, 30 - (SUMMARY_CHAINS_MAX - 1));
    assert.equal(s.columns.at(-1), lang === 'ru' ? 'ещё 19' : '19 more');
    // The earlier chains are the larger ones here: they keep their columns.
    assert.deepEqual(s.columns.slice(0, 3), ['1', '2', '3']);
    assert.equal(s.counts.flat().reduce((a, b) => a + b, 0), d.tree.nodes.length);
  }
});
