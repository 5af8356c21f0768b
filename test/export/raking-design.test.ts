// The whole design travels with the release: R sources load.R beside the flagship replica's CSV and reproduces the
// report's raked RDS-II estimates (src/analysis/rake.ts) and Gile's SS estimates (src/sampling/rds) to 1e-8, R's own
// rake() gives the released raking weight, and svrepdesign over the tree-bootstrap replicate weights gives the
// report's replicate shares (issue #15).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readDataPackage } from '../../src/analysis/datapackage.ts';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import { rakeWeights } from '../../src/analysis/rake.ts';
import { readStudyDisclosure } from '../../src/study/disclosure-file.ts';
import { expectOk } from '../../src/core/result.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { rdsWeighting } from '../../src/report/weighting.ts';
import { estimateProportions } from '../../src/sampling/rds/estimate.ts';
import { releaseAndExport } from '../../src/study/release.ts';
import { generateReplica } from '../../studies/russians-in-serbia/replica/generate-replica.ts';
import { requireTool, run } from './tools.ts';

const STUDY = 'studies/russians-in-serbia';
const instrument = loadInstrumentYaml(readFileSync(`${STUDY}/instrument.yaml`, 'utf8'), 'instrument.yaml').instrument!;
const replica = generateReplica(instrument, 20240401);
const dataset = datasetFromResponses(instrument, replica.responses, { meta: replica.meta, synthetic: true });
const settings = readStudyDisclosure(STUDY, instrument);
if (Array.isArray(settings)) throw new Error(settings.join('\n'));

/** Margins a study could declare: answers the gate leaves alone and every respondent gave. */
const MARGINS = [
  { variable: 'serbian_lang', targets: { '1': 1500, '2': 3500, '3': 4000, '4': 1000 } },
  { variable: 'plans', targets: { '1': 5000, '2': 2500, '3': 500, '4': 2000 } },
];
const ITEMS = [
  ['rs_gov_war', 1],
  ['resp_future', 2],
  ['follow_war', 1],
  ['vote2024', 1],
] as const;
const REPLICATES = 40;

const out = mkdtempSync(join(tmpdir(), 'portas-raking-design-'));
const done = releaseAndExport({
  dataset,
  instrument,
  recodes: settings.recodes,
  policy: settings.policy,
  rng: xoshiro128ss(7),
  rdsDegree: 'net_size',
  design: { rake: { margins: MARGINS }, ssPopulation: 10_000, replicates: REPLICATES, releaseTree: true },
  targets: [{ format: 'csv', out }],
});

/** Share of `code` among those who answered `item`, under `weights` (row for row with `dataset`). */
function share(weights: Float64Array, item: string, code: number): number {
  const v = dataset.variables.find((x) => x.name === item);
  assert.ok(v !== undefined && v.type === 'coded', item);
  let num = 0;
  let den = 0;
  for (let i = 0; i < dataset.n; i++) {
    if (v.missing[i] !== 0) continue;
    den += weights[i] ?? 0;
    if (v.values[i] === code) num += weights[i] ?? 0;
  }
  return num / den;
}

test('R: design_raked from load.R reproduces the report’s raked RDS-II shares to 1e-8, and R’s rake() gives rake_weight', (t) => {
  if (!requireTool(t, 'Rscript', 'r-base-core r-cran-haven r-cran-survey')) return;
  assert.ok(done.ok, JSON.stringify(!done.ok && done.error));
  const w = expectOk(rdsWeighting(dataset, 'net_size', xoshiro128ss(1), 0), 'weighting');
  assert.ok(w !== undefined);
  const margins = MARGINS.map((m) => {
    const v = dataset.variables.find((x) => x.name === m.variable);
    assert.ok(v !== undefined && v.type === 'coded');
    return { name: m.variable, column: v.values, population: Object.entries(m.targets).map(([code, total]) => ({ code: Number(code), total })) };
  });
  const raked = expectOk(rakeWeights(Float64Array.from(w.invDegree), margins), 'rake').weights;
  const expected = ITEMS.map(([item, code]) => share(raked, item, code));
  // Raking moves the estimates: agreeing to 1e-8 says the raked weight (not the RDS-II one) travelled.
  assert.ok(ITEMS.some(([item, code], i) => Math.abs(share(w.invDegree, item, code) - (expected[i] ?? NaN)) > 1e-3));
  const rMargins = MARGINS.map((m) => `data.frame(${m.variable} = c(${Object.keys(m.targets).join(', ')}), Freq = c(${Object.values(m.targets).join(', ')}))`).join(', ');
  const script = [
    'setwd(commandArgs(TRUE)[1]); source("load.R")',
    ...MARGINS.map((m) => `d[["${m.variable}"]] <- as.numeric(zap_labels(d[["${m.variable}"]]))`),
    `again <- rake(svydesign(ids = ~1, weights = ~rds2_weight, data = d), list(${MARGINS.map((m) => `~${m.variable}`).join(', ')}), list(${rMargins}))`,
    'cat(sprintf("%.3e\\n", max(abs(weights(again) - d$rake_weight) / d$rake_weight)))',
    ...ITEMS.map(([item, code]) => `x <- zap_missing(d[["${item}"]]); cat(sprintf("%.15f\\n", coef(svymean(~I(x == ${String(code)}), subset(update(design_raked, x = x), !is.na(x))))[["I(x == ${String(code)})TRUE"]]))`),
  ].join('\n');
  const r = run('Rscript', ['-e', script, out]);
  assert.equal(r.status, 0, r.stderr);
  const [gap, ...got] = r.stdout.trim().split('\n').map(Number);
  assert.ok((gap ?? Infinity) < 1e-8, `R's rake() and rake_weight differ by ${String(gap)} (relative)`);
  assert.equal(got.length, ITEMS.length);
  got.forEach((x, i) => {
    assert.ok(Math.abs(x - (expected[i] ?? NaN)) < 1e-8, `${ITEMS[i]?.[0] ?? ''}: R ${String(x)}, report ${String(expected[i])}`);
  });
});

