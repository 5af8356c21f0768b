// Study key files: passphrase protection (age scrypt), telling a wrong passphrase from a damaged file, and
// interoperation with the reference `age` tool.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  generateStudyKey,
  lockStudyKey,
  openerFor,
  readRecipientFile,
  recipientFileText,
  seal,
  unlockStudyKey,
  type StudyKey,
} from '../../src/crypto/index.ts';
import { age, ageMissing, ageWithPassphrase } from './age-tool.ts';
import { everyKindResponse } from './responses.ts';

const PASSPHRASE = 'correct horse battery staple';
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

async function locked(key: StudyKey): Promise<string> {
  const file = await lockStudyKey(key, PASSPHRASE);
  assert.ok(file.ok);
  return file.value;
}

// One classic key file for the tests below: each lock or unlock costs a full scrypt (≈ 1 s of CPU).
let classic: Promise<{ key: StudyKey; file: string }> | undefined;
function classicKeyFile(): Promise<{ key: StudyKey; file: string }> {
  classic ??= generateStudyKey({ kind: 'x25519' }).then(async (key) => ({ key, file: await locked(key) }));
  return classic;
}

describe('study key files', () => {
  it('lock and unlock give back the same key (hybrid), and the file never shows the secret', async () => {
    const key = await generateStudyKey();
    const file = await locked(key);
    assert.match(file, /^-----BEGIN AGE ENCRYPTED FILE-----\n/);
    assert.doesNotMatch(file, /AGE-SECRET-KEY/);
    assert.doesNotMatch(JSON.stringify(key), /AGE-SECRET-KEY/);
    const back = await unlockStudyKey(bytes(file), PASSPHRASE);
    assert.ok(back.ok);
    assert.deepEqual({ ...back.value }, { ...key });
    // The rebuilt key opens what the original's recipient sealed.
    const record = await seal(key.recipient, everyKindResponse());
    assert.ok(record.ok);
    assert.ok((await openerFor(back.value).open(record.value, { study: 'flagship-serbia-2024' })).ok);
  });

  it('tells a wrong passphrase from a damaged or truncated file', async () => {
    const { file } = await classicKeyFile();
    const wrong = await unlockStudyKey(bytes(file), 'incorrect horse');
    assert.ok(!wrong.ok);
    assert.equal(wrong.error.code, 'crypto.key.wrong-passphrase');

    const lines = file.split('\n');
    const damaged: Record<string, string> = {
      'truncated mid-line': file.slice(0, Math.floor(file.length / 2)),
      'last lines lost': `${lines.slice(0, -3).join('\n')}\n-----END AGE ENCRYPTED FILE-----\n`,
      // Line 4 holds the end of the header MAC and the start of the payload.
      'payload changed': lines.map((l, i) => (i === lines.length - 3 ? l.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) : l)).join('\n'),
      'not a key file': 'hello\n',
      empty: '',
    };
    for (const [what, text] of Object.entries(damaged)) {
      const r = await unlockStudyKey(bytes(text), PASSPHRASE);
      assert.ok(!r.ok, what);
      assert.equal(r.error.code, 'crypto.key.damaged', `${what}: ${r.error.message}`);
    }
  });

  it('refuses a scrypt work factor below age’s default of 18', async () => {
    const r = await lockStudyKey(await generateStudyKey({ kind: 'x25519' }), PASSPHRASE, { workFactor: 10 });
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'crypto.key.weak-work-factor');
  });

  it('writes and reads the public key file', async () => {
    for (const kind of ['hybrid', 'x25519'] as const) {
      const key = await generateStudyKey({ kind });
      const read = await readRecipientFile(recipientFileText(key, 'study-a'));
      assert.ok(read.ok);
      assert.deepEqual(read.value, { kind, recipient: key.recipient, keyId: key.keyId });
    }
    const bad = await readRecipientFile('# nothing\nAGE-SECRET-KEY-1XYZ\n');
    assert.ok(!bad.ok);
    assert.equal(bad.error.code, 'crypto.key.bad-recipient');
  });
});

describe('the standard age tool (age 1.1.1 from Debian)', () => {
  const missing = ageMissing();
  const dir = mkdtempSync(join(tmpdir(), 'portas-age-'));

  it('opens a portas key file with `age -d` and a record sealed to a classic key with `age -d -i`', { skip: missing }, async () => {
    const { key, file } = await classicKeyFile();
    const keyFile = join(dir, 'study.key.age');
    writeFileSync(keyFile, file);
    const identityFile = join(dir, 'identity.txt');
    const opened = ageWithPassphrase(['-d', '-o', identityFile, keyFile], PASSPHRASE);
    assert.equal(opened.status, 0, opened.stdout);
    const identity = readFileSync(identityFile, 'utf8');
    assert.match(identity, /^# portas study key [0-9a-z]{8}, X25519\n# public key: age1\w+\nAGE-SECRET-KEY-1\w+\n$/);
    assert.ok(identity.includes(key.recipient));

    const response = everyKindResponse();
    const record = await seal(key.recipient, response);
    assert.ok(record.ok);
    const recordFile = join(dir, 'record.age');
    writeFileSync(recordFile, record.value);
    const plain = age(['-d', '-i', identityFile, recordFile]);
    assert.equal(plain.status, 0, plain.stderr);
    const parsed = JSON.parse(plain.stdout) as Record<string, unknown>;
    assert.deepEqual(parsed, { format: 'portas.response/1', ...response });
  });

  it('rejects a wrong passphrase on the key file too', { skip: missing }, async () => {
    const keyFile = join(dir, 'other.key.age');
    writeFileSync(keyFile, (await classicKeyFile()).file);
    const run = ageWithPassphrase(['-d', '-o', join(dir, 'never.txt'), keyFile], 'incorrect horse');
    assert.notEqual(run.status, 0);
  });

  it('seals with `age -r` a file portas cannot mistake for a response', { skip: missing }, async () => {
    // A record made outside portas (no envelope) opens cryptographically but is refused as an envelope.
    const key = await generateStudyKey({ kind: 'x25519' });
    const run = age(['-r', key.recipient, '-o', join(dir, 'foreign.age'), '/etc/hostname']);
    assert.equal(run.status, 0, run.stderr);
    const r = await openerFor(key).open(readFileSync(join(dir, 'foreign.age')), { study: 'x' });
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'crypto.open.bad-padding');
  });
});
