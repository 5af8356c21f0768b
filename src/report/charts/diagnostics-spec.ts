// Vega-Lite specs of the RDS diagnostics: convergence and bottleneck traces, the recruitment tree, the network sizes.

import type { TopLevelSpec } from 'vega-lite';
import { pick, type LanguageCode } from '../../core/text.ts';
import type { DiagnosticsModel, DiagnosticVariable } from '../diagnostics-model.ts';
import { say } from '../messages.ts';
import type { ChartLayout } from './chart-layout.ts';
import { CONFIG } from './chart-style.ts';
import { BAR, WEIGHTED } from './palette.ts';
import { percentTickExpr } from './bars-spec.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Okabe–Ito: distinguishable under the common colour-vision deficiencies; series also differ by dash. */
const SERIES = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#f0e442'];
const DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]];

const percentAxis = (lang: LanguageCode) => ({ title: null, labelExpr: percentTickExpr(lang), tickCount: 5, format: 'd' });

/** What a trace chart draws: one line per series (`order` its index in `names`), against respondents `n`. */
export interface TraceInput {
  readonly values: readonly { readonly category: string; readonly order: number; readonly n: number; readonly percent: number }[];
  readonly names: readonly string[];
  readonly xTitle: string;
  /** The whole sample's estimate, drawn as a reference line (bottleneck plots). */
  readonly overall?: number;
}

export function convergenceInput(v: DiagnosticVariable, lang: LanguageCode): TraceInput {
  const labels = v.categories.map((c) => pick(c.label, lang));
  const values = v.convergence.percents.flatMap((series, k) =>
    series.flatMap((p, j) => (p === null ? [] : [{ category: labels[k] ?? '', order: k, n: v.convergence.sizes[j] ?? 0, percent: p }])),
  );
  return { values, names: labels, xTitle: say('diagRespondents', lang) };
}

/** The estimate on the first k respondents, one line per category, against k; `markers` off for a thinned trace (its points are not the computed steps). */
export function convergenceSpec(v: DiagnosticVariable, lang: LanguageCode, layout: ChartLayout, markers = true): TopLevelSpec {
  return lineSpec(convergenceInput(v, lang), lang, layout, markers);
}

/** The category a bottleneck plot follows: the largest in the sample (a small one moves in jumps). */
export function bottleneckCategory(v: DiagnosticVariable): number {
  let best = 0;
  v.samplePercent.forEach((p, k) => {
    if ((p ?? -1) > (v.samplePercent[best] ?? -1)) best = k;
  });
  return best;
}

export function bottleneckInput(v: DiagnosticVariable, category: number, lang: LanguageCode): TraceInput {
  const chainWord = say('diagChain', lang);
  const names = v.bottleneck.map((b) => `${chainWord} ${b.chain}`);
  const values = v.bottleneck.flatMap((b, k) =>
    (b.trace.percents[category] ?? []).flatMap((p, j) => (p === null ? [] : [{ category: names[k] ?? '', order: k, n: b.trace.sizes[j] ?? 0, percent: p }])),
  );
  const overall = v.estimates[category]?.percent ?? null;
  return { values, names, xTitle: say('diagRespondentsInChain', lang), ...(overall === null ? {} : { overall }) };
}

/** Within each chain large enough to show: the estimate of one category on the chain's first k respondents. */
export function bottleneckSpec(v: DiagnosticVariable, category: number, lang: LanguageCode, layout: ChartLayout, markers = true): TopLevelSpec {
  return lineSpec(bottleneckInput(v, category, lang), lang, layout, markers);
}

/** Series colours (Okabe–Ito, then again) and dashes (a new dash each time the colours run out). */
export function seriesStyles(names: readonly string[]): { readonly colours: string[]; readonly dashes: number[][] } {
  return {
    colours: names.map((_, k) => SERIES[k % SERIES.length] ?? '#000000'),
    dashes: names.map((_, k) => DASHES[Math.floor(k / SERIES.length) % DASHES.length] ?? [1, 0]),
  };
}

/** The trace charts' legend, below the plot. */
export const traceLegend = (layout: ChartLayout) => ({ labelFont: CONFIG.font, labelFontSize: 12, orient: 'bottom' as const, columns: layout.labelsAbove ? 2 : 4, labelLimit: 0, title: null, symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 300 });

/** Trace charts are wider than the bars: the legend sits below, not beside. */
export const traceWidth = (layout: ChartLayout): number => layout.plotWidth + (layout.labelsAbove ? 30 : 160);

export const TRACE_HEIGHT = 170;

