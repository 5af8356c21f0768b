import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { bootstrapProportions, salganikResampler, treeResampler } from '../../src/sampling/rds/bootstrap.ts';
import { estimateProportions } from '../../src/sampling/rds/estimate.ts';
import { normalQuantile, quantileType7 } from '../../src/sampling/rds/quantile.ts';
import { successiveSample, syntheticPopulation } from '../../src/sampling/rds/ss-population.ts';
import { loadTree } from './rds-fixtures.ts';

test('quantiles agree with R: quantile(c(1,2,3,4,10), 0.9) = 7.6; qnorm(0.975) = 1.959963984540054', () => {
  assert.ok(Math.abs(quantileType7([1, 2, 3, 4, 10], 0.9) - 7.6) < 1e-12);
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-8);
  assert.ok(Math.abs(normalQuantile(0.005) + 2.575829303549) < 1e-8); // qnorm(0.005) in R
});

test('the tree resample keeps the tree shape: every recruiter comes before its recruits; seed count kept', () => {
  const { sample, tree } = loadTree('tree-b');
  const draw = treeResampler(sample, xoshiro128ss(1));
  for (let b = 0; b < 20; b++) {
    const s = draw();
    assert.equal(s.recruiter.filter((p) => p < 0).length, tree.seeds.length);
    s.recruiter.forEach((p, i) => {
      assert.ok(p < i);
    });
  }
  const chain = salganikResampler(sample, xoshiro128ss(2))();
  assert.equal(chain.outcome.length, sample.outcome.length);
});

test('bootstraps are reproducible from the seed, report progress, and bracket the estimate', () => {
  const { sample } = loadTree('tree-b');
  for (const [method, estimator] of [['tree', 'rds2'], ['salganik', 'rds1'], ['ss', 'ss']] as const) {
    let calls = 0;
    const run = (seed: number) =>
      bootstrapProportions(sample, { method, estimator, replicates: 200, rng: xoshiro128ss(seed), populationSize: 1500, onProgress: () => (calls += 1) });
    const a = run(7);
    const b = run(7);
    assert.ok(a.ok && b.ok);
    assert.deepEqual(a.value.draws, b.value.draws);
    assert.equal(calls, 400);
    const point = estimateProportions(sample, { estimator, populationSize: 1500 });
    assert.ok(point.ok);
    point.value.proportions.forEach((p, k) => {
      assert.ok(a.value.lower[k]! <= p && p <= a.value.upper[k]!, `${method}: ${p} outside [${a.value.lower[k]}, ${a.value.upper[k]}]`);
      assert.ok(a.value.standardErrors[k]! > 0);
    });
  }
});

test('successive sampling draws high-degree units more often, and the synthetic population has N units', () => {
  const pop = syntheticPopulation({ outcome: ['a', 'b'], degree: [1, 9], recruiter: [-1, -1] }, [0.5, 0.5], 1000);
  assert.ok(pop.ok);
  assert.equal(pop.value.degree.length, 1000);
  const rng = xoshiro128ss(3);
  let highs = 0;
  for (let r = 0; r < 200; r++) highs += successiveSample(pop.value, 10, rng).outcome.filter((o) => o === 'b').length;
  // Half the population has degree 9, half 1: with 10 of 1000 drawn, P(b) ≈ 0.9 per draw.
  assert.ok(highs / 2000 > 0.85 && highs / 2000 < 0.95, String(highs / 2000));
});

test('the SS bootstrap draw keeps the tree shape and re-creates recruitment homophily', async () => {
  const { successiveTreeSampler } = await import('../../src/sampling/rds/ss-population.ts');
  const { sample } = loadTree('tree-a');
  const pop = syntheticPopulation(sample, sample.degree.map((d) => 1 / d), 600);
  assert.ok(pop.ok);
  const draw = successiveTreeSampler(pop.value, sample, ['A', 'B'], [[0.95, 0.05], [0.05, 0.95]], xoshiro128ss(4))();
  assert.deepEqual(draw.recruiter, sample.recruiter);
  let same = 0;
  let links = 0;
  draw.recruiter.forEach((p, i) => {
    if (p < 0) return;
    links += 1;
    if (draw.outcome[p] === draw.outcome[i]) same += 1;
  });
  assert.ok(same / links > 0.85, `${same} of ${links} links within a category`);
});

test('the SS bootstrap draw is without replacement: drawing 60 of 61 units never exceeds a category count', async () => {
  const { successiveTreeSampler } = await import('../../src/sampling/rds/ss-population.ts');
  const { sample } = loadTree('tree-a');
  const pop = syntheticPopulation(sample, sample.degree.map((d) => 1 / d), 61);
  assert.ok(pop.ok);
  const inPop = (c: string): number => pop.value.outcome.filter((o) => o === c).length;
  const draw = successiveTreeSampler(pop.value, sample, ['A', 'B'], [[0.5, 0.5], [0.5, 0.5]], xoshiro128ss(8));
  for (let r = 0; r < 50; r++) {
    const s = draw();
    for (const c of ['A', 'B']) assert.ok(s.outcome.filter((o) => o === c).length <= inPop(c));
  }
});
