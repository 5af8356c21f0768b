// Sizes that say nothing on the wire: the sealed form state of a page is padded to one size for the whole path (so
// no page grows with the answers given so far), and the transferred body — gzip-compressed when the browser accepts
// it — is padded to a multiple of a bucket *after* compression, so compression cannot bring the difference back.

import { crc32, deflateRawSync } from 'node:zlib';
import { jsonBytes, largestValues, longestLanguage } from '../crypto/sealed-size.ts';
import type { Answer, Instrument, Item, UnlinkedReason } from '../instrument/model.ts';
import type { FlowState } from './flow-state.ts';

/** Transferred HTML bodies are padded to a multiple of this many bytes. */
export const PAGE_BUCKET = 4096;

/** Every reason a path may be unlinked (a Record, so a new reason fails to compile until listed here). */
const UNLINKED_REASONS: Readonly<Record<UnlinkedReason, null>> = { 'coupon-used': null, 'coupon-expired': null, 'coupon-unknown': null };
const longestUnlinked = (Object.keys(UNLINKED_REASONS) as UnlinkedReason[]).reduce((a, b) => (b.length > a.length ? b : a));

/**
 * The JSON size every padded state of this respondent's path has: its own frame (id, coupons, times: fixed for
 * the whole path) with the longest language and an unlinked mark counted whether present or not, plus the
 * largest object of answers the whole instrument admits (a path holds answers and the missing kinds an item offers;
 * skipped and not-applicable are what is absent). Nothing in it depends on an answer, or on how far the
 * respondent went or came back.
 */
export function paddedStateBytes(instrument: Instrument, state: FlowState): number {
  const { draft: _draft, pad: _pad, ...rest } = state;
  const frame = { ...rest, lang: longestLanguage(instrument), unlinked: longestUnlinked, answers: {}, pad: '' };
  return jsonBytes(frame) - jsonBytes({}) + largestOffered(instrument);
}

/** An instrument's largest object of answers, once per instrument: it walks every item's widest answers (a tenth of a request's CPU when computed each time). */
const largestOfferedBy = new WeakMap<Instrument, number>();
function largestOffered(instrument: Instrument): number {
  let bytes = largestOfferedBy.get(instrument);
  if (bytes === undefined) {
    bytes = largestValues(instrument, (item) => [...item.offers]);
    largestOfferedBy.set(instrument, bytes);
  }
  return bytes;
}

/**
 * The state padded with spaces so that its JSON (without `draft`) is `paddedStateBytes` long. The answers are
 * free-text normalised on parse (src/instrument/kinds/free-text.ts), so they never exceed the bound
 * (test/server/page-size-bound.test.ts); a page shown again with a problem also carries the fields as sent
 * (`draft`), in its address only.
 */
export function padState(instrument: Instrument, state: FlowState): FlowState {
  const { draft, pad: _pad, ...rest } = state;
  const bare = jsonBytes({ ...rest, pad: '' });
  return { ...rest, pad: ' '.repeat(Math.max(0, paddedStateBytes(instrument, state) - bare)), ...(draft === undefined ? {} : { draft }) };
}

const wantsGzip = (acceptEncoding: string | undefined): boolean =>
  (acceptEncoding ?? '').split(',').some((part) => {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    return name.trim() === 'gzip' && !params.some((p) => /^\s*q\s*=\s*0(?:\.0*)?\s*$/.test(p));
  });

const roundUp = (n: number): number => Math.ceil(n / PAGE_BUCKET) * PAGE_BUCKET;

/**
 * Text that neither HTML escaping nor gzip makes smaller than most typed text: pseudo-random CJK characters, three
 * bytes each, the same for every page (xorshift, so nothing depends on a respondent).
 */
function incompressible(n: number): string {
  let x = 0x9e3779b9;
  let s = '';
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    s += String.fromCharCode(0x4e00 + ((x >>> 0) % 0x5000));
  }
  return s;
}

/**
 * The answers a page's floor shows: every free text (and "other" text) typed to its maximum. With every item of the
 * section shown, that page is at least as heavy as any the respondent can get — fewer items shown because of earlier
 * answers, or this page shown again with its own answers — so the body is padded to the floor's bucket.
 */
export function floorAnswers(items: readonly Item[]): Readonly<Record<string, Answer>> {
  const out: Record<string, Answer> = {};
  for (const item of items) {
    if (item.kind === 'text' || item.kind === 'long_text') out[item.name] = { kind: 'text', value: incompressible(item.maxLength) };
    else if (item.kind === 'single' && item.other !== undefined) out[item.name] = { kind: 'choice', code: item.other.code, other: incompressible(item.other.maxLength) };
    else if (item.kind === 'multiple' && item.other !== undefined) out[item.name] = { kind: 'choices', codes: [item.other.code], other: incompressible(item.other.maxLength) };
  }
  return out;
}

/**
 * A gzip member whose header carries an extra field of padding (RFC 1952 FEXTRA, skipped by every decoder), so that
 * the whole member is exactly a multiple of the bucket, and at least `least` bytes.
 */
function paddedGzip(body: Buffer, least: number): Buffer {
  const deflated = deflateRawSync(body, { level: 9 });
  const fixed = 10 + 2 + 8; // header, XLEN, CRC32 + ISIZE
  const subfield = 4; // SI1 SI2 LEN
  const total = roundUp(Math.max(fixed + subfield + deflated.length, least));
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

/**
 * The bytes to send for an HTML page and the headers that go with them: padded, compressed when accepted. With a
 * `floor` (the page at its heaviest: floorAnswers), the body is padded to at least the floor's own size.
 */
export function paddedHtml(html: string, acceptEncoding: string | undefined, floor?: string): { readonly bytes: Buffer; readonly headers: Readonly<Record<string, string>> } {
  const body = Buffer.from(html, 'utf8');
  if (wantsGzip(acceptEncoding)) {
    const least = floor === undefined ? 0 : paddedGzip(Buffer.from(floor, 'utf8'), 0).length;
    return { bytes: paddedGzip(body, least), headers: { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } };
  }
  // Spaces after the document: ignored by every browser.
  const size = roundUp(Math.max(body.length, floor === undefined ? 0 : Buffer.byteLength(floor)));
  return { bytes: Buffer.concat([body, Buffer.alloc(size - body.length, 0x20)]), headers: { Vary: 'Accept-Encoding' } };
}
