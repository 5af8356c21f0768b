// portas' own reading of age files (age-header.ts, age-payload.ts, age-open.ts) against age's test vectors (C2SP
// CCTV, made by the Go reference implementation): every header, HMAC, stanza, STREAM, version and X25519 vector opens
// or is refused as the vector says, with no fallback to age-encryption in between.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { Decrypter, identityToRecipient } from 'age-encryption';
import { headerMacMatches, parseAgeHeader } from '../../src/crypto/age-header.ts';
import { openAgeFile, type AgeReader } from '../../src/crypto/age-open.ts';
import { decryptAgePayload } from '../../src/crypto/age-payload.ts';
import { prepareHybridIdentity } from '../../src/crypto/hybrid-identity.ts';
import { cctvVectors, type Vector } from './cctv-vectors.ts';

/** The binary (not armored) vectors read with an X25519 or hybrid identity: passphrases are not portas' to open. */
const READABLE = /^(empty|header|hmac|stanza|stream|version|x25519|hybrid)/;
const all = cctvVectors(READABLE).filter((v) => v.identities.every((id) => id.startsWith('AGE-SECRET-KEY-1') || id.startsWith('AGE-SECRET-KEY-PQ-1')));

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function readerFor(v: Vector): Promise<AgeReader> {
  const decrypter = new Decrypter();
  for (const id of v.identities) decrypter.addIdentity(id);
  const [only] = v.identities;
  if (v.identities.length !== 1 || only === undefined || !only.startsWith('AGE-SECRET-KEY-PQ-1')) return { decrypter };
  const hybrid = await prepareHybridIdentity(only, await identityToRecipient(only));
  assert.ok(hybrid !== undefined, 'WebCrypto X25519 is available');
  return { decrypter, hybrid };
}

test('every binary X25519 and hybrid vector of age’s test suite opens or is refused as it says, through portas’ reader', async () => {
  assert.ok(all.length >= 80, `found ${String(all.length)} vectors`);
  const seen = new Set<string>();
  for (const v of all) {
    seen.add(v.expect);
    const got = await openAgeFile(await readerFor(v), v.file).then(sha256, (e: unknown) => e);
    if (v.expect === 'success') assert.equal(got, v.payload, `${v.name}: expected to open to its payload`);
    else assert.ok(got instanceof Error, `${v.name}: expected ${v.expect}, but it opened`);
  }
  assert.deepEqual([...seen].sort(), ['HMAC failure', 'header failure', 'no match', 'payload failure', 'success'], 'every kind of outcome is among the vectors');
});

test('with the vector’s file key, the header reader alone refuses every header, stanza and HMAC failure, and the payload reader every STREAM failure', () => {
  let checked = 0;
  // x25519_* and hybrid_* vectors fail in a stanza's meaning (the identity's part), not in the header's syntax.
  for (const v of all.filter((x) => !/^(x25519|hybrid)/.test(x.name) && x.fileKey !== undefined)) {
    const fileKey = Uint8Array.from(Buffer.from(v.fileKey ?? '', 'hex'));
    let header: ReturnType<typeof parseAgeHeader> | undefined;
    try {
      header = parseAgeHeader(v.file);
    } catch {
      header = undefined;
    }
    const headerHolds = header !== undefined && headerMacMatches(header, fileKey);
    if (/^(header|hmac|stanza|version)/.test(v.name) && v.expect !== 'success') assert.equal(headerHolds, false, `${v.name}: the header reader accepts it (${v.expect})`);
    const payload = ((): string | undefined => {
      if (header === undefined || !headerHolds) return undefined;
      try {
        return sha256(decryptAgePayload(fileKey, v.file.subarray(header.end)));
      } catch {
        return undefined;
      }
    })();
    assert.equal(payload, v.expect === 'success' ? v.payload : undefined, `${v.name}: expected ${v.expect}`);
    checked += 1;
  }
  assert.ok(checked >= 50, `checked ${String(checked)} vectors with their file keys`);
});
