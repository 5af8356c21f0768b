// Respondent page weight and the cost of sizes that say nothing: every flagship page as the server sends it, before
// (form state as long as the answers so far, gzip unpadded) and after (state padded per page, body padded after gzip
// to 4 KiB multiples) side by side; and the sealed response, per study size versus its own size bucket.

import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { startPath, step, visibleItems, type PathState } from '../src/collect/path.ts';
import { renderPage } from '../src/collect/render-page.ts';
import { renderEntry } from '../src/collect/render-simple.ts';
import { encodeEnvelope } from '../src/crypto/envelope.ts';
import { studySealedPlainSize } from '../src/crypto/sealed-size.ts';
import { loadInstrumentYaml } from '../src/instrument/load-yaml.ts';
import type { ItemValue } from '../src/instrument/model.ts';
import { resolveRelevance } from '../src/instrument/relevance.ts';
import { padState, paddedHtml } from '../src/server/page-size.ts';

/** Largest page (gzip, padded) allowed: a slow Tor circuit (≈ 50 KiB/s) still shows it in about a second. */
const TARGET = 64 * 1024;
/** As respondent.ts reserves it. */
const STATE_RESERVE = 1200;

/** A sealed form state as long as `json` bytes of plaintext: AES-GCM adds 16 + 12 bytes, base64url 4/3. */
const stateOf = (jsonBytes: number): string => Buffer.from(crypto.getRandomValues(new Uint8Array(jsonBytes + 28 + 20))).toString('base64url');

export function run(say: (line: string) => void): Promise<void> {
  const instrument = loadInstrumentYaml(readFileSync('studies/russians-in-serbia/instrument.yaml', 'utf8'), 'flagship').instrument;
  if (!instrument) return Promise.reject(new Error('flagship instrument does not load'));
  let worst = 0;
  let [oldTotal, newTotal] = [0, 0];
  for (const lang of instrument.languages) {
    const sizes: string[] = [];
    const entry = renderEntry({ instrument, lang, action: '/s/x/start', hidden: { token: 'x'.repeat(200) }, needsCoupon: true });
    sizes.push(`entry ${kib(gzipSync(entry).length)}→${kib(paddedHtml(entry, 'gzip').bytes.length)}`);
    let s: PathState = startPath(instrument);
    while (s.status === 'answering') {
      const here = s;
      const { relevantSections } = resolveRelevance(instrument, here.answers);
      const flow = { v: 1, rid: '0'.repeat(32), coupon: 'ABCDEFGHJKM', give: ['ABCDEFGHJKM', 'ABCDEFGHJKM', 'ABCDEFGHJKM'], lang, page: here.page, answers: here.answers };
      const render = (state: string): string =>
        renderPage({ instrument, lang, page: here.page, position: { n: here.page + 1, total: relevantSections.filter(Boolean).length }, items: visibleItems(instrument, here), answers: {}, errors: {}, action: '/s/x/page', hidden: { state }, isFirst: here.page === 0, isLast: false });
      const before = gzipSync(render(stateOf(JSON.stringify(flow).length))).length;
      const padded = padState(instrument, STATE_RESERVE, flow);
      const after = paddedHtml(render(stateOf(new TextEncoder().encode(JSON.stringify(padded)).length)), 'gzip').bytes.length;
      [oldTotal, newTotal] = [oldTotal + before, newTotal + after];
      worst = Math.max(worst, after);
      sizes.push(`${instrument.sections[s.page]?.name ?? '?'} ${kib(before)}→${kib(after)}`);
      s = step(instrument, s, { type: 'next', pageAnswers: {} });
    }
    say(`${lang}: KiB gzip per page, before→after padding: ${sizes.join(', ')}`);
  }
  say(`a whole path (both languages' pages, gzip): ${kib(oldTotal)} KiB before, ${kib(newTotal)} KiB after (+${kib(newTotal - oldTotal)} KiB, ×${(newTotal / oldTotal).toFixed(1)})`);
  say(`largest page gzip, padded: ${kib(worst)} KiB (target ≤ ${TARGET / 1024} KiB); requests per page: 1 (no subresources: CSP default-src 'none')`);

  const size = studySealedPlainSize(instrument) ?? Number.NaN;
  const items = instrument.sections.flatMap((x) => x.items).filter((i) => i.kind !== 'note');
  const envelope = (value: (i: (typeof items)[number]) => ItemValue): number => {
    const e = encodeEnvelope({ study: instrument.study, instrumentVersion: instrument.version, language: 'ru', values: Object.fromEntries(items.map((i) => [i.name, value(i)])) });
    return e.ok ? e.value.length : Number.NaN;
  };
  const skipped = envelope(() => ({ kind: 'missing', missing: 'skipped' }));
  const typical = envelope((i) => (i.kind === 'text' || i.kind === 'long_text' ? { kind: 'text', value: 'Белград, работаю удалённо.' } : { kind: 'missing', missing: 'dont_know' }));
  say(`sealed response plaintext: own bucket ${kib(skipped)}–${kib(typical)} KiB before; the flagship's one size ${kib(size)} KiB after (+${kib(size - skipped)} KiB per response, age adds 16 B per 64 KiB chunk)`);
  if (worst > TARGET) return Promise.reject(new Error(`a page is ${worst} bytes gzip, over the ${TARGET}-byte target`));
  return Promise.resolve();
}

const kib = (bytes: number): string => (bytes / 1024).toFixed(1);
