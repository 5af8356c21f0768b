// Runs the external readers (R, PSPP, readstat) for read-back tests; a missing tool skips locally and fails on CI.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

const found = new Map<string, boolean>();

export function hasTool(name: string): boolean {
  let ok = found.get(name);
  if (ok === undefined) {
    ok = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
    found.set(name, ok);
  }
  return ok;
}

/** True when the tool may be used; else skips the test with a reason, or fails it when `CI` is set. */
export function requireTool(t: TestContext, name: string, debianPackage: string): boolean {
  if (hasTool(name)) return true;
  if (process.env['CI'] !== undefined) throw new Error(`${name} is not installed (Debian package ${debianPackage}); CI must have it (.ci/debian-packages)`);
  t.skip(`${name} is not installed (Debian package ${debianPackage})`);
  return false;
}

export function run(cmd: string, args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Writes `bytes` to a new temporary directory and returns the file's path. */
export function tempFile(name: string, bytes: Uint8Array | string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'portas-export-')), name);
  writeFileSync(path, bytes);
  return path;
}
