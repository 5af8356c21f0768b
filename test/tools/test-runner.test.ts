// scripts/run-tests.js hides nothing: its closing line counts every test that did not run and the lines above it
// say why; with CI=true a missing tool fails the run and is named (the policy of test/external-tools.ts).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const FIXTURES = 'test/tools/fixtures/runner';

function runner(only: string, env: Readonly<Record<string, string>>): { status: number | null; closing: string; tail: string } {
  // NODE_TEST_CONTEXT would make the inner runner report to this one instead of running its own reporters.
  const drop = new Set(['CI', 'PORTAS_TEST_POSTGRES', 'PORTAS_TEST_HIDE_TOOLS', 'NODE_TEST_CONTEXT']);
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !drop.has(k)));
  const r = spawnSync(process.execPath, ['scripts/run-tests.js', only], { encoding: 'utf8', env: { ...base, PORTAS_TEST_DIR: FIXTURES, ...env } });
  const lines = r.stdout.trimEnd().split('\n');
  const closing = lines.at(-1) ?? '';
  const from = lines.findLastIndex((l) => l === '');
  return { status: r.status, closing, tail: lines.slice(from + 1).join('\n') };
}

test('without CI and without the tools: every test that did not run is counted, with its reason', () => {
  const r = runner('needs-tools', { PORTAS_TEST_HIDE_TOOLS: 'age,PSPP' });
  assert.equal(r.status, 0, r.tail);
  assert.equal(r.closing, 'tests: 1 passed, 0 failed, 4 skipped');
  assert.match(r.tail, /^4 tests did not run:$/m);
  assert.match(r.tail, /1 × needs age: hidden by PORTAS_TEST_HIDE_TOOLS/);
  assert.match(r.tail, /1 × needs PSPP: hidden by PORTAS_TEST_HIDE_TOOLS/);
  assert.match(r.tail, /2 × needs PostgreSQL: PORTAS_TEST_POSTGRES is not set/);
});

test('with CI=true the same run fails and names each missing tool', () => {
  const r = runner('needs-tools', { CI: 'true', PORTAS_TEST_HIDE_TOOLS: 'age,PSPP' });
  assert.equal(r.status, 1, r.tail);
  assert.match(r.closing, /^tests: 1 passed, 3 failed, 3 skipped$/);
  assert.match(r.tail, /CI requires age .*hidden by PORTAS_TEST_HIDE_TOOLS/);
  assert.match(r.tail, /CI requires PostgreSQL .*PORTAS_TEST_POSTGRES is not set/);
  assert.match(r.tail, /needs PSPP \(inside the test\): CI requires PSPP, which is missing: hidden by PORTAS_TEST_HIDE_TOOLS/);
});

test('CI=false is not CI', () => {
  const r = runner('needs-tools', { CI: 'false', PORTAS_TEST_HIDE_TOOLS: 'age,PSPP' });
  assert.equal(r.status, 0, r.tail);
  assert.equal(r.closing, 'tests: 1 passed, 0 failed, 4 skipped');
});

test('a skipped describe() fails the run: the tests inside it cannot be counted', () => {
  const r = runner('skipped-suite', {});
  assert.equal(r.status, 1, r.tail);
  assert.equal(r.closing, 'tests: 0 passed, 1 failed, 0 skipped');
  assert.match(r.tail, /a skipped suite: a skipped describe\(\) hides how many tests it holds \(for the runner test\)/);
});
