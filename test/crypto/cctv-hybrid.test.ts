// The prepared hybrid opener against age's own test vectors (C2SP CCTV, made by the Go reference implementation):
// it opens exactly the files the vectors say open, to the same payload, and refuses the rest as age-encryption does.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { Decrypter, identityToRecipient } from 'age-encryption';
import { prepareHybridIdentity } from '../../src/crypto/hybrid-identity.ts';
import { cctvVectors } from './cctv-vectors.ts';

const hybrid = cctvVectors(/^hybrid/);

async function outcome(decrypter: Decrypter, file: Uint8Array): Promise<{ ok: true; sha256: string } | { ok: false; message: string }> {
  try {
    const plain = await decrypter.decrypt(file);
    return { ok: true, sha256: createHash('sha256').update(plain).digest('hex') };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

test('every hybrid vector of age’s test suite: the prepared path agrees with the vector and with age-encryption', async () => {
  assert.ok(hybrid.length >= 18, `found ${String(hybrid.length)} hybrid vectors`);
  for (const v of hybrid) {
    const fast = new Decrypter();
    const reference = new Decrypter();
    for (const id of v.identities) {
      reference.addIdentity(id);
      if (id.startsWith('AGE-SECRET-KEY-PQ-1')) {
        const prepared = await prepareHybridIdentity(id, await identityToRecipient(id));
        assert.ok(prepared !== undefined, 'WebCrypto X25519 is available');
        fast.addIdentity(prepared);
      } else fast.addIdentity(id);
    }
    const [got, want] = [await outcome(fast, v.file), await outcome(reference, v.file)];
    assert.deepEqual(got, want, `${v.name}: the prepared path and age-encryption differ`);
    if (v.expect === 'success') assert.deepEqual(got, { ok: true, sha256: v.payload }, `${v.name}: expected to open`);
    else assert.equal(got.ok, false, `${v.name}: expected ${v.expect}`);
    if (v.expect === 'no match' && !got.ok) assert.match(got.message, /^no identity matched/, v.name);
  }
});
