// Sizes that say nothing on the wire: the sealed form state of a page is padded to a size fixed per page (so the page
// does not grow with the answers given so far), and the transferred body — gzip-compressed when the browser accepts
// it — is padded to a multiple of a bucket *after* compression, so compression cannot bring the difference back.

import { crc32, deflateRawSync } from 'node:zlib';
import { largestValues } from '../crypto/sealed-size.ts';
import type { Instrument } from '../instrument/model.ts';

/** Transferred HTML bodies are padded to a multiple of this many bytes. */
export const PAGE_BUCKET = 4096;

/**
 * The state of page `page` padded with spaces so that its JSON is as long as the largest state the page can carry:
 * the widest answers to every item up to this page. A respondent who went further and came back may carry more; that
 * state is padded to the largest of the whole questionnaire instead (two sizes per page, whatever was answered).
 */
export function padState<T extends { readonly page: number }>(instrument: Instrument, reserve: number, state: T): T & { readonly pad: string } {
  const bytes = (x: unknown): number => new TextEncoder().encode(JSON.stringify(x)).length;
  const bare = bytes({ ...state, pad: '' });
  const forPage = reserve + largestValues(instrument, state.page);
  const target = bare <= forPage ? forPage : reserve + largestValues(instrument);
  return { ...state, pad: ' '.repeat(Math.max(0, target - bare)) };
}

const wantsGzip = (acceptEncoding: string | undefined): boolean =>
  (acceptEncoding ?? '').split(',').some((part) => {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    return name.trim() === 'gzip' && !params.some((p) => /^\s*q\s*=\s*0(?:\.0*)?\s*$/.test(p));
  });

const roundUp = (n: number): number => Math.ceil(n / PAGE_BUCKET) * PAGE_BUCKET;

/**
 * A gzip member whose header carries an extra field of padding (RFC 1952 FEXTRA, skipped by every decoder), so that
 * the whole member is exactly a multiple of the bucket.
 */
function paddedGzip(body: Buffer): Buffer {
  const deflated = deflateRawSync(body, { level: 9 });
  const fixed = 10 + 2 + 8; // header, XLEN, CRC32 + ISIZE
  const subfield = 4; // SI1 SI2 LEN
  const total = roundUp(fixed + subfield + deflated.length);
  const padding = total - fixed - subfield - deflated.length;
  const header = Buffer.from([0x1f, 0x8b, 8, 0x04, 0, 0, 0, 0, 0, 0xff]);
  const extra = Buffer.alloc(2 + subfield + padding);
  extra.writeUInt16LE(subfield + padding, 0);
  extra.write('Pd', 2, 'latin1');
  extra.writeUInt16LE(padding, 4);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(body), 0);
  trailer.writeUInt32LE(body.length % 2 ** 32, 4);
  return Buffer.concat([header, extra, deflated, trailer]);
}

/** The bytes to send for an HTML page and the headers that go with them: padded, compressed when accepted. */
export function paddedHtml(html: string, acceptEncoding: string | undefined): { readonly bytes: Buffer; readonly headers: Readonly<Record<string, string>> } {
  const body = Buffer.from(html, 'utf8');
  if (wantsGzip(acceptEncoding)) return { bytes: paddedGzip(body), headers: { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } };
  // Spaces after the document: ignored by every browser.
  return { bytes: Buffer.concat([body, Buffer.alloc(roundUp(body.length) - body.length, 0x20)]), headers: { Vary: 'Accept-Encoding' } };
}
