// Table cells that name their column (data-label), so on a phone each row can stand as a card without a header row.

import { esc } from './render-format.ts';

/** A data cell: `html` is already escaped; `column` is the header text the phone layout shows beside it. */
export function td(column: string, html: string, numeric = true): string {
  return `<td${numeric ? ' class="num"' : ''} data-label="${esc(column)}"><span>${html}</span></td>`;
}

/** A column header. */
export function th(column: string, numeric = true): string {
  return `<th scope="col"${numeric ? ' class="num"' : ''}>${esc(column)}</th>`;
}
