// The flagship report computed from the synthetic replica reproduces every published percentage of FLAGSHIP.md and every association it lists.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import type { Dataset } from '../../src/analysis/dataset.ts';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { DEFAULT_POLICY } from '../../src/disclosure/index.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { computeReport } from '../../src/report/compute.ts';
import { reportJson } from '../../src/report/report-json.ts';
import { loadReportSpec } from '../../src/report/spec.ts';
import { parseBenchmarks } from '../../src/sampling/popsize/multiplier.ts';
import { generateReplica } from '../../studies/russians-in-serbia/replica/generate-replica.ts';
import { checkReportJson, flagshipAssociations, flagshipMarginals } from './report-checks.ts';

const DIR = 'studies/russians-in-serbia';
const loaded = loadInstrumentYaml(readFileSync(`${DIR}/instrument.yaml`, 'utf8'), `${DIR}/instrument.yaml`).instrument;
if (loaded === undefined) throw new Error('the flagship instrument does not load');
const instrument = loaded;
// Built exactly as test/studies/replica.test.ts builds it.
const { responses, meta } = generateReplica(instrument, 20240401);
const data: Dataset = datasetFromResponses(instrument, responses, { meta, synthetic: true });

const specResult = loadReportSpec(readFileSync(`${DIR}/report.yaml`, 'utf8'), `${DIR}/report.yaml`, instrument);
if (!specResult.ok) throw new Error(specResult.error.map(formatDiagnostic).join('\n'));
const spec = specResult.value;
const benchmarks = parseBenchmarks(JSON.parse(readFileSync(`${DIR}/population-benchmarks.json`, 'utf8')));
if (!benchmarks.ok) throw new Error('the benchmarks do not parse');

// FLAGSHIP.md is the published table (from the seed report), in shared/ beside the checkout (or
// beside the worktrees' folder); the snapshot beside this test is a verbatim copy for machines without it.
const SHARED = ['../shared/FLAGSHIP.md', '../../shared/FLAGSHIP.md'].find((p) => existsSync(p));
const SNAPSHOT = 'test/studies/FLAGSHIP.snapshot.md';
const flagship = readFileSync(SHARED ?? SNAPSHOT, 'utf8');

// Few replicates: the intervals are not under test here, the counts are.
const model = computeReport(spec, data, { rng: xoshiro128ss(7), policy: DEFAULT_POLICY, replicates: 20, benchmarks: benchmarks.value });
if (!model.ok) throw new Error(model.error.map(formatDiagnostic).join('\n'));
const json = reportJson(model.value);

test('the snapshot of FLAGSHIP.md is the shared one, verbatim', { skip: SHARED === undefined ? 'shared/ is not beside the checkout' : false }, () => {
  assert.equal(readFileSync(SNAPSHOT, 'utf8'), readFileSync(SHARED ?? SNAPSHOT, 'utf8'));
});

test('FLAGSHIP.md parses: 25 marginal rows with their percentages, 6 associations', () => {
  const rows = flagshipMarginals(flagship);
  assert.equal(rows.length, 25);
  assert.deepEqual(rows[0], { label: 'men', numbers: [{ value: 53, approximate: false }, { value: 47, approximate: false }] });
  assert.deepEqual(rows.find((r) => r.label.startsWith('before leaving: full-time'))?.numbers.map((x) => `${x.approximate ? '≈' : ''}${x.value}`), ['68.5', '8.3', '13.4', '≈5']);
  assert.equal(flagshipAssociations(flagship).length, 6);
});

test('report.json reproduces every published percentage of FLAGSHIP.md and every association', () => {
  assert.deepEqual(checkReportJson(json, flagship), []);
});

