// The researcher's text with its numbers filled in from report.json: `{figures.fig1.rows.age.cells.2.percent}` is looked up, never typed.

import type { LanguageCode } from '../core/text.ts';
import { formatNumber, formatP, formatPercent } from './render-format.ts';

/** `{path}` or `{path|format}`; a path is dot-separated keys of report.json. */
const REFERENCE = /\{([A-Za-z0-9_.\-]+)(?:\|([a-z0-9]+))?\}/g;

export interface Reference {
  readonly path: string;
  /** `pct` (a percent), `int`, `p` (a p-value), `0`/`1`/`2` (decimals); default: percent for percent, low, high; else as stored. */
  readonly format?: string;
}

export function references(template: string): Reference[] {
  return [...template.matchAll(REFERENCE)].map((m) => (m[2] === undefined ? { path: m[1] ?? '' } : { path: m[1] ?? '', format: m[2] }));
}

/** The value at a dot path of report.json, or undefined. Keys may contain dots only as separators. */
export function lookup(json: unknown, path: string): unknown {
  let at: unknown = json;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

const PERCENT_KEYS = new Set(['percent', 'low', 'high']);

function format(value: number, ref: Reference, lang: LanguageCode): string {
  const last = ref.path.split('.').pop() ?? '';
  const decimals = (x: number): number => (Number.isInteger(x) ? 0 : Math.round(x * 10) === x * 10 ? 1 : 2);
  switch (ref.format) {
    case 'pct':
      return formatPercent(value, decimals(value), lang);
    case 'int':
      return formatNumber(Math.round(value), 0, lang);
    case 'p':
      return formatP(value, lang);
    case '0':
    case '1':
    case '2':
      return formatNumber(value, Number(ref.format), lang);
    default:
      return PERCENT_KEYS.has(last) ? formatPercent(value, decimals(value), lang) : formatNumber(value, decimals(value), lang);
  }
}

/**
 * What a reference finds in report.json: a number, a number withheld by disclosure control (a cell
 * whose count is null, or a path through one), or nothing usable (an unknown path, text).
 */
export function resolveReference(json: unknown, path: string): { readonly kind: 'number'; readonly value: number } | { readonly kind: 'hidden' } | { readonly kind: 'unknown' } {
  let at: unknown = json;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return { kind: 'unknown' };
    const container = at as Record<string, unknown>;
    // A suppressed cell keeps its keys with null values: every number in it or under it is withheld.
    if ('count' in container && container['count'] === null) return key in container ? { kind: 'hidden' } : { kind: 'unknown' };
    at = container[key];
  }
  return typeof at === 'number' && Number.isFinite(at) ? { kind: 'number', value: at } : { kind: 'unknown' };
}

export interface FilledNarrative {
  readonly text: string;
  /** References that are not numbers in report.json (an unknown path, text): the spec is wrong. */
  readonly unresolved: string[];
  /** References to numbers disclosure control withheld: shown as `placeholder`. */
  readonly hidden: string[];
}

/**
 * The text with each reference replaced by its formatted number; a withheld number by `placeholder`
 * (never a wrong or silently dropped number).
 */
export function fillNarrative(template: string, json: unknown, lang: LanguageCode, placeholder = ''): FilledNarrative {
  const unresolved: string[] = [];
  const hidden: string[] = [];
  const text = template.replace(REFERENCE, (whole, path: string, fmt: string | undefined) => {
    const found = resolveReference(json, path);
    if (found.kind === 'hidden') {
      hidden.push(path);
      return placeholder;
    }
    if (found.kind === 'unknown') {
      unresolved.push(path);
      return whole;
    }
    return format(found.value, fmt === undefined ? { path } : { path, format: fmt }, lang);
  });
  return { text, unresolved, hidden };
}

/**
 * Numbers typed by hand in a narrative, outside its references: every digit run except four-digit
 * years (1900–2099), which date events rather than count respondents. Figure numbers are
 * references too (`{figures.fig3.number}`).
 */
export function typedNumbers(template: string): string[] {
  const bare = template.replace(REFERENCE, ' ');
  return [...bare.matchAll(/\d+(?:[.,]\d+)?/g)].map((m) => m[0]).filter((d) => !/^(19|20)\d\d$/.test(d));
}
