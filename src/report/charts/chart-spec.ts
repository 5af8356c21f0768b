// The Vega-Lite spec of any figure, by its chart kind, in one layout.

import type { TopLevelSpec } from 'vega-lite';
import type { LanguageCode } from '../../core/text.ts';
import type { FigureModel } from '../model.ts';
import { barsSpec } from './bars-spec.ts';
import type { ChartLayout } from './chart-layout.ts';
import { stackedSpec } from './stacked-spec.ts';

/** `multi` is drawn as `bars` (its shares need not add to 100; the figure says so in a note). */
export function chartSpec(figure: FigureModel, lang: LanguageCode, layout: ChartLayout): TopLevelSpec {
  return figure.chart === 'stacked' ? stackedSpec(figure, lang, layout) : barsSpec(figure, lang, layout);
}
