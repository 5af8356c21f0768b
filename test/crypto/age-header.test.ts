// age's header read here, held to age-encryption's own reading: the same file key from the same files, and a refusal
// wherever it refuses, on real hybrid records, on headers with stanza bodies of every line shape, and on damage.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64nopad } from '@scure/base';
import { Decrypter, Encrypter, Stanza, type Identity } from 'age-encryption';
import { headerMacMatches, parseAgeHeader } from '../../src/crypto/age-header.ts';
import { decryptAgePayload } from '../../src/crypto/age-payload.ts';
import { prepareHybridIdentity } from '../../src/crypto/hybrid-identity.ts';
import { generateStudyKey } from '../../src/crypto/index.ts';
import { secretOf } from '../../src/crypto/study-key.ts';

interface Readers {
  readonly encrypt: (plain: Uint8Array, extra?: readonly Stanza[]) => Promise<Uint8Array>;
  /** age-encryption's reading of the header: the file key, or undefined where it refuses. */
  readonly theirs: (file: Uint8Array) => Promise<string | undefined>;
  /** Ours: parseAgeHeader, the prepared identity, the MAC. */
  readonly ours: (file: Uint8Array) => Promise<string | undefined>;
  readonly identity: Identity;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const settle = (p: Promise<Uint8Array>): Promise<string | undefined> => p.then(hex, () => undefined);

async function readers(): Promise<Readers> {
  const key = await generateStudyKey({ kind: 'hybrid' });
  const identity = await prepareHybridIdentity(secretOf(key), key.recipient);
  assert.ok(identity !== undefined, 'this runtime has no WebCrypto X25519');
  const reference = new Decrypter();
  reference.addIdentity(secretOf(key));
  const ours = async (file: Uint8Array): Promise<Uint8Array> => {
    const header = parseAgeHeader(file);
    const fileKey = await identity.unwrapFileKey(header.stanzas);
    if (fileKey === null || !headerMacMatches(header, fileKey)) throw new Error('refused');
    return fileKey;
  };
  return {
    encrypt: async (plain, extra = []) => {
      const encrypter = new Encrypter();
      encrypter.addRecipient(key.recipient);
      // Stanzas a recipient of another kind would add: the identity passes over them, the reader must parse them.
      if (extra.length > 0) encrypter.addRecipient({ wrapFileKey: () => [...extra] });
      return encrypter.encrypt(plain);
    },
    theirs: (file) => settle(reference.decryptHeader(file)),
    ours: (file) => settle(ours(file)),
    identity,
  };
}

/** Stanzas whose bodies end on every line shape: empty, short, exactly one and two full lines (then an empty line), longer. */
const OTHER_STANZAS = [0, 1, 47, 48, 96, 100].map((n) => new Stanza(['example.org/other', `n${n}`], Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff)));

