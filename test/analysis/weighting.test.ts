// Properties of calibration: weights sum to the population; raked margins reproduce their targets; clear errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { surveyDesign } from '../../src/analysis/design.ts';
import { postStratify } from '../../src/analysis/post-stratify.ts';
import { rake } from '../../src/analysis/rake.ts';
import { bootstrapDesign } from '../../src/analysis/replicates.ts';
import { trimWeights, weightSummary } from '../../src/analysis/trim-weights.ts';
import { expectOk } from '../../src/core/result.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';

const sample = fc.array(fc.record({ a: fc.integer({ min: 1, max: 3 }), b: fc.integer({ min: 1, max: 2 }), w: fc.double({ min: 0.5, max: 100, noNaN: true }) }), { minLength: 6, maxLength: 80 })
  .filter((rows) => [1, 2, 3].every((a) => rows.some((r) => r.a === a)) && [1, 2].every((b) => rows.some((r) => r.b === b)));
const targets = fc.tuple(fc.double({ min: 10, max: 1e5, noNaN: true }), fc.double({ min: 10, max: 1e5, noNaN: true }), fc.double({ min: 10, max: 1e5, noNaN: true }), fc.double({ min: 0.05, max: 0.95, noNaN: true }));
const close = (x: number, y: number, tol: number): boolean => Math.abs(x - y) <= tol * Math.max(1, Math.abs(y));

test('post-stratified weights sum to the population and reproduce every cell total (property)', () => {
  fc.assert(fc.property(sample, targets, (rows, [t1, t2, t3]) => {
    const design = expectOk(surveyDesign({ weights: rows.map((r) => r.w) }), 'd');
    const pop = [{ code: 1, total: t1 }, { code: 2, total: t2 }, { code: 3, total: t3 }];
    const ps = expectOk(postStratify(design, rows.map((r) => r.a), pop, 'a'), 'ps');
    const sums = [0, 0, 0];
    rows.forEach((r, i) => { sums[r.a - 1] = (sums[r.a - 1] ?? 0) + (ps.weights[i] ?? 0); });
    return close(weightSummary(ps.weights).sum, t1 + t2 + t3, 1e-12) && sums.every((s, k) => close(s, pop[k]?.total ?? 0, 1e-12));
  }));
});

test('raked margins reproduce their targets and weights sum to the population (property)', () => {
  // Targets are the margins of another positive weighting of the same rows, so a raking solution
  // exists; every cell of a × b is occupied, so IPF converges geometrically (sparse tables can take
  // arbitrarily many sweeps — that case is the next test's).
  const row = fc.record({ a: fc.integer({ min: 1, max: 3 }), b: fc.integer({ min: 1, max: 2 }), w: fc.double({ min: 0.5, max: 100, noNaN: true }), truth: fc.double({ min: 1, max: 500, noNaN: true }) });
  const full = fc.tuple(fc.array(row, { minLength: 6, maxLength: 6 }), fc.array(row, { maxLength: 40 }))
    .map(([cells, rest]) => [...cells.map((r, k) => ({ ...r, a: (k % 3) + 1, b: (k % 2) + 1 })), ...rest]);
  fc.assert(fc.property(full, (sample) => {
    const design = expectOk(surveyDesign({ weights: sample.map((r) => r.w) }), 'd');
    const marginOf = (key: 'a' | 'b'): { code: number; total: number }[] =>
      [...new Set(sample.map((r) => r[key]))].map((code) => ({ code, total: sample.reduce((s, r) => s + (r[key] === code ? r.truth : 0), 0) }));
    const margins = (['a', 'b'] as const).map((k) => ({ name: k, column: sample.map((r) => r[k]), population: marginOf(k) }));
    const N = sample.reduce((s, r) => s + r.truth, 0);
    const r = expectOk(rake(design, margins, { epsilon: 1e-13, maxit: 2000 }), 'rake');
    const w = r.design.weights;
    return r.converged && r.maxMarginError < 1e-7 * N
      && margins.every((m) => m.population.every((p) => close(m.column.reduce((s, c, i) => s + (c === p.code ? (w[i] ?? 0) : 0), 0), p.total, 1e-7)))
      && close(weightSummary(w).sum, N, 1e-10);
  }));
});

