// What every exporter returns: named files as bytes, for the caller (CLI, server) to write or send.

/** One output file: a bare file name (no directories) and its bytes. */
export interface ExportFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const encoder = new TextEncoder();

export const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** Joins byte chunks into one array. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
