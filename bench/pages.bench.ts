// Respondent page weight as the server sends it over HTTP: every page of the flagship (and of the four-language
// study) in each language, plus the error, stop and thank-you pages; bytes on the wire, raw and if gzipped.

import { gzipSync } from 'node:zlib';
import { FLAGSHIP, FOUR, startRespondentServer, type RespondentServer } from '../test/e2e/respondent-server.ts';

/** One TCP initial congestion window (10 segments): a page this small arrives in the first round trip. */
const TARGET = 14 * 1024;

interface Measured {
  readonly name: string;
  readonly raw: number;
  readonly gzip: number;
}

export async function run(say: (line: string) => void): Promise<void> {
  const rs = await startRespondentServer();
  try {
    let worst: Measured = { name: '', raw: 0, gzip: 0 };
    const sizes: Measured[] = [];
    for (const [study, langs] of [[FLAGSHIP, ['ru', 'en']], [FOUR, ['ru', 'en', 'sr', 'uk']]] as const) {
      for (const lang of langs) {
        for (const longText of [false, true]) {
          const pages = await walk(rs, study, lang, longText);
          if (!longText) say(`${study} ${lang}: KiB on the wire raw/gzip: ${pages.map((p) => `${p.name} ${kib(p.raw)}/${kib(p.gzip)}`).join(', ')}`);
          sizes.push(...pages.map((p) => ({ ...p, name: `${study} ${lang} ${p.name}${longText ? ' (longest text answers)' : ''}` })));
        }
      }
    }
    const ordinary = sizes.filter((s) => !s.name.includes('longest'));
    for (const s of ordinary) if (s.raw > worst.raw) worst = s;
    const longest = sizes.filter((s) => s.name.includes('longest')).reduce((a, b) => (b.raw > a.raw ? b : a));
    const worstGzip = sizes.reduce((a, b) => (b.gzip > a.gzip ? b : a));
    say(`largest page on the wire (headers + body, uncompressed: the server does not compress): ${kib(worst.raw)} KiB (${worst.name}); target ≤ ${TARGET / 1024} KiB`);
    say(`with every text answer at its maximum length (carried, sealed, in the page): ${kib(longest.raw)} KiB (${longest.name})`);
    say(`largest gzip transfer size of any page: ${kib(worstGzip.gzip)} KiB (${worstGzip.name}); target ≤ ${TARGET / 1024} KiB`);
    say("every page is one document: no subresources (CSP default-src 'none'); each step is a POST answered by a 303 and one GET");
    if (worst.raw > TARGET) throw new Error(`${worst.name} is ${worst.raw} bytes on the wire, over the ${TARGET}-byte target`);
    if (worstGzip.gzip > TARGET) throw new Error(`${worstGzip.name} is ${worstGzip.gzip} bytes gzipped, over the ${TARGET}-byte target`);
  } finally {
    await rs.close();
  }
}

const kib = (n: number): string => (n / 1024).toFixed(1);

async function measure(name: string, r: Response): Promise<{ m: Measured; html: string }> {
  const body = Buffer.from(await r.arrayBuffer());
  let head = `HTTP/1.1 ${r.status} X\r\n\r\n`.length;
  r.headers.forEach((v, k) => {
    head += k.length + v.length + 4;
  });
  const html = body.toString('utf8');
  if (/<(img|script|link|iframe)\b|\bsrc=/i.test(html)) throw new Error(`${name} loads a subresource`);
  return { m: { name, raw: head + body.length, gzip: head + gzipSync(body).length }, html };
}

/** The respondent's path through `study` in `lang`, skipping everything; with `longText`, every text answer at its maximum length. */
async function walk(rs: RespondentServer, study: string, lang: string, longText: boolean): Promise<Measured[]> {
  const url = rs.server.url;
  const out: Measured[] = [];
  const entry = await measure('entry', await fetch(`${url}/s/${study}?lang=${lang}`));
  out.push(entry.m);
  const token = /name="token" value="([^"]*)"/.exec(entry.html)?.[1] ?? '';
  const post = async (path: string, fields: [string, string][]): Promise<Response> => {
    const r = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
    await r.arrayBuffer();
    if (r.status !== 303) throw new Error(`${path}: ${r.status}, not a redirect`);
    return fetch(`${url}${r.headers.get('location') ?? ''}`);
  };
  let page = await measure('p1', await post(`/s/${study}/start`, [['token', token], ['coupon', await rs.seed(study)], ['lang', lang], ['nav', 'start']]));
  const state = (html: string): string => /name="state" value="([^"]*)"/.exec(html)?.[1] ?? '';
  const bad = await measure('error', await post(`/s/${study}/page`, [['state', state(page.html)], ['nav', 'next'], ['q_age', 'сорок'], ['q_sex', '1']]));
  out.push(bad.m);
  out.push((await measure('stop?', await post(`/s/${study}/page`, [['state', state(page.html)], ['nav', 'withdraw']]))).m);
  let n = 1;
  while (page.html.includes('name="state"')) {
    out.push({ ...page.m, name: `p${n}` });
    const fields: [string, string][] = [['state', state(page.html)], ['nav', 'next']];
    if (longText) for (const m of page.html.matchAll(/<(?:textarea|input type="text")[^>]*name="(q_[a-z0-9_]+)" maxlength="(\d+)"/g)) fields.push([m[1] ?? '', 'ж'.repeat(Number(m[2]))]);
    page = await measure(`p${n + 1}`, await post(`/s/${study}/page`, fields));
    n += 1;
  }
  out.push({ ...page.m, name: 'thanks' });
  return out;
}
