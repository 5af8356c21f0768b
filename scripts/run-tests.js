// Runs every test/**/*.test.ts with node's test runner (Node 20's --test has no glob of its own).
// Files named *.serial.test.ts run afterwards, alone: they disturb shared services (e.g. they crash
// the PostgreSQL server on purpose) and must not overlap with anything else.
// The closing line counts every test that did not run, with the reasons on the lines before it; CI reads
// the closing line, so it stays `tests: N passed, N failed, N skipped`, alone on its line.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { availableParallelism, tmpdir } from 'node:os';

const only = process.argv.slice(2);
// PORTAS_TEST_DIR: another root, for the runner's own tests (test/tools/fixtures/runner); folders named
// `fixtures` below the root hold inputs, never tests.
const root = process.env.PORTAS_TEST_DIR ?? 'test';
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts') && !f.split('/').includes('fixtures'))
  .map((f) => join(root, f))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
const parallel = files.filter((f) => !f.endsWith('.serial.test.ts'));
const serial = files.filter((f) => f.endsWith('.serial.test.ts'));
const scratch = mkdtempSync(join(tmpdir(), 'portas-run-tests-'));
const reporter = new URL('./count-reporter.js', import.meta.url).href;

/** Every finished test and suite, as count-reporter.js wrote them. */
const events = [];
/** Failures no test reported: a runner that crashed or printed no summary. */
const unreported = [];

function run(list, concurrency, label) {
  const counts = join(scratch, `${label}.jsonl`);
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${reporter}`, `--test-reporter-destination=${counts}`, ...list],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.on('close', (code) => {
      let mine = [];
      try {
        mine = readFileSync(counts, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
      } catch {
        // no counts at all: the runner died before reporting; counted below
      }
      events.push(...mine);
      if (code !== 0 && !mine.some((e) => e.outcome === 'fail')) unreported.push(`the ${label} test runner exited with ${code ?? 'a signal'} without reporting a failed test`);
      resolve(code ?? 1);
    });
  });
}

let status = 0;
if (parallel.length > 0) status = Math.max(status, await run(parallel, String(Math.max(2, availableParallelism())), 'parallel'));
if (serial.length > 0) status = Math.max(status, await run(serial, '1', 'serial'));
rmSync(scratch, { recursive: true, force: true });

const where = (e) => (e.file === undefined ? e.name : `${relative(process.cwd(), e.file)} › ${e.name}`);
const tests = events.filter((e) => e.kind === 'test');
const passed = tests.filter((e) => e.outcome === 'pass' && e.skip === undefined && e.todo === undefined);
const failures = tests.filter((e) => e.outcome === 'fail' && e.todo === undefined).map((e) => `${where(e)}${e.cancelled ? ' (cancelled)' : ''}: ${e.message ?? 'failed'}`);
// A suite that failed with no failed test inside (its body or a hook threw) is a failure of its own.
for (const s of events.filter((e) => e.kind === 'suite' && e.outcome === 'fail' && e.becauseOfSubtests === undefined)) {
  failures.push(`${where(s)}: ${s.message ?? 'suite failed'}`);
}
// A skipped suite never registers its tests, so nobody can count them: that is a failure, not a skip.
for (const s of events.filter((e) => e.kind === 'suite' && e.skip !== undefined)) {
  failures.push(`${where(s)}: a skipped describe() hides how many tests it holds (${s.skip}); pass the skip to each test instead`);
}
failures.push(...unreported);
if (events.length === 0) failures.push(`${files.length} test file(s) ran but no test reported a result`);

/** Tests that did not run (skip) or whose result does not count (todo), grouped by reason. */
const notRun = new Map();
for (const e of tests) {
  const reason = e.skip !== undefined ? e.skip : e.todo !== undefined ? `todo: ${e.todo}` : undefined;
  if (reason === undefined) continue;
  const group = notRun.get(reason) ?? { count: 0, files: new Set() };
  group.count += 1;
  if (e.file !== undefined) group.files.add(relative(process.cwd(), e.file));
  notRun.set(reason, group);
}
const skipped = [...notRun.values()].reduce((n, g) => n + g.count, 0);

console.log('');
if (skipped > 0) {
  console.log(`${skipped} test${skipped === 1 ? '' : 's'} did not run:`);
  for (const [reason, g] of [...notRun].sort((a, b) => b[1].count - a[1].count)) console.log(`  ${g.count} × ${reason} (${[...g.files].join(', ')})`);
}
if (failures.length > 0) {
  console.log(`${failures.length} failure${failures.length === 1 ? '' : 's'}:`);
  for (const f of failures.slice(0, 40)) console.log(`  ${f}`);
  if (failures.length > 40) console.log(`  … and ${failures.length - 40} more (see above)`);
  status = Math.max(status, 1);
}
console.log(`tests: ${passed.length} passed, ${failures.length} failed, ${skipped} skipped`);
process.exit(status);
