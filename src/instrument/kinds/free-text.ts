// Free text as it is kept: what a respondent typed, with what JSON would have to escape at six bytes taken out, so
// that a text of n UTF-16 units is at most 3n bytes of JSON — the bound every padded size is computed from.

/**
 * Line breaks become `\n`; other control characters (C0 but tab and newline) are dropped and a lone surrogate
 * becomes U+FFFD. JSON.stringify writes each of those as `\uXXXX` (six bytes); nothing a person types needs them.
 * What is left takes at most three bytes per UTF-16 unit in JSON: `\n`, `\t`, `\"`, `\\` two, a BMP character
 * at most three in UTF-8, a surrogate pair four for two units.
 */
export function normaliseFreeText(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Bytes of JSON one UTF-16 unit of normalised free text can take at most. */
export const JSON_BYTES_PER_UNIT = 3;

/** A text of `maxLength` units that JSON writes in the most bytes normalised text can take (U+0800: three bytes each). */
export const widestText = (maxLength: number): string => '\u0800'.repeat(maxLength);
