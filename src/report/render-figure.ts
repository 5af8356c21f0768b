// One figure as HTML: caption, base and n, the chart, its key, the data table behind it, and its notes.

import { pick, type LanguageCode } from '../core/text.ts';
import { chartedCategories } from './charts/chart-rows.ts';
import { chartLegend, type LegendEntry } from './charts/chart-legend.ts';
import { hatchedSwatch } from './charts/hatch.ts';
import type { ChartSvg } from './charts/render-charts.ts';
import type { Category, Cell, Comparison, FigureModel, FigureRow, Published, ReportBase } from './model.ts';
import { say } from './messages.ts';
import { figureTitle } from './render-figure-title.ts';
import { NONE, td, th } from './render-table.ts';
import { esc, figureDecimals, formatN, formatNumber, formatPercent } from './render-format.ts';

/** "Base: of those asked (n = 222)", the n added when the description does not already say it. */
export function baseLine(base: ReportBase, lang: LanguageCode): string {
  // "n = 218" is one unit: it must not break across lines.
  const description = pick(base.description, lang).replace(/\bn = (?=\d)/g, 'n\u00a0=\u00a0');
  const saysN = new RegExp(`n\\s*=\\s*${base.n}(?!\\d)`).test(description.replace(/\u00a0/g, ' '));
  return `${say('base', lang)}: ${description}${saysN ? '' : ` (${formatN(base.n, lang)})`}`;
}

/** A percent cell as text; a suppressed one says so. */
export function cellPercent(cell: Cell | undefined, lang: LanguageCode, decimals: number): string {
  if (cell?.percent === null || cell?.percent === undefined) return `<span class="suppressed">${esc(say('suppressed', lang))}</span>`;
  return esc(formatPercent(cell.percent, decimals, lang));
}

export function cellCount(cell: Cell | undefined, lang: LanguageCode): string {
  if (cell?.count === null || cell?.count === undefined) return `<span class="suppressed">${esc(say('suppressed', lang))}</span>`;
  return esc(formatNumber(cell.count, 0, lang));
}

export function cellWeighted(cell: Cell | undefined, lang: LanguageCode, decimals: number): string {
  const w = cell?.weighted;
  if (w === null || w === undefined) return NONE;
  // The interval may drop to its own line on a phone (.ci), so the column stays narrow.
  // The effective sample size says how much information is behind the interval (methods explain it).
  const neff = w.effectiveN === null || w.effectiveN === undefined ? '' : ` <span class="neff">n<sub>${lang === 'ru' ? 'эфф' : 'eff'}</sub>\u00a0≈\u00a0${esc(formatNumber(w.effectiveN, 0, lang))}</span>`;
  return `${esc(formatPercent(w.percent, decimals, lang))}<span class="ci"> [${esc(formatNumber(w.low, decimals, lang))}–${esc(formatNumber(w.high, decimals, lang))}]${neff}</span>`;
}

/** A published number in the report's typography ("≈ 5" kept as printed); a share unless `unit` says otherwise. */
export function publishedText(p: Published, lang: LanguageCode, unit: 'percent' | 'number' = 'percent'): string {
  const value = unit === 'percent' ? formatPercent(p.value, p.decimals, lang) : formatNumber(p.value, p.decimals, lang);
  return esc(p.text.includes('≈') ? `≈\u00a0${value}` : value);
}

export function comparisonText(c: Comparison, lang: LanguageCode): string {
  const value = c.unit === 'percent' ? formatPercent(c.value, c.value % 1 === 0 ? 0 : 1, lang) : formatNumber(c.value, c.value % 1 === 0 ? 0 : 1, lang);
  return `${esc(value)} <span class="meta">${esc(pick(c.label, lang))} (${esc(pick(c.source, lang))})</span>`;
}

/** A comparison set beside a whole figure: "Mean age in Russia: 40.3 (Rosstat, 2023)". */
function looseComparison(c: Comparison, lang: LanguageCode): string {
  const decimals = c.value % 1 === 0 ? 0 : 1;
  const value = c.unit === 'percent' ? formatPercent(c.value, decimals, lang) : formatNumber(c.value, decimals, lang);
  return `${esc(pick(c.label, lang))}: ${esc(value)} (${esc(pick(c.source, lang))})`;
}

const forCell = <T extends { readonly category: string; readonly row?: string }>(list: readonly T[], figure: FigureModel, row: FigureRow, category: Category): T[] =>
  list.filter((e) => e.category === category.key && (e.row === undefined ? figure.rows.length === 1 : e.row === row.key));

function keyIcon(entry: LegendEntry): string {
  const c = esc(entry.colour);
  const shape = {
    swatch: hatchedSwatch(c),
    interval: `<line x1="1" y1="8" x2="15" y2="8" stroke="${c}" stroke-width="1.6"/><line x1="1.8" y1="3" x2="1.8" y2="13" stroke="${c}" stroke-width="1.6"/><line x1="14.2" y1="3" x2="14.2" y2="13" stroke="${c}" stroke-width="1.6"/><circle cx="8" cy="8" r="3" fill="${c}"/>`,
    tick: `<rect x="6.5" y="1" width="3" height="14" fill="${c}"/>`,
    diamond: `<path d="M8 1 L15 8 L8 15 L1 8 Z" fill="${c}"/>`,
  }[entry.mark];
  return `<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">${shape}</svg>`;
}

/** "Data for Figure 3", or "Data: Sex" for a figure without a number. */
function dataCaption(figure: FigureModel, lang: LanguageCode): string {
  return figure.number === undefined ? `${say('dataFor', lang)}: ${pick(figure.title, lang)}` : `${say('dataForFigure', lang)} ${figure.number}`;
}

