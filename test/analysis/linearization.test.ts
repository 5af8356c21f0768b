// Linearised estimates, svyciprop, calibration and trimming against R's survey (test/reference/survey/survey.R).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { proportionInterval, surveyCiProp } from '../../src/analysis/ciprop.ts';
import { designDf, type SurveyDesign } from '../../src/analysis/design.ts';
import { surveyMean, surveyRatio, surveyTotal } from '../../src/analysis/estimate.ts';
import { postStratify } from '../../src/analysis/post-stratify.ts';
import { rake } from '../../src/analysis/rake.ts';
import { trimWeights } from '../../src/analysis/trim-weights.ts';
import type { NumericTable } from '../../src/analysis/numeric-csv.ts';
import { expectOk } from '../../src/core/result.ts';
import { col, fixtureDesign } from './fixtures.ts';
import { assertClose, loadReference } from './r-reference.ts';

interface Est { estimate: number; se: number }
interface Ci { estimate: number; lower: number; upper: number }
interface Cal { weights: number[]; mean_y: Est; total_y: Est; mean_b: Est }
interface DesignRef {
  mean_y: Est; total_y: Est; ratio_yx: Est; mean_b: Est; ciprop_logit: Ci; ciprop_beta: Ci; ciprop_logit_90: Ci; degf: number;
  poststratify: Cal; rake: Cal; rake_tight: Cal;
}
const ref = loadReference('survey') as Record<string, DesignRef | undefined> & { trim: { weights: number[]; upper: number }; strat_fail: { fails: boolean } };
const TOL = 1e-8;

function checkEst(got: { estimate: number; se: number }, want: Est, what: string): void {
  assertClose(got.estimate, want.estimate, TOL, `${what} estimate`);
  assertClose(got.se, want.se, TOL, `${what} SE`);
}

const POP = {
  region: [{ code: 1, total: 4000 }, { code: 2, total: 2500 }, { code: 3, total: 1500 }],
  sex: [{ code: 1, total: 4100 }, { code: 2, total: 3900 }],
  agegrp: [{ code: 1, total: 2000 }, { code: 2, total: 2200 }, { code: 3, total: 1900 }, { code: 4, total: 1900 }],
};

function checkCalibrated(design: SurveyDesign, data: NumericTable, want: Cal, what: string): void {
  want.weights.forEach((w, i) => { assertClose(design.weights[i] ?? Number.NaN, w, TOL, `${what} weight ${i + 1}`); });
  checkEst(expectOk(surveyMean(design, col(data, 'y')), what), want.mean_y, `${what} mean y`);
  checkEst(expectOk(surveyTotal(design, col(data, 'y')), what), want.total_y, `${what} total y`);
  checkEst(expectOk(surveyMean(design, col(data, 'b')), what), want.mean_b, `${what} mean b`);
}

const cases = [
  { key: 'srs', name: 'srs', lonely: 'fail', margins: ['sex', 'agegrp'] },
  { key: 'clus', name: 'clus', lonely: 'fail', margins: ['sex', 'region'] },
  { key: 'strat_adjust', name: 'strat', lonely: 'adjust', margins: ['sex', 'region'] },
  { key: 'strat_certainty', name: 'strat', lonely: 'certainty', margins: ['sex', 'region'] },
] as const;

for (const c of cases) {
  const want = ref[c.key];
  if (want === undefined) throw new Error(`no reference for ${c.key}`);
  const { data, design } = fixtureDesign(c.name, c.lonely);
  test(`${c.key}: svymean, svytotal, svyratio and degf match R to 1e-8`, () => {
    checkEst(expectOk(surveyMean(design, col(data, 'y')), 'mean'), want.mean_y, 'mean y');
    checkEst(expectOk(surveyTotal(design, col(data, 'y')), 'total'), want.total_y, 'total y');
    checkEst(expectOk(surveyRatio(design, col(data, 'y'), col(data, 'x')), 'ratio'), want.ratio_yx, 'ratio y/x');
    checkEst(expectOk(surveyMean(design, col(data, 'b')), 'mean b'), want.mean_b, 'mean b');
    assert.equal(designDf(design), want.degf);
  });
  test(`${c.key}: svyciprop logit and beta match R to 1e-8`, () => {
    const logit = expectOk(surveyCiProp(design, col(data, 'b'), 'logit'), 'logit');
    // R's logit estimate comes from svyglm's IRLS, converged to about 1e-9: compared at 1e-8.
    for (const [got, w] of [[logit, want.ciprop_logit], [expectOk(surveyCiProp(design, col(data, 'b'), 'beta'), 'beta'), want.ciprop_beta], [expectOk(surveyCiProp(design, col(data, 'b'), 'logit', 0.9), 'l90'), want.ciprop_logit_90]] as const) {
      assertClose(got.estimate, w.estimate, TOL, `${got.method} estimate`);
      assertClose(got.lower, w.lower, TOL, `${got.method} lower`);
      assertClose(got.upper, w.upper, TOL, `${got.method} upper`);
    }
  });
  test(`${c.key}: postStratify and rake (default and tight control) match R's weights and SEs`, () => {
    checkCalibrated(expectOk(postStratify(design, col(data, 'region'), POP.region, 'region'), 'ps'), data, want.poststratify, 'postStratify');
    const margins = c.margins.map((m) => ({ name: m, column: col(data, m), population: POP[m] }));
    checkCalibrated(expectOk(rake(design, margins), 'rake').design, data, want.rake, 'rake');
    const tight = expectOk(rake(design, margins, { epsilon: 1e-10, maxit: 50 }), 'rake tight');
    assert.ok(tight.converged);
    checkCalibrated(tight.design, data, want.rake_tight, 'rake tight');
  });
}

test('a stratum with one PSU fails by default, as in R (survey.lonely.psu = "fail")', () => {
  assert.equal(ref.strat_fail.fails, true);
  const { data, design } = fixtureDesign('strat', 'fail');
  const r = surveyMean(design, col(data, 'y'));
  assert.deepEqual(r.ok ? 'ok' : r.error.code, 'analysis.lonely-psu');
});

test('trimWeights matches R (upper = 3 × median weight)', () => {
  const { design } = fixtureDesign('srs');
  const trimmed = trimWeights(design, { upper: ref.trim.upper });
  ref.trim.weights.forEach((w, i) => { assertClose(trimmed.weights[i] ?? Number.NaN, w, 1e-12, `weight ${i + 1}`); });
});

test('Wilson interval with n_eff = n matches R prop.test(correct = FALSE)', () => {
  const w = (loadReference('survey') as { wilson: { x: number; n: number; lower: number; upper: number } }).wilson;
  const p = w.x / w.n;
  const ci = proportionInterval({ estimate: p, variance: (p * (1 - p)) / w.n, se: 0, n: w.n, weightedN: w.n, df: w.n - 1 }, 'wilson');
  assertClose(ci.lower, w.lower, 1e-12, 'lower');
  assertClose(ci.upper, w.upper, 1e-12, 'upper');
});
