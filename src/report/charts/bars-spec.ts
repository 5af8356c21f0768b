// Vega-Lite spec of a `bars` or `multi` figure: horizontal bars of percent, with the weighted estimate and its interval, the published value and comparisons as marks.

import type { TopLevelSpec } from 'vega-lite';
import type { LanguageCode } from '../../core/text.ts';
import type { FigureModel } from '../model.ts';
import { figureDecimals, formatPercent } from '../render-format.ts';
import { say } from '../messages.ts';
import { chartBars } from './chart-rows.ts';
import { bandGeometry, type BandGeometry, type ChartLayout } from './chart-layout.ts';
import { CONFIG, FONT_SIZE, LINE_HEIGHT } from './chart-style.ts';
import { COMPARISON, PUBLISHED, WEIGHTED } from './palette.ts';
import { wrapLabel } from './wrap-label.ts';

/** Each label as lines joined by "\n", made unique (zero-width spaces) so two equal labels keep two bars. */
export function axisLabels(labels: readonly string[], layout: ChartLayout): string[] {
  const seen = new Set<string>();
  return labels.map((label) => {
    let text = wrapLabel(label, layout.labelWidth, FONT_SIZE).join('\n');
    while (seen.has(text)) text += '\u200b';
    seen.add(text);
    return text;
  });
}

/** The y encoding shared by both chart kinds: one band per label, the labels beside (axis) or above (a text layer). */
export function yEncoding(labels: readonly string[], layout: ChartLayout) {
  const axis = layout.labelsAbove ? null : { labelExpr: "split(datum.value, '\\n')", labelLineHeight: LINE_HEIGHT, labelPadding: 6, ticks: false };
  return { field: 'label', type: 'nominal' as const, sort: [...labels], title: null, axis };
}

/** What both chart kinds share: schema, style, one band per label, the data. Their layers differ. */
export function chartFrame<V>(labels: readonly string[], layout: ChartLayout, step: number, values: readonly V[]) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    width: layout.plotWidth,
    height: { step },
    data: { values },
    encoding: { y: yEncoding(labels, layout) },
  };
}

/** The labels-above layer: each label's lines, left-aligned, its last line ending just above its bar. */
export function labelsAboveLayer(bottom: number) {
  // Vega sets multi-line text from its first line, so each label starts as many lines up as it has.
  const top = `${bottom} - ${LINE_HEIGHT} * length(split(datum.label, '\\n'))`;
  return {
    mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, lineBreak: '\n', lineHeight: LINE_HEIGHT, yOffset: { expr: top }, color: '#1b1b1b' },
    encoding: { x: { datum: 0, type: 'quantitative' as const }, text: { field: 'label' } },
  };
}

export const percentTickExpr = (lang: LanguageCode): string => (lang === 'ru' || lang.startsWith('ru-') ? "datum.label + '\u00a0%'" : "datum.label + '%'");

/** What a `bars` figure draws, in one language and layout: the Vega-Lite spec below and the Vega spec of bars-vega.ts are both built from it. */
export interface BarsInput {
  readonly labels: readonly string[];
  readonly values: readonly BarValue[];
  readonly comparisons: readonly { readonly label: string; readonly comparison: number }[];
  /** Upper end of the x axis (percent). */
  readonly domainMax: number;
  readonly g: BandGeometry;
}

export interface BarValue {
  readonly label: string;
  readonly fill: string;
  readonly percent: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly estimate: number | null;
  readonly published: number | null;
  readonly text: string;
  readonly reach: number;
}

export function barsInput(figure: FigureModel, lang: LanguageCode, layout: ChartLayout): BarsInput {
  const bars = chartBars(figure, lang);
  const decimals = figureDecimals(figure);
  const labels = axisLabels(
    bars.map((b) => b.label),
    layout,
  );
  const values = bars.map((b, i): BarValue => ({
    label: labels[i] ?? '',
    fill: b.fill,
    percent: b.percent,
    low: b.weighted?.low ?? null,
    high: b.weighted?.high ?? null,
    estimate: b.weighted?.percent ?? null,
    published: b.published,
    text: b.percent === null ? say('suppressed', lang) : formatPercent(b.percent, decimals, lang),
    // How far the marks of this bar reach: the axis must show all of them.
    reach: Math.max(b.percent ?? 0, b.weighted?.high ?? 0, b.published ?? 0, ...b.comparisons),
  }));
  const comparisons = bars.flatMap((b, i) => b.comparisons.map((value) => ({ label: labels[i] ?? '', comparison: value })));
  const top = Math.max(10, ...values.map((v) => v.reach));
  return { labels, values, comparisons, domainMax: Math.min(100, Math.ceil(top / 10) * 10), g: bandGeometry(labels, layout) };
}

/**
 * The Vega-Lite definition of a `bars` figure. Reports draw bars from the Vega spec of bars-vega.ts,
 * which skips Vega-Lite's compiler; test/report/bars-vega.test.ts holds the two to the same SVG.
 */
export function barsSpec(figure: FigureModel, lang: LanguageCode, layout: ChartLayout): TopLevelSpec {
  const { labels, values, comparisons, domainMax, g } = barsInput(figure, lang, layout);
  const x = (field: string) => ({ field, type: 'quantitative' as const, scale: { domain: [0, domainMax], nice: false, zero: true } });
  const on = g.barOffset;
  return {
    ...chartFrame(labels, layout, g.step, values),
    layer: [
      {
        mark: { type: 'bar', height: g.bar, yOffset: on },
        encoding: {
          x: { ...x('percent'), axis: { title: null, labelExpr: percentTickExpr(lang), tickCount: layout.labelsAbove ? 4 : 6, grid: !layout.labelsAbove, format: 'd' } },
          color: { field: 'fill', type: 'nominal', scale: null },
        },
      },
      ...(layout.labelsAbove ? [labelsAboveLayer(g.labelBottom)] : []),
      {
        transform: [{ filter: 'datum.low != null' }],
        layer: [
          { mark: { type: 'rule', color: WEIGHTED, strokeWidth: 1.6, yOffset: on }, encoding: { x: x('low'), x2: { field: 'high' } } },
          { mark: { type: 'tick', color: WEIGHTED, thickness: 1.6, size: 10, yOffset: on }, encoding: { x: x('low') } },
          { mark: { type: 'tick', color: WEIGHTED, thickness: 1.6, size: 10, yOffset: on }, encoding: { x: x('high') } },
          { mark: { type: 'point', filled: true, color: WEIGHTED, size: 34, opacity: 1, yOffset: on }, encoding: { x: x('estimate') } },
        ],
      },
      {
        transform: [{ filter: 'datum.published != null' }],
        mark: { type: 'tick', color: PUBLISHED, thickness: 3, size: g.bar + 8, yOffset: on },
        encoding: { x: x('published') },
      },
      {
        data: { values: comparisons },
        mark: { type: 'point', shape: 'diamond', filled: true, color: COMPARISON, size: 90, opacity: 1, stroke: '#ffffff', strokeWidth: 1, yOffset: on },
        encoding: { x: x('comparison') },
      },
      {
        // The numbers stand in one column right of the plot, level with their bars: never beside a
        // whisker or a marker they could be read as belonging to.
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 10, color: '#1b1b1b', yOffset: on },
        encoding: { x: { datum: domainMax, type: 'quantitative' as const, scale: { domain: [0, domainMax], nice: false, zero: true } }, text: { field: 'text' } },
      },
    ],
  };
}
