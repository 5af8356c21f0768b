// The analytic RDS-II standard error, design effect, population homophily and the chain-clustered
// Rao–Scott test against test/reference/rds/analytic.R (base R from RDS 0.9-10's definitions; survey's svychisq).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { raoScottF } from '../../src/analysis/chi-square.ts';
import { surveyDesign } from '../../src/analysis/design.ts';
import { expectOk } from '../../src/core/result.ts';
import { rds2Analytic, rds2AnalyticSe } from '../../src/sampling/rds/analytic-se.ts';
import { populationHomophily } from '../../src/sampling/rds/homophily.ts';
import { categoriesOf } from '../../src/sampling/rds/sample.ts';
import { REFERENCE_DIR, loadTree } from './rds-fixtures.ts';

interface Row { category: string; estimate: number; se: number; designEffect: number }
interface TreeRef {
  N: number;
  withoutN: Row[];
  withN: Row[];
  populationHomophily: number[];
  chainTest: { statistic: number | null; ndf?: number; ddf?: number; p?: number };
}
const text = readFileSync(new URL('analytic.json', REFERENCE_DIR), 'utf8');
const reference = JSON.parse(text) as Record<string, TreeRef>;

const close = (got: number, want: number, tol: number, what: string): void => {
  assert.ok(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)), `${what}: got ${got}, R ${want}`);
};

for (const [name, ref] of Object.entries(reference)) {
  test(`${name}: analytic RDS-II s.e. and design effect, with and without N, match R to 1e-9`, () => {
    const { sample, imputation } = loadTree(name);
    const cats = categoriesOf(sample.outcome);
    assert.deepEqual(cats, ref.withoutN.map((r) => r.category));
    for (const [rows, N] of [[ref.withoutN, undefined], [ref.withN, ref.N]] as const) {
      for (const r of rows) {
        const inCat = sample.outcome.map((o) => (o === null ? null : o === r.category));
        const got = rds2Analytic(sample.degree, inCat, N);
        const what = `${name} ${r.category} N=${N ?? '-'}`;
        close(got.estimate, r.estimate, 1e-9, `${what} estimate`);
        close(got.se, r.se, 1e-9, `${what} s.e.`);
        close(rds2AnalyticSe(sample.degree, inCat, N), r.se, 1e-9, `${what} s.e. alone`);
        close(got.designEffect, r.designEffect, 1e-9, `${what} design effect`);
        close(got.effectiveN, got.n / r.designEffect, 1e-9, `${what} effective n`);
      }
    }
    // The trees the brief asks for: some with missing and zero network sizes.
    if (name === 'tree-b') assert.ok(imputation.replaced > 0);
  });

  test(`${name}: population homophily per category matches R to 1e-9`, () => {
    const { sample } = loadTree(name);
    const got = populationHomophily(sample, categoriesOf(sample.outcome));
    assert.equal(got.length, ref.populationHomophily.length);
    got.forEach((h, k) => { close(h, ref.populationHomophily[k] ?? Number.NaN, 1e-9, `${name} homophily ${k}`); });
  });
}

for (const [name, ref] of Object.entries(reference).filter(([, r]) => r.chainTest.statistic !== null)) {
  test(`${name}: Rao–Scott F with recruitment chains as clusters equals svychisq(~g + high, svydesign(ids = ~chain)) to 1e-8`, () => {
    const { sample, tree } = loadTree(name);
    const cats = categoriesOf(sample.outcome);
    const sorted = [...sample.degree].sort((a, b) => a - b);
    const median = (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2;
    const design = expectOk(surveyDesign({ weights: sample.degree.map((d) => 1 / d), clusters: tree.seedOf }), name);
    assert.equal(design.psuCount, tree.seeds.length);
    const g = sample.outcome.map((o) => (o === null ? Number.NaN : cats.indexOf(o)));
    const high = sample.degree.map((d) => (d > median ? 1 : 0));
    const got = expectOk(raoScottF(design, g, high), name);
    const want = ref.chainTest;
    close(got.statistic, want.statistic ?? Number.NaN, 1e-8, 'F');
    close(got.ndf, want.ndf ?? Number.NaN, 1e-8, 'ndf');
    close(got.ddf, want.ddf ?? Number.NaN, 1e-8, 'ddf');
    close(got.pValue, want.p ?? Number.NaN, 1e-8, 'p');
  });
}

test('the R reference, re-run under CI, reproduces analytic.json exactly', { skip: process.env['CI'] === undefined }, () => {
  const run = spawnSync('Rscript', [new URL('analytic.R', REFERENCE_DIR).pathname], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, text);
});
