// The crypto module's message catalogue: stable codes and safe texts (never a secret, answer or passphrase).

export const CRYPTO_MESSAGES = {
  // Key files.
  'crypto.key.wrong-passphrase': 'the passphrase does not open this key file',
  'crypto.key.damaged': 'the key file is damaged or truncated (it is not a complete age passphrase-encrypted file)',
  'crypto.key.not-an-identity': 'the key file opened, but what it holds is not an age secret key (AGE-SECRET-KEY-…)',
  'crypto.key.weak-work-factor': 'the scrypt work factor must be at least 18 (age’s default)',
  'crypto.key.bad-recipient': 'not an age recipient of a kind portas seals to (age1pq1… or age1…)',
  // Opening sealed responses.
  'crypto.open.not-age': 'not an age v1 file (its header does not parse): damaged, truncated, or not a sealed response',
  'crypto.open.wrong-key': 'not sealed to this study key, or the key stanza in its header was altered',
  'crypto.open.header-altered': 'the header was altered after sealing (header MAC check failed)',
  'crypto.open.payload-altered': 'the sealed payload was altered or truncated (authentication failed)',
  'crypto.open.bad-padding': 'the padding inside the sealed payload is not canonical (a sealing bug, or a forged record)',
  'crypto.open.bad-envelope': 'the opened payload is not a portas response envelope of a known format version',
  'crypto.open.other-study': 'the record belongs to another study',
  'crypto.open.other-version': 'the record was sealed under another instrument version',
  'crypto.seal.too-large': 'the response is larger than the largest size a sealed record may have',
  'crypto.seal.bad-response': 'the response would not open again as it is (a bug upstream): it was not sealed',
  // Key shares.
  'crypto.share.malformed': 'not a portas key share (expected portas-share-I-KofN-KEYID-…-CHECK)',
  'crypto.share.check-failed': 'the share’s check characters do not match: it was mistyped or damaged',
  'crypto.share.mixed-keys': 'the shares belong to different keys',
  'crypto.share.mixed-splits': 'the shares disagree on how many are needed (different splittings)',
  'crypto.share.duplicate': 'the same share was given twice',
  'crypto.share.too-few': 'too few shares to rebuild the key',
  'crypto.share.rebuild-failed': 'the shares are well-formed but do not rebuild the key they name (shares of different splittings mixed?)',
  'crypto.share.bad-parameters': 'a split needs 2 ≤ threshold ≤ shares ≤ 255',
} as const;

export type CryptoCode = keyof typeof CRYPTO_MESSAGES;

/** An expected failure of a crypto operation: a catalogue code, its text, and what it is about. */
export interface CryptoFailure {
  readonly code: CryptoCode;
  readonly message: string;
  /** Extra, safe detail (a share's index, the study a record belongs to); never secret material. */
  readonly detail?: string;
}

export function failure(code: CryptoCode, detail?: string): CryptoFailure {
  const message = detail === undefined ? CRYPTO_MESSAGES[code] : `${CRYPTO_MESSAGES[code]}: ${detail}`;
  return detail === undefined ? { code, message } : { code, message, detail };
}
