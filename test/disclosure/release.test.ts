import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { expectOk } from '../../src/core/result.ts';
import { disclosurePolicy, release, renderLog, riskSummary } from '../../src/disclosure/index.ts';
import { measureRisk } from '../../src/disclosure/measure-risk.ts';
import { dataset } from './fixtures.ts';
import { flagshipLike } from './flagship-like.ts';

test('flagship-like data (222 rows, 6 quasi-identifiers) pass the gate with k ≥ 5, and the log says what it cost', () => {
  const { dataset: d, recodes } = flagshipLike();
  const policy = disclosurePolicy({ populationSize: 30000 });
  const r = expectOk(release({ kind: 'microdata', dataset: d, recodes, rng: xoshiro128ss(1) }, policy), 'release');
  const after = measureRisk(r.released, { k: 5 });
  assert.ok(after.kAchieved >= 5);
  assert.equal(after.kViolations, 0);
  const log = r.log;
  assert.equal(log.before.n, 222);
  assert.ok(log.before.kViolations > 0, 'the raw data must break k = 5, or the fixture tests nothing');
  assert.equal(log.after.kViolations, 0);
  assert.ok(log.after.expectedReidentifications < log.before.expectedReidentifications);
  assert.deepEqual(log.recoded.map((x) => x.variable), ['age', 'city', 'education', 'profession', 'arrival']);
  assert.deepEqual(log.dropped, [
    { variable: 'comment', reason: 'free-text' },
    { variable: 'response_id', reason: 'system' },
  ]);
  assert.ok(!r.released.variables.some((v) => v.name === 'comment' || v.name === 'response_id'));
  assert.equal(log.suppressed.reduce((s, x) => s + x.count, 0), log.suppressedTotal);
  const md = renderLog(log);
  assert.match(md, /Synthetic data/);
  assert.match(md, /\| k achieved \(smallest key frequency\) \| \d+ \| ([5-9]|\d\d+) \|/);
  assert.match(md, new RegExp(`${log.suppressedTotal} value\\(s\\) suppressed`));
});

test('free text may leave only when the policy allows it', () => {
  const { dataset: d, recodes } = flagshipLike();
  const r = expectOk(release({ kind: 'microdata', dataset: d, recodes, rng: xoshiro128ss(1) }, disclosurePolicy({ releaseFreeText: true, keepSystemVariables: ['response_id'] })), 'release');
  assert.deepEqual(r.log.dropped, []);
});

test('too few records for k: refused with a clear error', () => {
  const d = dataset({ sex: { values: [1, 2, 1], qi: true } });
  const r = release({ kind: 'microdata', dataset: d, rng: xoshiro128ss(1) }, disclosurePolicy());
  assert.ok(!r.ok);
  assert.equal(r.error[0]?.code, 'disclosure.too-few-records');
  assert.match(r.error.map((e) => e.message).join('; '), /3 records cannot be 5-anonymous/);
});

test('a global-risk ceiling refuses data that reach k but stay too risky', () => {
  const d = dataset({ sex: { values: [1, 1, 1, 1, 1, 2, 2, 2, 2, 2], qi: true } });
  const r = release({ kind: 'microdata', dataset: d, rng: xoshiro128ss(1) }, disclosurePolicy({ maxGlobalRisk: 0.1 }));
  // No weights: risk = 1/f = 1/5 for every record: 20% > 10%.
  assert.ok(!r.ok);
  assert.equal(r.error[0]?.code, 'disclosure.risk-too-high');
});

test('property: after release, no key has fewer than k records', () => {
  const col = (n: number, max: number) => fc.array(fc.option(fc.integer({ min: 1, max }), { nil: null, freq: 10 }), { minLength: n, maxLength: n });
  fc.assert(
    fc.property(
      fc.integer({ min: 6, max: 60 }).chain((n) => fc.tuple(col(n, 2), col(n, 5), col(n, 8), fc.integer({ min: 2, max: 6 }))),
      ([a, b, c, k]) => {
        const d = dataset({ a: { values: a, qi: true }, b: { values: b, qi: true }, c: { values: c, qi: true } });
        const r = release({ kind: 'microdata', dataset: d, rng: xoshiro128ss(1) }, disclosurePolicy({ k }));
        if (d.n < k) return !r.ok;
        return r.ok && measureRisk(r.value.released, { k }).kViolations === 0 && r.value.log.after.kAchieved >= k;
      },
    ),
    { numRuns: 60 },
  );
});

test('tables go through the same gate; the log never says which cells were the small ones', () => {
  const r = expectOk(release({ kind: 'table', table: { title: 'City by sex', rowLabels: ['Belgrade', 'Novi Sad', 'Niš'], colLabels: ['men', 'women'], counts: [[60, 55], [20, 18], [3, 8]] } }, disclosurePolicy()), 'table');
  assert.deepEqual(r.released.cells, [
    [60, 55],
    ['suppressed', 'suppressed'],
    ['suppressed', 'suppressed'],
  ]);
  const md = renderLog(r.log);
  assert.match(md, /Suppressed: 4 of 6 cells/);
  assert.doesNotMatch(md, /primary|secondary/);
});

test('riskSummary prints aggregates and the cost of k, never a key', () => {
  const { dataset: d } = flagshipLike();
  const text = riskSummary(d, disclosurePolicy({ populationSize: 30000 }));
  assert.match(text, /Quasi-identifiers \(6\): sex, age, city, education, profession, arrival/);
  assert.match(text, /sample uniques \(f = 1\): +\d+/);
  assert.match(text, /Local suppression to k = 5 without recoding would blank \d+ value/);
  assert.match(text, /SYNTHETIC/);
});
