// age's payload read in one call, held to age-encryption's own `decrypt`: the same plaintext for every size across
// chunk boundaries, and a refusal wherever it refuses.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { parseAgeHeader } from '../../src/crypto/age-header.ts';
import { decryptAgePayload } from '../../src/crypto/age-payload.ts';

const CHUNK = 64 * 1024;
const rng = xoshiro128ss(20261207);
const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => rng.nextUint32() & 0xff);

async function setUp(): Promise<{ encrypt: (plain: Uint8Array) => Promise<Uint8Array>; decrypter: Decrypter }> {
  const identity = await generateX25519Identity();
  const encrypter = new Encrypter();
  encrypter.addRecipient(await identityToRecipient(identity));
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  return { encrypt: (plain) => encrypter.encrypt(plain), decrypter };
}

/** Ours: the header through age-encryption, the payload here. */
async function ours(decrypter: Decrypter, file: Uint8Array): Promise<Uint8Array> {
  const end = parseAgeHeader(file).end;
  return decryptAgePayload(await decrypter.decryptHeader(file.subarray(0, end)), file.subarray(end));
}

const refuses = async (f: () => Promise<unknown>): Promise<boolean> => f().then(() => false, () => true);

describe('age payload', () => {
  it('opens every size across chunk boundaries to the same plaintext as age-encryption', async () => {
    const { encrypt, decrypter } = await setUp();
    for (const size of [0, 1, 3707, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 17]) {
      const plain = bytes(size);
      const file = await encrypt(plain);
      assert.deepEqual(await ours(decrypter, file), plain, `${size} bytes`);
      assert.deepEqual(await ours(decrypter, file), await decrypter.decrypt(file), `${size} bytes, as age-encryption`);
    }
  });

  it('refuses a flipped byte, a cut or an appended byte anywhere in the payload, as age-encryption does', async () => {
    const { encrypt, decrypter } = await setUp();
    for (const size of [0, 100, CHUNK, CHUNK + 100]) {
      const file = await encrypt(bytes(size));
      const end = parseAgeHeader(file).end;
      const damaged: [string, Uint8Array][] = [];
      for (const at of [end, end + 15, end + 16, file.length - 17, file.length - 1, end + 16 + CHUNK]) {
        if (at >= file.length) continue;
        const flipped = file.slice();
        flipped[at] = (flipped[at] ?? 0) ^ 0x01;
        damaged.push([`flip at ${at - end} of the payload`, flipped]);
      }
      for (const cut of [1, 16, 17, file.length - end - 16, file.length - end]) damaged.push([`${cut} bytes cut`, file.subarray(0, file.length - cut)]);
      damaged.push(['a byte appended', Uint8Array.from([...file, 0])]);
      for (const [what, record] of damaged) {
        assert.equal(await refuses(() => decrypter.decrypt(record)), true, `age-encryption accepts ${what} (${size} bytes)`);
        assert.equal(await refuses(() => ours(decrypter, record)), true, `${what} (${size} bytes) is accepted`);
      }
    }
  });

  it('refuses an empty final chunk after a full one (the spec allows it only for an empty plaintext)', async () => {
    const { encrypt, decrypter } = await setUp();
    const file = await encrypt(bytes(CHUNK));
    const end = parseAgeHeader(file).end;
    const fileKey = await decrypter.decryptHeader(file.subarray(0, end));
    const nonce = file.subarray(end, end + 16);
    const key = hkdf(sha256, fileKey, nonce, new TextEncoder().encode('payload'), 32);
    const counter = (i: number, last: boolean): Uint8Array => Uint8Array.from({ length: 12 }, (_, b) => (b === 10 ? i : b === 11 && last ? 1 : 0));
    // The same plaintext as two chunks: a full one not marked last, then an empty last one.
    const crafted = Uint8Array.from([...file.subarray(0, end + 16), ...chacha20poly1305(key, counter(0, false)).encrypt(bytes(CHUNK)), ...chacha20poly1305(key, counter(1, true)).encrypt(new Uint8Array(0))]);
    assert.equal(await refuses(() => decrypter.decrypt(crafted)), true, 'age-encryption accepts it');
    assert.equal(await refuses(() => ours(decrypter, crafted)), true, 'accepted');
    // And a full chunk not marked last with nothing after it: a truncated stream.
    const truncated = Uint8Array.from([...file.subarray(0, end + 16), ...chacha20poly1305(key, counter(0, false)).encrypt(bytes(CHUNK))]);
    assert.equal(await refuses(() => decrypter.decrypt(truncated)), true, 'age-encryption accepts a stream cut after a full chunk');
    assert.equal(await refuses(() => ours(decrypter, truncated)), true, 'a stream cut after a full chunk is accepted');
  });
});
