// Vega-Lite spec of a `stacked` figure: one 100 % bar per battery row, answers in a diverging palette, non-answers in greys.

import type { TopLevelSpec } from 'vega-lite';
import { pick, type LanguageCode } from '../../core/text.ts';
import type { Category, FigureModel } from '../model.ts';
import { formatNumber } from '../render-format.ts';
import { axisLabels, chartFrame, labelsAboveLayer, percentTickExpr } from './bars-spec.ts';
import { bandGeometry, type BandGeometry, type ChartLayout } from './chart-layout.ts';
import { chartedCategories, missingGreys } from './chart-rows.ts';
import { say } from '../messages.ts';
import { diverging, inkOn, SUPPRESSED } from './palette.ts';

/** Segments narrower than this (percent) carry no number inside; the table has it. */
const MIN_LABELLED = 6;

/** The fill of each charted category of a stacked figure, in category order. */
export function stackedColours(figure: FigureModel): ReadonlyMap<string, string> {
  const categories = chartedCategories(figure);
  const answers = categories.filter((c) => c.kind !== 'missing');
  const ramp = diverging(answers.length);
  const greys = missingGreys(categories);
  const colours = new Map<string, string>();
  answers.forEach((c, i) => colours.set(c.key, ramp[i] ?? '#888888'));
  for (const [key, grey] of greys) colours.set(key, grey);
  return colours;
}

/** What a stacked figure draws in one language and layout: the Vega-Lite spec below and stacked-vega.ts are both built from it. */
export interface StackedInput {
  readonly labels: readonly string[];
  readonly values: readonly Record<string, string | number | null>[];
  readonly g: BandGeometry;
}

export function stackedInput(figure: FigureModel, lang: LanguageCode, layout: ChartLayout): StackedInput {
  const categories: readonly Category[] = chartedCategories(figure);
  const colours = stackedColours(figure);
  const labels = axisLabels(
    figure.rows.map((r) => pick(r.label, lang)),
    layout,
  );
  const g = bandGeometry(labels, layout, 22);
  const values: Record<string, string | number | null>[] = [];
  figure.rows.forEach((row, r) => {
    let start = 0;
    // Suppressed cells keep their place: together they take what the shown ones leave of 100 %
    // (which the table gives away anyway), drawn where the first of them stands, so every bar
    // starts at 0 and ends at 100 with its answers in the same order.
    const shown = categories.reduce((a, c) => a + (row.cells[c.key]?.percent ?? 0), 0);
    let hidden = Math.max(0, 100 - shown);
    for (const category of categories) {
      const percent = row.cells[category.key]?.percent ?? null;
      const suppressed = percent === null && row.cells[category.key] !== undefined;
      const width = suppressed ? hidden : (percent ?? 0);
      if (suppressed) hidden = 0;
      const fill = suppressed ? SUPPRESSED : (colours.get(category.key) ?? '#888888');
      values.push({
        label: labels[r] ?? '',
        category: pick(category.label, lang),
        start,
        // Shares rounded one by one can add to 100.1; the bar stops at 100.
        end: Math.min(100, start + width),
        mid: start + width / 2,
        fill,
        suppressed: suppressed && width > 0 ? 1 : 0,
        ink: inkOn(fill),
        text: suppressed ? (width >= 12 ? say('suppressed', lang) : '') : percent !== null && percent >= MIN_LABELLED ? formatNumber(percent, 0, lang) : '',
      });
      start += width;
    }
  });
  return { labels, values, g };
}

/** The Vega-Lite definition of a stacked figure; reports draw it from stacked-vega.ts (the same SVG, no compile). */
export function stackedSpec(figure: FigureModel, lang: LanguageCode, layout: ChartLayout): TopLevelSpec {
  const { labels, values, g } = stackedInput(figure, lang, layout);
  const x = (field: string) => ({ field, type: 'quantitative' as const, scale: { domain: [0, 100], nice: false } });
  return {
    ...chartFrame(labels, layout, g.step, values),
    layer: [
      {
        mark: { type: 'bar', height: g.bar, yOffset: g.barOffset, stroke: '#ffffff', strokeWidth: 1 },
        encoding: {
          x: { ...x('start'), axis: { title: null, labelExpr: percentTickExpr(lang), values: [0, 25, 50, 75, 100], grid: false, format: 'd' } },
          x2: { field: 'end' },
          color: { field: 'fill', type: 'nominal', scale: null },
        },
      },
      {
        // A suppressed stretch: white with a dashed outline, so it reads as "withheld", not as an answer.
        transform: [{ filter: 'datum.suppressed == 1' }],
        mark: { type: 'bar', height: g.bar - 2, yOffset: g.barOffset, fill: SUPPRESSED, stroke: '#767676', strokeWidth: 1, strokeDash: [3, 2] },
        encoding: { x: x('start'), x2: { field: 'end' } },
      },
      ...(layout.labelsAbove ? [labelsAboveLayer(g.labelBottom)] : []),
      {
        transform: [{ filter: "datum.text != ''" }],
        mark: { type: 'text', align: 'center', baseline: 'middle', yOffset: g.barOffset },
        encoding: { x: x('mid'), text: { field: 'text' }, color: { field: 'ink', type: 'nominal', scale: null } },
      },
    ],
  };
}
