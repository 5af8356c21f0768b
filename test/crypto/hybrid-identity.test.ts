// The prepared hybrid opener against age-encryption's own: same plaintexts, same refusals, same messages.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Decrypter } from 'age-encryption';
import { base64nopad } from '@scure/base';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { generateStudyKey, openerFor, paddedSize, seal, type Opener, type StudyKey } from '../../src/crypto/index.ts';
import { prepareHybridIdentity } from '../../src/crypto/hybrid-identity.ts';
import { secretOf } from '../../src/crypto/study-key.ts';
import type { Response } from '../../src/instrument/model.ts';
import { everyKindResponse, flagshipResponse } from './responses.ts';

const STUDY = { study: 'flagship-serbia-2024' };

async function sealed(key: StudyKey, response: Response): Promise<Uint8Array> {
  const r = await seal(key.recipient, response);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

/** A response whose padded plaintext lands in the bucket of `size` bytes (its JSON is about ¾ of it). */
function responseOfBucket(size: number): Response {
  const story = 'Ж'.repeat(Math.floor((0.75 * size - 150) / 2)) + ' — «ž»';
  return { study: STUDY.study, instrumentVersion: '1.0.0', language: 'ru', values: { story: { kind: 'text', value: story }, sex: { kind: 'choice', code: 2 } } };
}

interface Pair {
  readonly fast: Opener;
  readonly reference: Opener;
  readonly fastDecrypter: Decrypter;
  readonly referenceDecrypter: Decrypter;
}

async function pairFor(key: StudyKey): Promise<Pair> {
  const identity = await prepareHybridIdentity(secretOf(key), key.recipient);
  assert.ok(identity !== undefined, 'this runtime has no WebCrypto X25519: the prepared path would not be used');
  const fastDecrypter = new Decrypter();
  fastDecrypter.addIdentity(identity);
  const referenceDecrypter = new Decrypter();
  referenceDecrypter.addIdentity(secretOf(key));
  return { fast: openerFor(key), reference: openerFor(key, { reference: true }), fastDecrypter, referenceDecrypter };
}

/** Both openers give the same result (the same response, or the same failure: code, message and detail). */
async function assertSame(pair: Pair, record: Uint8Array, what: string): Promise<boolean> {
  const [fast, reference] = await Promise.all([pair.fast.open(record, STUDY), pair.reference.open(record, STUDY)]);
  assert.deepEqual(fast, reference, what);
  return fast.ok;
}

/** The header's text up to and including the MAC line, and where the share argument and the MAC sit in it. */
function layout(record: Uint8Array): { header: number; share: [number, number]; mac: [number, number] } {
  const text = new TextDecoder('latin1').decode(record);
  const shareStart = text.indexOf('-> mlkem768x25519 ') + '-> mlkem768x25519 '.length;
  const macStart = text.indexOf('\n--- ') + 5;
  const header = text.indexOf('\n', macStart) + 1;
  return { header, share: [shareStart, text.indexOf('\n', shareStart)], mac: [macStart, header - 1] };
}

/** The record with its stanza's argument line replaced (MAC left as it was: the unwrap comes first). */
function withArgs(record: Uint8Array, args: string): Uint8Array {
  const text = new TextDecoder('latin1').decode(record);
  const start = text.indexOf('-> mlkem768x25519 ');
  const end = text.indexOf('\n', start);
  const head = new TextEncoder().encode(text.slice(0, start) + args);
  const out = new Uint8Array(head.length + record.length - end);
  out.set(head);
  out.set(record.subarray(end), head.length);
  return out;
}

describe('the prepared hybrid opener', () => {
  it('opens to byte-identical plaintexts: every value kind, Cyrillic, every padding bucket to 256 KiB', async () => {
    const key = await generateStudyKey({ kind: 'hybrid' });
    const pair = await pairFor(key);
    const responses = [everyKindResponse(), flagshipResponse(1), flagshipResponse(2)];
    for (let size = 1024; size <= 256 * 1024; size = size < 65536 ? size * 2 : size + 65536) responses.push(responseOfBucket(size));
    const buckets = new Set<number>();
    for (const response of responses) {
      const record = await sealed(key, response);
      const [fast, reference] = await Promise.all([pair.fastDecrypter.decrypt(record), pair.referenceDecrypter.decrypt(record)]);
      assert.deepEqual(fast, reference);
      buckets.add(fast.length);
      const opened = await pair.fast.open(record, STUDY);
      assert.ok(opened.ok);
      assert.deepEqual(opened.value, response);
    }
    assert.deepEqual([...buckets].sort((a, b) => a - b), [1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 196608, 262144]);
    assert.equal(paddedSize(262144), 262144);
  });

  it('refuses exactly what age-encryption refuses, with the same message, for flips in every part of a record', async () => {
    const key = await generateStudyKey({ kind: 'hybrid' });
    const pair = await pairFor(key);
    const rng = xoshiro128ss(768);
    const record = await sealed(key, flagshipResponse(3));
    const { header, share, mac } = layout(record);
    const codes = new Map<string, number>();
    // Every second byte of the header (the version line, the share, the stanza body, the MAC), then the payload.
    const positions = [...Array.from({ length: Math.ceil(header / 2) }, (_, i) => 2 * i), ...Array.from({ length: 150 }, () => header + rng.nextInt(record.length - header))];
    for (const position of positions) {
      const flipped = record.slice();
      flipped[position]! ^= 1 + rng.nextInt(255);
      const fast = await pair.fast.open(flipped, STUDY);
      assert.deepEqual(fast, await pair.reference.open(flipped, STUDY), `flip at ${position}`);
      assert.ok(!fast.ok, `flip at ${position} was not detected`);
      codes.set(fast.error.code, (codes.get(fast.error.code) ?? 0) + 1);
    }
    for (const code of ['crypto.open.not-age', 'crypto.open.wrong-key', 'crypto.open.header-altered', 'crypto.open.payload-altered']) {
      assert.ok((codes.get(code) ?? 0) > 0, `no flip reported ${code}: ${JSON.stringify([...codes])}`);
    }
    assert.ok(share[1] - share[0] > 1400 && mac[1] - mac[0] === 43, 'the layout of a hybrid record changed');
  });

  it('refuses records sealed to another key, truncated, or with a malformed or small-order share, as the reference does', async () => {
    const key = await generateStudyKey({ kind: 'hybrid' });
    const pair = await pairFor(key);
    const other = await generateStudyKey({ kind: 'hybrid' });
    const classic = await generateStudyKey({ kind: 'x25519' });
    const foreign = await openerFor(key).open(await sealed(other, flagshipResponse(4)), STUDY);
    assert.ok(!foreign.ok);
    assert.equal(foreign.error.code, 'crypto.open.wrong-key');
    await assertSame(pair, await sealed(other, flagshipResponse(4)), 'another hybrid key');
    await assertSame(pair, await sealed(classic, flagshipResponse(4)), 'a classic key');
    const record = await sealed(key, flagshipResponse(5));
    for (const cut of [0, 10, 40, 900, layout(record).header - 3, layout(record).header + 10, record.length - 17, record.length - 1]) {
      assert.equal(await assertSame(pair, record.subarray(0, cut), `cut at ${cut}`), false);
    }
    const bytes = base64nopad.decode(new TextDecoder().decode(record.subarray(...layout(record).share)));
    const smallOrder = bytes.slice();
    smallOrder.fill(0, 1088); // X25519 share u = 0: an all-zero shared secret, refused by both
    const malformed = [
      `-> mlkem768x25519 ${base64nopad.encode(smallOrder)}`,
      `-> mlkem768x25519 ${base64nopad.encode(bytes.subarray(1))}`,
      `-> mlkem768x25519 ${base64nopad.encode(bytes)} extra`,
      '-> mlkem768x25519 not*base64',
      `-> X25519 ${base64nopad.encode(bytes.subarray(0, 32))}`,
    ];
    const failures = [];
    for (const args of malformed) {
      const r = await pair.fast.open(withArgs(record, args), STUDY);
      assert.equal(await assertSame(pair, withArgs(record, args), args.slice(0, 40)), false);
      failures.push(r.ok ? '' : r.error.message);
    }
    assert.match(failures[0] ?? '', /invalid private or public key/);
    assert.match(failures[1] ?? '', /invalid mlkem768x25519 stanza/);
  });

  it('opens as the reference does, for random responses and random flips (property)', async () => {
    const key = await generateStudyKey({ kind: 'hybrid' });
    const pair = await pairFor(key);
    await fc.assert(
      fc.asyncProperty(fc.nat(1_000_000), fc.option(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 1, max: 255 })), { nil: undefined }), async (seed, flip) => {
        const record = await sealed(key, flagshipResponse(seed));
        if (flip !== undefined) record[Math.floor(flip[0] * record.length)]! ^= flip[1];
        const ok = await assertSame(pair, record, `seed ${seed}, flip ${JSON.stringify(flip)}`);
        assert.equal(ok, flip === undefined);
      }),
      { numRuns: 40 },
    );
  });

  it('checks its expansion against the recipient, so a wrong key can never silently open nothing', async () => {
    const [a, b] = [await generateStudyKey({ kind: 'hybrid' }), await generateStudyKey({ kind: 'hybrid' })];
    await assert.rejects(prepareHybridIdentity(secretOf(a), b.recipient), /does not match its recipient/);
    await assert.rejects(prepareHybridIdentity(secretOf(await generateStudyKey({ kind: 'x25519' })), a.recipient), /not a hybrid identity/);
  });
});

describe('a fault in the prepared path', () => {
  it('costs time, never a response: age-encryption’s own path has the last word', async () => {
    const key = await generateStudyKey({ kind: 'hybrid' });
    const broken = openerFor(key, {
      prepareHybrid: () => Promise.resolve({ unwrapFileKey: () => Promise.reject(new Error('a bug in our ML-KEM arithmetic')) }),
    });
    const reference = openerFor(key, { reference: true });
    const record = await sealed(key, flagshipResponse(7));
    assert.deepEqual(await broken.open(record, STUDY), await reference.open(record, STUDY));
    assert.ok((await broken.open(record, STUDY)).ok);
    const altered = record.slice();
    altered[altered.length - 5] = (altered[altered.length - 5] ?? 0) ^ 1;
    const refused = await broken.open(altered, STUDY);
    assert.ok(!refused.ok);
    assert.deepEqual(refused, await reference.open(altered, STUDY), 'a damaged record is refused for the reference’s reason');
  });
});
