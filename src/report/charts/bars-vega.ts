// The Vega spec of a `bars` or `multi` figure, written directly: what Vega-Lite compiles barsSpec into, less its work.
// A report draws about 80 bar charts and Vega-Lite's compiler took half of their time. This spec draws the same SVG
// (test/report/chart-vega.test.ts compares the two, byte for byte), with two simplifications that change no pixel:
// the band scale's domain is the labels in order (Vega-Lite derives the same from a sort-index formula over every
// layer's data, and every label has a bar), and marks carry no ARIA descriptions (renderSvg removes them anyway).

import type { Spec } from 'vega';
import type { LanguageCode } from '../../core/text.ts';
import type { FigureModel } from '../model.ts';
import { barsInput, percentTickExpr } from './bars-spec.ts';
import type { BandGeometry, ChartLayout } from './chart-layout.ts';
import { CONFIG, FONT_SIZE, LINE_HEIGHT, VEGA_CONFIG } from './chart-style.ts';
import { COMPARISON, PUBLISHED, WEIGHTED } from './palette.ts';

type Encode = Record<string, unknown>;

/** Vega-Lite's test that a row's `field` is a number to draw. */
export const isNumber = (field: string): string => `isValid(datum["${field}"]) && isFinite(+datum["${field}"])`;

/** Keeps rows whose `field` is a finite number, as Vega-Lite does before drawing a quantitative channel. */
export const valid = (field: string) => ({ type: 'filter', expr: isNumber(field) });

/** A mark of the chart's one layer list, named as Vega-Lite names it (the names are the SVG's class names). */
export function mark(name: string, type: string, style: string, data: string, update: Encode) {
  return { name, type, style: [style], from: { data }, encode: { update } };
}

/**
 * The signals that carry what differs between two charts of one kind, language and layout besides their data, so
 * that they share one parsed dataflow (vega-parse-cache.ts): band step, bar thickness and offset, where labels above
 * end, and the labels, which are the band scale's domain in order.
 */
export function bandSignals(labels: readonly string[], g: BandGeometry) {
  return [
    { name: 'y_step', value: g.step },
    { name: 'height', update: "bandspace(domain('y').length, 0.1, 0.05) * y_step" },
    { name: 'bar', value: g.bar },
    { name: 'bar_offset', value: g.barOffset },
    { name: 'label_bottom', value: g.labelBottom },
    { name: 'labels', value: [...labels] },
  ];
}

/** The band scale of the labels (Vega-Lite derives the same domain from a sort-index formula over each layer's data). */
/** What every direct Vega spec opens with, in the order Vega-Lite writes it. */
export const VEGA_FRAME = { $schema: 'https://vega.github.io/schema/vega/v6.json', background: CONFIG.background, padding: CONFIG.padding };

/** A chart of one plot cell `width` wide. */
export const cellFrame = (width: number) => ({ ...VEGA_FRAME, width, style: 'cell' });

/** The category axis of bars and stacked charts: wrapped labels, no ticks. */
export const LABEL_AXIS = { scale: 'y', orient: 'left', grid: false, labelLineHeight: LINE_HEIGHT, labelPadding: 6, ticks: false, encode: { labels: { update: { text: { signal: "split(datum.value, '\\n')" } } } }, zindex: 0 };

export const BAND_SCALE = { name: 'y', type: 'band', domain: { signal: 'labels' }, range: { step: { signal: 'y_step' } }, paddingInner: 0.1, paddingOuter: 0.05 };

/** The labels-above text layer (narrow layout), as Vega-Lite compiles bars-spec.ts's labelsAboveLayer. */
export function labelsAboveMark(name: string) {
  return mark(name, 'text', 'text', 'source_0', {
    align: { value: 'left' },
    baseline: { value: 'top' },
    lineBreak: { value: '\n' },
    lineHeight: { value: LINE_HEIGHT },
    fill: { value: '#1b1b1b' },
    x: { scale: 'x', value: 0 },
    y: { scale: 'y', field: 'label', offset: { signal: `label_bottom - ${LINE_HEIGHT} * length(split(datum.label, '\\n'))` }, band: 0.5 },
    text: { signal: 'isValid(datum["label"]) ? datum["label"] : ""+datum["label"]' },
    fontSize: { value: FONT_SIZE },
  });
}

/** The band-centred y of a mark, `bar_offset` below the centre (Vega-Lite leaves out an offset of 0: adding 0 moves nothing). */
export function bandY(key: 'y' | 'yc') {
  return { [key]: { scale: 'y', field: 'label', offset: { signal: 'bar_offset' }, band: 0.5 } };
}

