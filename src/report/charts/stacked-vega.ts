// The Vega spec of a `stacked` figure, written directly: what Vega-Lite compiles stackedSpec into, without the compile.
// The same SVG, byte for byte (test/report/chart-vega.test.ts), with bars-vega.ts's two simplifications: the band
// domain is the labels in order, and no ARIA descriptions. A label with no segment would drop out of Vega-Lite's
// domain but not out of this one, so such a figure is left to Vega-Lite (stackedDrawable).

import type { Spec } from 'vega';
import type { LanguageCode } from '../../core/text.ts';
import type { FigureModel } from '../model.ts';
import { percentTickExpr } from './bars-spec.ts';
import { BAND_SCALE, bandSignals, bandY, LABEL_AXIS, labelsAboveMark, mark, valid, cellFrame } from './bars-vega.ts';
import type { ChartLayout } from './chart-layout.ts';
import { FONT_SIZE, VEGA_CONFIG } from './chart-style.ts';
import { SUPPRESSED } from './palette.ts';
import { stackedInput, type StackedInput } from './stacked-spec.ts';

/** Every label has a segment (so the labels are the band scale's whole domain, as Vega-Lite would find it). */
export function stackedDrawable(input: StackedInput): boolean {
  const drawn = new Set(input.values.map((v) => v['label']));
  return input.labels.every((l) => drawn.has(l));
}

/** The Vega spec of figure `figure`'s stacked chart in `lang` and `layout`, from its input (stackedInput). */
export function stackedVega(figure: FigureModel, lang: LanguageCode, layout: ChartLayout, input: StackedInput = stackedInput(figure, lang, layout)): Spec {
  const { labels, values, g } = input;
  const above = layout.labelsAbove;
  const at = (start: string, end: string) => ({ x: { scale: 'x', field: start }, x2: { scale: 'x', field: end } });
  const marks = [
    mark('layer_0_marks', 'rect', 'bar', 'segments', { stroke: { value: '#ffffff' }, strokeWidth: { value: 1 }, fill: { field: 'fill' }, ...at('start', 'end'), ...bandY('yc'), height: { signal: 'bar' } }),
    mark('layer_1_marks', 'rect', 'bar', 'suppressed', { fill: { value: SUPPRESSED }, stroke: { value: '#767676' }, strokeWidth: { value: 1 }, strokeDash: { value: [3, 2] }, ...at('start', 'end'), ...bandY('yc'), height: { signal: 'bar - 2' } }),
    ...(above ? [labelsAboveMark('layer_2_marks')] : []),
    mark(`layer_${above ? 3 : 2}_marks`, 'text', 'text', 'numbers', {
      align: { value: 'center' },
      baseline: { value: 'middle' },
      fill: { field: 'ink' },
      x: { scale: 'x', field: 'mid' },
      ...bandY('y'),
      text: { signal: 'isValid(datum["text"]) ? datum["text"] : ""+datum["text"]' },
      fontSize: { value: FONT_SIZE },
    }),
  ];
  const percentAxis = { scale: 'x', orient: 'bottom', grid: false, format: 'd', values: [0, 25, 50, 75, 100], labelFlush: true, labelOverlap: true, tickCount: { signal: 'ceil(width/40)' }, tickMinStep: 1, encode: { labels: { update: { text: { signal: percentTickExpr(lang) } } } }, zindex: 0 };
  const spec = {
    ...cellFrame(layout.plotWidth),
    data: [
      { name: 'source_0', values },
      { name: 'segments', source: 'source_0', transform: [valid('start')] },
      { name: 'suppressed', source: 'source_0', transform: [{ type: 'filter', expr: 'datum.suppressed == 1' }, valid('start')] },
      { name: 'numbers', source: 'source_0', transform: [{ type: 'filter', expr: "datum.text != ''" }, valid('mid')] },
    ],
    signals: bandSignals(labels, g),
    marks,
    scales: [
      { name: 'x', type: 'linear', domain: [0, 100], range: [0, { signal: 'width' }], nice: false, zero: true },
      BAND_SCALE,
    ],
    axes: above ? [percentAxis] : [percentAxis, LABEL_AXIS],
    config: VEGA_CONFIG,
  };
  // Plain data, as in bars-vega.ts.
  return spec as unknown as Spec;
}
