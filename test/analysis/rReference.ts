// Loads committed R reference JSON; under CI with Rscript present, re-runs the R script first and fails on any change.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missing, onCI } from '../external-tools.ts';

/** Reads `test/reference/survey/<name>.json`; on CI re-runs `<name>.R` and requires the same output (a missing R fails there). */
export function loadReference(name: string): unknown {
  const file = `test/reference/survey/${name}.json`;
  const committed = readFileSync(file, 'utf8');
  if (onCI()) {
    const noR = missing('R');
    if (noR !== undefined) throw new Error(`CI requires R to re-run test/reference/survey/${name}.R: ${noR}`);
    // A private output file: several test files may re-run the same script at once.
    const out = join(mkdtempSync(join(tmpdir(), 'portas-r-')), `${name}.json`);
    const run = spawnSync('Rscript', [`test/reference/survey/${name}.R`, out], { encoding: 'utf8' });
    assert.equal(run.status, 0, `Rscript ${name}.R failed: ${run.stderr}`);
    const fresh = readFileSync(out, 'utf8');
    assert.equal(fresh, committed, `R now gives different reference values for ${name}.json`);
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
