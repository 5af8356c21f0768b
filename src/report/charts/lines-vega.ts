// The Vega spec of a trace chart with markers (convergence, bottleneck), written directly: what Vega-Lite compiles
// diagnostics-spec.ts's lineSpec into, without the compile (a tenth of a second per report in each language). The
// same SVG, byte for byte (test/report/chart-vega.test.ts); left out, as changing no pixel: the series' sort-index
// formulas (the colour and dash scales list their domains) and the marks' ARIA descriptions (renderSvg removes them).

import type { Spec } from 'vega';
import type { LanguageCode } from '../../core/text.ts';
import { percentTickExpr } from './bars-spec.ts';
import { isNumber, VEGA_FRAME } from './bars-vega.ts';
import type { ChartLayout } from './chart-layout.ts';
import { VEGA_CONFIG } from './chart-style.ts';
import { seriesStyles, TRACE_HEIGHT, traceLegend, traceWidth, type TraceInput } from './diagnostics-spec.ts';
import { WEIGHTED } from './palette.ts';

const VALID = `${isNumber('n')} && ${isNumber('percent')}`;

/** Grid lines without labels, as Vega-Lite draws them under a quantitative axis. */
const grid = (scale: string, orient: string, tickCount: number, gridScale: string) => ({ scale, orient, tickCount, gridScale, grid: true, tickMinStep: 1, domain: false, labels: false, aria: false, maxExtent: 0, minExtent: 0, ticks: false, zindex: 0 });

export function linesVega(input: TraceInput, lang: LanguageCode, layout: ChartLayout): Spec {
  const { values, names, xTitle, overall } = input;
  const { colours, dashes } = seriesStyles(names);
  const at = { x: { scale: 'x', field: 'n' }, y: { scale: 'y', field: 'percent' } };
  const spec = {
    ...VEGA_FRAME,
    width: traceWidth(layout),
    height: TRACE_HEIGHT,
    style: 'cell',
    data: [
      { name: 'source_0', values },
      ...(overall === undefined ? [] : [{ name: 'source_1', values: [{ overall }] }]),
      { name: 'data_0', source: 'source_0', transform: [{ type: 'formula', expr: 'toNumber(datum["n"])', as: 'n' }] },
      { name: 'data_1', source: 'data_0', transform: [{ type: 'filter', expr: VALID }] },
      ...(overall === undefined ? [] : [{ name: 'data_2', source: 'source_1', transform: [{ type: 'filter', expr: isNumber('overall') }] }]),
    ],
    marks: [
      {
        name: 'layer_0_layer_0_pathgroup',
        type: 'group',
        from: { facet: { name: 'faceted_path_layer_0_layer_0_main', data: 'data_0', groupby: ['category', 'category'] } },
        encode: { update: { width: { field: { group: 'width' } }, height: { field: { group: 'height' } } } },
        marks: [
          {
            name: 'layer_0_layer_0_marks',
            type: 'line',
            style: ['line'],
            sort: { field: 'x' },
            from: { data: 'faceted_path_layer_0_layer_0_main' },
            encode: { update: { strokeWidth: { value: 2 }, stroke: { scale: 'color', field: 'category' }, strokeDash: { scale: 'strokeDash', field: 'category' }, ...at, defined: { signal: VALID } } },
          },
        ],
      },
      {
        name: 'layer_0_layer_1_marks',
        type: 'symbol',
        style: ['point'],
        from: { data: 'data_1' },
        encode: { update: { opacity: { value: 1 }, size: { value: 18 }, fill: { scale: 'color', field: 'category' }, strokeDash: { scale: 'strokeDash', field: 'category' }, ...at } },
      },
      ...(overall === undefined
        ? []
        : [
            {
              name: 'layer_1_marks',
              type: 'rule',
              style: ['rule'],
              from: { data: 'data_2' },
              encode: { update: { strokeWidth: { value: 1.2 }, strokeDash: { value: [3, 3] }, stroke: { value: WEIGHTED }, x: { field: { group: 'width' } }, x2: { value: 0 }, y: { scale: 'y', field: 'overall' } } },
            },
          ]),
    ],
    scales: [
      { name: 'x', type: 'linear', domain: { fields: [{ data: 'data_0', field: 'n' }, { data: 'data_1', field: 'n' }] }, range: [0, { signal: 'width' }], nice: true, zero: false },
      { name: 'y', type: 'linear', domain: [0, 100], range: [{ signal: 'height' }, 0], nice: true, zero: true },
      { name: 'color', type: 'ordinal', domain: [...names], range: colours },
      { name: 'strokeDash', type: 'ordinal', domain: [...names], range: dashes },
    ],
    axes: [
      grid('x', 'bottom', 6, 'y'),
      grid('y', 'left', 5, 'x'),
      { scale: 'x', orient: 'bottom', grid: false, title: xTitle, format: 'd', tickCount: 6, labelFlush: true, labelOverlap: true, tickMinStep: 1, zindex: 0 },
      { scale: 'y', orient: 'left', grid: false, format: 'd', tickCount: 5, labelOverlap: true, tickMinStep: 1, encode: { labels: { update: { text: { signal: percentTickExpr(lang) } } } }, zindex: 0 },
    ],
    legends: [{ stroke: 'color', direction: 'horizontal', fill: 'color', encode: { symbols: { update: { opacity: { value: 1 } } } }, strokeDash: 'strokeDash', values: [...names] }],
    config: { ...VEGA_CONFIG, legend: traceLegend(layout) },
  };
  // Plain data, as in bars-vega.ts.
  return spec as unknown as Spec;
}
