// Loads committed R reference JSON; on CI a test of its own re-runs the R script and fails on any change.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { skipUnlessCI } from '../external-tools.ts';

const rerun = new Set<string>();

/**
 * Reads `test/reference/survey/<name>.json`, and registers (once per file) the test that re-runs `<name>.R` and
 * requires the same output: it runs on CI, where a missing R fails the run by name, and is skipped and counted elsewhere.
 */
export function loadReference(name: string): unknown {
  const file = `test/reference/survey/${name}.json`;
  const committed = readFileSync(file, 'utf8');
  if (!rerun.has(name)) {
    rerun.add(name);
    test(`R re-run: test/reference/survey/${name}.R reproduces ${name}.json exactly`, { skip: skipUnlessCI(`re-running test/reference/survey/${name}.R`, 'R') }, () => {
      // A private output file: several test files may re-run the same script at once.
      const out = join(mkdtempSync(join(tmpdir(), 'portas-r-')), `${name}.json`);
      const run = spawnSync('Rscript', [`test/reference/survey/${name}.R`, out], { encoding: 'utf8' });
      assert.equal(run.status, 0, `Rscript ${name}.R failed: ${run.stderr}`);
      assert.equal(readFileSync(out, 'utf8'), committed, `R now gives different reference values for ${name}.json`);
    });
  }
  return JSON.parse(committed) as unknown;
}

/** |got − want| ≤ tol·max(|want|, floor): relative agreement, absolute near zero. */
export function assertClose(got: number, want: number | null, tol: number, what: string, floor = 1e-300): void {
  if (want === null) {
    assert.ok(Number.isNaN(got), `${what}: expected NA (NaN), got ${got}`);
    return;
  }
  if (!Number.isFinite(want)) {
    assert.equal(got, want, what);
    return;
  }
  const err = Math.abs(got - want);
  assert.ok(err <= tol * Math.max(Math.abs(want), floor), `${what}: got ${got}, R ${want}, rel. error ${err / Math.max(Math.abs(want), floor)}`);
}
