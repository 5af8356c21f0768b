// The prefix-sum RDS-II analytic standard error gives the pairwise form's numbers (before #20) on random samples.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { rds2Analytic, rds2AnalyticOfMasks, rds2AnalyticSe } from '../../src/sampling/rds/analytic-se.ts';
import { rds2AnalyticSeBefore } from './before/rds-analytic-before.ts';
import { randomRdsSample } from './random-rds.ts';

test('rds2AnalyticSe equals the pairwise sum to 1e-12 (relative), with and without N, on 200 random samples', () => {
  const gen = xoshiro128ss(303);
  for (let c = 0; c < 200; c++) {
    const n = 2 + gen.nextInt(c < 150 ? 60 : 400);
    // Few distinct degrees (the cap binds often) or many (most pairs below it).
    const sample = randomRdsSample(gen, n, ['a', 'b', 'c']);
    const degree = c % 2 === 0 ? sample.degree.map((d) => 1 + (Math.round(d) % 4)) : sample.degree;
    const inCategory = sample.outcome.map((o) => (o === null ? null : o === 'a'));
    const population = c % 3 === 0 ? 10 * n : undefined;
    const now = rds2AnalyticSe(degree, inCategory, population);
    const before = rds2AnalyticSeBefore(degree, inCategory, population);
    if (Number.isNaN(before)) assert.ok(Number.isNaN(now), `case ${String(c)}: ${String(now)}`);
    else assert.ok(Math.abs(now - before) <= 1e-12 * Math.abs(before), `case ${String(c)}: ${String(now)} vs ${String(before)}`);
  }
});

test('a sample with every pair above the cap, and one with a single respondent, agree with the pairwise sum', () => {
  // One huge weight among small ones: its pairs are capped; a single respondent has no pair (NaN both ways).
  const degree = [1, 1000, 1000, 1000, 1000, 1000, 1000, 2, 0.001];
  const inCategory = [true, false, true, false, null, true, false, true, true];
  assert.ok(Math.abs(rds2AnalyticSe(degree, inCategory) - rds2AnalyticSeBefore(degree, inCategory)) <= 1e-12 * rds2AnalyticSeBefore(degree, inCategory));
  assert.ok(Number.isNaN(rds2AnalyticSe([3], [true])) && Number.isNaN(rds2AnalyticSeBefore([3], [true])));
});

test('rds2AnalyticOfMasks (the report cells’ form) gives rds2Analytic’s numbers bit for bit', () => {
  const gen = xoshiro128ss(505);
  for (let c = 0; c < 50; c++) {
    const sample = randomRdsSample(gen, 2 + gen.nextInt(200), ['a', 'b']);
    const base = Uint8Array.from(sample.outcome, (o) => (o === null ? 0 : 1));
    const category = Uint8Array.from(sample.outcome, (o) => (o === 'a' ? 1 : 0));
    const masked = rds2AnalyticOfMasks(Float64Array.from(sample.degree, (d) => 1 / d), base, category, c % 2 === 0 ? 5000 : undefined);
    const listed = rds2Analytic(sample.degree, sample.outcome.map((o) => (o === null ? null : o === 'a')), c % 2 === 0 ? 5000 : undefined);
    assert.deepEqual(masked, listed, `case ${String(c)}`);
  }
});