/** The Vega spec of figure `figure`'s bar chart in `lang` and `layout`; it draws what barsSpec's compiled form draws. */
export function barsVega(figure: FigureModel, lang: LanguageCode, layout: ChartLayout): Spec {
  const { labels, values, comparisons, domainMax, g } = barsInput(figure, lang, layout);
  const tick = (name: string, data: string, fill: string, height: { value: number } | { signal: string }, field: string, width: number) =>
    mark(name, 'rect', 'tick', data, { opacity: { value: 0.7 }, fill: { value: fill }, ...bandY('yc'), height, xc: { scale: 'x', field }, width: { value: width } });
  const above = layout.labelsAbove;
  // Layer numbers as Vega-Lite counts them: the labels-above text layer comes second when there is one.
  const n = (k: number): number => (above && k > 0 ? k + 1 : k);
  const marks = [
    mark('layer_0_marks', 'rect', 'bar', 'bars', { fill: { field: 'fill' }, x: { scale: 'x', field: 'percent_end' }, x2: { scale: 'x', field: 'percent_start' }, ...bandY('yc'), height: { signal: 'bar' } }),
    ...(above ? [labelsAboveMark('layer_1_marks')] : []),
    mark(`layer_${n(1)}_layer_0_marks`, 'rule', 'rule', 'low', { strokeWidth: { value: 1.6 }, stroke: { value: WEIGHTED }, x: { scale: 'x', field: 'low' }, x2: { scale: 'x', field: 'high' }, ...bandY('y') }),
    tick(`layer_${n(1)}_layer_1_marks`, 'low', WEIGHTED, { value: 10 }, 'low', 1.6),
    tick(`layer_${n(1)}_layer_2_marks`, 'high', WEIGHTED, { value: 10 }, 'high', 1.6),
    mark(`layer_${n(1)}_layer_3_marks`, 'symbol', 'point', 'estimate', { opacity: { value: 1 }, size: { value: 34 }, fill: { value: WEIGHTED }, x: { scale: 'x', field: 'estimate' }, ...bandY('y') }),
    tick(`layer_${n(2)}_marks`, 'published', PUBLISHED, { signal: 'bar + 8' }, 'published', 3),
    mark(`layer_${n(3)}_marks`, 'symbol', 'point', 'comparison', {
      opacity: { value: 1 },
      stroke: { value: '#ffffff' },
      strokeWidth: { value: 1 },
      size: { value: 90 },
      shape: { value: 'diamond' },
      fill: { value: COMPARISON },
      x: { scale: 'x', field: 'comparison' },
      ...bandY('y'),
    }),
    mark(`layer_${n(4)}_marks`, 'text', 'text', 'source_0', {
      align: { value: 'left' },
      baseline: { value: 'middle' },
      dx: { value: 10 },
      fill: { value: '#1b1b1b' },
      x: { scale: 'x', signal: 'domain_max' },
      ...bandY('y'),
      text: { signal: 'isValid(datum["text"]) ? datum["text"] : ""+datum["text"]' },
      fontSize: { value: FONT_SIZE },
    }),
  ];
  const percentAxis = { scale: 'x', orient: 'bottom', grid: false, format: 'd', tickCount: above ? 4 : 6, labelFlush: true, labelOverlap: true, tickMinStep: 1, encode: { labels: { update: { text: { signal: percentTickExpr(lang) } } } }, zindex: 0 };
  const axes = above
    ? [percentAxis]
    : [
        { scale: 'x', orient: 'bottom', grid: true, tickCount: 6, gridScale: 'y', tickMinStep: 1, domain: false, labels: false, aria: false, maxExtent: 0, minExtent: 0, ticks: false, zindex: 0 },
        percentAxis,
        LABEL_AXIS,
      ];
  const spec = {
    ...cellFrame(layout.plotWidth),
    data: [
      { name: 'source_0', values },
      { name: 'source_1', values: comparisons },
      {
        name: 'bars',
        source: 'source_0',
        transform: [{ type: 'stack', groupby: ['label'], field: 'percent', sort: { field: ['fill'], order: ['ascending'] }, as: ['percent_start', 'percent_end'], offset: 'zero' }, valid('percent')],
      },
      { name: 'interval', source: 'source_0', transform: [{ type: 'filter', expr: 'datum.low != null' }] },
      { name: 'low', source: 'interval', transform: [valid('low')] },
      { name: 'high', source: 'interval', transform: [valid('high')] },
      { name: 'estimate', source: 'interval', transform: [valid('estimate')] },
      { name: 'published', source: 'source_0', transform: [{ type: 'filter', expr: 'datum.published != null' }, valid('published')] },
      { name: 'comparison', source: 'source_1', transform: [valid('comparison')] },
    ],
    signals: [...bandSignals(labels, g), { name: 'domain_max', value: domainMax }],
    marks,
    scales: [
      { name: 'x', type: 'linear', domain: [0, { signal: 'domain_max' }], range: [0, { signal: 'width' }], nice: false, zero: true },
      BAND_SCALE,
    ],
    axes,
    config: VEGA_CONFIG,
  };
  // Built as plain data: Vega's typings describe each property's many forms, which this literal does not restate.
  return spec as unknown as Spec;
}
