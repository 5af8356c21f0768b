// Runs every test/**/*.test.ts with node's test runner (Node 20's --test has no glob of its own).
// Files named *.serial.test.ts run afterwards, alone: they disturb shared services (e.g. they crash
// the PostgreSQL server on purpose) and must not overlap with anything else.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';

const only = process.argv.slice(2);
const files = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join('test', f))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
const parallel = files.filter((f) => !f.endsWith('.serial.test.ts'));
const serial = files.filter((f) => f.endsWith('.serial.test.ts'));
const totals = { pass: 0, fail: 0, cancelled: 0, skipped: 0 };

function run(list, concurrency) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...list], { stdio: ['ignore', 'pipe', 'inherit'] });
    // The summary lines come before the "failing tests" section, whose diffs can be long: read them from
    // the whole output, line by line, rather than from its tail.
    const found = {};
    child.stdout.setEncoding('utf8');
    let partial = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^ℹ (pass|fail|cancelled|skipped) (\d+)$/.exec(line);
        if (m) found[m[1]] = Number(m[2]);
      }
    });
    child.on('close', (code) => {
      for (const key of Object.keys(totals)) totals[key] += found[key] ?? 0;
      // A runner that failed without reporting a failed test (a crash, a missing summary) still counts as one.
      if (code !== 0 && (found.fail ?? 0) + (found.cancelled ?? 0) === 0) totals.fail += 1;
      resolve(code ?? 1);
    });
  });
}

let status = 0;
if (parallel.length > 0) status = Math.max(status, await run(parallel, String(Math.max(2, availableParallelism()))));
if (serial.length > 0) status = Math.max(status, await run(serial, '1'));
console.log(`\ntests: ${totals.pass} passed, ${totals.fail + totals.cancelled} failed, ${totals.skipped} skipped`);
process.exit(status);
