// Values as a reader sees them: HTML escaping and numbers, percents and quotes in each language's typography.

import type { LanguageCode } from '../core/text.ts';
import type { FigureModel } from './model.ts';

const NBSP = '\u00a0';
const MINUS = '\u2212';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const isRussian = (lang: LanguageCode): boolean => lang === 'ru' || lang.startsWith('ru-');

/**
 * `value` with `decimals` decimals: "1,234.5" in English, "1 234,5" in Russian (non-breaking space
 * between thousands, decimal comma), and a true minus sign. Written out by hand so the output does
 * not depend on the ICU data of the machine.
 */
export function formatNumber(value: number, decimals: number, lang: LanguageCode): string {
  if (!Number.isFinite(value)) return '–';
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = '0', fraction] = fixed.split('.');
  const ru = isRussian(lang);
  const group = ru ? NBSP : ',';
  // Grouped from 1000 in both, so a column of counts lines up (5 000 under 30 000).
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const sign = value < 0 && Number(fixed) !== 0 ? MINUS : '';
  return sign + grouped + (fraction === undefined ? '' : (ru ? ',' : '.') + fraction);
}

/** A percent: "45.2%" in English, "45,2 %" (non-breaking space) in Russian. */
export function formatPercent(value: number, decimals: number, lang: LanguageCode): string {
  return formatNumber(value, decimals, lang) + (isRussian(lang) ? `${NBSP}%` : '%');
}

/** A weighted estimate with its interval: "44.8% [38.1–51.5]". */
export function formatInterval(percent: number, low: number, high: number, decimals: number, lang: LanguageCode): string {
  return `${formatPercent(percent, decimals, lang)} [${formatNumber(low, decimals, lang)}–${formatNumber(high, decimals, lang)}]`;
}

/** Text in the language's quotation marks: “…” in English, «…» in Russian. */
export function quoted(text: string, lang: LanguageCode): string {
  // Quotes inside quotes take the second-level marks: „…“ in Russian, ‘…’ in English.
  if (isRussian(lang)) return `«${text.replace(/«/g, '„').replace(/»/g, '“')}»`;
  return `“${text.replace(/“/g, '‘').replace(/”/g, '’')}”`;
}

/** "n = 222" with a non-breaking space on both sides of the equals sign. */
export function formatN(n: number, lang: LanguageCode): string {
  return `n${NBSP}=${NBSP}${formatNumber(n, 0, lang)}`;
}

/** A p-value as journals print it: "p = 0.034", "p < 0.001". */
export function formatP(p: number, lang: LanguageCode): string {
  if (p < 0.001) return `p${NBSP}<${NBSP}${formatNumber(0.001, 3, lang)}`;
  return `p${NBSP}=${NBSP}${formatNumber(p, p < 0.01 ? 3 : 2, lang)}`;
}

/**
 * Decimals to print for a set of shares compute has already rounded (to 0 or 1 decimal, as the
 * spec says): one if any of them has a tenth, else none, so "53 %" is not dressed up as "53,0 %".
 */
export function sharedDecimals(values: readonly (number | null | undefined)[]): 0 | 1 {
  return values.some((v) => typeof v === 'number' && Math.round(v * 10) % 10 !== 0) ? 1 : 0;
}

/** The percents and interval ends of some cells, for sharedDecimals. */
export function cellNumbers(cells: readonly ({ readonly percent: number | null; readonly weighted?: { percent: number; low: number; high: number } | null } | undefined)[]): number[] {
  return cells.flatMap((c) => (c === undefined ? [] : [c.percent ?? 0, ...(c.weighted === null || c.weighted === undefined ? [] : [c.weighted.percent, c.weighted.low, c.weighted.high])]));
}

/** Decimals of a figure's percents, the same for all of its cells, in chart and table alike. */
export function figureDecimals(figure: FigureModel): 0 | 1 {
  return sharedDecimals(cellNumbers(figure.rows.flatMap((r) => Object.values(r.cells))));
}
