// Crockford base32 (lower case, no i l o u): typeable, case-insensitive text for key ids and shares.

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const DECODE = new Map<string, number>();
for (let i = 0; i < ALPHABET.length; i++) DECODE.set(ALPHABET.charAt(i), i);
// Crockford's reading aids: the letters people confuse with digits.
for (const [alias, digit] of [['o', 0], ['i', 1], ['l', 1]] as const) DECODE.set(alias, digit);

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET.charAt((buffer >>> (bits - 5)) & 31);
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET.charAt((buffer << (5 - bits)) & 31);
  return out;
}

/**
 * Decodes canonical base32 (as base32Encode writes it) to `floor(5·chars / 8)` bytes; undefined on a foreign
 * character, an impossible length or non-zero spare bits.
 */
export function base32Decode(text: string): Uint8Array | undefined {
  const chars = text.toLowerCase();
  const length = Math.floor((chars.length * 5) / 8);
  if (chars.length !== Math.ceil((length * 8) / 5)) return undefined;
  const out = new Uint8Array(length);
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (const ch of chars) {
    const v = DECODE.get(ch);
    if (v === undefined) return undefined;
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out[at++] = (buffer >>> (bits - 8)) & 255;
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return buffer === 0 ? out : undefined;
}