function figureTable(figure: FigureModel, lang: LanguageCode): string {
  const categories = [...chartedCategories(figure), ...figure.categories.filter((c) => !chartedCategories(figure).includes(c))];
  const anyWeighted = figure.rows.some((r) => Object.values(r.cells).some((c) => c.weighted !== undefined && c.weighted !== null));
  const anyPublished = figure.published.length > 0;
  const cellComparisons = figure.comparisons.filter((c) => c.category !== '' && c.unit === 'percent');
  const anyComparison = cellComparisons.length > 0;
  const head = [
    th(say('category', lang), false),
    th(say('count', lang)),
    th(say('percent', lang)),
    anyWeighted ? th(say('weighted', lang)) : '',
    anyPublished ? th(say('published', lang)) : '',
    anyComparison ? th(say('comparison', lang), false) : '',
  ].join('');
  const columns = 3 + (anyWeighted ? 1 : 0) + (anyPublished ? 1 : 0) + (anyComparison ? 1 : 0);
  const single = figure.rows.length === 1;
  const decimals = figureDecimals(figure);
  const bodies = figure.rows.map((row) => {
    const header = single ? '' : `<tr><th scope="rowgroup" colspan="${columns}">${esc(pick(row.label, lang))} <span class="meta">· ${esc(baseLine(row.base, lang))}</span></th></tr>`;
    const lines = categories.map((category) => {
      const cell = row.cells[category.key];
      const published = forCell(figure.published, figure, row, category);
      const comparisons = forCell(cellComparisons, figure, row, category);
      const isNet = category.kind === 'net';
      const label = esc(pick(category.label, lang)) + (isNet ? ` <span class="meta">(${esc(say('net', lang))})</span>` : '');
      const cells = [
        td(say('count', lang), cellCount(cell, lang)),
        td(say('percent', lang), cellPercent(cell, lang, decimals)),
        anyWeighted ? td(say('weighted', lang), cellWeighted(cell, lang, decimals)) : '',
        anyPublished ? td(say('published', lang), published.map((p) => publishedText(p, lang)).join('; ') || NONE) : '',
        anyComparison ? td(say('comparison', lang), comparisons.map((c) => comparisonText(c, lang)).join('<br>') || NONE, false) : '',
      ];
      return `<tr class="${isNet ? 'net' : category.kind}"><th scope="row">${label}</th>${cells.join('')}</tr>`;
    });
    return `<tbody>${header}${lines.join('')}</tbody>`;
  });
  const caption = `${esc(dataCaption(figure, lang))} · ${esc(figureBase(figure, lang))}`;
  return `<div class="table-wrap"><table class="data"><caption>${caption}</caption><thead><tr>${head}</tr></thead>${bodies.join('')}</table></div>`;
}

/** The base of a figure: its rows' base when they share one, else the first's words with "n = 210–222" (each row's base is in the table). */
function figureBase(figure: FigureModel, lang: LanguageCode): string {
  const first = figure.rows[0];
  if (first === undefined) return '';
  const ns = figure.rows.map((r) => r.base.n);
  if (ns.every((n) => n === first.base.n)) return baseLine(first.base, lang);
  const range = `n\u00a0=\u00a0${formatNumber(Math.min(...ns), 0, lang)}–${formatNumber(Math.max(...ns), 0, lang)}`;
  // The first row's words carry its own n ("of the 222 who answered"): the range needs words without one.
  const words = first.base.kind === 'subgroup' ? pick(first.base.description, lang) : say(first.base.kind === 'all' ? 'baseAll' : first.base.kind === 'asked' ? 'baseAsked' : 'baseAnswered', lang);
  return `${say('base', lang)}: ${words} (${range})`;
}

export function renderFigure(figure: FigureModel, lang: LanguageCode, svg: ChartSvg | undefined): string {
  const key = chartLegend(figure, lang)
    .map((e) => `<li>${keyIcon(e)}<span>${esc(e.label)}</span></li>`)
    .join('');
  const loose = figure.comparisons.filter((c) => c.category === '' || c.unit !== 'percent');
  const notes = [
    ...(figure.originalNumber === undefined ? [] : [esc(say('originalFigure', lang).replace('{n}', formatNumber(figure.originalNumber, 0, lang)))]),
    ...figure.notes.map((n) => esc(pick(n, lang))),
    ...(figure.published.length > 0 ? [esc(say('publishedNote', lang))] : []),
    ...(figure.chart === 'multi' ? [esc(say('multiNote', lang))] : []),
    ...(figure.rows.some((r) => Object.values(r.cells).some((c) => c.percent === null)) ? [esc(say('suppressedNote', lang))] : []),
    ...loose.map((c) => `${esc(say('otherComparisons', lang))}: ${looseComparison(c, lang)}`),
  ];
  return `<figure class="figure" id="${esc(`fig-${figure.key}`)}">
<figcaption>${esc(figureTitle(figure, lang))}</figcaption>
<p class="base">${esc(figureBase(figure, lang))}</p>
${svg === undefined ? '' : `<div class="chart"><div class="wide">${svg.wide}</div><div class="narrow">${svg.narrow}</div></div>`}
${key === '' ? '' : `<ul class="key">${key}</ul>`}
${figureTable(figure, lang)}
${notes.length === 0 ? '' : `<ul class="notes">${notes.map((n) => `<li>${n}</li>`).join('')}</ul>`}
</figure>`;
}
