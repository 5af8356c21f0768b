// Sealing and opening: round trips, binding to the study, padding buckets, and tamper detection.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { CRYPTO_MESSAGES, generateStudyKey, openMany, openerFor, paddedSize, seal, type StudyKey } from '../../src/crypto/index.ts';
import type { ItemValue, Response } from '../../src/instrument/model.ts';
import { secretOf } from '../../src/crypto/study-key.ts';
import { importX25519Identity } from '../../src/crypto/x25519-key.ts';
import { everyKindResponse, flagshipResponse } from './responses.ts';

const STUDY = { study: 'flagship-serbia-2024' };
const NO_NULL = { noNullPrototype: true } as const;

async function sealed(key: StudyKey, response: Response): Promise<Uint8Array> {
  const r = await seal(key.recipient, response);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

describe('seal and open', () => {
  for (const kind of ['hybrid', 'x25519'] as const) {
    it(`round-trips every value kind, Cyrillic and a 32,000-character text (${kind})`, async () => {
      const key = await generateStudyKey({ kind });
      const response = everyKindResponse();
      const opened = await openerFor(key).open(await sealed(key, response), { ...STUDY, instrumentVersion: '1.0.0' });
      assert.ok(opened.ok);
      assert.deepEqual(opened.value, response);
    });
  }

  it('seals hybrid by default to an age1pq1 recipient and classic keys to age1', async () => {
    const hybrid = await generateStudyKey();
    const classic = await generateStudyKey({ kind: 'x25519' });
    assert.equal(hybrid.kind, 'hybrid');
    assert.match(hybrid.recipient, /^age1pq1/);
    assert.match(classic.recipient, /^age1[02-9ac-hj-np-z]{58}$/); // bech32 X25519: may start age1p…, never age1pq1 at this length
    assert.match(hybrid.keyId, /^[0-9a-z]{8}$/);
  });

  it('refuses a record of another study, and of another instrument version when one is asked for', async () => {
    const key = await generateStudyKey({ kind: 'x25519' });
    const record = await sealed(key, everyKindResponse('study-a', '2'));
    const opener = openerFor(key);
    const other = await opener.open(record, { study: 'study-b' });
    assert.ok(!other.ok);
    assert.equal(other.error.code, 'crypto.open.other-study');
    assert.equal(other.error.message, `${CRYPTO_MESSAGES['crypto.open.other-study']}: sealed for study "study-a"`);
    const version = await opener.open(record, { study: 'study-a', instrumentVersion: '3' });
    assert.ok(!version.ok);
    assert.equal(version.error.code, 'crypto.open.other-version');
    assert.ok((await opener.open(record, { study: 'study-a' })).ok);
  });

  it('imports a classic key into WebCrypto once (the fast path the opener takes)', async () => {
    const key = await generateStudyKey({ kind: 'x25519' });
    const imported = await importX25519Identity(secretOf(key));
    assert.ok(imported !== undefined, 'WebCrypto X25519 import failed: the opener would fall back to re-importing per record');
    assert.equal(imported.type, 'private');
    assert.equal(imported.extractable, false);
    assert.equal(await importX25519Identity('AGE-SECRET-KEY-1SHORT'), undefined);
  });

  it('refuses a record sealed to another key', async () => {
    const [a, b] = [await generateStudyKey({ kind: 'x25519' }), await generateStudyKey({ kind: 'x25519' })];
    const r = await openerFor(b).open(await sealed(a, everyKindResponse()), STUDY);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'crypto.open.wrong-key');
  });

  it('pads very different answer sets to the same length', async () => {
    // Every item of the instrument has a value, so answer sets differ in which branches were asked.
    const key = await generateStudyKey({ kind: 'hybrid' });
    const full = flagshipResponse(2);
    const names = Object.keys(full.values);
    const branchesOff: Response = {
      ...full,
      values: Object.fromEntries(names.map((n, i) => [n, i < 10 ? { kind: 'choice', code: 1 } : { kind: 'missing', missing: 'not_applicable' }])),
    };
    const allChoices: Response = { ...full, values: Object.fromEntries(names.map((n) => [n, { kind: 'choices', codes: [1, 2, 3, 4] }])) };
    const lengths = await Promise.all([full, branchesOff, allChoices].map(async (r) => (await sealed(key, r)).length));
    assert.equal(new Set(lengths).size, 1, `lengths ${lengths.join(', ')}`);
    assert.deepEqual([1, 1024, 1025, 65536, 65537, 200000].map(paddedSize), [1024, 1024, 2048, 65536, 131072, 262144]);
    assert.equal(paddedSize(16 * 1024 * 1024 + 1), undefined);
  });

  it('fails, naming what failed, when any single byte of 1,000 sealed records is flipped', async () => {
    const x = await generateStudyKey({ kind: 'x25519' });
    const h = await generateStudyKey({ kind: 'hybrid' });
    const openers = new Map([x, h].map((k) => [k, openerFor(k)]));
    const rng = xoshiro128ss(20241125);
    const codes = new Map<string, number>();
    for (let t = 0; t < 1000; t++) {
      // 1,000 distinct records, one in twenty sealed to the hybrid key.
      const key = t % 20 === 0 ? h : x;
      const record = await sealed(key, flagshipResponse(t));
      // The first 500 flips walk the header byte by byte (age text, key stanza, MAC); the rest fall anywhere.
      const position = t < 500 ? t % Math.min(record.length, key === h ? 1700 : 250) : rng.nextInt(record.length);
      record[position]! ^= 1 + rng.nextInt(255);
      const opened = await openers.get(key)!.open(record, STUDY);
      assert.ok(!opened.ok, `flip at ${position} of ${key.kind} record ${t} was not detected`);
      assert.ok(opened.error.message.startsWith(CRYPTO_MESSAGES[opened.error.code]));
      codes.set(opened.error.code, (codes.get(opened.error.code) ?? 0) + 1);
    }
    // Flips land in the header text, the key stanza, the MAC and the payload: each reports its own failure.
    for (const code of ['crypto.open.not-age', 'crypto.open.payload-altered', 'crypto.open.header-altered', 'crypto.open.wrong-key']) {
      assert.ok((codes.get(code) ?? 0) > 0, `no flip reported ${code}: ${JSON.stringify([...codes])}`);
    }
  });

  it('fails on truncation and on appended bytes', async () => {
    const key = await generateStudyKey({ kind: 'x25519' });
    const opener = openerFor(key);
    const record = await sealed(key, flagshipResponse(7));
    for (const cut of [0, 1, 20, 100, record.length - 200, record.length - 17, record.length - 1]) {
      const r = await opener.open(record.subarray(0, cut), STUDY);
      assert.ok(!r.ok, `cut at ${cut}`);
    }
    const longer = new Uint8Array(record.length + 1);
    longer.set(record);
    assert.ok(!(await opener.open(longer, STUDY)).ok);
  });

  it('openMany reports each failure by record id and opens the rest', async () => {
    const key = await generateStudyKey({ kind: 'x25519' });
    const good = await sealed(key, flagshipResponse(1));
    const bad = good.slice();
    bad[bad.length - 5]! ^= 0x40;
    const result = await openMany(openerFor(key), [
      { id: 'r1', sealed: good },
      { id: 'r2', sealed: bad },
      { id: 'r3', sealed: good },
    ], STUDY);
    assert.deepEqual(result.opened.map((o) => o.id), ['r1', 'r3']);
    assert.deepEqual(result.failed.map((f) => [f.id, f.failure.code]), [['r2', 'crypto.open.payload-altered']]);
  });

  it('round-trips random responses (property)', async () => {
    const key = await generateStudyKey({ kind: 'x25519' });
    const opener = openerFor(key);
    const value: fc.Arbitrary<ItemValue> = fc.oneof(
      fc.record({ kind: fc.constant('choice' as const), code: fc.integer({ min: -95, max: 10000 }) }, NO_NULL),
      fc.record({ kind: fc.constant('choices' as const), codes: fc.array(fc.nat(99)) }, NO_NULL),
      fc.record({ kind: fc.constant('integer' as const), value: fc.maxSafeInteger() }, NO_NULL),
      fc.record({ kind: fc.constant('text' as const), value: fc.string({ unit: 'grapheme', maxLength: 300 }) }, NO_NULL),
      fc.record({ kind: fc.constant('missing' as const), missing: fc.constantFrom('skipped', 'not_applicable', 'dont_know', 'refused') }, NO_NULL),
      fc.record({ kind: fc.constant('battery' as const), rows: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.oneof(fc.nat(9), fc.constantFrom('dont_know' as const, 'refused' as const)), NO_NULL) }, NO_NULL),
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), value, { maxKeys: 40, noNullPrototype: true }), fc.string(), async (values, version) => {
        const response: Response = { study: 's', instrumentVersion: version, language: 'en', values };
        const opened = await opener.open(await sealed(key, response), { study: 's', instrumentVersion: version });
        assert.ok(opened.ok);
        assert.deepEqual(opened.value, response);
      }),
      { numRuns: 60 },
    );
  });
});
