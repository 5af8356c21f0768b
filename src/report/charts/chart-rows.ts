// A figure flattened into what its chart draws: one entry per bar, in the figure's order, in one language.

import { pick, type LanguageCode } from '../../core/text.ts';
import type { Category, FigureModel, FigureRow } from '../model.ts';
import { BAR, GREYS } from './palette.ts';

export interface ChartBar {
  /** Stable id: row key and category key. */
  readonly id: string;
  readonly row: FigureRow;
  readonly category: Category;
  /** What the axis says: the category, or the row (when each row has one charted category), or both. */
  readonly label: string;
  readonly fill: string;
  readonly percent: number | null;
  readonly weighted: { readonly percent: number; readonly low: number; readonly high: number } | null;
  readonly published: number | null;
  /** Outside values set beside this bar (percent comparisons only). */
  readonly comparisons: readonly number[];
}

/**
 * The categories a chart draws: answers and non-answers. Nets overlap the answers they sum, so they
 * are charted only when a figure has nothing else (they are always in the table). A group of
 * non-answers shown beside its parts is a net too: the spec marks it so (spec-blocks.ts).
 */
export function chartedCategories(figure: FigureModel): readonly Category[] {
  const plain = figure.categories.filter((c) => c.kind !== 'net');
  return plain.length > 0 ? plain : figure.categories;
}

/** The grey for each non-answer category, in order of appearance. */
export function missingGreys(categories: readonly Category[]): ReadonlyMap<string, string> {
  const greys = new Map<string, string>();
  for (const c of categories) if (c.kind === 'missing') greys.set(c.key, GREYS[greys.size % GREYS.length] ?? GREYS[0]);
  return greys;
}

const matches = (entry: { readonly category: string; readonly row?: string }, figure: FigureModel, row: FigureRow, category: Category): boolean =>
  entry.category === category.key && (entry.row === undefined ? figure.rows.length === 1 : entry.row === row.key);

/** One bar per (row, charted category): the shape of `bars` and `multi` figures. */
export function chartBars(figure: FigureModel, lang: LanguageCode): ChartBar[] {
  const categories = chartedCategories(figure);
  const greys = missingGreys(categories);
  const single = figure.rows.length === 1;
  const bars: ChartBar[] = [];
  for (const row of figure.rows) {
    for (const category of categories) {
      const cell = row.cells[category.key];
      const published = figure.published.find((p) => matches(p, figure, row, category));
      const comparisons = figure.comparisons.filter((c) => c.unit === 'percent' && matches(c, figure, row, category)).map((c) => c.value);
      const catLabel = pick(category.label, lang);
      const rowLabel = pick(row.label, lang);
      bars.push({
        id: `${row.key}/${category.key}`,
        row,
        category,
        label: single ? catLabel : categories.length === 1 ? rowLabel : `${rowLabel}: ${catLabel}`,
        fill: greys.get(category.key) ?? BAR,
        percent: cell?.percent ?? null,
        weighted: cell?.weighted ?? null,
        published: published?.value ?? null,
        comparisons,
      });
    }
  }
  return bars;
}
