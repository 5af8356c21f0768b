// report.json: the report model keyed by block, row and category, so that every number the report shows can be looked up by name.

import type { Cell, Comparison, FigureModel, Published, ReportBase, ReportModel, StatementModel } from './model.ts';
import { roundPercent } from '../disclosure/index.ts';

export interface JsonCell {
  readonly count: number | null;
  readonly percent: number | null;
  readonly weighted?: { readonly percent: number; readonly low: number; readonly high: number } | null;
}

/** A published number in report.json, with the data's value beside it. */
export interface JsonPublished extends Published {
  /** The data's value at the published rounding (from count / n; the mean over rows for a battery-wide number); null when suppressed. */
  readonly computed: number | null;
  readonly agrees: boolean;
}

const base = (b: ReportBase): { kind: ReportBase['kind']; n: number; description: ReportBase['description'] } => ({ kind: b.kind, n: b.n, description: b.description });
const cell = (c: Cell): JsonCell => ({ count: c.count, percent: c.percent, ...(c.weighted === undefined ? {} : { weighted: c.weighted }) });
const exact = (c: Cell | undefined, n: number): number | null => (c === undefined || c.count === null || n === 0 ? null : (100 * c.count) / n);

/** The unrounded shares a published number is about: one cell, or every row's cell (a battery-wide number). */
function publishedShares(fig: FigureModel, category: string, row: string | undefined): (number | null)[] {
  const rows = row === undefined ? fig.rows : fig.rows.filter((r) => r.key === row);
  return rows.map((r) => exact(r.cells[category], r.base.n));
}

function published(p: Published, shares: readonly (number | null)[]): JsonPublished {
  const known = shares.filter((s): s is number => s !== null);
  const computed = known.length === 0 || known.length < shares.length ? null : roundPercent(known.reduce((a, b) => a + b, 0) / known.length, p.decimals);
  return { ...p, computed, agrees: computed === p.value };
}

const comparisons = (cs: readonly Comparison[]): Comparison[] => [...cs];

function figureJson(f: FigureModel): object {
  return {
    ...(f.number === undefined ? {} : { number: f.number }),
    ...(f.originalNumber === undefined ? {} : { originalNumber: f.originalNumber }),
    title: f.title,
    chart: f.chart,
    items: f.items,
    categories: f.categories,
    rows: Object.fromEntries(f.rows.map((r) => [r.key, { label: r.label, base: base(r.base), cells: Object.fromEntries(Object.entries(r.cells).map(([k, c]) => [k, cell(c)])) }])),
    published: f.published.map((p) => published(p, publishedShares(f, p.category, p.row))),
    comparisons: comparisons(f.comparisons),
    notes: f.notes,
  };
}

function statementJson(s: StatementModel): object {
  return {
    text: s.text,
    items: s.items,
    base: base(s.base),
    ...cell(s.cell),
    ...(s.mean === undefined ? {} : { mean: s.mean.value, meanDecimals: s.mean.decimals }),
    published: s.published.map((p) => published(p, [exact(s.cell, s.base.n)])),
    comparisons: comparisons(s.comparisons),
  };
}

/**
 * `figures.<key>.rows.<row>.cells.<category>.percent`, `statements.<key>.percent`,
 * `associations.<key>.holds`, `population.<key>.rows.<row>.estimate`, with every base's n.
 */
export function reportJson(model: ReportModel): object {
  const figures: Record<string, object> = {};
  const statements: Record<string, object> = {};
  const associations: Record<string, object> = {};
  const population: Record<string, object> = {};
  const quotes: Record<string, object> = {};
  const order: { section: string; blocks: string[] }[] = [];
  for (const section of model.sections) {
    order.push({ section: section.key, blocks: section.blocks.map((b) => b.key) });
    for (const b of section.blocks) {
      switch (b.kind) {
        case 'figure':
          figures[b.key] = figureJson(b);
          break;
        case 'statement':
          statements[b.key] = statementJson(b);
          break;
        case 'association':
          associations[b.key] = {
            claim: b.claim,
            measure: b.measure,
            expected: b.expected,
            holds: b.holds,
            significant: b.significant ?? null,
            test: b.test,
            groups: Object.fromEntries(b.groups.map((g) => [g.key, { label: g.label, base: base(g.base), ...cell(g.cell) }])),
          };
          break;
        case 'population':
          population[b.key] = { title: b.title, rows: Object.fromEntries(b.rows.map((r) => [r.key, { ...r }])), context: b.context };
          break;
        case 'quotes':
          quotes[b.key] = { title: b.title, quotes: b.quotes };
          break;
      }
    }
  }
  return {
    study: model.study,
    instrumentVersion: model.instrumentVersion,
    synthetic: model.synthetic,
    languages: model.languages,
    title: model.title,
    subtitle: model.subtitle,
    sample: model.sample,
    sections: order,
    figures,
    statements,
    associations,
    population,
    quotes,
    ...(model.summary === undefined ? {} : { summary: model.summary }),
    narrative: Object.fromEntries(model.sections.flatMap((s) => (s.narrative === undefined ? [] : [[s.key, s.narrative]]))),
    ...(model.diagnostics === undefined ? {} : { diagnostics: model.diagnostics }),
    strobe: model.strobe,
    methods: model.methods,
    disclosure: model.disclosure,
  };
}
