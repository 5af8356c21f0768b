// Bytes on the wire of every respondent page, as a browser receives them (status line, headers, body as sent: padded
// gzip when asked for, padded HTML when not), along a path through a study: for the page bench and the size tests.

import { request } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import { kindOf } from '../../src/instrument/kinds/registry.ts';
import type { Answer, Instrument } from '../../src/instrument/model.ts';

/** One TCP initial congestion window (10 segments of ~1.4 KiB): a page this small arrives in the first round trip. */
export const ONE_ROUND_TRIP = 14 * 1024;

export interface PageWire {
  readonly name: string;
  /** Bytes received without Accept-Encoding, and with `Accept-Encoding: gzip`. */
  readonly raw: number;
  readonly gzip: number;
  /** The body gzipped without the padding: how far the page is from the next 4 KiB step. */
  readonly gzipUnpadded: number;
  readonly html: string;
}

interface Exchange {
  readonly status: number;
  readonly wire: number;
  readonly location: string | undefined;
  readonly html: string;
}

/** One request as a browser makes it; `wire` counts the response's head and body bytes exactly as received. */
function exchange(url: string, gzip: boolean, form?: readonly (readonly [string, string])[]): Promise<Exchange> {
  const body = form === undefined ? undefined : new URLSearchParams(form.map(([k, v]): [string, string] => [k, v])).toString();
  const headers: Record<string, string> = { ...(gzip ? { 'accept-encoding': 'gzip' } : {}), ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: body === undefined ? 'GET' : 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        let head = `HTTP/1.1 ${res.statusCode ?? 0} ${res.statusMessage ?? ''}\r\n\r\n`.length;
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) head += `${res.rawHeaders[i] ?? ''}: ${res.rawHeaders[i + 1] ?? ''}\r\n`.length;
        const html = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8');
        resolve({ status: res.statusCode ?? 0, wire: head + bytes.length, location: res.headers.location, html });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A page by its address, fetched twice (gzip and not); refuses anything but a 200 single document. */
async function page(base: string, path: string, name: string): Promise<PageWire> {
  const [gz, raw] = [await exchange(base + path, true), await exchange(base + path, false)];
  if (gz.status !== 200 || raw.status !== 200) throw new Error(`${name}: ${gz.status}/${raw.status} for ${path.slice(0, 60)}`);
  if (/<(img|script|link|iframe)\b|\bsrc=/i.test(gz.html)) throw new Error(`${name} loads a subresource`);
  return { name, raw: raw.wire, gzip: gz.wire, gzipUnpadded: gzipSync(gz.html, { level: 9 }).length, html: gz.html };
}

/** A POST answered by a 303, and the page it leads to. */
async function post(base: string, path: string, form: readonly (readonly [string, string])[], name: string): Promise<PageWire> {
  const r = await exchange(base + path, true, form);
  if (r.status !== 303 || r.location === undefined) throw new Error(`${name}: ${r.status}, not a redirect`);
  return page(base, r.location, name);
}

const hidden = (html: string, name: string): string => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

/** Pseudo-random CJK characters: three bytes each, and as incompressible as typed text gets. */
const noise = (n: number): string => Array.from({ length: n }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919 + ((i * i) % 8191)) % 0x5000))).join('');

/** Every visible item at its widest text (three-byte characters to max_length), the first choice elsewhere. */
function widestFields(instrument: Instrument, html: string): [string, string][] {
  return instrument.sections.flatMap((s) => s.items).flatMap((item): [string, string][] => {
    if (!html.includes(`name="q_${item.name}"`)) return [];
    let answer: Answer | undefined;
    if (item.kind === 'text' || item.kind === 'long_text') answer = { kind: 'text', value: noise(item.maxLength) };
    else if (item.kind === 'single' && item.choices[0] !== undefined) answer = { kind: 'choice', code: item.choices[0].code };
    else if (item.kind === 'multiple' && item.choices[0] !== undefined) answer = { kind: 'choices', codes: [item.choices[0].code] };
    return answer === undefined ? [] : kindOf(item).answerFields(item, answer);
  });
}

export interface WalkOptions {
  readonly lang: string;
  readonly coupon: string | undefined;
  /** Fill every text to its maximum (and take the first choice), then from the last page go Back to the first. */
  readonly widest: boolean;
}

/**
 * Entry, the first page with a problem, the stop question, every page forward, and the thank-you page; with
 * `widest`, also every page again on the way Back from the last one, each showing its answers.
 */
export async function walkPages(base: string, instrument: Instrument, o: WalkOptions): Promise<PageWire[]> {
  const study = `/s/${instrument.study}`;
  const out: PageWire[] = [];
  const entry = await page(base, `${study}?lang=${o.lang}`, 'entry');
  out.push(entry);
  let current = await post(base, `${study}/start`, [['token', hidden(entry.html, 'token')], ['lang', o.lang], ['nav', 'start'], ...(o.coupon === undefined ? [] : [['coupon', o.coupon] as const])], 'p1');
  out.push({ ...(await post(base, `${study}/page`, [['state', hidden(current.html, 'state')], ['nav', 'next'], ['q_age', 'сорок']], 'error')) });
  out.push({ ...(await post(base, `${study}/page`, [['state', hidden(current.html, 'state')], ['nav', 'withdraw']], 'stop?')) });
  const answers = (html: string): [string, string][] => (o.widest ? widestFields(instrument, html) : []);
  for (let n = 1; n < 100; n++) {
    out.push({ ...current, name: `p${n}` });
    const next = await post(base, `${study}/page`, [['state', hidden(current.html, 'state')], ['nav', 'next'], ...answers(current.html)], `p${n + 1}`);
    if (next.html.includes('id="errors"')) throw new Error(`p${n}: the answers were refused`);
    if (next.html.includes('name="state"')) {
      current = next;
      continue;
    }
    out.push({ ...next, name: 'thanks' });
    // The last page's state is still a valid form (nothing is kept on the server): Back from it, answers and all.
    for (let m = n - 1; m >= 1 && o.widest; m--) {
      current = await post(base, `${study}/page`, [['state', hidden(current.html, 'state')], ['nav', 'back'], ...answers(current.html)], `p${m} (back, answered)`);
      out.push(current);
    }
    return out;
  }
  throw new Error('more than 100 pages');
}
