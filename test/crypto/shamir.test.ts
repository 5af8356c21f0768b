// Shamir sharing over GF(2^8): field arithmetic against FIPS-197, thresholds, and the typed share texts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CRYPTO_MESSAGES, generateStudyKey, joinStudyKeyShares, splitStudyKey, type StudyKey } from '../../src/crypto/index.ts';
import { gfInv, gfMul } from '../../src/crypto/gf256.ts';
import { combineShares, splitSecret } from '../../src/crypto/shamir.ts';

function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((x, i) => subsets(items.slice(i + 1), k - 1).map((rest) => [x, ...rest]));
}

describe('GF(2^8) with the AES polynomial', () => {
  it('multiplies as FIPS-197 §4.2 says', () => {
    // FIPS-197 §4.2: {57} • {83} = {c1}; §4.2.1: {57} • {13} = {fe}.
    assert.equal(gfMul(0x57, 0x83), 0xc1);
    assert.equal(gfMul(0x57, 0x13), 0xfe);
    // FIPS-197 §4.2.1, xtime chain: {57}·{02} = {ae}, ·{04} = {47}, ·{08} = {8e}, ·{10} = {07}.
    assert.deepEqual([0x02, 0x04, 0x08, 0x10].map((b) => gfMul(0x57, b)), [0xae, 0x47, 0x8e, 0x07]);
    // {53}·{ca} = {01}: the worked inverse in Wikipedia's "Finite field arithmetic", Rijndael's field section.
    assert.equal(gfInv(0x53), 0xca);
  });

  it('is a field: every non-zero element has an inverse, multiplication commutes', () => {
    for (let a = 1; a < 256; a++) {
      assert.equal(gfMul(a, gfInv(a)), 1, `inverse of ${a}`);
      for (let b = 0; b < 256; b += 17) assert.equal(gfMul(a, b), gfMul(b, a));
    }
  });
});

describe('Shamir secret sharing', () => {
  it('rebuilds from any threshold-subset and gives something else from fewer (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.integer({ min: 2, max: 8 }), fc.integer({ min: 0, max: 4 }), (secret, k, extra) => {
        const shares = splitSecret(secret, k + extra, k);
        const pick = shares.slice(extra);
        assert.deepEqual(combineShares(pick.slice(0, k)), secret);
        assert.deepEqual(combineShares([...pick].reverse().slice(0, k)), secret);
      }),
      { numRuns: 300 },
    );
  });

  it('uses the CSPRNG: two splits of one secret differ', () => {
    const secret = new Uint8Array(32).fill(7);
    assert.notDeepEqual(splitSecret(secret, 3, 2)[0]!.y, splitSecret(secret, 3, 2)[0]!.y);
  });
});

