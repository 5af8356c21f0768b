// A picture of the recruitment tree as a self-contained SVG string: chains side by side, nodes coloured by a category.

import type { RecruitmentTree } from './recruitment-tree.ts';
import { categoriesOf } from './sample.ts';

export interface TreeSvgOptions {
  readonly title: string;
  /** Name of the colouring variable, shown above the legend. */
  readonly variable?: string;
  /** Pixels between neighbouring leaves and between waves. */
  readonly spacing?: number;
  readonly waveHeight?: number;
}

/** Okabe & Ito's colour-blind-safe palette, then four more distinct hues; missing values are grey. */
const PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#000000', '#882255', '#44AA99', '#999933', '#AA4499'];
const MISSING = '#BBBBBB';

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Ids are deliberately left out of the picture (they may be coupon codes); each node's tooltip
 * gives its wave and category. Seeds are drawn as squares.
 */
export function treeSvg(tree: RecruitmentTree, colourBy: readonly (string | null)[], options: TreeSvgOptions): string {
  const dx = options.spacing ?? 9;
  const dy = options.waveHeight ?? 36;
  const categories = categoriesOf(colourBy);
  const colourOf = (c: string | null): string => (c === null ? MISSING : (PALETTE[categories.indexOf(c) % PALETTE.length] ?? MISSING));
  const x = new Array<number>(tree.ids.length).fill(0);
  let slot = 0;
  for (const seed of tree.seeds) {
    // Post-order walk without recursion: leaves take the next slot, parents sit over their children.
    const stack: [number, boolean][] = [[seed, false]];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      const [v, done] = top;
      const kids = tree.recruits[v] ?? [];
      if (kids.length === 0) x[v] = slot++;
      else if (done) x[v] = ((x[kids[0] ?? v] ?? 0) + (x[kids[kids.length - 1] ?? v] ?? 0)) / 2;
      else {
        stack.push([v, true]);
        for (let k = kids.length - 1; k >= 0; k--) stack.push([kids[k] ?? v, false]);
      }
    }
    slot += 1; // a gap between chains
  }
  const margin = 20;
  const top = 50;
  const legendWidth = 170;
  const plotWidth = Math.max(1, slot - 1) * dx;
  const width = Math.round(margin * 2 + plotWidth + legendWidth);
  const maxWave = tree.summary.maxWave;
  const height = Math.round(Math.max(top + maxWave * dy + margin * 2, top + 30 + (categories.length + 2) * 18));
  const px = (i: number): string => (margin + (x[i] ?? 0) * dx).toFixed(1);
  const py = (i: number): string => (top + (tree.wave[i] ?? 0) * dy).toFixed(1);
  const edges = tree.recruiter.flatMap((p, i) => (p < 0 ? [] : [`M${px(p)} ${py(p)}L${px(i)} ${py(i)}`])).join('');
  const r = 3.5;
  const nodes = tree.ids.map((_, i) => {
    const c = colourBy[i] ?? null;
    const tip = `<title>wave ${tree.wave[i] ?? 0}${tree.recruiter[i] === -1 ? ' (seed)' : ''}: ${escapeXml(c ?? 'missing')}</title>`;
    if (tree.recruiter[i] === -1) {
      return `<rect x="${(Number(px(i)) - r - 1).toFixed(1)}" y="${(Number(py(i)) - r - 1).toFixed(1)}" width="${2 * r + 2}" height="${2 * r + 2}" fill="${colourOf(c)}" stroke="#222" stroke-width="1">${tip}</rect>`;
    }
    return `<circle cx="${px(i)}" cy="${py(i)}" r="${r}" fill="${colourOf(c)}" stroke="#333" stroke-width="0.5">${tip}</circle>`;
  });
  const counts = categories.map((c) => colourBy.filter((v) => v === c).length);
  const missing = colourBy.filter((v) => v === null).length;
  const lx = margin + plotWidth + 30;
  const legendRows = [...categories.map((c, k) => [colourOf(c), `${c} (${counts[k] ?? 0})`] as const), ...(missing > 0 ? [[MISSING, `missing (${missing})`] as const] : [])];
  const legend = legendRows
    .map(([fill, label], k) => `<circle cx="${lx + 6}" cy="${top + 22 + k * 18}" r="5" fill="${fill}" stroke="#333" stroke-width="0.5"/><text x="${lx + 16}" y="${top + 26 + k * 18}">${escapeXml(label)}</text>`)
    .join('');
  const s = tree.summary;
  const subtitle = `${s.respondents} respondents, ${s.seeds} seeds (squares), ${s.maxWave} waves`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img" aria-label="${escapeXml(options.title)}">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${margin}" y="20" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`,
    `<text x="${margin}" y="37" fill="#555">${escapeXml(subtitle)}</text>`,
    `<path d="${edges}" stroke="#999" stroke-width="0.8" fill="none"/>`,
    ...nodes,
    `<text x="${lx}" y="${top + 4}" font-weight="bold">${escapeXml(options.variable ?? 'category')}</text>`,
    legend,
    '</svg>',
  ].join('\n');
}