test('raking an infeasible problem reports how far the margins are from their targets', () => {
  // b = 2 occurs only with a = 2, so b's target of 28.5 cannot be met while a = 2 totals 10.
  const design = expectOk(surveyDesign({ weights: [1, 1, 1, 1, 1, 1] }), 'd');
  const margins = [
    { name: 'a', column: [1, 1, 1, 1, 3, 2], population: [{ code: 1, total: 10 }, { code: 2, total: 10 }, { code: 3, total: 10 }] },
    { name: 'b', column: [1, 1, 1, 1, 1, 2], population: [{ code: 1, total: 1.5 }, { code: 2, total: 28.5 }] },
  ];
  const r = expectOk(rake(design, margins, { epsilon: 1e-12, maxit: 1000 }), 'rake');
  assert.ok(r.maxMarginError > 1);
});

test('raking refuses margins whose totals differ, and empty sample cells with a target', () => {
  const design = expectOk(surveyDesign({ weights: [1, 1, 1, 1] }), 'd');
  const a = { name: 'a', column: [1, 1, 2, 2], population: [{ code: 1, total: 50 }, { code: 2, total: 50 }] };
  const b = { name: 'b', column: [1, 2, 1, 2], population: [{ code: 1, total: 50 }, { code: 2, total: 51 }] };
  const r1 = rake(design, [a, b]);
  assert.equal(r1.ok ? '' : r1.error.code, 'analysis.rake-inconsistent-margins');
  const c = { name: 'c', column: [1, 1, 1, 1], population: [{ code: 1, total: 60 }, { code: 2, total: 40 }] };
  const r2 = rake(design, [a, c]);
  assert.equal(r2.ok ? '' : r2.error.code, 'analysis.empty-sample-cell');
  const r3 = postStratify(design, [1, 1, 3, 3], a.population, 'a');
  assert.equal(r3.ok ? '' : r3.error.code, 'analysis.cell-not-in-population');
});

test('trimming keeps the sum; Kish effective n and design effect', () => {
  const design = expectOk(surveyDesign({ weights: [1, 1, 1, 1, 16] }), 'd');
  const t = trimWeights(design, { upper: 6 });
  assert.deepEqual(Array.from(t.weights), [3.5, 3.5, 3.5, 3.5, 6]);
  const s = weightSummary([1, 1, 1, 1, 16]);
  assert.equal(s.effectiveN, 400 / 260);
  assert.equal(s.designEffect, (5 * 260) / 400);
});

test('Rao–Wu bootstrap: each replicate draws n_h − 1 PSUs per stratum and keeps the expected weight total (property)', () => {
  // Each stratum drawn twice: every stratum holds 0 or ≥ 2 PSUs, so no case is vacuous (one PSU cannot be resampled).
  const twice = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 4, maxLength: 20 }).map((s) => [...s, ...s]);
  fc.assert(fc.property(twice, fc.integer(), (strata, seed) => {
    const counts = [1, 2, 3, 4].map((h) => strata.filter((s) => s === h).length);
    const design = expectOk(surveyDesign({ strata }), 'd');
    const rep = bootstrapDesign(design, { replicates: 5, rng: xoshiro128ss(seed) });
    const w = new Float64Array(design.n);
    for (let r = 0; r < 5; r++) {
      rep.fill(r, w);
      for (let h = 1; h <= 4; h++) {
        const nh = counts[h - 1] ?? 0;
        if (nh === 0) continue;
        const total = strata.reduce((s, x, i) => s + (x === h ? (w[i] ?? 0) : 0), 0);
        if (!close(total, nh, 1e-12)) return false; // (n_h − 1) draws × n_h/(n_h − 1) × weight 1
      }
    }
    return true;
  }));
});
