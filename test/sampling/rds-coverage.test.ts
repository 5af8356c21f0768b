import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { bootstrapProportions } from '../../src/sampling/rds/bootstrap.ts';
import { prepareRds } from '../../src/sampling/rds/prepare.ts';
import { simulateNetwork, simulateRds } from '../../src/sampling/rds/simulate.ts';

// A small, fast sanity version of the coverage study in bench/rds.bench.ts (which reports the real figures).
test('sanity: RDS-II tree-bootstrap intervals cover the true share in most simulated samples', () => {
  const rng = xoshiro128ss(2024);
  const net = simulateNetwork({ size: 3000, groups: [{ name: 'a', share: 0.3, meanDegree: 20 }, { name: 'b', share: 0.7, meanDegree: 8 }], inGroupPreference: 0.5 }, rng);
  const truth = net.group.filter((g) => g === 'a').length / net.group.length;
  let covered = 0;
  const runs = 25;
  for (let r = 0; r < runs; r++) {
    const sim = simulateRds(net, { size: 200, seeds: 6, coupons: 3 }, rng);
    const prep = prepareRds(sim.rows, sim.outcome);
    assert.ok(prep.ok);
    const boot = bootstrapProportions(prep.value.sample, { method: 'tree', estimator: 'rds2', replicates: 150, rng });
    assert.ok(boot.ok);
    if (boot.value.lower[0]! <= truth && truth <= boot.value.upper[0]!) covered += 1;
  }
  assert.ok(covered / runs >= 0.7, `covered ${covered} of ${runs}`);
});
