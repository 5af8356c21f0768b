// An X25519 age identity as a non-extractable WebCrypto key: imported once per opener instead of per record.

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const PREFIX = 'AGE-SECRET-KEY-1';
const CHECKSUM_CHARS = 6;
// PKCS #8 wrapping of a raw X25519 private key (RFC 8410 §7): SEQUENCE, version 0, id-X25519, OCTET STRING.
const PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20]);

/**
 * The 32-byte scalar of an `AGE-SECRET-KEY-1…` string. The caller has already validated the string (its
 * bech32 checksum included) through age-encryption; this only regroups the 5-bit data characters into bytes.
 */
function scalarOf(identity: string): Uint8Array | undefined {
  const data = identity.slice(PREFIX.length, identity.length - CHECKSUM_CHARS).toLowerCase();
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of data) {
    const v = BECH32.indexOf(ch);
    if (v < 0) return undefined;
    buffer = ((buffer << 5) | v) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >>> bits) & 0xff);
    }
  }
  return out.length === 32 ? Uint8Array.from(out) : undefined;
}

/** The global WebCrypto key type (named through crypto.subtle: this project's lib setting has no DOM types). */
export type WebCryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** WebCrypto X25519 key for `identity`, or undefined when this runtime has no X25519 in WebCrypto. */
export async function importX25519Identity(identity: string): Promise<WebCryptoKey | undefined> {
  const scalar = scalarOf(identity);
  if (scalar === undefined) return undefined;
  try {
    return await importX25519Scalar(scalar);
  } finally {
    scalar.fill(0);
  }
}

/** WebCrypto X25519 key for a raw 32-byte private scalar, or undefined when this runtime has no X25519 in WebCrypto. */
export async function importX25519Scalar(scalar: Uint8Array): Promise<WebCryptoKey | undefined> {
  if (scalar.length !== 32) return undefined;
  const pkcs8 = new Uint8Array(PKCS8_PREFIX.length + 32);
  pkcs8.set(PKCS8_PREFIX);
  pkcs8.set(scalar, PKCS8_PREFIX.length);
  try {
    return await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'X25519' }, false, ['deriveBits']);
  } catch {
    return undefined;
  } finally {
    pkcs8.fill(0);
  }
}
