// RDS benchmarks: tree bootstrap speed and memory on 5,000 recruits, and interval coverage on simulated populations.

import { xoshiro128ss } from '../src/core/rng.ts';
import { multiplierEstimate } from '../src/sampling/popsize/multiplier.ts';
import { bootstrapProportions, type BootstrapMethod } from '../src/sampling/rds/bootstrap.ts';
import type { RdsEstimator } from '../src/sampling/rds/estimate.ts';
import { prepareRds } from '../src/sampling/rds/prepare.ts';
import { simulateNetwork, simulateRds } from '../src/sampling/rds/simulate.ts';
import { fmt, medianMs, peakRssMiB } from './measure.ts';

export async function run(say: (line: string) => void): Promise<void> {
  await speed(say);
  coverage(say);
}

async function speed(say: (line: string) => void): Promise<void> {
  const rng = xoshiro128ss(1);
  const net = simulateNetwork({ size: 60000, groups: [{ name: 'a', share: 0.3, meanDegree: 20 }, { name: 'b', share: 0.7, meanDegree: 8 }], inGroupPreference: 0.5 }, rng);
  const sim = simulateRds(net, { size: 5000, seeds: 10, coupons: 3 }, rng);
  const prep = prepareRds(sim.rows, sim.outcome);
  if (!prep.ok) throw new Error('simulated sample invalid');
  const before = peakRssMiB();
  for (const [method, estimator] of [['tree', 'rds2'], ['tree', 'rds1'], ['salganik', 'rds2'], ['ss', 'ss']] as const) {
    const ms = await medianMs(3, () => bootstrapProportions(prep.value.sample, { method, estimator, replicates: 1000, rng: xoshiro128ss(2), populationSize: 60000 }));
    say(`${method} bootstrap, ${estimator}, 1,000 replicates on ${sim.rows.length} recruits: ${fmt(ms, 0)} ms (median of 3)`);
  }
  say(`peak RSS ${fmt(peakRssMiB())} MiB (before the bootstraps: ${fmt(before)} MiB, including the 60,000-member network)`);
}

interface Tally {
  covered: number;
  width: number;
  error: number;
  runs: number;
}

function coverage(say: (line: string) => void): void {
  const rng = xoshiro128ss(7);
  const size = 5000;
  const net = simulateNetwork({ size, groups: [{ name: 'a', share: 0.3, meanDegree: 20 }, { name: 'b', share: 0.7, meanDegree: 8 }], inGroupPreference: 0.5 }, rng);
  const truth = net.group.filter((g) => g === 'a').length / size;
  const M = net.group.filter((g) => g === 'a').length;
  const samples = 200;
  const replicates = 200;
  const n = 500;
  const plans: readonly { label: string; estimator: RdsEstimator; method: BootstrapMethod }[] = [
    { label: 'RDS-II, tree bootstrap', estimator: 'rds2', method: 'tree' },
    { label: 'RDS-II, Salganik bootstrap', estimator: 'rds2', method: 'salganik' },
    { label: 'RDS-I, tree bootstrap', estimator: 'rds1', method: 'tree' },
    { label: "Gile's SS (N known), SS bootstrap", estimator: 'ss', method: 'ss' },
  ];
  const tallies = plans.map((): Tally => ({ covered: 0, width: 0, error: 0, runs: 0 }));
  const sizeTally = { delta: 0, boot: 0, runs: 0 };
  for (let s = 0; s < samples; s++) {
    const sim = simulateRds(net, { size: n, seeds: 6, coupons: 3 }, rng);
    const prep = prepareRds(sim.rows, sim.outcome);
    if (!prep.ok) continue;
    plans.forEach((plan, k) => {
      const b = bootstrapProportions(prep.value.sample, { method: plan.method, estimator: plan.estimator, replicates, rng, populationSize: size });
      const t = tallies[k];
      if (!b.ok || t === undefined) return;
      const lo = b.value.lower[0] ?? 0;
      const hi = b.value.upper[0] ?? 0;
      const mid = (b.value.draws.reduce((a, d) => a + (d[0] ?? 0), 0)) / b.value.draws.length;
      t.runs += 1;
      t.width += hi - lo;
      t.error += mid - truth;
      if (lo <= truth && truth <= hi) t.covered += 1;
    });
    const m = multiplierEstimate(prep.value.sample, { name: 'a', count: M, variable: 'group', code: 'a', source: 'simulation', assumptions: 'simulation' }, { bootstrap: { method: 'tree', replicates, rng } });
    if (m.ok) {
      sizeTally.runs += 1;
      if (m.value.deltaInterval[0] <= size && size <= m.value.deltaInterval[1]) sizeTally.delta += 1;
      if (m.value.bootstrapInterval[0] <= size && size <= m.value.bootstrapInterval[1]) sizeTally.boot += 1;
    }
  }
  say(`coverage study: population ${size} (true share of 'a' ${fmt(truth * 100)}%: mean degree 20 vs 8, in-group tie preference 0.5),`);
  say(`  ${samples} RDS samples of ${n} (6 seeds, 3 coupons, without replacement), ${replicates} bootstrap replicates, nominal 95%`);
  tallies.forEach((t, k) => {
    say(`  ${(plans[k]?.label ?? '').padEnd(36)} coverage ${fmt((100 * t.covered) / t.runs)}%  mean width ${fmt((100 * t.width) / t.runs)} pts  mean of replicates − truth ${fmt((100 * t.error) / t.runs, 2)} pts  (${t.runs} samples)`);
  });
  say(`  multiplier N = M/p (M = ${M} members of 'a', true N ${size}): delta coverage ${fmt((100 * sizeTally.delta) / sizeTally.runs)}%, bootstrap coverage ${fmt((100 * sizeTally.boot) / sizeTally.runs)}%`);
}
