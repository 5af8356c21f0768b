// The RDS-II weight travels with the release: R's survey package, from load.R beside the flagship replica's CSV,
// reproduces the report's RDS-II shares (src/sampling/rds estimateProportions, as src/report/weighting.ts calls it).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import { releaseAndExport } from '../../src/cli/export.ts';
import { readStudyDisclosure } from '../../src/study/disclosure-file.ts';
import { expectOk } from '../../src/core/result.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { rdsWeighting } from '../../src/report/weighting.ts';
import { estimateProportions } from '../../src/sampling/rds/estimate.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { generateReplica } from '../../studies/russians-in-serbia/replica/generate-replica.ts';
import { requireTool, run } from './tools.ts';

const STUDY = 'studies/russians-in-serbia';
const instrument = loadInstrumentYaml(readFileSync(`${STUDY}/instrument.yaml`, 'utf8'), 'instrument.yaml').instrument!;
const replica = generateReplica(instrument, 20240401);
const dataset = datasetFromResponses(instrument, replica.responses, { meta: replica.meta, synthetic: true });
const settings = readStudyDisclosure(STUDY, instrument);
if (Array.isArray(settings)) throw new Error(settings.join('\n'));

/** Items the gate leaves alone (no quasi-identifier, no relevance on one) and a code of each. */
const ITEMS = [
  ['rs_gov_war', 1],
  ['resp_future', 2],
  ['follow_war', 1],
  ['vote2024', 1],
] as const;

test('R survey with the released rds2_weight reproduces the report’s RDS-II shares to 1e-8', (t) => {
  if (!requireTool(t, 'Rscript', 'r-base-core r-cran-haven r-cran-survey')) return;
  const out = mkdtempSync(join(tmpdir(), 'portas-rds-design-'));
  const done = releaseAndExport({ dataset, instrument, recodes: settings.recodes, policy: settings.policy, rng: xoshiro128ss(3), rdsDegree: 'net_size', targets: [{ format: 'csv', out }] });
  assert.ok(done.ok, JSON.stringify(!done.ok && done.error));
  // The report's estimate on the data before release: the same weighting, the same estimator.
  const w = expectOk(rdsWeighting(dataset, 'net_size', xoshiro128ss(1), 0), 'weighting');
  assert.ok(w !== undefined);
  const expected = ITEMS.map(([item, code]) => {
    const v = dataset.variables.find((x) => x.name === item);
    assert.ok(v !== undefined && v.type === 'coded', item);
    const outcome = Array.from(v.values, (x, i) => (v.missing[i] === 0 ? (x === code ? '1' : '0') : null));
    return expectOk(estimateProportions({ outcome, degree: w.degree, recruiter: w.recruiter }, { estimator: 'rds2', categories: ['0', '1'] }), item).proportions[1] ?? NaN;
  });
  // The weights matter: unweighted shares differ, so agreeing to 1e-8 says the weight travelled.
  const unweighted = ITEMS.map(([item, code]) => {
    const v = dataset.variables.find((x) => x.name === item);
    assert.ok(v !== undefined && v.type === 'coded', item);
    const answered = Array.from(v.values).filter((_, i) => v.missing[i] === 0);
    return answered.filter((x) => x === code).length / answered.length;
  });
  assert.ok(unweighted.some((u, i) => Math.abs(u - (expected[i] ?? NaN)) > 1e-3));
  const script = [
    'setwd(commandArgs(TRUE)[1]); source("load.R")',
    ...ITEMS.map(([item, code]) => `x <- zap_missing(d[["${item}"]]); cat(sprintf("%.15f\\n", coef(svymean(~I(x == ${String(code)}), subset(update(design, x = x), !is.na(x))))[["I(x == ${String(code)})TRUE"]]))`),
  ].join('\n');
  const r = run('Rscript', ['-e', script, out]);
  assert.equal(r.status, 0, r.stderr);
  const got = r.stdout.trim().split('\n').map(Number);
  assert.equal(got.length, ITEMS.length);
  got.forEach((x, i) => {
    assert.ok(Math.abs(x - (expected[i] ?? NaN)) < 1e-8, `${ITEMS[i]?.[0] ?? ''}: R ${String(x)}, report ${String(expected[i])}`);
  });
});

test('the weight is refused when it would give back what the release hides', () => {
  const out = mkdtempSync(join(tmpdir(), 'portas-rds-refused-'));
  const asQi = { ...dataset, variables: dataset.variables.map((v) => (v.name === 'net_size' ? { ...v, quasiIdentifier: true } : v)) };
  const done = releaseAndExport({ dataset: asQi, recodes: settings.recodes, policy: settings.policy, rng: xoshiro128ss(3), rdsDegree: 'net_size', targets: [{ format: 'csv', out }] });
  assert.ok(!done.ok);
  assert.equal(done.error[0]?.code, 'export.design');
});
