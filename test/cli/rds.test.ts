import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { simulateNetwork, simulateRds } from '../../src/sampling/rds/simulate.ts';
import reference from '../reference/rds/reference.json' with { type: 'json' };

const bin = new URL('../../bin/portas.js', import.meta.url).pathname;
const treeB = new URL('../reference/rds/tree-b.csv', import.meta.url).pathname;
const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

test('portas rds --json: estimates equal the base-R reference; bootstrap, imputation note and diagnostics are reported', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-rds-'));
  const r = run(['rds', '--data', treeB, '--id', 'id', '--recruiter', 'recruiter', '--degree', 'degree', '--outcome', 'group', '--estimator', 'ss', '--population', '750,3000', '--bootstrap', '50', '--seed', '3', '--svg', join(dir, 't.svg'), '--json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { estimates: { proportion: number; lower: number }[]; degreeImputation: { replaced: number; note: string }; bySize: { populationSize: number; estimates: { proportion: number }[] }[]; bootstrap: { method: string } };
  const want = reference['tree-b'].ss; // test/reference/rds/reference.json (base R)
  out.estimates.forEach((e, k) => { assert.ok(Math.abs(e.proportion - want[1]!.proportions[k]!) < 1e-8); });
  out.bySize[1]!.estimates.forEach((e, k) => { assert.ok(Math.abs(e.proportion - want[2]!.proportions[k]!) < 1e-8); });
  assert.equal(out.degreeImputation.replaced, 19);
  assert.equal(out.bootstrap.method, 'ss');
  assert.match(readFileSync(join(dir, 't.svg'), 'utf8'), /^<svg /);
});

test('portas rds names the rows of a broken tree and exits 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-rds-'));
  const file = join(dir, 'bad.csv');
  writeFileSync(file, 'id,rec,deg,g\nA,,3,x\nB,A,4,y\n"B",A,2,x\nC,Q,1,y\n');
  const r = run(['rds', '--data', file, '--id', 'id', '--recruiter', 'rec', '--degree', 'deg', '--outcome', 'g']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /row 4: id 'B' appears twice \(rows 3 and 4\)/);
  assert.match(r.stderr, /row 5: recruiter 'Q' of respondent 'C' is not in the data/);
});

test('portas multiplier --json: one estimate per benchmark with delta and bootstrap intervals and the assumptions', () => {
  const rng = xoshiro128ss(99);
  const net = simulateNetwork({ size: 4000, groups: [{ name: 'yes', share: 0.3, meanDegree: 12 }, { name: 'no', share: 0.7, meanDegree: 8 }], inGroupPreference: 0.4 }, rng);
  const sim = simulateRds(net, { size: 222, seeds: 8, coupons: 3 }, rng);
  const dir = mkdtempSync(join(tmpdir(), 'portas-mult-'));
  const data = join(dir, 'd.csv');
  writeFileSync(data, ['id,recruiter,degree,counted', ...sim.rows.map((row, i) => `${row.id},${row.recruiter ?? ''},${row.degree ?? ''},${sim.outcome[i]}`)].join('\n'));
  const bench = join(dir, 'b.json');
  writeFileSync(bench, JSON.stringify([{ name: 'Counted', count: 1200, variable: 'counted', code: 'yes', source: 'simulated: 1,200 of 4,000 hold the attribute', assumptions: 'simulation' }]));
  const r = run(['multiplier', '--data', data, '--id', 'id', '--recruiter', 'recruiter', '--degree', 'degree', '--benchmarks', bench, '--bootstrap', '200', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { benchmarks: { size: number; share: number; deltaInterval: number[]; bootstrapInterval: number[]; benchmark: { assumptions: string } }[] };
  const b = out.benchmarks[0]!;
  assert.ok(Math.abs(b.size - 1200 / b.share) < 1e-6);
  assert.ok(b.deltaInterval[0]! < b.size && b.size < b.deltaInterval[1]!);
  assert.ok(b.bootstrapInterval[0]! < b.bootstrapInterval[1]!);
  assert.equal(b.benchmark.assumptions, 'simulation');
});
