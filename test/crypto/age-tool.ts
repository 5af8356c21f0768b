// Test helper: runs Debian's `age` (the reference implementation) when it is installed.

import { spawnSync } from 'node:child_process';

/** Why the standard-tool tests cannot run here, or undefined when `age` is on PATH. In CI a missing `age` fails. */
export function ageMissing(): string | undefined {
  const probe = spawnSync('age', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0) return undefined;
  const reason = 'the standard `age` tool is not on PATH (Debian package `age`, see .ci/debian-packages)';
  if (process.env['CI'] !== undefined) throw new Error(`${reason}; CI must install it`);
  return reason;
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
