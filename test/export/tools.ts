// Runs the external readers (R, PSPP, readstat) for read-back tests; a missing tool skips locally and fails on CI.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { need, type Tool } from '../external-tools.ts';

/** The tool behind each command the read-back tests run. */
const TOOL_OF = { Rscript: 'R', pspp: 'PSPP', readstat: 'readstat', age: 'age', python3: 'python3', unzip: 'unzip', sqlite3: 'sqlite3', pg_dump: 'pg_dump', 'systemd-analyze': 'systemd-analyze', tor: 'tor', install: 'install' } as const satisfies Record<string, Tool>;

/** True when the tool may be used; else skips the test with a reason, or fails it on CI (test/external-tools.ts). */
export function requireTool(t: TestContext, name: keyof typeof TOOL_OF, _debianPackage?: string): boolean {
  return need(t, TOOL_OF[name]);
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
