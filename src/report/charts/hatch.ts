// The greys of non-answers hatched as well as shaded: SVG patterns written into a chart, and the same hatching for its key.

import { GREY_PATTERNS } from './palette.ts';

const pattern = (id: string, p: (typeof GREY_PATTERNS)[number]): string =>
  `<pattern id="${id}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="${p.grey}"/>${p.lines.map(([x1, y1, x2, y2]) => `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${p.ink}" stroke-width="1.2"/>`).join('')}</pattern>`;

/**
 * Replaces each non-answer grey fill in `svg` by its hatching. `prefix` makes the pattern ids unique
 * in the page (several charts, each drawn wide and narrow, share one document).
 */
export function hatchGreys(svg: string, prefix: string): string {
  const defs: string[] = [];
  let out = svg;
  GREY_PATTERNS.forEach((p, k) => {
    const fill = new RegExp(`fill="${p.grey}"`, 'gi');
    if (!fill.test(out)) return;
    const id = `${prefix}-h${k}`;
    out = out.replace(fill, `fill="url(#${id})"`);
    defs.push(pattern(id, p));
  });
  if (defs.length === 0) return svg;
  const open = /^<svg\b[^>]*>/.exec(out);
  if (open === null) return svg;
  return `${open[0]}<defs>${defs.join('')}</defs>${out.slice(open[0].length)}`;
}

/** The same hatching drawn as lines over a 14 px key swatch (no ids needed). */
export function hatchedSwatch(colour: string): string {
  const p = GREY_PATTERNS.find((x) => x.grey.toLowerCase() === colour.toLowerCase());
  const base = `<rect x="1" y="1" width="14" height="14" fill="${colour}"/>`;
  if (p === undefined) return base;
  const lines: string[] = [];
  for (let o = 0; o < 14; o += 5) {
    for (const [x1, y1, x2, y2] of p.lines) lines.push(`<line x1="${1 + o + x1 * (5 / 6)}" y1="${1 + y1 * (14 / 6)}" x2="${1 + o + x2 * (5 / 6)}" y2="${1 + y2 * (14 / 6)}" stroke="${p.ink}" stroke-width="1.2"/>`);
  }
  return `${base}${lines.join('')}`;
}
