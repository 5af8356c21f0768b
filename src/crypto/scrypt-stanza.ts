// age's scrypt recipient and identity (the passphrase stanza of a key file) over an injected scrypt, so that
// the CLI can hand in Node's native one (faster; the JavaScript one also blocks the thread for its whole run).

import type { Identity, Recipient } from 'age-encryption';
import { Stanza } from 'age-encryption';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { scrypt as scryptJs } from '@noble/hashes/scrypt.js';
import { base64nopad } from '@scure/base';

/** scrypt(password, salt, N, r, p) → dkLen bytes, as RFC 7914 defines it. */
export type ScryptFunction = (password: Uint8Array, salt: Uint8Array, params: { readonly N: number; readonly r: number; readonly p: number; readonly dkLen: number }) => Promise<Uint8Array>;

/** The pure-JavaScript scrypt of @noble/hashes, which age-encryption itself uses: the default. */
export const javascriptScrypt: ScryptFunction = (password, salt, params) => Promise.resolve(scryptJs(password, salt, { ...params }));

// From the age spec (age-encryption.org/v1, "The scrypt recipient type"): the wrap key is
// scrypt(passphrase, "age-encryption.org/v1/scrypt" ‖ salt, N = 2^logN, r = 8, p = 1) and the file key
// is sealed with ChaCha20-Poly1305 under an all-zero nonce; the stanza is `-> scrypt <salt> <logN>`.
const LABEL = new TextEncoder().encode('age-encryption.org/v1/scrypt');
const ZERO_NONCE = new Uint8Array(12);
/** age-encryption refuses more: opening such a file would take minutes and gigabytes. */
const MAX_LOG_N = 20;

async function wrapKey(scrypt: ScryptFunction, passphrase: string, salt: Uint8Array, logN: number): Promise<Uint8Array> {
  const labelAndSalt = new Uint8Array(LABEL.length + salt.length);
  labelAndSalt.set(LABEL);
  labelAndSalt.set(salt, LABEL.length);
  return scrypt(new TextEncoder().encode(passphrase), labelAndSalt, { N: 2 ** logN, r: 8, p: 1, dkLen: 32 });
}

export function scryptRecipient(passphrase: string, logN: number, scrypt: ScryptFunction): Recipient {
  return {
    async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
      const salt = crypto.getRandomValues(new Uint8Array(16));
      const key = await wrapKey(scrypt, passphrase, salt, logN);
      const body = chacha20poly1305(key, ZERO_NONCE).encrypt(fileKey);
      key.fill(0);
      return [new Stanza(['scrypt', base64nopad.encode(salt), String(logN)], body)];
    },
  };
}

/** Checks the stanza as age-encryption's ScryptIdentity does, with the same messages. */
export function scryptIdentity(passphrase: string, scrypt: ScryptFunction): Identity {
  return {
    async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array | null> {
      for (const s of stanzas) {
        if (s.args[0] !== 'scrypt') continue;
        if (stanzas.length !== 1) throw new Error('scrypt recipient is not the only one in the header');
        if (s.args.length !== 3 || !/^[1-9][0-9]*$/.test(s.args[2] ?? '')) throw new Error('invalid scrypt stanza');
        const salt = base64nopad.decode(s.args[1] ?? '');
        if (salt.length !== 16) throw new Error('invalid scrypt stanza');
        const logN = Number(s.args[2]);
        if (logN > MAX_LOG_N) throw new Error('scrypt work factor is too high');
        if (s.body.length !== 32) throw new Error('invalid stanza');
        const key = await wrapKey(scrypt, passphrase, salt, logN);
        try {
          return chacha20poly1305(key, ZERO_NONCE).decrypt(s.body);
        } catch {
          // A wrong passphrase: not this identity's file.
        } finally {
          key.fill(0);
        }
      }
      return null;
    },
  };
}
