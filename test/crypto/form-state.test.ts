import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { newFormKey, openFormState, sealFormState } from '../../src/crypto/form-state.ts';

const NOW = 29_000_000; // minutes since the epoch (2025)

test('a sealed form state opens to exactly what was sealed (Cyrillic included)', async () => {
  const key = await newFormKey(NOW);
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), async (state) => {
      const token = await sealFormState(key, 'study-a/1', { answers: state, note: 'ответ' }, NOW);
      const opened = await openFormState([key], 'study-a/1', token, NOW + 10, 120);
      assert.ok(opened.ok);
      // Standard unpadded base64url, as any other tool reads it: the 12-byte IV, then the sealed state and its tag.
      const [, , iv = '', sealed = ''] = token.split('.');
      for (const part of [iv, sealed]) assert.equal(Buffer.from(part, 'base64url').toString('base64url'), part);
      assert.equal(Buffer.from(iv, 'base64url').length, 12);
      assert.ok(Buffer.from(sealed, 'base64url').length > Buffer.byteLength(JSON.stringify({ answers: state, note: 'ответ' })) + 16);
      assert.deepEqual(opened.value, JSON.parse(JSON.stringify({ answers: state, note: 'ответ' })));
    }),
    { numRuns: 50 },
  );
});

test('forged, altered, foreign, expired and unknown-key forms are refused, each for its own reason', async () => {
  const key = await newFormKey(NOW);
  const other = await newFormKey(NOW);
  const token = await sealFormState(key, 'study-a/1', { page: 3 }, NOW);
  const open = (t: string, ctx = 'study-a/1', now = NOW, keys = [key]) => openFormState(keys, ctx, t, now, 120);
  assert.deepEqual(await open('garbage'), { ok: false, error: 'malformed' });
  assert.deepEqual(await open(token, 'study-b/1'), { ok: false, error: 'tampered' }, 'another study');
  assert.deepEqual(await open(token, 'study-a/2'), { ok: false, error: 'tampered' }, 'another instrument version');
  assert.deepEqual(await open(token, 'study-a/1', NOW + 121), { ok: false, error: 'expired' });
  assert.deepEqual(await open(token, 'study-a/1', NOW, [other]), { ok: false, error: 'unknown-key' }, 'the key was forgotten');
  const parts = token.split('.');
  const body = parts[3]!;
  for (let i = 0; i < body.length; i += 3) {
    const flipped = body.slice(0, i) + (body[i] === 'A' ? 'B' : 'A') + body.slice(i + 1);
    const r = await open([parts[0], parts[1], parts[2], flipped].join('.'));
    assert.ok(!r.ok && (r.error === 'tampered' || r.error === 'malformed'), `flip at ${i}`);
  }
  const forged = await sealFormState({ ...other, id: key.id }, 'study-a/1', { page: 9 }, NOW);
  assert.deepEqual(await open(forged), { ok: false, error: 'tampered' }, 'sealed with a key the server does not hold');
});
