import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rdsDiagnostics } from '../../src/sampling/rds/diagnostics.ts';
import { estimateProportions } from '../../src/sampling/rds/estimate.ts';
import { loadTree } from './rds-fixtures.ts';

test('diagnostics on tree-b: transitions as base R counted them, convergence ends at the full estimate, one bottleneck per seed', () => {
  const { tree, sample } = loadTree('tree-b');
  const d = rdsDiagnostics(tree, sample, { estimator: 'rds2' });
  assert.ok(d.ok);
  assert.deepEqual(d.value.transitions, [[28, 3, 5], [3, 38, 13], [7, 7, 26]]); // test/reference/rds/reference.json
  const full = estimateProportions(sample, { estimator: 'rds2' });
  assert.ok(full.ok);
  assert.deepEqual(d.value.convergence.proportions.at(-1), full.value.proportions);
  assert.equal(d.value.convergence.sizes.at(-1), 150);
  assert.equal(d.value.bottleneck.length, 5);
  assert.equal(d.value.bottleneck.reduce((a, b) => a + b.size, 0), 150);
  // Equilibrium q satisfies q P = q and sums to 1.
  const q = d.value.equilibrium!;
  const P = d.value.transitionProportions;
  q.forEach((qj, j) => { assert.ok(Math.abs(q.reduce((a, qi, i) => a + qi * P[i]![j]!, 0) - qj) < 1e-12); });
  assert.ok(Math.abs(q.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.ok(d.value.wavesToEquilibrium.every((w) => w !== null && w >= 1));
});

test('Heckathorn homophily lies in [-1, 1] and is +1 when every group recruits only its own', () => {
  const { tree, sample } = loadTree('tree-a');
  const d = rdsDiagnostics(tree, sample, { estimator: 'rds2' });
  assert.ok(d.ok);
  const h = d.value.heckathornHomophily;
  assert.ok(h.every((x) => x >= -1 && x <= 1));
  const own = rdsDiagnostics(tree, { ...sample, outcome: sample.outcome.map((_, i) => (tree.seedOf[i] === 0 ? 'A' : 'B')) }, { estimator: 'rds2' });
  assert.ok(own.ok);
  assert.deepEqual(own.value.heckathornHomophily, [1, 1]);
});
