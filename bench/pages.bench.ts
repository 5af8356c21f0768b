// Respondent page weight as a browser receives it over HTTP: every page of the flagship (and of the four-language
// study) in each language, plus the error, stop and thank-you pages, and every page again on the way Back with every
// text at its maximum; bytes on the wire (status line, headers, body as sent) with gzip and without. One request each.

import { readFileSync } from 'node:fs';
import { loadInstrumentYaml } from '../src/instrument/load-yaml.ts';
import type { Instrument } from '../src/instrument/model.ts';
import { FLAGSHIP, FOUR, startRespondentServer } from '../test/e2e/respondent-server.ts';
import { ONE_ROUND_TRIP, walkPages, type PageWire } from '../test/server/page-size-wire.ts';

const FILES: Readonly<Record<string, string>> = {
  [FLAGSHIP]: 'studies/russians-in-serbia/instrument.yaml',
  [FOUR]: 'test/e2e/fixtures/four-languages/instrument.yaml',
};
const load = (file: string): Instrument => {
  const loaded = loadInstrumentYaml(readFileSync(file, 'utf8'), file).instrument;
  if (loaded === undefined) throw new Error(`${file} does not load`);
  return loaded;
};

const kib = (n: number): string => (n / 1024).toFixed(1);

export async function run(say: (line: string) => void): Promise<void> {
  const rs = await startRespondentServer();
  try {
    const all: PageWire[] = [];
    for (const [study, langs] of [[FLAGSHIP, ['ru', 'en']], [FOUR, ['ru', 'en', 'sr', 'uk']]] as const) {
      const instrument = load(FILES[study] ?? '');
      for (const lang of langs) {
        for (const widest of [false, true]) {
          const pages = await walkPages(rs.server.url, instrument, { lang, coupon: await rs.seed(study), widest });
          const path = widest ? 'every text at its maximum, then Back' : 'skipping everything';
          say(`${study} ${lang}, ${path}: KiB on the wire, gzip / without (verdict ≤ ${ONE_ROUND_TRIP / 1024} KiB with gzip):`);
          say(`  ${pages.map((p) => `${p.name} ${kib(p.gzip)}/${kib(p.raw)} ${p.gzip <= ONE_ROUND_TRIP ? 'ok' : 'OVER'}`).join(', ')}`);
          all.push(...pages.map((p) => ({ ...p, name: `${study} ${lang} ${p.name}${widest ? ' (widest)' : ''}` })));
        }
      }
    }
    const worst = (key: 'gzip' | 'raw'): PageWire => all.reduce((a, b) => (b[key] > a[key] ? b : a));
    const [gz, raw] = [worst('gzip'), worst('raw')];
    say(`largest page with gzip (as every browser asks): ${gz.gzip} B = ${kib(gz.gzip)} KiB (${gz.name}); target ≤ ${ONE_ROUND_TRIP / 1024} KiB: ${gz.gzip <= ONE_ROUND_TRIP ? 'met' : 'NOT met'}`);
    const tight = all.reduce((a, b) => (b.gzipUnpadded > a.gzipUnpadded ? b : a));
    say(`largest gzip body before padding: ${tight.gzipUnpadded} B (${tight.name}); padded to ${Math.ceil(tight.gzipUnpadded / 4096) * 4096} B`);
    say(`largest page without gzip: ${raw.raw} B = ${kib(raw.raw)} KiB (${raw.name})`);
    say(`pages over ${ONE_ROUND_TRIP / 1024} KiB with gzip: ${all.filter((p) => p.gzip > ONE_ROUND_TRIP).length} of ${all.length}; without gzip: ${all.filter((p) => p.raw > ONE_ROUND_TRIP).length}`);
    say("every page is one document: no subresources (CSP default-src 'none'); each step is a POST answered by a 303 and one GET");
    if (gz.gzip > ONE_ROUND_TRIP) throw new Error(`${gz.name} is ${gz.gzip} bytes with gzip, over ${ONE_ROUND_TRIP}`);
  } finally {
    await rs.close();
  }
}
