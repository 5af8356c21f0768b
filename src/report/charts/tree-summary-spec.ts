// The recruitment tree of a large study as a summary: per chain, a bar per wave as wide as its respondents (a silhouette).

import type { TopLevelSpec } from 'vega-lite';
import type { LanguageCode } from '../../core/text.ts';
import type { DiagnosticsModel } from '../diagnostics-model.ts';
import { say } from '../messages.ts';
import type { ChartLayout } from './chart-layout.ts';
import { CONFIG } from './chart-style.ts';
import { othersLabel } from './chart-notes.ts';
import { BAR } from './palette.ts';

/** Above this many respondents the tree is summarised: drawn person by person it grows with every one (103 MB of HTML at 100,000). */
export const TREE_DRAWN_MAX = 2000;
/** Columns of the summary: past this many chains the smallest are drawn together, so the chart stays bounded. */
export const SUMMARY_CHAINS_MAX = 12;

export interface TreeSummary {
  /** Column labels: chain numbers, and the others' label when some chains are drawn together. */
  readonly columns: readonly string[];
  /** `counts[c][w]`: respondents of column c at wave w. */
  readonly counts: readonly (readonly number[])[];
  /** Chains drawn together in the last column (0 if none). */
  readonly lumped: number;
  readonly respondents: number;
  /** The largest count of any one wave of one column: the widest bar. */
  readonly widest: number;
}

/** Respondents per chain and wave, in one pass over the tree's nodes. */
export function summariseTree(d: DiagnosticsModel, lang: LanguageCode): TreeSummary {
  const chains = d.chains.map((c) => c.chain);
  // The largest chains keep a column each (in seed order); the rest share the last one.
  const bySize = [...d.chains].sort((a, b) => b.size - a.size || a.chain - b.chain);
  const own = chains.length <= SUMMARY_CHAINS_MAX ? new Set(chains) : new Set(bySize.slice(0, SUMMARY_CHAINS_MAX - 1).map((c) => c.chain));
  const shown = chains.filter((c) => own.has(c));
  const lumped = chains.length - shown.length;
  const column = new Map(shown.map((c, k) => [c, k]));
  const columns = [...shown.map(String), ...(lumped > 0 ? [othersLabel(lumped, lang)] : [])];
  let deepest = 0;
  for (const n of d.tree.nodes) deepest = Math.max(deepest, n.wave);
  const counts = columns.map(() => new Array<number>(deepest + 1).fill(0));
  for (const n of d.tree.nodes) {
    // A chain without a column of its own is one of those drawn together (a node of no known chain is in none).
    const row = counts[column.get(n.chain) ?? (lumped > 0 && n.chain > 0 ? columns.length - 1 : -1)];
    if (row !== undefined) row[n.wave] = (row[n.wave] ?? 0) + 1;
  }
  let widest = 1;
  for (const row of counts) for (const x of row) widest = Math.max(widest, x);
  return { columns, counts, lumped, respondents: d.tree.nodes.length, widest };
}

/** Seeds at the top as in the drawn tree; each column a chain, each bar's width its respondents at that wave. */
export function treeSummarySpec(s: TreeSummary, lang: LanguageCode, layout: ChartLayout): TopLevelSpec {
  const waves = s.counts.reduce((m, row) => Math.max(m, row.length), 1);
  const values = s.counts.flatMap((row, c) =>
    row.flatMap((count, wave) => {
      if (count === 0) return [];
      const half = (0.45 * count) / s.widest;
      return [{ left: c - half, right: c + half, top: wave - 0.38, bottom: wave + 0.38 }];
    }),
  );
  const x = { type: 'quantitative' as const, scale: { domain: [-0.5, s.columns.length - 0.5] }, axis: { title: say('diagChain', lang), values: s.columns.map((_, k) => k), labelExpr: `${JSON.stringify(s.columns)}[datum.value]`, grid: false, ticks: false, domain: false } };
  const y = { type: 'quantitative' as const, scale: { domain: [waves - 0.5, -0.5] }, axis: { title: say('diagWave', lang), values: Array.from({ length: waves }, (_, w) => w), format: 'd', grid: false } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    width: layout.plotWidth + (layout.labelsAbove ? 40 : 200),
    height: 18 * waves,
    data: { values },
    // A thin outline of the fill colour keeps a wave of one respondent visible beside one of thousands.
    mark: { type: 'rect', color: BAR, stroke: BAR, strokeWidth: 0.75 },
    encoding: { x: { field: 'left', ...x }, x2: { field: 'right' }, y: { field: 'top', ...y }, y2: { field: 'bottom' } },
  };
}