test('every published number of the spec is printed as FLAGSHIP.md prints it', () => {
  const printed = new Set(flagshipMarginals(flagship).flatMap((r) => r.numbers.map((x) => `${r.label}|${x.approximate ? '≈' : ''}${x.value}`)));
  for (const block of spec.sections.flatMap((s) => s.blocks)) {
    if (block.kind !== 'figure' && block.kind !== 'statement') continue;
    for (const p of block.published) {
      assert.ok(p.flagship !== undefined, `${block.key}: every published number names its FLAGSHIP.md row`);
      assert.ok(printed.has(`${p.flagship}|${p.text.trim().startsWith('≈') ? '≈' : ''}${p.value}`), `${block.key} ${p.text}: in FLAGSHIP.md row "${p.flagship}"`);
    }
  }
});

test('the checks fail when a count, a published number or a direction is wrong', () => {
  const broken = structuredClone(json) as { figures: { fig10: { rows: { putin: { cells: { negative: { count: number } } } } } }; associations: { engagement_women: { holds: boolean } } };
  broken.figures.fig10.rows.putin.cells.negative.count -= 1;
  broken.associations.engagement_women.holds = false;
  const problems = checkReportJson(broken, flagship);
  assert.ok(problems.some((p) => p.includes('figures.fig10.rows.putin.cells.negative') && p.includes('77.7')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('engagement_women')), problems.join('\n'));
  const other = checkReportJson(json, flagship.replace('| 53% (women 47%) |', '| 54% (women 46%) |'));
  assert.ok(other.some((p) => p.includes('"men"')), other.join('\n'));
});

test('keys the renderer and the end-to-end run rely on', () => {
  const j = json as Record<string, Record<string, unknown>>;
  const figures = Object.keys(j['figures'] ?? {});
  for (let k = 1; k <= 11; k++) assert.ok(figures.includes(`fig${k}`), `fig${k}`);
  const fig10 = (j['figures'] as Record<string, { rows: Record<string, { base: { n: number }; cells: Record<string, { percent: number | null }> }> }>)['fig10'];
  assert.ok(fig10 !== undefined);
  assert.deepEqual(Object.keys(fig10.rows), ['army', 'putin', 'ru_media']);
  const putin = fig10.rows['putin'];
  assert.ok(putin !== undefined);
  assert.equal(putin.cells['negative']?.percent, 77.7);
  assert.equal(putin.base.n, 220);
  const st = (j['statements'] as Record<string, { percent: number; base: { n: number; kind: string } }>)['engage_decreased_no_longer'];
  assert.ok(st !== undefined);
  assert.deepEqual([st.percent, st.base.n, st.base.kind], [62, 47, 'subgroup']);
  assert.equal(model.value.synthetic, true);
  assert.equal(model.value.sample.n, 222);
});

test('every shown cell carries an RDS-II estimate whose 95 % interval contains it; suppressed cells carry none', () => {
  for (const block of model.value.sections.flatMap((s) => s.blocks)) {
    if (block.kind !== 'figure') continue;
    for (const row of block.rows) {
      for (const [key, cell] of Object.entries(row.cells)) {
        if (cell.count === null) assert.equal(cell.weighted, null, `${block.key}.${row.key}.${key}`);
        else if (cell.weighted !== null && cell.weighted !== undefined) assert.ok(cell.weighted.low <= cell.weighted.percent && cell.weighted.percent <= cell.weighted.high, `${block.key}.${row.key}.${key}: ${JSON.stringify(cell.weighted)}`);
        else assert.fail(`${block.key}.${row.key}.${key}: shown without a weighted estimate`);
      }
    }
  }
});

test('no shown count is below the policy minimum; population estimates lie inside their intervals', () => {
  for (const block of model.value.sections.flatMap((s) => s.blocks)) {
    if (block.kind === 'figure') for (const row of block.rows) for (const c of Object.values(row.cells)) assert.ok(c.count === null || c.count === 0 || c.count >= DEFAULT_POLICY.minCell);
    if (block.kind === 'population') {
      assert.equal(block.rows.length, 4);
      for (const r of block.rows) assert.ok(r.share > 0 && r.share < 1 && r.low <= r.estimate && r.estimate <= r.high && r.estimate >= r.count, r.key);
    }
  }
});
