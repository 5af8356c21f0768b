import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import fc from 'fast-check';
import { individualRisk } from '../../src/disclosure/individual-risk.ts';
import { measureRisk } from '../../src/disclosure/measure-risk.ts';
import { skipUnlessCI } from '../external-tools.ts';
import { dataset } from './fixtures.ts';

// sex, age band; record 6 has a missing age band. Sensitive s: record 4 skipped it.
const small = dataset({
  sex: { values: [1, 1, 1, 1, 1, 2, 2, 2], qi: true },
  age: { values: [1, 1, 1, 2, 2, 3, null, 1], qi: true },
  s: { values: [1, 1, 1, 2, null, 1, 2, 3], sensitive: true },
});

test('key frequencies, k-anonymity and distinct l-diversity by hand (missing = wildcard)', () => {
  const m = measureRisk(small, { k: 3, l: 2 });
  // Record 6 (2, NA) matches every record with sex 2: {5, 6, 7}; record 5 (2,3) matches {5, 6};
  // record 7 (2,1) matches {6, 7}; records 0–2 share (1,1); records 3–4 share (1,2).
  assert.deepEqual([...m.fk], [3, 3, 3, 2, 2, 2, 3, 2]);
  assert.equal(m.kAchieved, 2);
  assert.equal(m.kViolations, 4); // records 3, 4, 5, 7
  assert.equal(m.kViolatingKeys, 3); // (1,2), record 5's set, record 7's set
  assert.equal(m.sampleUniques, 0);
  // s within each record's key: {0,1,2} → {1}; {3,4} → {2} (4 skipped); {5,6} → {1,2};
  // {5,6,7} → {1,2,3}; {6,7} → {2,3}. So l = 1,1,1,1,1,2,3,2: minimum 1, five below l = 2.
  assert.deepEqual(m.lDiversity, [{ variable: 's', minimum: 1, violations: 5 }]);
  // No weights: sdcMicro's unweighted risk 1/f_k. Σ = 3·(1/3) + 2·(1/2) + 1/2 + 1/3 + 1/2 = 10/3.
  assert.equal(m.sampling, 'none');
  assert.ok(Math.abs(m.expectedReidentifications - 10 / 3) < 1e-12);
  assert.ok(Math.abs(m.globalRisk - 10 / 3 / 8) < 1e-12);
});

test('missing = category: a missing value is its own category', () => {
  const m = measureRisk(small, { k: 3, missingInKeys: 'category' });
  assert.deepEqual([...m.fk], [3, 3, 3, 2, 2, 1, 1, 1]);
  assert.equal(m.kViolations, 5);
  assert.equal(m.sampleUniques, 3);
});

// Benedetti–Franconi closed forms (sdcMicro R/indivRisk.R), by hand:
//   f=1, F=10: p=0.1, q=0.9: r = (0.1/0.9)·ln(10)            = 0.111111111 × 2.302585093 = 0.255842788
//   f=2, F=10: p=0.2, q=0.8: r = 0.25 − 0.25²·ln(5)            = 0.25 − 0.0625 × 1.609437912 = 0.149410130
//   f=4, F=20: p=0.2, q=0.8: r = p/(f − q) = 0.2/3.2           = 0.0625
//   f=3, F=3:  p=1 (the whole key is in the sample): r = 1/3
test('individual risk: published closed forms, hand-computed', () => {
  assert.ok(Math.abs(individualRisk(1, 10) - 0.255842788) < 1e-9);
  assert.ok(Math.abs(individualRisk(2, 10) - 0.14941013) < 1e-8);
  assert.equal(individualRisk(4, 20), 0.0625);
  assert.equal(individualRisk(3, 3), 1 / 3);
});

