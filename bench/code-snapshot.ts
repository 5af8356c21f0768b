// An older commit of this repository unpacked into a temp folder (node_modules linked), with today's copies of
// the bench files that run inside it: the scale benches measure the old code side by side with today's.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folder holding `commit` with `benchFiles` copied from `root`/bench, or why it cannot be had. */
export function codeSnapshot(root: string, commit: string, name: string, benchFiles: readonly string[]): string | { why: string } {
  const dir = join(tmpdir(), `${name}-${commit}`);
  if (!existsSync(join(dir, 'package.json'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const archive = spawnSync('sh', ['-c', `git -C '${root}' archive ${commit} | tar -x -C '${dir}'`], { encoding: 'utf8' });
    if (archive.status !== 0) return { why: `git archive ${commit} failed: ${archive.stderr.trim()}` };
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  }
  for (const f of benchFiles) copyFileSync(join(root, 'bench', f), join(dir, 'bench', f));
  return dir;
}
