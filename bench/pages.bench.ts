// Respondent page weight: every flagship page as the server sends it, raw and gzip, in each language.

import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { startPath, step, visibleItems, type PathState } from '../src/collect/path.ts';
import { renderPage } from '../src/collect/render-page.ts';
import { renderEntry, renderThanks } from '../src/collect/render-simple.ts';
import { loadInstrumentYaml } from '../src/instrument/load-yaml.ts';
import { resolveRelevance } from '../src/instrument/relevance.ts';

const TARGET = 14 * 1024;

export function run(say: (line: string) => void): Promise<void> {
  const instrument = loadInstrumentYaml(readFileSync('studies/russians-in-serbia/instrument.yaml', 'utf8'), 'flagship').instrument;
  if (!instrument) return Promise.reject(new Error('flagship instrument does not load'));
  // A realistic sealed form state is ~1–3 KB of base64; use 3 KB of incompressible text as the worst case.
  const state = Buffer.from(crypto.getRandomValues(new Uint8Array(2300))).toString('base64url');
  let worst = 0;
  for (const lang of instrument.languages) {
    const sizes: string[] = [];
    const entry = renderEntry({ instrument, lang, action: '/s/x/start', hidden: { token: state.slice(0, 200) }, needsCoupon: true });
    sizes.push(`entry ${gz(entry)}`);
    let s: PathState = startPath(instrument);
    while (s.status === 'answering') {
      const { relevantSections } = resolveRelevance(instrument, s.answers);
      const html = renderPage({ instrument, lang, page: s.page, position: { n: s.page + 1, total: relevantSections.filter(Boolean).length }, items: visibleItems(instrument, s), answers: {}, errors: {}, action: '/s/x/page', hidden: { state }, isFirst: s.page === 0, isLast: false });
      const z = gzipSync(html).length;
      worst = Math.max(worst, z);
      sizes.push(`${instrument.sections[s.page]?.name ?? '?'} ${(html.length / 1024).toFixed(1)}→${(z / 1024).toFixed(1)}`);
      s = step(instrument, s, { type: 'next', pageAnswers: {} });
    }
    sizes.push(`thanks ${gz(renderThanks(instrument, lang, ['ABCD-EFGH-JKM', 'ABCD-EFGH-JKM', 'ABCD-EFGH-JKM']))}`);
    say(`${lang}: KiB raw→gzip per page: ${sizes.join(', ')}`);
  }
  say(`largest page gzip ${(worst / 1024).toFixed(1)} KiB (target ≤ ${TARGET / 1024} KiB); requests per page: 1 (no subresources: CSP default-src 'none')`);
  if (worst > TARGET) return Promise.reject(new Error(`a page is ${worst} bytes gzip, over the ${TARGET}-byte target`));
  return Promise.resolve();
}

function gz(html: string): string {
  return (gzipSync(html).length / 1024).toFixed(1);
}
