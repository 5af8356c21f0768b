// age's test vectors (C2SP CCTV, the cctv-age package, made by age's Go implementation), read into their fields.

import { inflateSync } from 'node:zlib';
import * as vectors from 'cctv-age';

export interface Vector {
  readonly name: string;
  /** "success", "no match", "header failure", "HMAC failure", "payload failure", … */
  readonly expect: string;
  /** SHA-256 of the plaintext, hex, where the file opens. */
  readonly payload?: string;
  /** The file key, hex, where the vector states it. */
  readonly fileKey?: string;
  readonly identities: readonly string[];
  readonly file: Uint8Array;
}

function parse(name: string, bytes: Uint8Array): Vector {
  const text = new TextDecoder('latin1').decode(bytes);
  const end = text.indexOf('\n\n');
  const fields = text.slice(0, end).split('\n').map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)] as const);
  const get = (k: string): string | undefined => fields.find(([key]) => key === k)?.[1];
  const body = bytes.subarray(end + 2);
  const [payload, fileKey] = [get('payload'), get('file key')];
  return {
    name,
    expect: get('expect') ?? '',
    ...(payload === undefined ? {} : { payload }),
    ...(fileKey === undefined ? {} : { fileKey }),
    identities: fields.filter(([k]) => k === 'identity').map(([, v]) => v),
    file: get('compressed') === 'zlib' ? new Uint8Array(inflateSync(body)) : body,
  };
}

/** Every vector whose name matches `names`. */
export const cctvVectors = (names: RegExp): Vector[] =>
  Object.entries(vectors as unknown as Record<string, Uint8Array>)
    .filter(([name, v]) => names.test(name) && v instanceof Uint8Array)
    .map(([name, v]) => parse(name, v));
