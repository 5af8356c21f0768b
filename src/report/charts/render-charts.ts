// Every figure of a report drawn as SVG in one language, keyed by figure key: what renderReportHtml inlines.

import type { LanguageCode } from '../../core/text.ts';
import type { FigureModel, ReportModel } from '../model.ts';
import { figureTitle } from '../render-figure-title.ts';
import { chartSpec } from './chart-spec.ts';
import { renderSvg } from './render-svg.ts';

export type ChartSvgs = Readonly<Record<string, string>>;

/** The figures of `model`, in reading order. */
export function reportFigures(model: ReportModel): FigureModel[] {
  return model.sections.flatMap((s) => s.blocks).filter((b): b is FigureModel => b.kind === 'figure');
}

/** SVG of each figure of `model` in `lang`, one after another (Vega's text-width hook is global, so no overlap). */
export async function renderCharts(model: ReportModel, lang: LanguageCode): Promise<ChartSvgs> {
  const svgs: Record<string, string> = {};
  for (const figure of reportFigures(model)) {
    svgs[figure.key] = await renderSvg(chartSpec(figure, lang), figureTitle(figure, lang));
  }
  return svgs;
}
