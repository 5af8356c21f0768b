// The flagship's replica generator and the synthetic respondents belong to the demo (`portas flagship`, npm start)
// only: no production path (server, store, report, the Study API, other commands) imports them. "Synthetic" elsewhere is
// a label a study setting turns on (study.yaml `synthetic: true`), never a dependency.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const DEMO = ['src/cli/flagship.ts'];

test('only the demo imports the replica generator or the synthetic respondents', () => {
  const importers = readdirSync('src', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join('src', f))
    .filter((f) => /from '[^']*(studies\/[^']*\/replica\/|synthetic-respondents\.ts)'/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(importers, DEMO);
});
