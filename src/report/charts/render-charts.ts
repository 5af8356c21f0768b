// Every figure of a report drawn as SVG in one language, wide and narrow, keyed by figure key: what renderReportHtml inlines.

import type { LanguageCode } from '../../core/text.ts';
import type { FigureModel, ReportModel } from '../model.ts';
import { figureTitle } from '../render-figure-title.ts';
import { NARROW, WIDE } from './chart-layout.ts';
import { chartSpec } from './chart-spec.ts';
import { renderSvg } from './render-svg.ts';

/** A figure's chart: `wide` for screens and print, `narrow` (labels above the bars) for phones. */
export interface ChartSvg {
  readonly wide: string;
  readonly narrow: string;
}

export type ChartSvgs = Readonly<Record<string, ChartSvg>>;

/** The figures of `model`, in reading order. */
export function reportFigures(model: ReportModel): FigureModel[] {
  return model.sections.flatMap((s) => s.blocks).filter((b): b is FigureModel => b.kind === 'figure');
}

/** SVGs of each figure of `model` in `lang`, one after another (Vega's text-width hook is global, so no overlap). */
export async function renderCharts(model: ReportModel, lang: LanguageCode): Promise<ChartSvgs> {
  const svgs: Record<string, ChartSvg> = {};
  for (const figure of reportFigures(model)) {
    const title = figureTitle(figure, lang);
    svgs[figure.key] = { wide: await renderSvg(chartSpec(figure, lang, WIDE), title), narrow: await renderSvg(chartSpec(figure, lang, NARROW), title) };
  }
  return svgs;
}