/** The Vega-Lite definition of a trace chart. Traces with markers are drawn from lines-vega.ts (the same SVG, no compile). */
function lineSpec(input: TraceInput, lang: LanguageCode, layout: ChartLayout, markers: boolean): TopLevelSpec {
  const { values, names, xTitle, overall } = input;
  const { colours, dashes } = seriesStyles(names);
  const spec = {
    $schema: SCHEMA,
    config: { ...CONFIG, legend: traceLegend(layout) },
    width: traceWidth(layout),
    height: TRACE_HEIGHT,
    data: { values: [...values] },
    layer: [
      {
        // A marker per point would be a mark each: a thinned line of a large study is drawn as a line alone.
        mark: markers ? { type: 'line', strokeWidth: 2, point: { filled: true, size: 18 } } : { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'n', type: 'quantitative', title: xTitle, axis: { tickCount: 6, format: 'd' } },
          y: { field: 'percent', type: 'quantitative', scale: { domain: [0, 100] }, axis: percentAxis(lang) },
          color: { field: 'category', type: 'nominal', sort: [...names], scale: { domain: [...names], range: colours }, legend: { title: null } },
          // The same legend for colour and dash: series differ by pattern as well as hue.
          strokeDash: { field: 'category', type: 'nominal', sort: [...names], scale: { domain: [...names], range: dashes }, legend: { title: null } },
        },
      },
      // The whole sample's estimate as a reference line: chains that end far from it are the bottlenecks.
      ...(overall === undefined ? [] : [{ data: { values: [{ overall }] }, mark: { type: 'rule', color: WEIGHTED, strokeDash: [3, 3], strokeWidth: 1.2 }, encoding: { y: { field: 'overall', type: 'quantitative' } } }]),
    ],
  };
  return spec as TopLevelSpec;
}

/** What the recruitment tree draws: edges and nodes placed by x and wave, and the scales' ends. */
export interface TreeInput {
  readonly nodes: readonly { readonly x: number; readonly wave: number; readonly seed: boolean }[];
  readonly edges: readonly { readonly x: number; readonly wave: number; readonly x2: number; readonly wave2: number }[];
  readonly maxX: number;
  readonly maxWave: number;
  readonly width: number;
  readonly height: number;
}

export function treeInput(d: DiagnosticsModel, layout: ChartLayout): TreeInput {
  const nodes = d.tree.nodes.map((n) => ({ x: n.x, wave: n.wave, seed: n.wave === 0 }));
  const edges = d.tree.edges.map(([a, b]) => ({ x: d.tree.nodes[a]?.x ?? 0, wave: d.tree.nodes[a]?.wave ?? 0, x2: d.tree.nodes[b]?.x ?? 0, wave2: d.tree.nodes[b]?.wave ?? 0 }));
  const maxX = Math.max(1, ...nodes.map((n) => n.x));
  const maxWave = Math.max(1, ...nodes.map((n) => n.wave));
  return { nodes, edges, maxX, maxWave, width: layout.plotWidth + (layout.labelsAbove ? 40 : 200), height: 26 * (maxWave + 1) };
}

/** The recruitment tree: seeds at the top, each recruit one wave below its recruiter. Structure only. */
export function treeSpec(d: DiagnosticsModel, lang: LanguageCode, layout: ChartLayout): TopLevelSpec {
  const { nodes, edges, maxX, maxWave, width, height } = treeInput(d, layout);
  const x = { type: 'quantitative' as const, scale: { domain: [-0.5, maxX + 0.5] }, axis: null };
  const y = { type: 'quantitative' as const, scale: { domain: [maxWave + 0.3, -0.3] }, axis: { title: say('diagWave', lang), tickCount: maxWave + 1, format: 'd', grid: false } };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width,
    height,
    layer: [
      { data: { values: [...edges] }, mark: { type: 'rule', color: '#8c8c8c', strokeWidth: 1 }, encoding: { x: { field: 'x', ...x }, x2: { field: 'x2' }, y: { field: 'wave', ...y }, y2: { field: 'wave2' } } },
      // Seeds are larger squares, recruits small circles: shape, not colour alone.
      { data: { values: nodes.filter((n) => !n.seed) }, mark: { type: 'circle', size: 16, color: BAR, opacity: 1 }, encoding: { x: { field: 'x', ...x }, y: { field: 'wave', ...y } } },
      { data: { values: nodes.filter((n) => n.seed) }, mark: { type: 'square', size: 70, color: WEIGHTED, opacity: 1 }, encoding: { x: { field: 'x', ...x }, y: { field: 'wave', ...y } } },
    ],
  };
}

/** Reported network sizes in bands; a withheld count is marked, not drawn. */
export const degreeValues = (d: DiagnosticsModel, lang: LanguageCode) => d.degree.bands.map((b) => ({ band: b.label, count: b.count, text: b.count === null ? say('suppressed', lang) : String(b.count), at: b.count ?? 0 }));

export function degreeSpec(d: DiagnosticsModel, lang: LanguageCode, layout: ChartLayout): TopLevelSpec {
  const values = degreeValues(d, lang);
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: layout.plotWidth,
    height: { step: 24 },
    data: { values },
    encoding: { y: { field: 'band', type: 'nominal', sort: values.map((v) => v.band), title: say('diagNetworkSize', lang), axis: { ticks: false } } },
    layer: [
      { mark: { type: 'bar', color: BAR, height: 16 }, encoding: { x: { field: 'count', type: 'quantitative', title: say('respondents', lang), axis: { tickCount: 5, format: 'd' } } } },
      { mark: { type: 'text', align: 'left', dx: 5, color: '#1b1b1b' }, encoding: { x: { field: 'at', type: 'quantitative' }, text: { field: 'text' } } },
    ],
  };
}
