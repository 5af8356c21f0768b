// Sealing: one response, padded, encrypted to the study's public age recipient. No secret is needed.

import { Encrypter } from 'age-encryption';
import { err, ok, type Result } from '../core/result.ts';
import type { Response } from '../instrument/model.ts';
import { encodeEnvelope } from './envelope.ts';
import { sealingRecipient } from './sealing-recipient.ts';
import { failure, type CryptoFailure } from './messages.ts';
import { kindOfRecipient } from './study-key.ts';

/**
 * Seals `response` to `recipient` (an `age1pq1…` or `age1…` string, e.g. from study.pub), its plaintext padded to at
 * least `padTo` bytes (the study's one size, from `studySealedPlainSize`). Returns the binary
 * age v1 file: the only form in which an answer may be stored. Fails on an unknown recipient or a response
 * past the size cap.
 */
export async function seal(recipient: string, response: Response, padTo = 0): Promise<Result<Uint8Array, CryptoFailure>> {
  if (kindOfRecipient(recipient) === undefined) return err(failure('crypto.key.bad-recipient'));
  const plain = encodeEnvelope(response, padTo);
  if (!plain.ok) return plain;
  const encrypter = new Encrypter();
  try {
    encrypter.addRecipient(await sealingRecipient(recipient));
  } catch {
    return err(failure('crypto.key.bad-recipient'));
  }
  return ok(await encrypter.encrypt(plain.value));
}
