// Key files through Node's native scrypt: the same scrypt as @noble/hashes (RFC 7914), the same age file
// format (age-encryption's own passphrase path and the reference `age` tool open what it writes, and back).

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Decrypter, Encrypter, armor } from 'age-encryption';
import { nodeScrypt } from '../../src/study/node-scrypt.ts';
import { generateStudyKey, javascriptScrypt, lockStudyKey, unlockStudyKey } from '../../src/crypto/index.ts';
import { ageMissing, ageWithPassphrase } from './age-tool.ts';

const PASSPHRASE = 'correct horse battery staple, natively';
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('nodeScrypt', () => {
  it('gives RFC 7914’s test vector (P = "password", S = "NaCl", N = 1024, r = 8, p = 16)', async () => {
    const key = await nodeScrypt(utf8('password'), utf8('NaCl'), { N: 1024, r: 8, p: 16, dkLen: 64 });
    assert.equal(hex(key), 'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640');
  });

  it('equals the JavaScript scrypt on random passwords and salts, at age’s r = 8, p = 1', async () => {
    for (let i = 0; i < 8; i++) {
      const password = crypto.getRandomValues(new Uint8Array(1 + i * 7));
      const salt = crypto.getRandomValues(new Uint8Array(44));
      const params = { N: 2 ** (4 + i), r: 8, p: 1, dkLen: 32 };
      assert.equal(hex(await nodeScrypt(password, salt, params)), hex(await javascriptScrypt(password, salt, params)));
    }
  });
});

describe('key files locked and unlocked with Node’s scrypt', () => {
  it('age-encryption’s own passphrase path opens a key file locked natively, and the reverse', async () => {
    const key = await generateStudyKey({ kind: 'hybrid' });
    const locked = await lockStudyKey(key, PASSPHRASE, { scrypt: nodeScrypt });
    assert.ok(locked.ok);
    const reference = new Decrypter();
    reference.addPassphrase(PASSPHRASE);
    assert.match(await reference.decrypt(armor.decode(locked.value), 'text'), new RegExp(`# public key: ${key.recipient}\\nAGE-SECRET-KEY-PQ-1`));
    assert.match(locked.value, /^-----BEGIN AGE ENCRYPTED FILE-----/);
    const inner = armor.decode(locked.value);
    assert.match(new TextDecoder().decode(inner.subarray(0, 80)), /^age-encryption\.org\/v1\n-> scrypt [A-Za-z0-9+/]{22} 18\n/);

    const plain = await reference.decrypt(armor.decode(locked.value), 'text');
    const byReference = new Encrypter();
    byReference.setPassphrase(PASSPHRASE);
    const unlocked = await unlockStudyKey(await byReference.encrypt(plain), PASSPHRASE, { scrypt: nodeScrypt });
    assert.ok(unlocked.ok);
    assert.equal(unlocked.value.recipient, key.recipient);
  });

  it('tells a wrong passphrase natively as it does in JavaScript', async () => {
    const key = await generateStudyKey({ kind: 'x25519' });
    const locked = await lockStudyKey(key, PASSPHRASE, { scrypt: nodeScrypt });
    assert.ok(locked.ok);
    const wrong = await unlockStudyKey(utf8(locked.value), 'not it at all', { scrypt: nodeScrypt });
    assert.ok(!wrong.ok);
    assert.equal(wrong.error.code, 'crypto.key.wrong-passphrase');
    const right = await unlockStudyKey(utf8(locked.value), PASSPHRASE);
    assert.ok(right.ok, 'the JavaScript scrypt opens the native file');
    assert.equal(right.value.keyId, key.keyId);
  });

  it('the reference `age -d` opens a key file locked natively', { skip: ageMissing() }, async () => {
    const key = await generateStudyKey({ kind: 'x25519' });
    const locked = await lockStudyKey(key, PASSPHRASE, { scrypt: nodeScrypt });
    assert.ok(locked.ok);
    const dir = mkdtempSync(join(tmpdir(), 'portas-native-scrypt-'));
    writeFileSync(join(dir, 'study.key'), locked.value);
    const opened = ageWithPassphrase(['-d', join(dir, 'study.key')], PASSPHRASE);
    assert.equal(opened.status, 0, opened.stdout);
    assert.match(opened.stdout, new RegExp(`# public key: ${key.recipient}`));
  });
});
