// The Vega specs of the recruitment tree and the network sizes, written directly: what Vega-Lite compiles treeSpec and
// degreeSpec into (diagnostics-spec.ts), without the compile and without the marks' ARIA descriptions. The same SVG,
// byte for byte (test/report/chart-vega.test.ts).

import type { Spec } from 'vega';
import type { LanguageCode } from '../../core/text.ts';
import type { DiagnosticsModel } from '../diagnostics-model.ts';
import { say } from '../messages.ts';
import { isNumber, mark, VEGA_FRAME, cellFrame } from './bars-vega.ts';
import type { ChartLayout } from './chart-layout.ts';
import { FONT_SIZE, VEGA_CONFIG } from './chart-style.ts';
import { degreeValues, treeInput } from './diagnostics-spec.ts';
import { BAR, WEIGHTED } from './palette.ts';

export function treeVega(d: DiagnosticsModel, lang: LanguageCode, layout: ChartLayout): Spec {
  const { nodes, edges, maxX, maxWave, width, height } = treeInput(d, layout);
  const placed = { type: 'filter', expr: `${isNumber('x')} && ${isNumber('wave')}` };
  const at = { x: { scale: 'x', field: 'x' }, y: { scale: 'y', field: 'wave' } };
  const spec = {
    ...VEGA_FRAME,
    width,
    height,
    style: 'cell',
    data: [
      { name: 'source_0', values: edges },
      { name: 'source_1', values: nodes.filter((n) => !n.seed) },
      { name: 'source_2', values: nodes.filter((n) => n.seed) },
      { name: 'data_0', source: 'source_0', transform: [placed] },
      { name: 'data_1', source: 'source_1', transform: [placed] },
      { name: 'data_2', source: 'source_2', transform: [placed] },
    ],
    marks: [
      mark('layer_0_marks', 'rule', 'rule', 'data_0', { strokeWidth: { value: 1 }, stroke: { value: '#8c8c8c' }, x: { scale: 'x', field: 'x' }, x2: { scale: 'x', field: 'x2' }, y: { scale: 'y', field: 'wave' }, y2: { scale: 'y', field: 'wave2' } }),
      mark('layer_1_marks', 'symbol', 'circle', 'data_1', { opacity: { value: 1 }, size: { value: 16 }, fill: { value: BAR }, ...at, shape: { value: 'circle' } }),
      mark('layer_2_marks', 'symbol', 'square', 'data_2', { opacity: { value: 1 }, size: { value: 70 }, fill: { value: WEIGHTED }, ...at, shape: { value: 'square' } }),
    ],
    scales: [
      { name: 'x', type: 'linear', domain: [-0.5, maxX + 0.5], range: [0, { signal: 'width' }], zero: true },
      { name: 'y', type: 'linear', domain: [maxWave + 0.3, -0.3], range: [{ signal: 'height' }, 0], zero: false },
    ],
    axes: [{ scale: 'y', orient: 'left', grid: false, title: say('diagWave', lang), format: 'd', tickCount: maxWave + 1, labelOverlap: true, tickMinStep: 1, zindex: 0 }],
    config: VEGA_CONFIG,
  };
  // Plain data, as in bars-vega.ts.
  return spec as unknown as Spec;
}

export function degreeVega(d: DiagnosticsModel, lang: LanguageCode, layout: ChartLayout): Spec {
  const values = degreeValues(d, lang);
  // The bands in their order, as Vega-Lite sorts a nominal axis by an explicit list.
  const order = `${values.map((v, k) => `datum["band"]===${JSON.stringify(v.band)} ? ${String(k)} : `).join('')}${String(values.length)}`;
  const spec = {
    ...cellFrame(layout.plotWidth),
    data: [
      { name: 'source_0', values },
      { name: 'data_0', source: 'source_0', transform: [{ type: 'formula', expr: order, as: 'y_band_sort_index' }] },
      {
        name: 'data_2',
        source: 'data_0',
        transform: [{ type: 'stack', groupby: ['band'], field: 'count', sort: { field: [], order: [] }, as: ['count_start', 'count_end'], offset: 'zero' }, { type: 'filter', expr: isNumber('count') }],
      },
      { name: 'data_3', source: 'data_0', transform: [{ type: 'filter', expr: isNumber('at') }] },
    ],
    signals: [
      { name: 'y_step', value: 24 },
      { name: 'height', update: "bandspace(domain('y').length, 0.1, 0.05) * y_step" },
    ],
    marks: [
      mark('layer_0_marks', 'rect', 'bar', 'data_2', { fill: { value: BAR }, x: { scale: 'x', field: 'count_end' }, x2: { scale: 'x', field: 'count_start' }, yc: { scale: 'y', field: 'band', band: 0.5 }, height: { value: 16 } }),
      mark('layer_1_marks', 'text', 'text', 'data_3', {
        align: { value: 'left' },
        dx: { value: 5 },
        fill: { value: '#1b1b1b' },
        x: { scale: 'x', field: 'at' },
        y: { scale: 'y', field: 'band', band: 0.5 },
        text: { signal: 'isValid(datum["text"]) ? datum["text"] : ""+datum["text"]' },
        fontSize: { value: FONT_SIZE },
        baseline: { value: 'middle' },
      }),
    ],
    scales: [
      { name: 'x', type: 'linear', domain: { fields: [{ data: 'data_2', field: 'count_start' }, { data: 'data_2', field: 'count_end' }, { data: 'data_3', field: 'at' }] }, range: [0, { signal: 'width' }], nice: true, zero: true },
      { name: 'y', type: 'band', domain: { data: 'data_0', field: 'band', sort: { op: 'min', field: 'y_band_sort_index' } }, range: { step: { signal: 'y_step' } }, paddingInner: 0.1, paddingOuter: 0.05 },
    ],
    axes: [
      { scale: 'x', orient: 'bottom', tickCount: 5, gridScale: 'y', grid: true, tickMinStep: 1, domain: false, labels: false, aria: false, maxExtent: 0, minExtent: 0, ticks: false, zindex: 0 },
      { scale: 'x', orient: 'bottom', grid: false, title: say('respondents', lang), format: 'd', tickCount: 5, labelFlush: true, labelOverlap: true, tickMinStep: 1, zindex: 0 },
      { scale: 'y', orient: 'left', grid: false, title: say('diagNetworkSize', lang), ticks: false, zindex: 0 },
    ],
    config: VEGA_CONFIG,
  };
  // Plain data, as in bars-vega.ts.
  return spec as unknown as Spec;
}
