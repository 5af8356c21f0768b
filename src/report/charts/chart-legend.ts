// The key (legend) of a figure's chart, as data: the HTML draws it, so it wraps and reads like the text around it.

import { pick, type LanguageCode } from '../../core/text.ts';
import type { FigureModel } from '../model.ts';
import { say } from '../messages.ts';
import { chartBars, chartedCategories } from './chart-rows.ts';
import { BAR, COMPARISON, PUBLISHED, WEIGHTED } from './palette.ts';
import { stackedColours } from './stacked-spec.ts';

export interface LegendEntry {
  /** `swatch`: a filled square; the others are the marks drawn on bars. */
  readonly mark: 'swatch' | 'interval' | 'tick' | 'diamond';
  readonly colour: string;
  readonly label: string;
}

export function chartLegend(figure: FigureModel, lang: LanguageCode): LegendEntry[] {
  if (figure.chart === 'stacked') {
    const colours = stackedColours(figure);
    return chartedCategories(figure).map((c) => ({ mark: 'swatch', colour: colours.get(c.key) ?? BAR, label: pick(c.label, lang) }));
  }
  const bars = chartBars(figure, lang);
  const entries: LegendEntry[] = [];
  if (bars.some((b) => b.category.kind !== 'missing')) entries.push({ mark: 'swatch', colour: BAR, label: say('keyBar', lang) });
  const greys = new Map<string, string>();
  for (const b of bars) if (b.category.kind === 'missing') greys.set(pick(b.category.label, lang), b.fill);
  for (const [label, colour] of greys) entries.push({ mark: 'swatch', colour, label });
  if (bars.some((b) => b.weighted !== null)) entries.push({ mark: 'interval', colour: WEIGHTED, label: say('keyWeighted', lang) });
  if (bars.some((b) => b.published !== null)) entries.push({ mark: 'tick', colour: PUBLISHED, label: say('keyPublished', lang) });
  if (bars.some((b) => b.comparisons.length > 0)) entries.push({ mark: 'diamond', colour: COMPARISON, label: say('keyComparison', lang) });
  return entries;
}
