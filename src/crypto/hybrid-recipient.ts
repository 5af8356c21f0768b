// The hybrid (mlkem768x25519) age recipient, prepared once per study key: sealing with WebCrypto's X25519.
// age-encryption's HybridRecipient decodes the 1,216-byte recipient and runs both X25519 operations in
// JavaScript for every response (about 2.9 of the 4.7 ms a seal takes); the stanza written is the same
// (see hybrid-identity.ts for the recipe), and age-encryption's opener and ours open it alike.

import type { Recipient } from 'age-encryption';
import { Stanza } from 'age-encryption';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { sha3_256 } from '@noble/hashes/sha3.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { base64nopad, bech32 } from '@scure/base';
import { concatBytes as concat } from '../core/typed-arrays.ts';
import { hpkeKeyAndNonce, STANZA_TYPE, XWING_LABEL } from './hybrid-identity.ts';
import type { WebCryptoKey } from './x25519-key.ts';

const RECIPIENT_BYTES = 1184 + 32;

async function hasWebCryptoX25519(): Promise<boolean> {
  try {
    await crypto.subtle.generateKey({ name: 'X25519' }, true, ['deriveBits']);
    return true;
  } catch {
    return false;
  }
}

/**
 * The recipient behind an `age1pq1…` string, decoded once; for Encrypter.addRecipient. Undefined when
 * the string is not a hybrid recipient or this runtime's WebCrypto has no X25519 (then age-encryption's
 * own recipient is the way).
 */
export async function prepareHybridRecipient(recipient: string): Promise<Recipient | undefined> {
  if (!recipient.startsWith('age1pq1') || !(await hasWebCryptoX25519())) return undefined;
  let bytes: Uint8Array;
  try {
    const { prefix, words } = bech32.decode(recipient as `${string}1${string}`, false);
    bytes = bech32.fromWords(words);
    if (prefix !== 'age1pq' || bytes.length !== RECIPIENT_BYTES) return undefined;
  } catch {
    return undefined;
  }
  const ek = bytes.slice(0, 1184);
  const pkX = bytes.slice(1184);
  let peer: WebCryptoKey;
  try {
    peer = await crypto.subtle.importKey('raw', pkX, { name: 'X25519' }, false, []);
  } catch {
    return undefined;
  }
  return {
    async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
      const { cipherText: ctM, sharedSecret: ssM } = ml_kem768.encapsulate(ek);
      const ephemeral = (await crypto.subtle.generateKey({ name: 'X25519' }, true, ['deriveBits'])) as { publicKey: WebCryptoKey; privateKey: WebCryptoKey };
      const ctX = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
      const ssX = new Uint8Array(await crypto.subtle.deriveBits({ name: 'X25519', public: peer }, ephemeral.privateKey, 256));
      const sharedSecret = sha3_256(concat(ssM, ssX, ctX, pkX, XWING_LABEL));
      const { key, nonce } = hpkeKeyAndNonce(sharedSecret);
      const body = chacha20poly1305(key, nonce).encrypt(fileKey);
      for (const b of [ssM, ssX, sharedSecret, key]) b.fill(0);
      return [new Stanza([STANZA_TYPE, base64nopad.encode(concat(ctM, ctX))], body)];
    },
  };
}
