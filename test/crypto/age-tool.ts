// Test helper: runs Debian's `age` (the reference implementation) when it is installed.

import { spawnSync } from 'node:child_process';
import { skipUnless } from '../external-tools.ts';

/** Why the standard-tool tests cannot run here, or undefined when `age` is on PATH. On CI a missing `age` fails the run (test/external-tools.ts). */
export function ageMissing(): string | undefined {
  const skip = skipUnless('age');
  return skip === false ? undefined : skip;
}

const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;

/**
 * Runs `age ARGS` with `passphrase` typed at its terminal prompt: age reads passphrases from /dev/tty only,
 * so `script` gives it a pseudo-terminal whose input is our stdin.
 */
export function ageWithPassphrase(args: readonly string[], passphrase: string): { status: number | null; stdout: string } {
  const command = ['age', ...args].map(quote).join(' ');
  const run = spawnSync('script', ['-qec', command, '/dev/null'], { input: `${passphrase}\n`, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout };
}

export function age(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('age', args, { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