describe('age header', () => {
  it('reads real hybrid records and headers with other stanzas to the same file key as age-encryption, and finds the payload', async () => {
    const r = await readers();
    for (const extra of [[], OTHER_STANZAS, [OTHER_STANZAS[3]!], [OTHER_STANZAS[0]!]]) {
      const plain = new TextEncoder().encode(`a response beside ${extra.length} other stanzas`);
      const file = await r.encrypt(plain, extra);
      const theirs = await r.theirs(file);
      assert.ok(theirs !== undefined, 'age-encryption reads its own file');
      assert.equal(await r.ours(file), theirs);
      const header = parseAgeHeader(file);
      assert.deepEqual(header.stanzas.slice(1).map((s) => [s.args, hex(s.body)]), extra.map((s) => [s.args, hex(s.body)]), 'the other stanzas as written');
      assert.deepEqual(decryptAgePayload(Buffer.from(theirs, 'hex'), file.subarray(header.end)), plain);
    }
  });

  it('accepts and refuses damaged headers exactly as age-encryption does (property: flips, cuts, insertions)', async () => {
    const r = await readers();
    const files = [await r.encrypt(new Uint8Array(40)), await r.encrypt(new Uint8Array(40), OTHER_STANZAS)];
    const headerLength = (f: Uint8Array): number => parseAgeHeader(f).end;
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.constantFrom(0x0a, 0x20, 0x2d, 0x41, 0x3d, 0x00, 0x7f, 0x80) }),
    );
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 1 }), edit, async (which, e) => {
        const file = files[which]!;
        const at = e.at % headerLength(file);
        const damaged =
          e.kind === 'flip'
            ? Uint8Array.from(file, (b, i) => (i === at ? b ^ (1 << e.bit) : b))
            : e.kind === 'cut'
              ? Uint8Array.from([...file.subarray(0, at), ...file.subarray(at + e.length)])
              : Uint8Array.from([...file.subarray(0, at), e.byte, ...file.subarray(at)]);
        const theirs = await r.theirs(damaged);
        assert.equal(await r.ours(damaged), theirs, `${e.kind} at ${at}`);
        if (theirs === undefined) refused += 1;
        else accepted += 1;
      }),
      { numRuns: 300, seed: 20261207 },
    );
    // The MAC covers every header byte before it, so nearly every edit is refused; what matters is that both agree.
    assert.ok(refused > 200, `the damage was refused ${refused} times, accepted ${accepted} times`);
  });

  it('refuses what age-encryption refuses in the header’s structure, even under a valid MAC', async () => {
    const r = await readers();
    const original = await r.encrypt(new Uint8Array(8), [OTHER_STANZAS[3]!]);
    const fileKey = Buffer.from((await r.theirs(original)) ?? '', 'hex');
    const text = new TextDecoder('latin1').decode(original);
    /** The variant with its MAC made anew under the file key, so that only its structure can refuse it. */
    const remac = (variant: string): Uint8Array => {
      const macAt = variant.indexOf('\n--- ');
      if (macAt < 0) return Uint8Array.from(Buffer.from(variant, 'latin1'));
      const covered = variant.slice(0, macAt + 4);
      const mac = hmac(sha256, hkdf(sha256, fileKey, undefined, new TextEncoder().encode('header'), 32), Buffer.from(covered, 'latin1'));
      return Uint8Array.from(Buffer.from(`${covered} ${base64nopad.encode(mac)}${variant.slice(variant.indexOf('\n', macAt + 1))}`, 'latin1'));
    };
    assert.deepEqual(remac(text), original, 'the MAC made anew for the unchanged header is the original one');
    const variants: [string, string][] = [
      ['another version', text.replace('age-encryption.org/v1', 'age-encryption.org/v2')],
      ['an empty argument', text.replace('-> example.org/other n48', '-> example.org/other  n48')],
      ['a stanza line with no argument', text.replace('-> example.org/other n48', '->')],
      ['a full body line without the empty line after it', text.replace(/(-> example\.org\/other n48\n[A-Za-z0-9+/]{64}\n)\n/, '$1')],
      ['a body line longer than 48 bytes', text.replace(/(-> example\.org\/other n48\n[A-Za-z0-9+/]{64})/, '$1AAAA')],
      ['padded base64', text.replace(/(-> example\.org\/other n48\n[A-Za-z0-9+/]{64}\n)\n/, '$1==\n')],
      ['no MAC line', text.slice(0, text.indexOf('\n--- ') + 1)],
      ['a MAC line without its newline', text.slice(0, text.indexOf('\n', text.indexOf('\n--- ') + 1))],
      ['a tab in the header', text.replace('-> example.org/other', '->\texample.org/other')],
      ['a byte above 126 in an argument', text.replace('n48', 'n4\u00e9')],
    ];
    // The right MAC with a byte more: only its length tells it apart.
    const macLine = text.slice(text.indexOf('\n--- ') + 5, text.indexOf('\n', text.indexOf('\n--- ') + 1));
    variants.push(['a MAC one byte too long', text.replace(macLine, base64nopad.encode(Uint8Array.from([...base64nopad.decode(macLine), 0])))]);
    for (const [what, variant] of variants) {
      assert.notEqual(variant, text, `${what}: the variant changes the file`);
      const file = what === 'a MAC one byte too long' ? Uint8Array.from(Buffer.from(variant, 'latin1')) : remac(variant);
      assert.equal(await r.theirs(file), undefined, `age-encryption accepts ${what}`);
      assert.equal(await r.ours(file), undefined, `${what} is accepted`);
    }
  });
});
