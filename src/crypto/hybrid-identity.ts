// The hybrid (mlkem768x25519) age identity, prepared once: the fast way to open many records with one key.

import type { Identity, Stanza } from 'age-encryption';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { sha3_256, shake256 } from '@noble/hashes/sha3.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { base64nopad, bech32 } from '@scure/base';
import { concatBytes as concat } from '../core/typed-arrays.ts';
import { MLKEM768_CT_BYTES, prepareMlkem768 } from './mlkem768.ts';
import { importX25519Scalar, type WebCryptoKey } from './x25519-key.ts';

// The recipe, from the age spec's mlkem768x25519 recipient (age ≥ 1.3) and draft-connolly-cfrg-xwing-kem:
// the 32-byte identity seed expands by SHAKE256 to an ML-KEM-768 seed (64 bytes) and an X25519 scalar (32);
// the stanza `-> mlkem768x25519 <base64 of ct_M ‖ ct_X>` wraps the 16-byte file key with HPKE base mode
// (KEM 0x647a = X-Wing, HKDF-SHA256, ChaCha20-Poly1305, info "age-encryption.org/mlkem768x25519"), where
// X-Wing's shared secret is SHA3-256(ss_M ‖ ss_X ‖ ct_X ‖ pk_X ‖ "\.//^\").
// age-encryption's own HybridIdentity redoes the seed expansion, the ML-KEM key generation and the public
// X25519 key, and runs X25519 in JavaScript, for every file. This one does the key-only work once, keeps it in
// this closure (so in the memory of the thread that opens, and nowhere else), and uses WebCrypto's X25519.

export const STANZA_TYPE = 'mlkem768x25519';
const SHARE_BYTES = MLKEM768_CT_BYTES + 32;
export const XWING_LABEL = Uint8Array.from([0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c]);
const HPKE_INFO = 'age-encryption.org/mlkem768x25519';
const X25519_BASE = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 9 : 0));
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

// HPKE (RFC 9180 §4, §5.1) for this one suite, mode_base, empty PSK: everything but the shared secret is fixed.
const SUITE = concat(ascii('HPKE'), Uint8Array.from([0x64, 0x7a, 0x00, 0x01, 0x00, 0x03]));
const labeled = (label: string, ikm: Uint8Array): Uint8Array => concat(ascii('HPKE-v1'), SUITE, ascii(label), ikm);
const labeledInfo = (length: number, label: string, info: Uint8Array): Uint8Array =>
  concat(Uint8Array.from([length >> 8, length & 0xff]), labeled(label, info));
const KEY_SCHEDULE_CONTEXT = concat(
  Uint8Array.of(0),
  extract(sha256, labeled('psk_id_hash', new Uint8Array(0))),
  extract(sha256, labeled('info_hash', ascii(HPKE_INFO))),
);
const SECRET_IKM = labeled('secret', new Uint8Array(0));
const KEY_INFO = labeledInfo(32, 'key', KEY_SCHEDULE_CONTEXT);
const NONCE_INFO = labeledInfo(12, 'base_nonce', KEY_SCHEDULE_CONTEXT);

/** HPKE's key schedule (mode_base) from X-Wing's shared secret: the stanza's ChaCha20-Poly1305 key and nonce. */
export function hpkeKeyAndNonce(sharedSecret: Uint8Array): { key: Uint8Array; nonce: Uint8Array } {
  const secret = extract(sha256, SECRET_IKM, sharedSecret);
  const key = expand(sha256, secret, KEY_INFO, 32);
  const nonce = expand(sha256, secret, NONCE_INFO, 12);
  secret.fill(0);
  return { key, nonce };
}

/** The stanza error age-encryption throws, so both paths classify a malformed stanza the same way. */
const invalidStanza = (): Error => new Error('invalid mlkem768x25519 stanza');
/** The error @noble/curves throws for an X25519 share of small order (all-zero secret), likewise. */
const invalidShare = (): Error => new Error('invalid private or public key received');

async function x25519(privateKey: WebCryptoKey, u: Uint8Array): Promise<Uint8Array> {
  let secret: Uint8Array;
  try {
    const peer = await crypto.subtle.importKey('raw', u, { name: 'X25519' }, false, []);
    secret = new Uint8Array(await crypto.subtle.deriveBits({ name: 'X25519', public: peer }, privateKey, 256));
  } catch {
    throw invalidShare();
  }
  if (secret.every((b) => b === 0)) throw invalidShare();
  return secret;
}

/**
 * The identity behind an `AGE-SECRET-KEY-PQ-1…` string, with its keys expanded once; for Decrypter.addIdentity.
 * Undefined when this runtime's WebCrypto has no X25519 (then age-encryption's own identity is the way).
 * Throws only for a bug: an identity that is not a hybrid one, or an expansion that does not give back
 * `recipient` (checked, so a wrong expansion can never silently open nothing).
 */
export async function prepareHybridIdentity(identity: string, recipient: string): Promise<Identity | undefined> {
  const { prefix, bytes: seed } = bech32.decodeToBytes(identity);
  if (prefix.toUpperCase() !== 'AGE-SECRET-KEY-PQ-' || seed.length !== 32) throw new Error('prepareHybridIdentity: not a hybrid identity');
  const expanded = shake256(seed, { dkLen: 96 });
  const { secretKey: dk } = ml_kem768.keygen(expanded.subarray(0, 64));
  const mlkem = prepareMlkem768(dk);
  const xPrivate = await importX25519Scalar(expanded.subarray(64));
  expanded.fill(0);
  dk.fill(0);
  if (xPrivate === undefined) return undefined;
  const xKey: WebCryptoKey = xPrivate;
  const xPublic = await x25519(xKey, X25519_BASE);
  const mine = bech32.encode('age1pq', bech32.toWords(concat(mlkem.encapsulationKey, xPublic)), false);
  if (mine !== recipient) throw new Error('prepareHybridIdentity: the expanded key does not match its recipient');
  const combined = new Uint8Array(32 + 32 + 32 + 32 + XWING_LABEL.length);
  combined.set(xPublic, 96);
  combined.set(XWING_LABEL, 128);

  async function unwrap(stanza: Stanza): Promise<Uint8Array | null> {
    if (stanza.args.length !== 2) throw invalidStanza();
    const share = base64nopad.decode(stanza.args[1] ?? '');
    if (share.length !== SHARE_BYTES || stanza.body.length !== 32) throw invalidStanza();
    const ctX = share.subarray(MLKEM768_CT_BYTES);
    const ssX = await x25519(xKey, ctX);
    const ssM = mlkem.decapsulate(share.subarray(0, MLKEM768_CT_BYTES));
    combined.set(ssM, 0);
    combined.set(ssX, 32);
    combined.set(ctX, 64);
    const sharedSecret = sha3_256(combined);
    const { key, nonce } = hpkeKeyAndNonce(sharedSecret);
    for (const b of [combined.subarray(0, 64), ssM, ssX, sharedSecret]) b.fill(0);
    try {
      return chacha20poly1305(key, nonce).decrypt(stanza.body);
    } catch {
      return null;
    } finally {
      key.fill(0);
    }
  }

  return {
    async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array | null> {
      for (const stanza of stanzas) {
        if (stanza.args[0] !== STANZA_TYPE) continue;
        const fileKey = await unwrap(stanza);
        if (fileKey !== null) return fileKey;
      }
      return null;
    },
  };
}
