import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { exportFormKey, newFormKey, openFormState, sealFormState, webCryptoFormCipher } from '../../src/crypto/form-state.ts';
import { nodeFormCipher } from '../../src/server/form-cipher.ts';

const NOW = 29_000_000;
const CONTEXT = 'study-a/1/page';

/** A token written from the format alone (Node's cipher and Buffer's base64url): what any other tool would write. */
async function tokenByHand(key: Awaited<ReturnType<typeof newFormKey>>, state: unknown): Promise<string> {
  const { id, raw } = await exportFormKey(key);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', raw, iv);
  c.setAAD(Buffer.from(`portas-form-state/1\n${id}\n${CONTEXT}`));
  const sealed = Buffer.concat([c.update(JSON.stringify({ t: NOW, s: state })), c.final(), c.getAuthTag()]);
  return `f1.${id}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
}

test("the server's Node cipher and WebCrypto read each other's form states, and both read one written by hand", async () => {
  const key = await newFormKey(NOW);
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), fc.string(), async (answers, text) => {
      // The text's length varies the sealed length over every remainder of base64's 3-byte groups.
      const state = { answers, text };
      const expected: unknown = JSON.parse(JSON.stringify(state));
      for (const [by, reader] of [
        [nodeFormCipher, webCryptoFormCipher],
        [webCryptoFormCipher, nodeFormCipher],
      ] as const) {
        const opened = await openFormState([key], CONTEXT, await sealFormState(key, CONTEXT, state, NOW, by), NOW, 120, reader);
        assert.ok(opened.ok);
        assert.deepEqual(opened.value, expected);
      }
      for (const reader of [nodeFormCipher, webCryptoFormCipher]) {
        const opened = await openFormState([key], CONTEXT, await tokenByHand(key, state), NOW, 120, reader);
        assert.ok(opened.ok, 'a standard base64url token');
        assert.deepEqual(opened.value, expected);
      }
    }),
    { numRuns: 60, seed: 20261207 },
  );
});

test('through the Node cipher, altered, foreign and misencoded forms are refused as through WebCrypto', async () => {
  const key = await newFormKey(NOW);
  const other = await newFormKey(NOW);
  const token = await sealFormState(key, CONTEXT, { page: 3, text: 'ответ' }, NOW, nodeFormCipher);
  const [v, id, iv, body] = token.split('.') as [string, string, string, string];
  const open = async (t: string, ctx = CONTEXT) => {
    const viaNode = await openFormState([key], ctx, t, NOW, 120, nodeFormCipher);
    assert.deepEqual(await openFormState([key], ctx, t, NOW, 120, webCryptoFormCipher), viaNode, `both ciphers agree on ${t.slice(-12)}`);
    return viaNode;
  };
  assert.ok((await open(token)).ok);
  assert.deepEqual(await open(token, 'study-b/1/page'), { ok: false, error: 'tampered' });
  const forged = await sealFormState({ ...other, id: key.id }, CONTEXT, { page: 9 }, NOW, nodeFormCipher);
  assert.deepEqual(await open(forged), { ok: false, error: 'tampered' }, 'sealed with a key the server does not hold');
  for (let i = 0; i < body.length; i += 97) {
    const flipped = body.slice(0, i) + (body[i] === 'A' ? 'B' : 'A') + body.slice(i + 1);
    assert.deepEqual(await open([v, id, iv, flipped].join('.')), { ok: false, error: 'tampered' }, `flip at ${String(i)}`);
  }
  // Not base64url: a lone trailing character, padding, the other alphabet, a non-ASCII look-alike; a cut tag.
  const lone = body + 'A'.repeat((5 - (body.length % 4)) % 4); // one character past a whole group of four
  assert.equal(lone.length % 4, 1);
  for (const bad of [lone, `${body}=`, body.replace(/[-_]/, '+'), `${body.slice(0, 8)}А${body.slice(9)}`, '', body.slice(0, 20)]) {
    assert.deepEqual(await open([v, id, iv, bad].join('.')), { ok: false, error: 'malformed' }, `body ${bad.slice(0, 10)}…(${String(bad.length)})`);
  }
  assert.deepEqual(await open([v, id, `${iv}A`, body].join('.')), { ok: false, error: 'malformed' }, 'an IV of the wrong length');
});
