// The study key through the Study API: made with a 2-of-3 split and a recovery sheet, restored from two shares,
// checked against the study before use.

import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeStudyKey, restoreKeyFromShares, unlockKeyFile } from '../../src/study/index.ts';

const PASSPHRASE = 'correct horse battery staple';
const root = mkdtempSync(join(tmpdir(), 'portas-study-keys-'));
const studyDir = join(root, 'my-study');
mkdirSync(studyDir);
copyFileSync('studies/russians-in-serbia/instrument.yaml', join(studyDir, 'instrument.yaml'));

test('a key with 2-of-3 shares: study.pub inside, the key file beside the folder, a sheet with one page per share', async () => {
  const short = await makeStudyKey({ studyDir, passphrase: 'short', today: '2026-12-07' });
  assert.ok(!short.ok);
  assert.match(short.error[0]?.message ?? '', /at least 12 characters/);
  assert.equal(existsSync(join(studyDir, 'study.pub')), false, 'nothing written for a refused passphrase');

  const made = await makeStudyKey({ studyDir, passphrase: PASSPHRASE, today: '2026-12-07', shares: { k: 2, n: 3 } });
  assert.ok(made.ok, made.ok ? '' : made.error.map((d) => d.message).join('\n'));
  const key = made.value;
  assert.equal(key.keyFile, join(root, `my-study-${key.keyId}.key.age`));
  assert.equal(statSync(key.keyFile).mode & 0o777, 0o600);
  assert.match(readFileSync(join(studyDir, 'study.pub'), 'utf8'), /portas study "russians-in-serbia" public key/);
  assert.equal(key.shares.length, 3);
  assert.equal((key.sheetHtml.match(/<section class="page">/g) ?? []).length, 4, 'a front page and one page per share');
  for (const s of key.shares) assert.ok(key.sheetHtml.includes(s));
  assert.ok(!key.sheetHtml.includes(PASSPHRASE), 'the passphrase is never on the sheet');
  assert.doesNotMatch(key.sheetHtml, /AGE-SECRET-KEY/);

  const again = await makeStudyKey({ studyDir, passphrase: PASSPHRASE, today: '2026-12-07' });
  assert.ok(!again.ok);
  assert.equal(again.error[0]?.code, 'study.exists');

  const unlocked = await unlockKeyFile({ keyFile: key.keyFile, passphrase: PASSPHRASE, studyDir });
  assert.ok(unlocked.ok);
  assert.equal(unlocked.value.keyId, key.keyId);
  const wrong = await unlockKeyFile({ keyFile: key.keyFile, passphrase: 'not the passphrase at all', studyDir });
  assert.ok(!wrong.ok);
  assert.match(wrong.error[0]?.message ?? '', /crypto\.key\.wrong-passphrase/);

  const rebuiltFile = join(root, 'rebuilt.key.age');
  const one = await restoreKeyFromShares({ shares: [key.shares[0] ?? ''], passphrase: 'a new passphrase, long', keyFile: rebuiltFile, studyDir });
  assert.ok(!one.ok);
  assert.match(one.error[0]?.message ?? '', /crypto\.share\.too-few/);
  const two = await restoreKeyFromShares({ shares: [key.shares[0] ?? '', key.shares[2] ?? ''], passphrase: 'a new passphrase, long', keyFile: rebuiltFile, studyDir });
  assert.ok(two.ok, two.ok ? '' : two.error.map((d) => d.message).join('\n'));
  assert.equal(two.value.keyId, key.keyId);
  const reopened = await unlockKeyFile({ keyFile: rebuiltFile, passphrase: 'a new passphrase, long', studyDir });
  assert.ok(reopened.ok);
});

test("a key that is not the study's is refused before use", async () => {
  const other = join(root, 'other');
  mkdirSync(other);
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(other, 'instrument.yaml'));
  const made = await makeStudyKey({ studyDir: other, passphrase: PASSPHRASE, today: '2026-12-07', kind: 'x25519' });
  assert.ok(made.ok);
  const mismatch = await unlockKeyFile({ keyFile: made.value.keyFile, passphrase: PASSPHRASE, studyDir });
  assert.ok(!mismatch.ok);
  assert.match(mismatch.error[0]?.message ?? '', /but the study's responses are sealed to key/);
  const inside = await makeStudyKey({ studyDir: join(root, 'my-study'), passphrase: PASSPHRASE, today: '2026-12-07', keyFile: join(studyDir, 'k.age') });
  assert.ok(!inside.ok);
});
