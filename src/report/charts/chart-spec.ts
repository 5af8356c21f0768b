// The Vega-Lite spec of any figure, by its chart kind, in one layout.

import type { TopLevelSpec } from 'vega-lite';
import type { LanguageCode } from '../../core/text.ts';
import type { FigureModel } from '../model.ts';
import { barsSpec } from './bars-spec.ts';
import { barsVega } from './bars-vega.ts';
import type { ChartLayout } from './chart-layout.ts';
import type { VegaChart } from './render-svg.ts';
import { stackedSpec } from './stacked-spec.ts';

/** `multi` is drawn as `bars` (its shares need not add to 100; the figure says so in a note). */
export function chartSpec(figure: FigureModel, lang: LanguageCode, layout: ChartLayout): TopLevelSpec {
  return figure.chart === 'stacked' ? stackedSpec(figure, lang, layout) : barsSpec(figure, lang, layout);
}

/** What a report draws for a figure: bars from their Vega spec (same SVG, no Vega-Lite compile), stacked bars through Vega-Lite. */
export function chartDrawing(figure: FigureModel, lang: LanguageCode, layout: ChartLayout): TopLevelSpec | VegaChart {
  return figure.chart === 'stacked' ? stackedSpec(figure, lang, layout) : { vega: barsVega(figure, lang, layout) };
}
