import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { multiplierEstimate, parseBenchmarks } from '../../src/sampling/popsize/multiplier.ts';
import { bootstrapProportions, sd } from '../../src/sampling/rds/bootstrap.ts';
import { loadTree } from './rds-fixtures.ts';

const benchmark = { name: 'B count', count: 100, variable: 'group', code: 'B', source: 'test', assumptions: 'test' };

test('N = M / p with p the RDS-II share, delta-method se = M se(p) / p^2 (se(p) from the bootstrap)', () => {
  const { sample } = loadTree('tree-a');
  const r = multiplierEstimate(sample, benchmark, { bootstrap: { method: 'tree', replicates: 300, rng: xoshiro128ss(5) } });
  assert.ok(r.ok);
  const p = 0.11507593803272478; // RDS-II share of B in tree-a, from test/reference/rds/reference.json (base R)
  assert.ok(Math.abs(r.value.share - p) < 1e-12);
  assert.ok(Math.abs(r.value.size - 100 / p) < 1e-9);
  const boot = bootstrapProportions(sample, { method: 'tree', estimator: 'rds2', replicates: 300, rng: xoshiro128ss(5) });
  assert.ok(boot.ok);
  const se = sd(boot.value.draws.map((d) => d[1]!));
  assert.ok(Math.abs(r.value.shareStandardError - se) < 1e-15);
  assert.ok(Math.abs(r.value.deltaStandardError - (100 * se) / p ** 2) < 1e-9);
  assert.ok(Math.abs(r.value.designEffect - se ** 2 / ((p * (1 - p)) / 60)) < 1e-12);
  const [lo, hi] = r.value.bootstrapInterval;
  assert.ok(lo < r.value.size && r.value.size < hi);
});

test('nobody holding the attribute gives an infinite size, not a number that looks real', () => {
  const { sample } = loadTree('tree-a');
  const r = multiplierEstimate(sample, { ...benchmark, code: 'Z' }, { bootstrap: { method: 'tree', replicates: 20, rng: xoshiro128ss(1) } });
  assert.ok(r.ok);
  assert.equal(r.value.size, Infinity);
});

test('the flagship benchmark list (studies/russians-in-serbia/population-benchmarks.json) is valid data; bad entries are named', () => {
  const list = parseBenchmarks(JSON.parse(readFileSync(new URL('../../studies/russians-in-serbia/population-benchmarks.json', import.meta.url), 'utf8')));
  assert.ok(list.ok);
  assert.deepEqual(list.value.map((b) => b.count), [10500, 30000, 20000, 5000]);
  const bad = parseBenchmarks([{ name: 'x', count: -1, variable: 'v', code: 'y', source: 's' }], 'b.json');
  assert.ok(!bad.ok);
  assert.deepEqual(bad.error.map((d) => d.message), ["b.json: benchmark 1: 'count' must be a positive number", "b.json: benchmark 1: 'assumptions' must be a non-empty string"]);
});