test('global risk with weights: Σ of the hand-computed individual risks', () => {
  // key A: 1 record, weight 10 → 0.255842788; key B: 2 records × 5 → 0.149410130 each;
  // key C: 4 records × 5 → 0.0625 each; key D: 3 records × 1 (F = f) → 1/3 each.
  // Σ = 0.255842788 + 0.298820260 + 0.25 + 1 = 1.804663048; as a share of n = 10: 0.1804663048.
  const d = dataset({ key: { values: [1, 2, 2, 3, 3, 3, 3, 4, 4, 4], qi: true } });
  const weights = Float64Array.from([10, 5, 5, 5, 5, 5, 5, 1, 1, 1]);
  const m = measureRisk(d, { weights });
  assert.ok(Math.abs(m.expectedReidentifications - 1.804663048) < 1e-8);
  assert.ok(Math.abs(m.globalRisk - 0.1804663048) < 1e-9);
  assert.deepEqual([...m.Fk], [10, 10, 10, 20, 20, 20, 20, 3, 3, 3]);
  // population size: uniform weights N/n = 10 each, so key A has F = 10 and p = 0.1 as above.
  const u = measureRisk(d, { populationSize: 100 });
  assert.equal(u.sampling, 'population');
  assert.ok(Math.abs((u.risk[0] ?? 0) - 0.255842788) < 1e-9);
});

interface Reference {
  readonly source: string;
  readonly values: readonly { f: number; p: number; exact: number; approx: number }[];
}
const referencePath = join(dirname(fileURLToPath(import.meta.url)), '..', 'reference', 'disclosure');
const stored = JSON.parse(readFileSync(join(referencePath, 'bf-risk.json'), 'utf8')) as Reference;

test('individual risk equals R\'s direct negative-binomial sum (exact) and the sdcMicro closed forms (approx)', () => {
  // test/reference/disclosure/bf-risk.R: Σ_h dnbinom(h, f, p)/(f + h), 54 (f, p) pairs, f up to 60, p down to 0.002.
  assert.equal(stored.values.length, 54);
  for (const { f, p, exact, approx } of stored.values) {
    const F = f / p;
    const e = individualRisk(f, F, 'exact');
    const a = individualRisk(f, F, 'approx');
    assert.ok(Math.abs(e - exact) <= 1e-10 * exact, `exact f=${f} p=${p}: ${e} vs R ${exact}`);
    assert.ok(Math.abs(a - approx) <= 1e-10 * approx, `approx f=${f} p=${p}: ${a} vs R ${approx}`);
  }
});

test('the R reference script still gives the stored values (re-run on CI)', { skip: skipUnlessCI('re-running bf-risk.R', 'R') }, () => {
  const out = execFileSync('Rscript', [join(referencePath, 'bf-risk.R')], { encoding: 'utf8' });
  assert.deepEqual((JSON.parse(out) as Reference).values, stored.values);
});

/** The published closed-form series for f > 2 (sdcMicro R/indivRisk.R, method "exact"), written out here. */
function closedFormSeries(f: number, p: number): number {
  const q = 1 - p;
  const A = (p ** (1 - f) - 1) / (f - 1);
  const B = (i: number) => ((f - 1 - i) ** 2 / ((i + 1) * (f - 2 - i))) * ((p ** (i + 2 - f) - 1) / (p ** (i + 1 - f) - 1));
  let sum = 0;
  let product = 1;
  for (let m = 0; m <= f - 3; m++) {
    product *= B(m);
    sum += (-1) ** (m + 1) * product;
  }
  return (p / q) ** f * (A * (1 + sum) + (-1) ** f * Math.log(p));
}

test('exact risk agrees with the published closed-form series where that series is numerically stable', () => {
  for (const p of [0.05, 0.3, 0.7]) {
    for (const f of [3, 4, 5, 8]) {
      const got = individualRisk(f, f / p, 'exact');
      assert.ok(Math.abs(got - closedFormSeries(f, p)) < 1e-9, `f=${f} p=${p}`);
    }
  }
});

test('properties: 1 ≤ f_k ≤ n; wildcard frequencies are never below category frequencies; risk in (0, 1]', () => {
  const column = (n: number) => fc.array(fc.option(fc.integer({ min: 1, max: 3 }), { nil: null, freq: 5 }), { minLength: n, maxLength: n });
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 30 }).chain((n) => fc.tuple(column(n), column(n), fc.integer({ min: 1, max: 50 }))),
      ([a, b, extra]) => {
        const d = dataset({ a: { values: a, qi: true }, b: { values: b, qi: true } });
        const w = measureRisk(d, { populationSize: d.n + extra });
        const c = measureRisk(d, { missingInKeys: 'category' });
        for (let i = 0; i < d.n; i++) {
          const f = w.fk[i] ?? 0;
          if (f < 1 || f > d.n || f < (c.fk[i] ?? 0)) return false;
          const r = w.risk[i] ?? 0;
          if (!(r > 0 && r <= 1)) return false;
        }
        return true;
      },
    ),
  );
});