describe('study key shares', () => {
  let key: StudyKey;
  let shares: string[];
  it('splits a hybrid key into five typeable texts', async () => {
    key = await generateStudyKey({ kind: 'hybrid' });
    const split = await splitStudyKey(key, { shares: 5, threshold: 3 });
    assert.ok(split.ok);
    shares = split.value;
    assert.equal(shares.length, 5);
    shares.forEach((s, i) => {
      assert.match(s, new RegExp(`^portas-share-${i + 1}-3of5-${key.keyId}(-[0-9a-z]{1,5})+-[0-9a-z]{6}$`));
      assert.doesNotMatch(s, /AGE-SECRET/i);
    });
  });

  it('every 3-of-5 subset rebuilds the key; every 2-subset is refused as too few', async () => {
    for (const subset of subsets(shares, 3)) {
      const joined = await joinStudyKeyShares(subset);
      assert.ok(joined.ok, joined.ok ? '' : joined.error.message);
      assert.equal(joined.value.recipient, key.recipient);
    }
    for (const subset of subsets(shares, 2)) {
      const joined = await joinStudyKeyShares(subset);
      assert.ok(!joined.ok);
      assert.equal(joined.error.code, 'crypto.share.too-few');
    }
    const four = await joinStudyKeyShares(shares.slice(1));
    assert.ok(four.ok);
  });

  it('forgives case, whitespace and Crockford look-alikes (O for 0, I or L for 1) in a typed share', async () => {
    const typed = shares.slice(0, 3).map((s) => ` ${s.toUpperCase().replaceAll('-', '- ')}\n`);
    assert.ok((await joinStudyKeyShares(typed)).ok);
    const lookAlikes = shares.slice(0, 3).map((s) => {
      const head = s.slice(0, 'portas-share-1-3of5-'.length);
      return head + s.slice(head.length).replaceAll('0', 'O').replaceAll('1', 'l');
    });
    assert.ok(lookAlikes.some((s, i) => s !== shares[i]), 'the shares hold a 0 or a 1 to swap');
    const joined = await joinStudyKeyShares(lookAlikes);
    assert.ok(joined.ok, joined.ok ? '' : joined.error.message);
  });

  it('names a mistyped share', async () => {
    const s = shares[1]!;
    const at = s.lastIndexOf('-') - 1; // the payload's last character
    const typo = s.slice(0, at) + (s[at] === 'a' ? 'b' : 'a') + s.slice(at + 1);
    const joined = await joinStudyKeyShares([shares[0]!, typo, shares[2]!]);
    assert.ok(!joined.ok);
    assert.equal(joined.error.code, 'crypto.share.check-failed');
    assert.ok(joined.error.message.startsWith(`${CRYPTO_MESSAGES['crypto.share.check-failed']}: share 2 of those given (portas-share-2-3of5`));
  });

  it('refuses shares of different keys, duplicates, mixed splits and bad parameters', async () => {
    const other = await splitStudyKey(await generateStudyKey({ kind: 'x25519' }), { shares: 3, threshold: 2 });
    assert.ok(other.ok);
    const mixed = await joinStudyKeyShares([shares[0]!, shares[1]!, other.value[0]!]);
    assert.ok(!mixed.ok);
    assert.equal(mixed.error.code, 'crypto.share.mixed-keys');
    const dup = await joinStudyKeyShares([shares[0]!, shares[0]!, shares[1]!]);
    assert.ok(!dup.ok);
    assert.equal(dup.error.code, 'crypto.share.duplicate');
    // A second 3-of-5 split of the same key: right key id, but its polynomials are other ones.
    const again = await splitStudyKey(key, { shares: 5, threshold: 3 });
    assert.ok(again.ok);
    const crossed = await joinStudyKeyShares([shares[0]!, shares[1]!, again.value[2]!]);
    assert.ok(!crossed.ok);
    assert.equal(crossed.error.code, 'crypto.share.rebuild-failed');
    for (const [n, k] of [[5, 1], [2, 3], [256, 3]] as const) {
      const bad = await splitStudyKey(key, { shares: n, threshold: k });
      assert.ok(!bad.ok);
      assert.equal(bad.error.code, 'crypto.share.bad-parameters');
    }
    const garbage = await joinStudyKeyShares(['portas-share-x']);
    assert.ok(!garbage.ok);
    assert.equal(garbage.error.code, 'crypto.share.malformed');
  });

  it('round-trips classic keys for random thresholds (property)', async () => {
    const classic = await generateStudyKey({ kind: 'x25519' });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 7 }), fc.integer({ min: 0, max: 3 }), fc.integer(), async (k, extra, seed) => {
        const split = await splitStudyKey(classic, { shares: k + extra, threshold: k });
        assert.ok(split.ok);
        const chosen = [...split.value].sort((a, b) => ((a.length * seed) % 7) - ((b.length * seed) % 7)).slice(0, k);
        const joined = await joinStudyKeyShares(chosen);
        assert.ok(joined.ok);
        assert.equal(joined.value.recipient, classic.recipient);
        if (k > 2) assert.ok(!(await joinStudyKeyShares(chosen.slice(1))).ok);
      }),
      { numRuns: 25 },
    );
  });
});