test('R: svrepdesign over the replicate weights gives the tree-bootstrap replicate shares (count × RDS-II weight)', (t) => {
  if (!requireTool(t, 'Rscript', 'r-base-core r-cran-haven r-cran-survey')) return;
  assert.ok(done.ok, JSON.stringify(!done.ok && done.error));
  const released = expectOk(readDataPackage({ datapackageJson: readFileSync(join(out, 'datapackage.json'), 'utf8'), dataCsv: readFileSync(join(out, 'data.csv'), 'utf8') }), 'read back');
  const column = (name: string): Float64Array => {
    const v = released.variables.find((x) => x.name === name);
    assert.ok(v !== undefined && v.type !== 'text', name);
    return v.values;
  };
  const base = column('rds2_weight');
  const [item, code] = ITEMS[0];
  const x = released.variables.find((v) => v.name === item);
  assert.ok(x !== undefined && x.type === 'coded');
  const expected = Array.from({ length: REPLICATES }, (_, r) => {
    const rep = column(`rep_${String(r + 1)}`);
    // Each replicate weight is a whole number of draws times the RDS-II weight.
    rep.forEach((wr, i) => {
      const count = wr / (base[i] ?? NaN);
      assert.ok(Math.abs(count - Math.round(count)) < 1e-9, `rep_${String(r + 1)} row ${String(i)}: ${String(count)} draws`);
    });
    let num = 0;
    let den = 0;
    for (let i = 0; i < released.n; i++) {
      if (x.missing[i] !== 0) continue;
      den += rep[i] ?? 0;
      if (x.values[i] === code) num += rep[i] ?? 0;
    }
    return num / den;
  });
  const script = [
    'setwd(commandArgs(TRUE)[1]); source("load.R")',
    `x <- zap_missing(d[["${item}"]])`,
    `e <- svymean(~I(x == ${String(code)}), subset(update(design_boot, x = x), !is.na(x)), return.replicates = TRUE)`,
    `cat(sprintf("%.15f\\n", e$replicates[, 2]))  # columns: FALSE, TRUE`,
  ].join('\n');
  const r = run('Rscript', ['-e', script, out]);
  assert.equal(r.status, 0, r.stderr);
  const got = r.stdout.trim().split('\n').map(Number);
  assert.equal(got.length, REPLICATES);
  got.forEach((g, i) => {
    assert.ok(Math.abs(g - (expected[i] ?? NaN)) < 1e-8, `replicate ${String(i + 1)}: R ${String(g)}, expected ${String(expected[i])}`);
  });
});

test('R: design_ss from load.R reproduces Gile’s SS estimates (estimateProportions, estimator ss, N = 10,000) to 1e-8', (t) => {
  if (!requireTool(t, 'Rscript', 'r-base-core r-cran-haven r-cran-survey')) return;
  assert.ok(done.ok, JSON.stringify(!done.ok && done.error));
  const w = expectOk(rdsWeighting(dataset, 'net_size', xoshiro128ss(1), 0), 'weighting');
  assert.ok(w !== undefined);
  const expected = ITEMS.map(([item, code]) => {
    const v = dataset.variables.find((x) => x.name === item);
    assert.ok(v !== undefined && v.type === 'coded', item);
    const outcome = Array.from(v.values, (x, i) => (v.missing[i] === 0 ? (x === code ? '1' : '0') : null));
    return expectOk(estimateProportions({ outcome, degree: w.degree, recruiter: w.recruiter }, { estimator: 'ss', populationSize: 10_000, categories: ['0', '1'] }), item).proportions[1] ?? NaN;
  });
  const script = [
    'setwd(commandArgs(TRUE)[1]); source("load.R")',
    ...ITEMS.map(([item, code]) => `x <- zap_missing(d[["${item}"]]); cat(sprintf("%.15f\\n", coef(svymean(~I(x == ${String(code)}), subset(update(design_ss, x = x), !is.na(x))))[["I(x == ${String(code)})TRUE"]]))`),
  ].join('\n');
  const r = run('Rscript', ['-e', script, out]);
  assert.equal(r.status, 0, r.stderr);
  const got = r.stdout.trim().split('\n').map(Number);
  assert.equal(got.length, ITEMS.length);
  got.forEach((x, i) => {
    assert.ok(Math.abs(x - (expected[i] ?? NaN)) < 1e-8, `${ITEMS[i]?.[0] ?? ''}: R ${String(x)}, SS ${String(expected[i])}`);
  });
});
