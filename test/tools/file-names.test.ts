// One file-naming convention: kebab-case (`run-estimates.ts`, `chi-square.test.ts`). The files below are still
// camelCase; scripts/rename-kebab.sh renames them with git mv, rewrites their references and empties this list.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

const PENDING_RENAME: readonly string[] = [
  // rename-kebab: pending start

  // rename-kebab: pending end
];

/** A file name is kebab-case when its part before the first dot is lowercase words joined by hyphens. */
const CAMEL = /(^|\/)[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*(\.[A-Za-z]+)+$/;

test('every file under src, test, bench, scripts, studies and tools is named in kebab-case (or awaits scripts/rename-kebab.sh)', () => {
  const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'src', 'test', 'bench', 'scripts', 'studies', 'tools'], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f !== '' && existsSync(f));
  const camel = tracked.filter((f) => CAMEL.test(f));
  assert.deepEqual(camel.filter((f) => !PENDING_RENAME.includes(f)), [], 'new files are named in kebab-case');
  assert.deepEqual(PENDING_RENAME.filter((f) => !camel.includes(f)), [], 'renamed files leave the pending list');
});
