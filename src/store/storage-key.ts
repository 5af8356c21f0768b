// The storage key of one epoch: what the store writes is keyed under it, and a reshuffle re-keys every row to a fresh
// one and forgets the old. Old database images (PostgreSQL's WAL, a journal, a backup taken earlier) then hold ids,
// coupon hashes and sealed bytes that match nothing current (docs/storage.md, "Time-blind storage").

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** The epoch id a database carries before its first re-keying (schema version 1 stored ids and hashes in clear). */
export const CLEAR_EPOCH = 'clear';

/**
 * One epoch's keys. Ids and coupon hashes are 16 and 32 random bytes, so a deterministic, invertible AES permutation
 * hides them well (a PRP over unique random inputs reveals only equality): lookups still work, and the key holder can
 * turn them back. Sealed bytes go into AES-256-GCM with a random nonce, bound to the study and the response id.
 */
export interface StorageKey {
  /** Random, public: the database records which epoch its rows are keyed under. */
  readonly id: string;
  /** Stored form of a response id (32 hex digits → 32 hex digits). */
  hideId(responseId: string): string;
  revealId(stored: string): string;
  /** Stored form of a coupon hash (64 hex digits → 64 hex digits). */
  hideCoupon(couponHash: string): string;
  revealCoupon(stored: string): string;
  box(study: string, responseId: string, sealed: Uint8Array): Buffer;
  /** Undefined when the box was not made under this key for this response (damage or a mix-up: never guessed). */
  unbox(study: string, responseId: string, boxed: Uint8Array): Uint8Array | undefined;
}

/** Bytes a box adds to the sealed response: nonce and tag. */
export const BOX_OVERHEAD = 12 + 16;

/**
 * AES-256 in CBC with a zero IV and no padding over one or two blocks (one block is plain AES; for two, the second
 * depends on the first), computed block by block with one ECB cipher and one decipher per key: making a cipher object
 * costs several times more than the block itself, and a re-keying permutes every stored id.
 */
function permutation(key: Buffer): { forward: (hex: string) => string; backward: (hex: string) => string } {
  const enc = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const dec = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const xor = (a: Buffer, b: Buffer): Buffer => {
    for (let i = 0; i < 16; i++) a[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
    return a;
  };
  const blocksOf = (hex: string): Buffer => {
    const b = Buffer.from(hex, 'hex');
    if (b.length !== 16 && b.length !== 32) throw new RangeError('a stored id or coupon hash is one or two AES blocks');
    return b;
  };
  return {
    forward(hex) {
      const b = blocksOf(hex);
      const c1 = enc.update(b.subarray(0, 16));
      if (b.length === 16) return c1.toString('hex');
      return Buffer.concat([c1, enc.update(xor(b.subarray(16), c1))]).toString('hex');
    },
    backward(hex) {
      const b = blocksOf(hex);
      const p1 = dec.update(b.subarray(0, 16));
      if (b.length === 16) return p1.toString('hex');
      return Buffer.concat([p1, xor(dec.update(b.subarray(16)), b.subarray(0, 16))]).toString('hex');
    },
  };
}

const subkey = (master: Uint8Array, label: string): Buffer => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `portas store ${label}`, 32));

/** The key of an epoch from its id and 32 secret bytes. */
export function storageKey(id: string, secret: Uint8Array): StorageKey {
  if (secret.length !== 32) throw new RangeError('a storage key is 32 bytes');
  const ids = permutation(subkey(secret, 'response ids'));
  const coupons = permutation(subkey(secret, 'coupon hashes'));
  const boxes = subkey(secret, 'sealed boxes');
  const aad = (study: string, responseId: string): Buffer => Buffer.from(`${study}/${responseId}`, 'utf8');
  return {
    id,
    hideId: ids.forward,
    revealId: ids.backward,
    hideCoupon: coupons.forward,
    revealCoupon: coupons.backward,
    box(study, rid, sealed) {
      const nonce = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', boxes, nonce);
      c.setAAD(aad(study, rid));
      const body = Buffer.concat([c.update(sealed), c.final()]);
      return Buffer.concat([nonce, body, c.getAuthTag()]);
    },
    unbox(study, rid, boxed) {
      if (boxed.length < BOX_OVERHEAD) return undefined;
      const b = Buffer.from(boxed.buffer, boxed.byteOffset, boxed.byteLength);
      try {
        const d = createDecipheriv('aes-256-gcm', boxes, b.subarray(0, 12));
        d.setAAD(aad(study, rid));
        d.setAuthTag(b.subarray(b.length - 16));
        return new Uint8Array(Buffer.concat([d.update(b.subarray(12, b.length - 16)), d.final()]));
      } catch {
        return undefined;
      }
    },
  };
}

/** The identity "key" of a database not yet re-keyed: its rows are read as they are, once, to re-key them. */
export const clearKey: StorageKey = {
  id: CLEAR_EPOCH,
  hideId: (rid) => rid,
  revealId: (stored) => stored,
  hideCoupon: (h) => h,
  revealCoupon: (stored) => stored,
  box: (_study, _rid, sealed) => Buffer.from(sealed),
  unbox: (_study, _rid, boxed) => new Uint8Array(boxed),
};

/** A fresh epoch: random id (public) and random secret. */
export function newStorageSecret(): { readonly id: string; readonly secret: Uint8Array } {
  return { id: randomBytes(16).toString('hex'), secret: new Uint8Array(randomBytes(32)) };
}
