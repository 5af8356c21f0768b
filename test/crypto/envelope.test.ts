// The envelope inside a sealed record: canonical padding and a strict shape, checked after decryption.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { base32Decode, base32Encode } from '../../src/crypto/base32.ts';
import { decodeEnvelope, encodeEnvelope } from '../../src/crypto/envelope.ts';
import { everyKindResponse } from './responses.ts';

const encode = (text: string, size: number): Uint8Array => {
  const out = new Uint8Array(size).fill(0x20);
  const body = new TextEncoder().encode(text);
  out.set(body);
  out[body.length] = 0x0a;
  return out;
};
const codeOf = (bytes: Uint8Array): string => {
  const r = decodeEnvelope(bytes);
  return r.ok ? 'ok' : r.error.code;
};

describe('envelope', () => {
  it('encodes to one JSON line, a newline and spaces up to the bucket, and decodes back', () => {
    const response = everyKindResponse();
    const bytes = encodeEnvelope(response);
    assert.ok(bytes.ok);
    assert.equal(bytes.value.length, 64 * 1024, 'the 32,000-character text is 48,000 bytes of UTF-8: the 64 KiB bucket');
    const back = decodeEnvelope(bytes.value);
    assert.ok(back.ok);
    assert.deepEqual(back.value, response);
  });

  it('refuses to seal what would not open again', () => {
    const bad = { ...everyKindResponse(), values: { q: { kind: 'integer', value: Number.NaN } } } as const;
    const r = encodeEnvelope(bad);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'crypto.seal.bad-response');
    assert.match(r.error.message, /value of item 'q' has an unknown shape/);
  });

  it('refuses padding that is not canonical', () => {
    const json = JSON.stringify({ format: 'portas.response/1', study: 's', instrumentVersion: '1', language: 'en', values: {} });
    assert.equal(codeOf(encode(json, 1024)), 'ok');
    assert.equal(codeOf(encode(json, 2048)), 'ok', "a larger bucket: the study's one size (sealed-size.ts)");
    assert.equal(codeOf(encode(json, 1000)), 'crypto.open.bad-padding', 'not a bucket size');
    const dirty = encode(json, 1024);
    dirty[900] = 0x00;
    assert.equal(codeOf(dirty), 'crypto.open.bad-padding', 'a non-space padding byte');
    assert.equal(codeOf(new Uint8Array(1024).fill(0x20)), 'crypto.open.bad-padding', 'no newline');
  });

  it('refuses unknown formats and value shapes', () => {
    const base = { format: 'portas.response/1', study: 's', instrumentVersion: '1', language: 'en' };
    const cases: [unknown, string][] = [
      [{ ...base, format: 'portas.response/2', values: {} }, 'crypto.open.bad-envelope'],
      [{ ...base, study: 3, values: {} }, 'crypto.open.bad-envelope'],
      [{ ...base, values: { q: { kind: 'choice', code: 1.5 } } }, 'crypto.open.bad-envelope'],
      [{ ...base, values: { q: { kind: 'choice', code: 1, extra: true } } }, 'crypto.open.bad-envelope'],
      [{ ...base, values: { q: { kind: 'missing', missing: 'lost' } } }, 'crypto.open.bad-envelope'],
      [{ ...base, values: { q: { kind: 'battery', rows: { a: 'skipped' } } } }, 'crypto.open.bad-envelope'],
      [{ ...base, values: { q: { kind: 'battery', rows: { a: 'refused', b: 2 } } } }, 'ok'],
    ];
    for (const [envelope, code] of cases) assert.equal(codeOf(encode(JSON.stringify(envelope), 1024)), code, JSON.stringify(envelope));
    assert.equal(codeOf(encode('{"format":', 1024)), 'crypto.open.bad-envelope');
  });
});

describe('base32', () => {
  it('round-trips any bytes and refuses foreign characters and spare bits', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        assert.deepEqual(base32Decode(base32Encode(bytes)), bytes);
      }),
    );
    assert.equal(base32Decode('u0'), undefined);
    assert.equal(base32Decode('01'), undefined, 'one byte is "0" plus 2 spare bits that must be zero');
    assert.deepEqual(base32Decode('OO'), new Uint8Array(1));
  });
});
