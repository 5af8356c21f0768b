// Vega-Lite spec of a `bars` or `multi` figure: horizontal bars of percent, with the weighted estimate and its interval, the published value and comparisons as marks.

import type { TopLevelSpec } from 'vega-lite';
import type { LanguageCode } from '../../core/text.ts';
import type { FigureModel } from '../model.ts';
import { formatPercent } from '../render-format.ts';
import { say } from '../messages.ts';
import { chartBars } from './chart-rows.ts';
import { CONFIG, FONT_SIZE, LABEL_WIDTH, LINE_HEIGHT, PLOT_WIDTH } from './chart-style.ts';
import { COMPARISON, PUBLISHED, WEIGHTED } from './palette.ts';
import { wrapLabel } from './wrap-label.ts';

/** Each label as lines joined by "\n", made unique (zero-width spaces) so two equal labels keep two bars. */
export function axisLabels(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  return labels.map((label) => {
    let text = wrapLabel(label, LABEL_WIDTH, FONT_SIZE).join('\n');
    while (seen.has(text)) text += '\u200b';
    seen.add(text);
    return text;
  });
}

/** The y axis: one band per label, tall enough for the longest wrapped label, lines split in the axis. */
export function bandStep(labels: readonly string[]): number {
  const lines = Math.max(1, ...labels.map((l) => l.split('\n').length));
  return Math.max(26, lines * LINE_HEIGHT + 10);
}

export function barsSpec(figure: FigureModel, lang: LanguageCode): TopLevelSpec {
  const bars = chartBars(figure, lang);
  const labels = axisLabels(bars.map((b) => b.label));
  const decimals = 1;
  const values = bars.map((b, i) => {
    const reach = Math.max(b.percent ?? 0, b.weighted?.high ?? 0, b.published ?? 0, b.comparison ?? 0);
    return {
      label: labels[i] ?? '',
      fill: b.fill,
      percent: b.percent,
      low: b.weighted?.low ?? null,
      high: b.weighted?.high ?? null,
      estimate: b.weighted?.percent ?? null,
      published: b.published,
      comparison: b.comparison,
      text: b.percent === null ? say('suppressed', lang) : formatPercent(b.percent, decimals, lang),
      textAt: reach,
    };
  });
  const top = Math.max(10, ...values.map((v) => v.textAt));
  const domainMax = Math.min(100, Math.ceil(top / 10) * 10);
  const percentTick = lang === 'ru' || lang.startsWith('ru-') ? "datum.label + '\u00a0%'" : "datum.label + '%'";
  const step = bandStep(labels);
  const y = { field: 'label', type: 'nominal', sort: labels, title: null } as const;
  const x = (field: string) => ({ field, type: 'quantitative' as const, scale: { domain: [0, domainMax], nice: false, zero: true } });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    width: PLOT_WIDTH,
    height: { step },
    data: { values },
    encoding: { y: { ...y, axis: { labelExpr: "split(datum.value, '\\n')", labelLineHeight: LINE_HEIGHT, labelPadding: 6, ticks: false, domain: true } } },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.62 } },
        encoding: {
          x: { ...x('percent'), axis: { title: null, labelExpr: percentTick, tickCount: 5, grid: true, format: 'd' } },
          color: { field: 'fill', type: 'nominal', scale: null },
        },
      },
      {
        transform: [{ filter: 'datum.low != null' }],
        mark: { type: 'rule', color: WEIGHTED, strokeWidth: 1.6 },
        encoding: { x: x('low'), x2: { field: 'high' } },
      },
      {
        transform: [{ filter: 'datum.low != null' }],
        layer: [
          { mark: { type: 'tick', color: WEIGHTED, thickness: 1.6, size: 10 }, encoding: { x: x('low') } },
          { mark: { type: 'tick', color: WEIGHTED, thickness: 1.6, size: 10 }, encoding: { x: x('high') } },
          { mark: { type: 'point', filled: true, color: WEIGHTED, size: 34, opacity: 1 }, encoding: { x: x('estimate') } },
        ],
      },
      {
        transform: [{ filter: 'datum.published != null' }],
        mark: { type: 'tick', color: PUBLISHED, thickness: 3, size: Math.round(step * 0.8) },
        encoding: { x: x('published') },
      },
      {
        transform: [{ filter: 'datum.comparison != null' }],
        mark: { type: 'point', shape: 'diamond', filled: true, color: COMPARISON, size: 90, opacity: 1, stroke: '#ffffff', strokeWidth: 1 },
        encoding: { x: x('comparison') },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 7, color: '#1b1b1b' },
        encoding: { x: x('textAt'), text: { field: 'text' } },
      },
    ],
  };
}
