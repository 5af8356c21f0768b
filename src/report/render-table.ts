// Table cells that name their column (data-label), so on a phone each row can stand as a card without a header row.

import { esc } from './render-format.ts';

/** What a cell without a value shows. */
export const NONE = '–';

/**
 * A data cell: `html` is already escaped; `column` is the header text the phone layout shows
 * beside it. A cell without a value is marked `empty`, so a phone's card can leave it out.
 */
export function td(column: string, html: string, numeric = true): string {
  const classes = [...(numeric ? ['num'] : []), ...(html === NONE ? ['empty'] : [])];
  return `<td${classes.length > 0 ? ` class="${classes.join(' ')}"` : ''} data-label="${esc(column)}"><span>${html}</span></td>`;
}

/** A column header. */
export function th(column: string, numeric = true): string {
  return `<th scope="col"${numeric ? ' class="num"' : ''}>${esc(column)}</th>`;
}
