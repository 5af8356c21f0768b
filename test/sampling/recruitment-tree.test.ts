import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildRecruitmentTree, type RecruitmentRow } from '../../src/sampling/rds/recruitment-tree.ts';
import { prepareRds } from '../../src/sampling/rds/prepare.ts';
import { estimateProportions } from '../../src/sampling/rds/estimate.ts';
import { countTransitions } from '../../src/sampling/rds/transitions.ts';
import { loadTree, loadTreeCsv } from './rds-fixtures.ts';

const row = (id: string, recruiter: string | null, degree: number | null = 5, couponsIssued?: number): RecruitmentRow =>
  couponsIssued === undefined ? { id, recruiter, degree } : { id, recruiter, degree, couponsIssued };

test('seeds, waves, chains, recruits and coupons are counted', () => {
  const t = buildRecruitmentTree([row('a', null, 5, 3), row('b', 'a', 5, 3), row('c', 'a', 5, 3), row('d', 'b', 5, 0), row('e', null, 5, 3)]);
  assert.ok(t.ok);
  const s = t.value.summary;
  assert.deepEqual(t.value.wave, [0, 1, 1, 2, 0]);
  assert.deepEqual(t.value.seedOf, [0, 0, 0, 0, 4]);
  assert.deepEqual(s.perWave, [2, 2, 1]);
  assert.deepEqual(s.chainSizes, [4, 1]);
  assert.deepEqual(s.recruitsDistribution, [3, 1, 1]); // c, d, e recruited nobody; b one; a two
  assert.deepEqual(s.coupons, { issued: 12, redeemed: 3, redemptionRate: 0.25 });
});

test('a respondent recruited twice (a coupon redeemed twice) is an error naming both rows', () => {
  const t = buildRecruitmentTree([row('a', null), row('b', 'a'), row('b', 'a')]);
  assert.ok(!t.ok);
  assert.equal(t.error[0]?.code, 'rds.duplicate-id');
  assert.match(t.error[0].message, /rows 2 and 3/);
});

test('an unknown recruiter is an error naming the row', () => {
  const t = buildRecruitmentTree([row('a', null), { ...row('b', 'zz'), row: 17 }]);
  assert.ok(!t.ok);
  assert.equal(t.error[0]?.code, 'rds.unknown-recruiter');
  assert.equal(t.error[0].subject, 'row 17');
});

test('a cycle is an error naming every row on it', () => {
  const t = buildRecruitmentTree([row('a', null), row('x', 'z'), row('y', 'x'), row('z', 'y')]);
  assert.ok(!t.ok);
  assert.equal(t.error[0]?.code, 'rds.cycle');
  assert.equal(t.error[0].subject, 'rows 2, 3, 4');
  assert.equal(buildRecruitmentTree([row('a', 'a')]).ok, false);
});

test('degree 0 and missing become the largest reported degree, and the note says so', () => {
  const p = prepareRds([row('a', null, 4), row('b', 'a', 0), row('c', 'a', null), row('d', 'b', 10)], ['x', 'y', 'x', 'y']);
  assert.ok(p.ok);
  assert.deepEqual(p.value.sample.degree, [4, 10, 10, 10]);
  assert.equal(p.value.imputation.replaced, 2);
  assert.match(p.value.imputation.note, /2 of 4 network sizes were missing or zero; they are presumed to be 10/);
  const none = prepareRds([row('a', null, 0)], ['x']);
  assert.ok(!none.ok);
  assert.equal(none.error[0]?.code, 'rds.no-degrees');
});

test('a seed with no recruits (tree-d), a single seed (tree-c), a category absent from wave 1 (tree-c)', () => {
  const d = loadTree('tree-d');
  assert.equal(d.tree.recruits[0]?.length, 0);
  assert.equal(d.tree.summary.chainSizes[0], 1);
  const c = loadTree('tree-c');
  assert.equal(c.tree.summary.seeds, 1);
  const wave1 = c.sample.outcome.filter((_, i) => c.tree.wave[i] === 1);
  assert.ok(wave1.length > 0 && !wave1.includes('C'));
  for (const estimator of ['rds1', 'rds1-smoothed', 'rds2'] as const) {
    const e = estimateProportions(c.sample, { estimator });
    assert.ok(e.ok);
    assert.ok(Math.abs(e.value.proportions.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  }
});

test('RDS-I with two groups equals the published closed form (Salganik & Heckathorn 2004)', () => {
  // P_A = S_BA * D_B / (S_AB * D_A + S_BA * D_B), D = harmonic mean degree of the group.
  const { sample } = loadTree('tree-a');
  const t = countTransitions(sample, ['A', 'B']);
  const sAB = t[0]![1]! / (t[0]![0]! + t[0]![1]!);
  const sBA = t[1]![0]! / (t[1]![0]! + t[1]![1]!);
  const harmonic = (g: string): number => {
    const ds = sample.degree.filter((_, i) => sample.outcome[i] === g);
    return ds.length / ds.reduce((a, d) => a + 1 / d, 0);
  };
  const pA = (sBA * harmonic('B')) / (sAB * harmonic('A') + sBA * harmonic('B'));
  const e = estimateProportions(sample, { estimator: 'rds1' });
  assert.ok(e.ok);
  assert.ok(Math.abs((e.value.proportions[0] ?? 0) - pA) < 1e-12);
});

test('RDS-II equals the published formula sum(1/d in A) / sum(1/d) (Volz & Heckathorn 2008)', () => {
  const { rows, outcome } = loadTreeCsv('tree-a');
  const { sample } = loadTree('tree-a');
  const inv = rows.map((r) => 1 / (r.degree ?? Number.NaN));
  const want = inv.filter((_, i) => outcome[i] === 'A').reduce((a, b) => a + b, 0) / inv.reduce((a, b) => a + b, 0);
  const e = estimateProportions(sample, { estimator: 'rds2' });
  assert.ok(e.ok);
  assert.ok(Math.abs((e.value.proportions[0] ?? 0) - want) < 1e-12);
});

test('property: proportions are in [0, 1] and sum to 1 for every estimator on random trees', () => {
  // Trees without degrees and chains without an equilibrium are stated errors: count the estimates actually checked,
  // so the property cannot pass by refusing everything.
  const checked = { rds1: 0, 'rds1-smoothed': 0, rds2: 0, ss: 0 };
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 30 }), fc.constantFrom('a', 'b', 'c', null)), { minLength: 2, maxLength: 40 }), (spec) => {
      const rows = spec.map(([p, d], i) => row(`r${i}`, i === 0 ? null : `r${p % i}`, d));
      const outcome = spec.map(([, , o], i) => (i === 0 ? 'a' : o));
      const prep = prepareRds(rows, outcome);
      if (!prep.ok) return prep.error[0]?.code === 'rds.no-degrees';
      for (const estimator of ['rds1', 'rds1-smoothed', 'rds2', 'ss'] as const) {
        const e = estimateProportions(prep.value.sample, { estimator, populationSize: rows.length * 3 });
        if (!e.ok) continue; // an RDS-I chain without a unique equilibrium is a stated error, not a number
        checked[estimator] += 1;
        const sum = e.value.proportions.reduce((a, b) => a + b, 0);
        if (Math.abs(sum - 1) > 1e-9 || e.value.proportions.some((x) => x < -1e-12 || x > 1 + 1e-12)) return false;
      }
      return true;
    }),
    { numRuns: 200 },
  );
  for (const [estimator, n] of Object.entries(checked)) assert.ok(n >= 100, `${estimator}: only ${n} of 200 random trees gave an estimate to check`);
});
