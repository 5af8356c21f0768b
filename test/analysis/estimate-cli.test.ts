// `portas estimate` end to end: CSV + spec → JSON whose numbers are R's (test/reference/survey/survey.R).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseEstimateSpec } from '../../src/analysis/estimate-spec.ts';
import { assertClose, loadReference } from './r-reference.ts';

interface Est { estimate: number; se: number }
const ref = loadReference('survey') as { strat_certainty: { rake: { mean_y: Est; total_y: Est }; ciprop_beta: { lower: number; upper: number } } };

function run(spec: unknown, data = 'test/reference/survey/strat.csv', extra: readonly string[] = []): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'portas-estimate-'));
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  return spawnSync(process.execPath, ['bin/portas.js', 'estimate', '--data', data, '--spec', file, '--json', ...extra], { encoding: 'utf8' });
}

const DESIGN = { weights: 'w', strata: 'stratum', clusters: 'psu', lonelyPsu: 'certainty' };
const RAKE = { method: 'rake', margins: [{ variable: 'sex', targets: { 1: 4100, 2: 3900 } }, { variable: 'region', targets: { 1: 4000, 2: 2500, 3: 1500 } }] };

test('linearised raked mean and total, and a Korn–Graubard interval, equal R’s to 1e-8', () => {
  const r = run({ version: 1, design: DESIGN, calibration: RAKE, estimates: [{ kind: 'mean', variable: 'y' }, { kind: 'total', variable: 'y' }] });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { format: string; estimates: { estimate: number; se: number; n: number }[] };
  assert.equal(out.format, 'portas.estimate/1');
  const [mean, total] = out.estimates;
  assert.ok(mean !== undefined && total !== undefined);
  assertClose(mean.estimate, ref.strat_certainty.rake.mean_y.estimate, 1e-8, 'mean');
  assertClose(mean.se, ref.strat_certainty.rake.mean_y.se, 1e-8, 'mean SE');
  assertClose(total.se, ref.strat_certainty.rake.total_y.se, 1e-8, 'total SE');
  assert.equal(mean.n, 65);
  const c = run({ version: 1, design: DESIGN, estimates: [{ kind: 'ciprop', variable: 'b', method: 'beta' }] });
  const ci = (JSON.parse(c.stdout) as { estimates: { ci: { lower: number; upper: number } }[] }).estimates[0]?.ci;
  assertClose(ci?.lower ?? Number.NaN, ref.strat_certainty.ciprop_beta.lower, 1e-8, 'beta lower');
  assertClose(ci?.upper ?? Number.NaN, ref.strat_certainty.ciprop_beta.upper, 1e-8, 'beta upper');
});

test('bootstrap runs are reproducible from the seed, with or without worker threads', () => {
  const spec = { version: 1, design: DESIGN, calibration: RAKE, variance: { method: 'bootstrap', replicates: 30, seed: 5 }, estimates: [{ kind: 'proportion', variable: 'b' }, { kind: 'mean', variable: 'y' }] };
  const single = run(spec, undefined, ['--threads', '1']);
  assert.equal(single.status, 0, single.stderr);
  const threaded = run(spec, undefined, ['--threads', '3']);
  assert.equal(threaded.status, 0, threaded.stderr);
  assert.equal(threaded.stdout, single.stdout);
  assert.equal(run(spec, undefined, ['--threads', '1']).stdout, single.stdout);
});

test('bad specs and unknown columns are reported with their path, exit code 1', () => {
  const bad = parseEstimateSpec({ version: 1, variance: { method: 'bootstrap', replicates: 10 }, estimates: [{ kind: 'median', variable: 'y' }] }, 'spec.json');
  assert.deepEqual(bad.ok ? [] : bad.error.map((d) => d.subject), ['variance.seed', 'estimates[0].kind']);
  const r = run({ version: 1, estimates: [{ kind: 'mean', variable: 'nope' }] });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no column 'nope'/);
  const lonely = run({ version: 1, design: { ...DESIGN, lonelyPsu: 'fail' }, estimates: [{ kind: 'mean', variable: 'y' }] });
  assert.match(lonely.stderr, /only one PSU/);
});

test('a data package folder (what portas open writes) is read as data: the same numbers as its numeric CSV', async () => {
  const { datasetFromResponses } = await import('../../src/analysis/from-responses.ts');
  const { writeDataPackage } = await import('../../src/export/datapackage/write.ts');
  const { numericCsvFromDataset } = await import('../../src/analysis/numeric-from-dataset.ts');
  const { loadInstrumentYaml } = await import('../../src/instrument/load-yaml.ts');
  const { generateReplica } = await import('../../studies/russians-in-serbia/replica/generate-replica.ts');
  const { readFileSync } = await import('node:fs');
  const instrument = loadInstrumentYaml(readFileSync('studies/russians-in-serbia/instrument.yaml', 'utf8'), 'instrument.yaml').instrument;
  assert.ok(instrument);
  const replica = generateReplica(instrument, 20240401);
  const dataset = datasetFromResponses(instrument, replica.responses, { meta: replica.meta, synthetic: true });
  const dir = mkdtempSync(join(tmpdir(), 'portas-estimate-dataset-'));
  for (const f of writeDataPackage(dataset)) writeFileSync(join(dir, f.name), f.bytes);
  const csv = join(dir, 'numeric.csv');
  writeFileSync(csv, numericCsvFromDataset(dataset));
  const spec = { version: 1, estimates: [{ kind: 'proportion', variable: 'sex', code: 1 }, { kind: 'mean', variable: 'age' }, { kind: 'proportion', variable: 'eval_ru_putin', code: 4 }] };
  const fromFolder = run(spec, dir);
  const fromCsv = run(spec, csv);
  assert.equal(fromFolder.status, 0, fromFolder.stderr);
  assert.equal(fromFolder.stdout, fromCsv.stdout);
  const est = (JSON.parse(fromFolder.stdout) as { estimates: { estimate: number; n: number }[] }).estimates;
  // Counted straight from the dataset's column: missing kinds leave the base.
  const sex = dataset.variables.find((v) => v.name === 'sex');
  assert.ok(sex !== undefined && sex.type === 'coded');
  const answered = Array.from(sex.missing).filter((m) => m === 0).length;
  const menCount = Array.from(sex.values).filter((v, i) => v === 1 && sex.missing[i] === 0).length;
  const [men] = est;
  assert.ok(men !== undefined);
  assert.ok(answered < dataset.n, 'the replica has respondents who skipped sex');
  assert.equal(men.n, answered);
  assertClose(men.estimate, menCount / answered, 1e-12, 'share of men');
});
