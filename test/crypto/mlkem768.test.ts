// The prepared ML-KEM-768 decapsulation agrees with @noble/post-quantum's (FIPS 203 known-answer tested upstream).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { MLKEM768_CT_BYTES, prepareMlkem768 } from '../../src/crypto/mlkem768.ts';

/** Deterministic bytes from the seeded test Rng, so a failure can be replayed. */
function bytes(rng: ReturnType<typeof xoshiro128ss>, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => rng.nextInt(256));
}

describe('prepareMlkem768', () => {
  it('gives the same shared secret as @noble/post-quantum for valid, altered and foreign ciphertexts', () => {
    const rng = xoshiro128ss(203);
    let rejected = 0;
    for (let k = 0; k < 8; k++) {
      const { publicKey, secretKey } = ml_kem768.keygen(bytes(rng, 64));
      const other = ml_kem768.keygen(bytes(rng, 64));
      const prepared = prepareMlkem768(secretKey);
      assert.deepEqual(prepared.encapsulationKey, publicKey);
      for (let t = 0; t < 12; t++) {
        const { cipherText, sharedSecret } = ml_kem768.encapsulate(publicKey, bytes(rng, 32));
        assert.deepEqual(prepared.decapsulate(cipherText), sharedSecret, `key ${k}, ciphertext ${t}`);
        // One flipped bit anywhere (the u part, the v part): implicit rejection, J(z ‖ c), on both sides.
        const altered = cipherText.slice();
        altered[rng.nextInt(MLKEM768_CT_BYTES)]! ^= 1 << rng.nextInt(8);
        const expected = ml_kem768.decapsulate(altered, secretKey);
        assert.deepEqual(prepared.decapsulate(altered), expected, `key ${k}, altered ciphertext ${t}`);
        if (!expected.every((b, i) => b === sharedSecret[i])) rejected += 1;
        const foreign = ml_kem768.encapsulate(other.publicKey, bytes(rng, 32)).cipherText;
        assert.deepEqual(prepared.decapsulate(foreign), ml_kem768.decapsulate(foreign, secretKey));
        const noise = bytes(rng, MLKEM768_CT_BYTES);
        assert.deepEqual(prepared.decapsulate(noise), ml_kem768.decapsulate(noise, secretKey));
      }
    }
    assert.ok(rejected > 80, `only ${rejected} altered ciphertexts were rejected`);
  });

  it('refuses a decapsulation key whose H(ek) does not match, and a ciphertext of the wrong length', () => {
    const { secretKey } = ml_kem768.keygen(new Uint8Array(64).fill(7));
    const damaged = secretKey.slice();
    damaged[1152 + 5]! ^= 1; // inside ek
    assert.throws(() => prepareMlkem768(damaged), /hash check/);
    assert.throws(() => prepareMlkem768(secretKey.subarray(1)), /2400 bytes/);
    assert.throws(() => prepareMlkem768(secretKey).decapsulate(new Uint8Array(1087)), /1088 bytes/);
  });
});
