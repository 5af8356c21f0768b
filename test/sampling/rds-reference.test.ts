import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { estimateProportions } from '../../src/sampling/rds/estimate.ts';
import { recruitmentHomophily } from '../../src/sampling/rds/homophily.ts';
import { countTransitions } from '../../src/sampling/rds/transitions.ts';
import { skipUnlessCI } from '../external-tools.ts';
import { REFERENCE_DIR, assertClose, loadTree } from './rds-fixtures.ts';

// Expected values: test/reference/rds/reference.json, produced by the independent base-R
// implementation test/reference/rds/reference.R on the trees made by generate.R.
interface TreeRef {
  n: number;
  imputed: number;
  maxDegree: number;
  categories: string[];
  rds2: number[];
  rds1: number[];
  rds1Smoothed: number[];
  ss: { N: number; proportions: number[] }[];
  transitions: number[][];
  recruitmentHomophily: number;
}
const referenceText = readFileSync(new URL('reference.json', REFERENCE_DIR), 'utf8');
const reference = JSON.parse(referenceText) as Record<string, TreeRef>;
const TOL = 1e-8;

for (const [name, ref] of Object.entries(reference)) {
  test(`${name}: RDS-I, RDS-I smoothed, RDS-II, SS, transitions and homophily match base R to 1e-8`, () => {
    const { sample, imputation } = loadTree(name);
    assert.equal(sample.degree.length, ref.n);
    assert.equal(imputation.replaced, ref.imputed);
    if (ref.imputed > 0) assert.equal(imputation.value, ref.maxDegree);
    const est = (estimator: 'rds1' | 'rds1-smoothed' | 'rds2' | 'ss', populationSize?: number): readonly number[] => {
      const r = estimateProportions(sample, populationSize === undefined ? { estimator } : { estimator, populationSize });
      assert.ok(r.ok, JSON.stringify(r));
      assert.deepEqual(r.value.categories, ref.categories);
      return r.value.proportions;
    };
    assertClose(est('rds2'), ref.rds2, TOL, 'rds2');
    assertClose(est('rds1'), ref.rds1, TOL, 'rds1');
    assertClose(est('rds1-smoothed'), ref.rds1Smoothed, TOL, 'rds1-smoothed');
    for (const s of ref.ss) assertClose(est('ss', s.N), s.proportions, TOL, `ss N=${s.N}`);
    assert.deepEqual(countTransitions(sample, ref.categories), ref.transitions);
    assertClose([recruitmentHomophily(sample, ref.categories).overall], [ref.recruitmentHomophily], TOL, 'recruitment homophily');
  });
}

test('the R reference, re-run under CI, reproduces reference.json exactly', { skip: skipUnlessCI('re-running test/reference/rds/reference.R', 'R') }, () => {
  const run = spawnSync('Rscript', [new URL('reference.R', REFERENCE_DIR).pathname], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, referenceText);
});

test('the R generator, re-run under CI, reproduces the committed tree CSVs exactly', { skip: skipUnlessCI('re-running test/reference/rds/generate.R', 'R') }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-rds-gen-'));
  const run = spawnSync('Rscript', [new URL('generate.R', REFERENCE_DIR).pathname, dir], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  for (const name of Object.keys(reference)) {
    assert.equal(readFileSync(join(dir, `${name}.csv`), 'utf8'), readFileSync(new URL(`${name}.csv`, REFERENCE_DIR), 'utf8'), name);
  }
});
