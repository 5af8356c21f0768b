// The prepared hybrid recipient (WebCrypto X25519) writes the stanza age-encryption writes: age-encryption's
// own hybrid identity and portas' prepared one open every file it seals, and a wrong key opens none.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Decrypter, Encrypter, generateHybridIdentity, identityToRecipient } from 'age-encryption';
import { prepareHybridIdentity } from '../../src/crypto/hybrid-identity.ts';
import { prepareHybridRecipient } from '../../src/crypto/hybrid-recipient.ts';

async function sealWith(recipient: string, plain: Uint8Array): Promise<Uint8Array> {
  const prepared = await prepareHybridRecipient(recipient);
  assert.ok(prepared !== undefined, 'Node 20 has WebCrypto X25519');
  const e = new Encrypter();
  e.addRecipient(prepared);
  return e.encrypt(plain);
}

describe('prepareHybridRecipient', () => {
  it('seals files that age-encryption’s hybrid identity and the prepared one both open', async () => {
    const identity = await generateHybridIdentity();
    const recipient = await identityToRecipient(identity);
    const reference = new Decrypter();
    reference.addIdentity(identity);
    const ours = new Decrypter();
    const preparedIdentity = await prepareHybridIdentity(identity, recipient);
    assert.ok(preparedIdentity !== undefined);
    ours.addIdentity(preparedIdentity);
    for (let i = 0; i < 20; i++) {
      const plain = crypto.getRandomValues(new Uint8Array(1 + i * 97));
      const sealed = await sealWith(recipient, plain);
      const header = new TextDecoder().decode(sealed.subarray(0, 1600));
      const stanza = /^age-encryption\.org\/v1\n-> mlkem768x25519 ([A-Za-z0-9+/]+)\n/.exec(header);
      assert.ok(stanza !== null, header.slice(0, 60));
      assert.equal(Buffer.from(stanza[1] ?? '', 'base64').length, 1088 + 32, 'ML-KEM ciphertext ‖ X25519 share');
      assert.deepEqual(await reference.decrypt(sealed), plain);
      assert.deepEqual(await ours.decrypt(sealed), plain);
    }
  });

  it('a file sealed to one key does not open with another', async () => {
    const recipient = await identityToRecipient(await generateHybridIdentity());
    const other = new Decrypter();
    other.addIdentity(await generateHybridIdentity());
    await assert.rejects(other.decrypt(await sealWith(recipient, new Uint8Array([1, 2, 3]))), /no identity matched/);
  });

  it('leaves classic and malformed recipients to age-encryption', async () => {
    assert.equal(await prepareHybridRecipient('age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq'), undefined);
    assert.equal(await prepareHybridRecipient('age1pq1notarecipient'), undefined);
  });
});
