// An age file held in memory, opened without web streams (age-header.ts and age-payload.ts say why).

import type { Decrypter, Identity } from 'age-encryption';
import { headerMacMatches, parseAgeHeader } from './age-header.ts';
import { decryptAgePayload } from './age-payload.ts';

/** What reads the file key: age-encryption's decrypter, and our own prepared hybrid identity where there is one. */
export interface AgeReader {
  readonly decrypter: Decrypter;
  /** When present, the only identity tried: its stanzas are read from our parse of the header. */
  readonly hybrid?: Identity;
}

/**
 * The plaintext of `file`: the header parsed here and the file key through the hybrid identity and the MAC checked,
 * or, without one, the header through age-encryption (an X25519 key); the payload in one call. Throws where
 * age-encryption's `decrypt` would (opener.ts then asks that `decrypt` for the last word).
 */
export async function openAgeFile(reader: AgeReader, file: Uint8Array): Promise<Uint8Array> {
  const header = parseAgeHeader(file);
  let fileKey: Uint8Array;
  if (reader.hybrid === undefined) {
    fileKey = await reader.decrypter.decryptHeader(file.subarray(0, header.end));
  } else {
    const unwrapped = await reader.hybrid.unwrapFileKey(header.stanzas);
    if (unwrapped === null) throw new Error("no identity matched any of the file's recipients");
    if (!headerMacMatches(header, unwrapped)) throw new Error('invalid header HMAC');
    fileKey = unwrapped;
  }
  return decryptAgePayload(fileKey, file.subarray(header.end));
}
