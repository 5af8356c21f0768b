// The Vega-Lite spec of any figure, by its chart kind, in one layout.

import type { TopLevelSpec } from 'vega-lite';
import type { LanguageCode } from '../../core/text.ts';
import type { FigureModel } from '../model.ts';
import { barsSpec } from './bars-spec.ts';
import { barsVega } from './bars-vega.ts';
import type { ChartLayout } from './chart-layout.ts';
import type { VegaChart } from './render-svg.ts';
import { stackedInput, stackedSpec } from './stacked-spec.ts';
import { stackedDrawable, stackedVega } from './stacked-vega.ts';

/** `multi` is drawn as `bars` (its shares need not add to 100; the figure says so in a note). */
export function chartSpec(figure: FigureModel, lang: LanguageCode, layout: ChartLayout): TopLevelSpec {
  return figure.chart === 'stacked' ? stackedSpec(figure, lang, layout) : barsSpec(figure, lang, layout);
}

/** What a report draws for a figure: its Vega spec written directly (the same SVG as chartSpec's, without Vega-Lite's compile). */
export function chartDrawing(figure: FigureModel, lang: LanguageCode, layout: ChartLayout): TopLevelSpec | VegaChart {
  if (figure.chart !== 'stacked') return { vega: barsVega(figure, lang, layout) };
  const input = stackedInput(figure, lang, layout);
  return stackedDrawable(input) ? { vega: stackedVega(figure, lang, layout, input) } : stackedSpec(figure, lang, layout);
}
