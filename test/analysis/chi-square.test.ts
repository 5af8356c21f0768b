// Tests of association against R: svychisq(statistic = "F"), chisq.test, fisher.test (test/reference/survey/survey.R).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cramersV, fisherExact2x2, pearsonChiSquare, raoScottF } from '../../src/analysis/chi-square.ts';
import { expectOk } from '../../src/core/result.ts';
import { col, fixture, fixtureDesign } from './fixtures.ts';
import { assertClose, loadReference } from './r-reference.ts';

interface Chi { statistic: number; ndf: number; ddf: number; p: number }
const ref = loadReference('survey') as Record<string, { chisq?: Chi; chisq_missing?: Chi } | undefined> & {
  pearson_unweighted: { statistic: number; df: number; p: number };
  fisher: { table: number[]; p: number }[];
};

for (const [key, name, lonely] of [['srs', 'srs', 'fail'], ['clus', 'clus', 'fail'], ['strat_adjust', 'strat', 'adjust'], ['strat_certainty', 'strat', 'certainty']] as const) {
  test(`${key}: Rao–Scott F matches R's svychisq(~region + sex, statistic = "F") to 1e-8`, () => {
    const want = ref[key]?.chisq;
    assert.ok(want !== undefined);
    const { data, design } = fixtureDesign(name, lonely);
    const got = expectOk(raoScottF(design, col(data, 'region'), col(data, 'sex')), key);
    assertClose(got.statistic, want.statistic, 1e-8, 'F');
    assertClose(got.ndf, want.ndf, 1e-8, 'ndf');
    assertClose(got.ddf, want.ddf, 1e-8, 'ddf');
    assertClose(got.pValue, want.p, 1e-8, 'p');
  });
}

test('Rao–Scott F with missing values in one variable matches svychisq(~region + c) (rows dropped, N = all rows)', () => {
  const want = ref['srs']?.chisq_missing;
  assert.ok(want !== undefined);
  const { data, design } = fixtureDesign('srs');
  const got = expectOk(raoScottF(design, col(data, 'region'), col(data, 'c')), 'srs');
  assertClose(got.statistic, want.statistic, 1e-8, 'F');
  assertClose(got.ndf, want.ndf, 1e-8, 'ndf');
  assertClose(got.ddf, want.ddf, 1e-8, 'ddf');
  assertClose(got.pValue, want.p, 1e-8, 'p');
});

test("Pearson's X² on the unweighted region × sex table matches chisq.test(correct = FALSE)", () => {
  const data = fixture('srs');
  const table = new Float64Array(6);
  const region = col(data, 'region');
  const sex = col(data, 'sex');
  for (let i = 0; i < data.n; i++) table[((region[i] ?? 1) - 1) * 2 + (sex[i] ?? 1) - 1] = (table[((region[i] ?? 1) - 1) * 2 + (sex[i] ?? 1) - 1] ?? 0) + 1;
  const got = pearsonChiSquare(table, 3, 2);
  assertClose(got.statistic, ref.pearson_unweighted.statistic, 1e-12, 'X²');
  assert.equal(got.df, ref.pearson_unweighted.df);
  assertClose(got.pValue, ref.pearson_unweighted.p, 1e-12, 'p');
  // Cramér's V from its definition on the same X².
  assertClose(cramersV(table, 3, 2), Math.sqrt(ref.pearson_unweighted.statistic / (data.n * 1)), 1e-12, 'V');
});

test("Fisher's exact test for 2×2 tables matches fisher.test", () => {
  for (const f of ref.fisher) {
    // R's matrix(c(a, b, c, d), 2) is column-major: [[a, c], [b, d]].
    const [a, b, c, d] = f.table as [number, number, number, number];
    assertClose(fisherExact2x2(a, c, b, d).pValue, f.p, 1e-10, `fisher ${f.table.join(',')}`);
  }
});
