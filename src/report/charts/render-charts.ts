// Every figure of a report drawn as SVG in one language, wide and narrow, keyed by figure key: what renderReportHtml inlines.

import type { TopLevelSpec } from 'vega-lite';
import { pick, type LanguageCode } from '../../core/text.ts';
import { say } from '../messages.ts';
import { thinnedNote, treeSummaryNote } from './chart-notes.ts';
import { bottleneckCategory, bottleneckInput, bottleneckSpec, convergenceInput, convergenceSpec } from './diagnostics-spec.ts';
import { degreeVega, treeVega } from './diagnostics-vega.ts';
import { linesVega } from './lines-vega.ts';
import type { FigureModel, ReportModel } from '../model.ts';
import { figureTitle } from '../render-figure-title.ts';
import { NARROW, WIDE, type ChartLayout } from './chart-layout.ts';
import { chartDrawing } from './chart-spec.ts';
import { hatchGreys } from './hatch.ts';
import { renderSvg, type VegaChart } from './render-svg.ts';
import { thinVariable, TRACE_POINTS_MAX } from './thin-trace.ts';
import { summariseTree, TREE_DRAWN_MAX, treeSummarySpec } from './tree-summary-spec.ts';

/** A figure's chart: `wide` for screens and print, `narrow` (labels above the bars) for phones. */
export interface ChartSvg {
  readonly wide: string;
  readonly narrow: string;
  /** What the drawing says of itself when it is not the full picture (a large study's summarised tree, thinned traces). */
  readonly note?: {
    readonly text: string;
    /** The figure's usual note no longer describes the drawing (a summarised tree has no dots): this replaces it. */
    readonly instead: boolean;
  };
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
    svgs[figure.key] = { wide: hatchGreys(await renderSvg(chartDrawing(figure, lang, WIDE), title), `${prefix}-w`), narrow: hatchGreys(await renderSvg(chartDrawing(figure, lang, NARROW), title), `${prefix}-n`) };
  }
  const d = model.diagnostics;
  if (d !== undefined) {
    // Sizes bounded whatever the number of respondents: long traces are thinned, a large tree is summarised.
    const both = async (spec: (layout: ChartLayout) => TopLevelSpec | VegaChart, title: string, note?: ChartSvg['note']): Promise<ChartSvg> => ({
      wide: await renderSvg(spec(WIDE), title),
      narrow: await renderSvg(spec(NARROW), title),
      ...(note === undefined ? {} : { note }),
    });
    const thinned = (from: number): ChartSvg['note'] => (from === 0 ? undefined : { text: thinnedNote(TRACE_POINTS_MAX, from, lang), instead: false });
    for (const full of d.variables) {
      const { variable: v, convergenceFrom, bottleneckFrom } = thinVariable(full);
      const name = pick(v.title, lang);
      // Traces with a marker per point are drawn from their Vega spec (lines-vega.ts); thinned ones through Vega-Lite.
      const convergence = convergenceInput(v, lang);
      svgs[`diag-conv-${v.key}`] = await both((l) => (convergenceFrom === 0 ? { vega: linesVega(convergence, lang, l) } : convergenceSpec(v, lang, l, false)), `${say('diagConvergence', lang)}: ${name}`, thinned(convergenceFrom));
      if (v.bottleneck.length > 0) {
        const bottleneck = bottleneckInput(v, bottleneckCategory(v), lang);
        svgs[`diag-bottle-${v.key}`] = await both((l) => (bottleneckFrom === 0 ? { vega: linesVega(bottleneck, lang, l) } : bottleneckSpec(v, bottleneckCategory(v), lang, l, false)), `${say('diagBottleneck', lang)}: ${name}`, thinned(bottleneckFrom));
      }
    }
    if (d.tree.nodes.length <= TREE_DRAWN_MAX) svgs['diag-tree'] = await both((l) => ({ vega: treeVega(d, lang, l) }), say('diagTree', lang));
    else {
      const summary = summariseTree(d, lang);
      svgs['diag-tree'] = await both((l) => treeSummarySpec(summary, lang, l), say('diagTree', lang), { text: treeSummaryNote(summary, lang), instead: true });
    }
    svgs['diag-degree'] = await both((l) => ({ vega: degreeVega(d, lang, l) }), say('diagDegree', lang));
  }
  return svgs;
}
