// A Vega-Lite spec drawn as an accessible, self-contained SVG string: compiled, run headless with no canvas, and barred from every load.

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { esc } from '../render-format.ts';
import { textWidth } from './text-width.ts';
import { parseVega } from './vega-parse-cache.ts';

/**
 * A loader that refuses everything and notes what it was asked for: a report chart carries its
 * data inline and may fetch nothing, from the network or from disk.
 */
export function refusingLoader(asked: string[]): vega.Loader {
  const refuse = (what: string): Promise<never> => {
    asked.push(what);
    return Promise.reject(new Error('report charts load nothing'));
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

interface TextItem {
  readonly fontSize?: number;
  readonly fontWeight?: string | number;
  readonly text?: unknown;
}
interface TextMetrics {
  width: (item: TextItem, text?: unknown) => number;
}

/**
 * Vega measures text with a canvas when there is one and otherwise guesses 0.8 em a character,
 * far too wide for DejaVu Sans. Its documented hook (`textMetrics.width`, as vl-convert uses) is
 * pointed at the font's own advance widths, so axis space and label wrapping match the print.
 */
function useFontWidths(): void {
  const metrics = (vega as unknown as { textMetrics?: TextMetrics }).textMetrics;
  if (metrics === undefined) return;
  metrics.width = (item, text) => {
    const line = text ?? item.text;
    const s = typeof line === 'string' || typeof line === 'number' ? String(line).trim() : '';
    const bold = item.fontWeight === 'bold' || (typeof item.fontWeight === 'number' && item.fontWeight >= 600);
    return textWidth(s, item.fontSize ?? 11) * (bold ? 1.1 : 1);
  };
}

/** A chart written directly as a Vega spec (bars-vega.ts): drawn without Vega-Lite's compiler. */
export interface VegaChart {
  readonly vega: vega.Spec;
}

/**
 * Vega-Lite gives every mark an ARIA description, an expression Vega parses, compiles and evaluates
 * for each item; accessible() then removes the resulting attributes, so they are dropped first.
 */
function withoutDescriptions(spec: vega.Spec): vega.Spec {
  const visit = (marks: readonly vega.Mark[] | undefined): void => {
    for (const m of marks ?? []) {
      const update = m.encode?.update as Record<string, unknown> | undefined;
      if (update !== undefined) {
        delete update['description'];
        delete update['ariaRoleDescription'];
      }
      if (m.type === 'group') visit(m.marks);
    }
  };
  visit(spec.marks);
  return spec;
}

/** Renders `spec` to SVG; the root becomes `role="img"` named by `title`, with a `<title>` and optional `<desc>`. */
export async function renderSvg(spec: TopLevelSpec | VegaChart, title: string, description?: string): Promise<string> {
  useFontWidths();
  const runtime = 'vega' in spec ? parseVega(spec.vega) : vega.parse(withoutDescriptions(compile(spec).spec));
  const asked: string[] = [];
  const view = new vega.View(runtime, { renderer: 'none', loader: refusingLoader(asked), logLevel: vega.None });
  try {
    const svg = await view.toSVG();
    // Vega carries on with empty data when a load fails; a chart that tried to load is a bug, not a picture.
    if (asked.length > 0) throw new Error(`a report chart tried to load ${asked.join(', ').slice(0, 200)}`);
    return accessible(svg, title, description);
  } finally {
    view.finalize();
  }
}

/** Replaces Vega's ARIA on the root with `role="img"` and a name, and puts `<title>`/`<desc>` first inside it. */
function accessible(svg: string, title: string, description?: string): string {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (open === null) throw new Error('vega returned no <svg> root');
  const attributes = open[0]
    .slice(4, -1)
    .replace(/\s(role|aria-[a-z]+)="[^"]*"/g, '')
    .trim();
  const name = esc(title);
  const head = `<svg ${attributes} role="img" aria-label="${name}"><title>${name}</title>${description === undefined ? '' : `<desc>${esc(description)}</desc>`}`;
  // Inner marks are decoration for an image: Vega's per-mark ARIA would be read out one by one.
  const body = svg.slice(open[0].length).replace(/\s(role|aria-[a-z]+)="[^"]*"/g, '');
  return head + body;
}
