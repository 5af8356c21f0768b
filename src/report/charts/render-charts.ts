// Every figure of a report drawn as SVG in one language, wide and narrow, keyed by figure key: what renderReportHtml inlines.

import type { TopLevelSpec } from 'vega-lite';
import { pick, type LanguageCode } from '../../core/text.ts';
import { say } from '../messages.ts';
import { bottleneckCategory, bottleneckSpec, convergenceSpec, degreeSpec, treeSpec } from './diagnostics-spec.ts';
import type { FigureModel, ReportModel } from '../model.ts';
import { figureTitle } from '../render-figure-title.ts';
import { NARROW, WIDE, type ChartLayout } from './chart-layout.ts';
import { chartSpec } from './chart-spec.ts';
import { hatchGreys } from './hatch.ts';
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

/** SVGs of each figure of `model` in `lang`, then of its RDS diagnostics (keys `diag-…`), one after another (Vega's text-width hook is global, so no overlap). */
export async function renderCharts(model: ReportModel, lang: LanguageCode): Promise<ChartSvgs> {
  const svgs: Record<string, ChartSvg> = {};
  for (const figure of reportFigures(model)) {
    const title = figureTitle(figure, lang);
    const prefix = `${lang}-${figure.key}`;
    svgs[figure.key] = { wide: hatchGreys(await renderSvg(chartSpec(figure, lang, WIDE), title), `${prefix}-w`), narrow: hatchGreys(await renderSvg(chartSpec(figure, lang, NARROW), title), `${prefix}-n`) };
  }
  const d = model.diagnostics;
  if (d !== undefined) {
    const both = async (spec: (layout: ChartLayout) => TopLevelSpec, title: string): Promise<ChartSvg> => ({ wide: await renderSvg(spec(WIDE), title), narrow: await renderSvg(spec(NARROW), title) });
    for (const v of d.variables) {
      const name = pick(v.title, lang);
      svgs[`diag-conv-${v.key}`] = await both((l) => convergenceSpec(v, lang, l), `${say('diagConvergence', lang)}: ${name}`);
      if (v.bottleneck.length > 0) svgs[`diag-bottle-${v.key}`] = await both((l) => bottleneckSpec(v, bottleneckCategory(v), lang, l), `${say('diagBottleneck', lang)}: ${name}`);
    }
    svgs['diag-tree'] = await both((l) => treeSpec(d, lang, l), say('diagTree', lang));
    svgs['diag-degree'] = await both((l) => degreeSpec(d, lang, l), say('diagDegree', lang));
  }
  return svgs;
}
