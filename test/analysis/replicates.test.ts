// Bootstrap replicate weights: portas' Rao–Wu weights fed to R's svrepdesign (test/reference/survey/replicates.R).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseNumericCsv } from '../../src/analysis/numeric-csv.ts';
import { bootstrapDesign, rakeReplicates, replicateDesignFromWeights } from '../../src/analysis/replicates.ts';
import { proportionInterval } from '../../src/analysis/ciprop.ts';
import { meanStatistic, ratioStatistic, replicateEstimates, totalStatistic } from '../../src/analysis/replicate-estimate.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { expectOk } from '../../src/core/result.ts';
import { col, fixture } from './fixtures.ts';
import { repWeightCases, repWeightsCsv } from './repweight-cases.ts';
import { assertClose, loadReference } from './r-reference.ts';

interface Est { estimate: number; se: number }
interface Ref { degf: number; ciprop_beta: { estimate: number; lower: number; upper: number }; scale: number; mean_y: Est; total_y: Est; ratio_yx: Est; mean_b: Est; rake_mean_y: Est; rake_mean_b: Est; rake_weights: number[] }
const ref = loadReference('replicates') as Record<string, Ref | undefined>;
const POP = {
  region: [{ code: 1, total: 4000 }, { code: 2, total: 2500 }, { code: 3, total: 1500 }],
  sex: [{ code: 1, total: 4100 }, { code: 2, total: 3900 }],
  agegrp: [{ code: 1, total: 2000 }, { code: 2, total: 2200 }, { code: 3, total: 1900 }, { code: 4, total: 1900 }],
};
const MARGINS = { srs: ['sex', 'agegrp'], strat: ['sex', 'region'], clus: ['sex', 'region'] } as const;

for (const c of repWeightCases) {
  const file = `test/reference/survey/repweights_${c.name}.csv`;
  const committed = readFileSync(file, 'utf8');
  const want = ref[c.name];
  if (want === undefined) throw new Error(`no reference for ${c.name}`);
  test(`${c.name}: the committed replicate weights are exactly what bootstrapDesign(seed ${c.seed}) generates`, () => {
    const rep = bootstrapDesign(c.design(), { replicates: c.replicates, rng: xoshiro128ss(c.seed) });
    assert.equal(repWeightsCsv(rep), committed);
  });
  test(`${c.name}: replicate means, totals, ratios and raked estimates match R's svrepdesign to 1e-8`, () => {
    const data = fixture(c.name);
    const table = expectOk(parseNumericCsv(committed, file), file);
    const rep = replicateDesignFromWeights(col(data, 'w'), table.names.map((n) => col(table, n)));
    assertClose(rep.scale, want.scale, 1e-15, 'scale');
    const [meanY, totalY, ratio, meanB] = replicateEstimates(rep, [meanStatistic(col(data, 'y')), totalStatistic(col(data, 'y')), ratioStatistic(col(data, 'y'), col(data, 'x')), meanStatistic(col(data, 'b'))]);
    for (const [got, w, what] of [[meanY, want.mean_y, 'mean y'], [totalY, want.total_y, 'total y'], [ratio, want.ratio_yx, 'ratio'], [meanB, want.mean_b, 'mean b']] as const) {
      assert.ok(got !== undefined);
      assertClose(got.estimate, w.estimate, 1e-8, `${what} estimate`);
      assertClose(got.se, w.se, 1e-8, `${what} SE`);
    }
    const margins = MARGINS[c.name].map((m) => ({ name: m, column: col(data, m), population: POP[m] }));
    const raked = expectOk(rakeReplicates(rep, margins), 'rake').design;
    want.rake_weights.forEach((w, i) => { assertClose(raked.weights[i] ?? Number.NaN, w, 1e-8, `raked weight ${i + 1}`); });
    const [rMeanY, rMeanB] = replicateEstimates(raked, [meanStatistic(col(data, 'y')), meanStatistic(col(data, 'b'))]);
    assert.ok(rMeanY !== undefined && rMeanB !== undefined);
    assertClose(rMeanY.estimate, want.rake_mean_y.estimate, 1e-8, 'raked mean y');
    assertClose(rMeanY.se, want.rake_mean_y.se, 1e-8, 'raked mean y SE');
    assertClose(rMeanB.estimate, want.rake_mean_b.estimate, 1e-8, 'raked mean b');
    assertClose(rMeanB.se, want.rake_mean_b.se, 1e-8, 'raked mean b SE');
  });
  test(`${c.name}: bootstrap df and the Korn–Graubard interval match R's svyciprop(method = "beta") on the replicate design`, () => {
    const data = fixture(c.name);
    const generated = bootstrapDesign(c.design(), { replicates: c.replicates, rng: xoshiro128ss(c.seed) });
    assert.equal(generated.df, want.degf);
    const table = expectOk(parseNumericCsv(committed, file), file);
    const rep = replicateDesignFromWeights(col(data, 'w'), table.names.map((n) => col(table, n)), { df: generated.df });
    const [p] = replicateEstimates(rep, [meanStatistic(col(data, 'b'))]);
    assert.ok(p !== undefined);
    const ci = proportionInterval(p, 'beta');
    assertClose(ci.estimate, want.ciprop_beta.estimate, 1e-8, 'estimate');
    assertClose(ci.lower, want.ciprop_beta.lower, 1e-8, 'lower');
    assertClose(ci.upper, want.ciprop_beta.upper, 1e-8, 'upper');
  });
}
