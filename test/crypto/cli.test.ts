// `portas keygen` and `portas key split|join` end to end, through bin/portas.js as a user runs them.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readRecipientFile, unlockStudyKey } from '../../src/crypto/index.ts';

const BIN = fileURLToPath(new URL('../../bin/portas.js', import.meta.url));
const PASSPHRASE = 'a long enough passphrase';

function portas(args: readonly string[], cwd: string, env: Record<string, string> = {}): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, input: '' });
  return { status: run.status, out: run.stdout + run.stderr };
}

describe('portas keygen and key split/join', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-cli-'));
  const study = join(dir, 'flagship');
  mkdirSync(study);
  writeFileSync(join(dir, 'pw'), `${PASSPHRASE}\n`);
  const keyFile = join(dir, 'flagship.key.age');

  it('keygen writes study.pub inside and the key file outside, printing no secret', async () => {
    const inside = portas(['keygen', 'flagship', '--out', 'flagship/keys/k.age', '--passphrase-file', 'pw'], dir);
    assert.equal(inside.status, 1);
    assert.match(inside.out, /inside the study folder/);
    assert.ok(!existsSync(join(study, 'study.pub')));

    const short = portas(['keygen', 'flagship', '--out', keyFile], dir, { PORTAS_PASSPHRASE: 'short' });
    assert.equal(short.status, 1);
    assert.match(short.out, /at least 12 characters/);

    const run = portas(['keygen', 'flagship', '--out', keyFile, '--passphrase-file', 'pw'], dir);
    assert.equal(run.status, 0, run.out);
    assert.doesNotMatch(run.out, /AGE-SECRET-KEY/);
    const pub = await readRecipientFile(readFileSync(join(study, 'study.pub'), 'utf8'));
    assert.ok(pub.ok);
    assert.equal(pub.value.kind, 'hybrid');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.match(readFileSync(keyFile, 'utf8'), /^-----BEGIN AGE ENCRYPTED FILE-----\n/);
    // That the key file holds the key of study.pub is checked after split and join, below.

    const again = portas(['keygen', 'flagship', '--out', join(dir, 'second.age'), '--passphrase-file', 'pw'], dir);
    assert.equal(again.status, 1, 'an existing study.pub is never replaced');
  });

  it('key split writes five shares; any three rebuild the key, two are refused', async () => {
    const split = portas(['key', 'split', keyFile, '--shares', '5', '--threshold', '3', '--out', 'shares'], dir, { PORTAS_PASSPHRASE: PASSPHRASE });
    assert.equal(split.status, 0, split.out);
    const shares = readdirSync(join(dir, 'shares')).sort().map((f) => join(dir, 'shares', f));
    assert.equal(shares.length, 5);
    const two = portas(['key', 'join', shares[0]!, shares[4]!, '--out', 'two.age'], dir, { PORTAS_PASSPHRASE: PASSPHRASE });
    assert.equal(two.status, 1);
    assert.match(two.out, /too few shares .* needs 3 of 5, got 2 \[crypto\.share\.too-few\]/);
    const texts = [readFileSync(shares[1]!, 'utf8').trim(), shares[2]!, shares[4]!];
    const three = portas(['key', 'join', ...texts, '--out', 'rebuilt.age', '--passphrase-file', 'pw'], dir);
    assert.equal(three.status, 0, three.out);
    const rebuilt = await unlockStudyKey(readFileSync(join(dir, 'rebuilt.age')), PASSPHRASE);
    const original = await readRecipientFile(readFileSync(join(study, 'study.pub'), 'utf8'));
    assert.ok(rebuilt.ok && original.ok);
    assert.equal(rebuilt.value.recipient, original.value.recipient);
  });

  it('the open pool runs under tsx register() as bin/portas.js uses it', () => {
    const smoke = fileURLToPath(new URL('./pool-smoke.ts', import.meta.url));
    const script = `import { register } from 'tsx/esm/api'; register(); await import(${JSON.stringify(smoke)});`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { opened: 12, failed: 0 });
  });
});
