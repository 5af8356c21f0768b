// The form state's AES-256-GCM through Node's own cipher, in the calling thread. Every request opens one state of
// about 13 KB and seals one or two; through WebCrypto each costs a promise, a thread-pool job and their bookkeeping on
// the serving thread, several times the cipher's own few microseconds. Same algorithm, same bytes: a token sealed one
// way opens the other (test/server/form-cipher.test.ts).

import { createCipheriv, createDecipheriv, KeyObject } from 'node:crypto';
import type { FormCipher, FormKey } from '../crypto/form-state.ts';

const TAG_BYTES = 16;

/** Node's handle on each form key, made once from the WebCrypto key (never exported as raw bytes here). */
const handles = new WeakMap<FormKey['key'], KeyObject>();
function handle(key: FormKey): KeyObject {
  let h = handles.get(key.key);
  if (h === undefined) {
    h = KeyObject.from(key.key);
    handles.set(key.key, h);
  }
  return h;
}

export const nodeFormCipher: FormCipher = {
  encrypt(key, iv, aad, plain) {
    const c = createCipheriv('aes-256-gcm', handle(key), iv);
    c.setAAD(aad);
    return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
  },
  decrypt(key, iv, aad, sealed) {
    if (sealed.length < TAG_BYTES) return undefined;
    const d = createDecipheriv('aes-256-gcm', handle(key), iv);
    d.setAAD(aad);
    d.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([d.update(sealed.subarray(0, sealed.length - TAG_BYTES)), d.final()]);
    } catch {
      return undefined;
    }
  },
};
