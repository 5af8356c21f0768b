// Every command answers --help with its usage and options, and a bad option is a usage error, never a stack trace.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { COMMANDS } from '../../src/cli/commands.ts';
import { COMMAND_HELP } from '../../src/cli/help.ts';
import { main } from '../../src/cli/main.ts';

/** Runs `portas ARGS` in this process, capturing what it prints. */
async function portas(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const { log, error } = console;
  console.log = (...parts: unknown[]) => { stdout += `${parts.join(' ')}\n`; };
  console.error = (...parts: unknown[]) => { stderr += `${parts.join(' ')}\n`; };
  try {
    return { status: await main(args), stdout, stderr };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('every command has option help written for it', () => {
  const missing = COMMANDS.map((c) => c.name).filter((name) => COMMAND_HELP[name] === undefined);
  assert.deepEqual(missing, []);
  const stale = Object.keys(COMMAND_HELP).filter((name) => !COMMANDS.some((c) => c.name === name));
  assert.deepEqual(stale, []);
});

for (const command of COMMANDS) {
  test(`portas ${command.name} --help prints its usage and options and runs nothing`, async () => {
    for (const r of [await portas(command.name, '--help'), await portas('help', command.name)]) {
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.ok(r.stdout.startsWith(`usage: portas ${command.usage}\n`), r.stdout);
      assert.ok(r.stdout.includes(COMMAND_HELP[command.name] ?? '\0'), r.stdout);
    }
  });
}

test('an unknown option is a usage error with exit 2, not a stack trace', async () => {
  for (const name of ['open', 'serve', 'pull', 'preview', 'token', 'coupons', 'flagship']) {
    const r = await portas(name, '--no-such-option');
    assert.equal(r.status, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^portas ${name}: .*no-such-option`));
  }
});

test('the real binary: --help exits 0 and a bad option prints no stack trace', () => {
  const help = spawnSync(process.execPath, ['bin/portas.js', 'open', '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^usage: portas open /);
  const bad = spawnSync(process.execPath, ['bin/portas.js', 'serve', '--prot', '80'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
});
