// The server bench's open loop read page by page: p50 and p99 of each page of the path over the whole loop and over
// the pages in flight while the reshuffle ran, and the worst page's p99 against the acceptance bound.

import type { Timed } from './server-load-client.ts';

export const quantile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

export interface PageFigures {
  /** Place in the path ("01 GET entry" … "99 POST final (seal, store)"), or "any page". */
  readonly page: string;
  readonly p50: number;
  readonly p99: number;
  /** Of the requests in flight at some moment of the reshuffle (began before its end, ended after its start). */
  readonly p99During: number;
  readonly during: number;
}

/** Unix ms of the reshuffle's start and end, as the server process saw them. */
export interface Window {
  readonly from: number;
  readonly to: number;
}

function figures(page: string, all: readonly Timed[], window: Window): PageFigures {
  const sorted = all.map(([, ms]) => ms).sort((a, b) => a - b);
  const during = all.filter(([at, ms]) => at <= window.to && at + ms >= window.from).map(([, ms]) => ms).sort((a, b) => a - b);
  return { page, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), p99During: quantile(during, 0.99), during: during.length };
}

/** Each page of the path, sorted by place, then "any page" (every request pooled). */
export function pageFigures(timeline: readonly Timed[], window: Window): PageFigures[] {
  const places = [...new Set(timeline.map(([, , place]) => place))].sort();
  return [...places.map((place) => figures(place, timeline.filter(([, , p]) => p === place), window)), figures('any page', timeline, window)];
}

/** The page type with the highest p99, over the whole loop and during the reshuffle. */
export function worstPage(pages: readonly PageFigures[]): { whole: PageFigures | undefined; during: PageFigures | undefined } {
  const each = pages.filter((p) => p.page !== 'any page');
  const top = (key: 'p99' | 'p99During'): PageFigures | undefined => each.reduce<PageFigures | undefined>((a, b) => (a === undefined || b[key] > a[key] ? b : a), undefined);
  return { whole: top('p99'), during: top('p99During') };
}
