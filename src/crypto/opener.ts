// Opening sealed responses: a closure over the study key, so the secret never leaves src/crypto.

import { Decrypter } from 'age-encryption';
import { err, ok, type Result } from '../core/result.ts';
import type { Response } from '../instrument/model.ts';
import { openAgeFile, type AgeReader } from './age-open.ts';
import { decodeEnvelope } from './envelope.ts';
import { failure, type CryptoFailure } from './messages.ts';
import { messageOf, secretOf, type StudyKey } from './study-key.ts';
import { prepareHybridIdentity } from './hybrid-identity.ts';
import { importX25519Identity } from './x25519-key.ts';

/** What a record must belong to. Without `instrumentVersion`, any version of the study is accepted. */
export interface OpenExpectation {
  readonly study: string;
  readonly instrumentVersion?: string;
}

export interface Opener {
  /** The key id of the key this opener holds. */
  readonly keyId: string;
  open(sealed: Uint8Array, expect: OpenExpectation): Promise<Result<Response, CryptoFailure>>;
}

// age-encryption's errors are plain Errors; sort them by their message into our catalogue.
const HEADER_ERRORS = ['invalid version', 'invalid header', 'invalid stanza', 'invalid X25519 stanza', 'invalid mlkem768x25519 stanza'];

function classify(e: unknown): CryptoFailure {
  const m = messageOf(e);
  if (m.startsWith('no identity matched')) return failure('crypto.open.wrong-key');
  if (m === 'invalid header HMAC') return failure('crypto.open.header-altered');
  if (HEADER_ERRORS.some((h) => m.startsWith(h))) return failure('crypto.open.not-age', m);
  return failure('crypto.open.payload-altered', m);
}

export interface OpenerOptions {
  /**
   * Open through age-encryption's own identity for every key kind: the reference the prepared hybrid path is
   * tested and benchmarked against (`npm run bench -- crypto` prints both rates). It accepts and refuses exactly the
   * same records.
   */
  readonly reference?: boolean;
  /** How a hybrid key is prepared; tests replace it to show what happens when the prepared path fails. */
  readonly prepareHybrid?: typeof prepareHybridIdentity;
}

/**
 * The key, prepared once: X25519 as a WebCrypto key (re-importing cost ≈ 20% of an open); hybrid as an ML-KEM-768
 * key expanded once plus a WebCrypto X25519 key (see hybrid-identity.ts).
 */
async function prepare(key: StudyKey, options: OpenerOptions): Promise<AgeReader> {
  const decrypter = new Decrypter();
  const secret = secretOf(key);
  if (options.reference === true) {
    decrypter.addIdentity(secret);
    return { decrypter };
  }
  if (key.kind === 'x25519') {
    decrypter.addIdentity((await importX25519Identity(secret)) ?? secret);
    return { decrypter };
  }
  const hybrid = await (options.prepareHybrid ?? prepareHybridIdentity)(secret, key.recipient);
  decrypter.addIdentity(hybrid ?? secret);
  return hybrid === undefined ? { decrypter } : { decrypter, hybrid };
}

export function openerFor(key: StudyKey, options: OpenerOptions = {}): Opener {
  const ready = prepare(key, options);
  let reference: Promise<AgeReader> | undefined;
  return {
    keyId: key.keyId,
    async open(sealed, expect) {
      const prepared = await ready;
      let plain: Uint8Array;
      try {
        plain = options.reference === true ? await prepared.decrypter.decrypt(sealed) : await openAgeFile(prepared, sealed);
      } catch (e) {
        if (options.reference === true) return err(classify(e));
        // The prepared path has our own ML-KEM arithmetic and payload reading: before a record is called
        // unopenable, age-encryption's own path gets the last word, so a fault of ours costs time, never a response.
        reference ??= prepare(key, { reference: true });
        try {
          plain = await (await reference).decrypter.decrypt(sealed);
        } catch (e2) {
          return err(classify(e2));
        }
      }
      const response = decodeEnvelope(plain);
      if (!response.ok) return response;
      const { study, instrumentVersion } = response.value;
      if (study !== expect.study) return err(failure('crypto.open.other-study', `sealed for study ${JSON.stringify(study)}`));
      if (expect.instrumentVersion !== undefined && instrumentVersion !== expect.instrumentVersion) {
        return err(failure('crypto.open.other-version', `sealed under version ${JSON.stringify(instrumentVersion)}`));
      }
      return ok(response.value);
    },
  };
}
