// The attack test of issue #15: from releases, their logs and the published counts, recover suppressed values by
// category inference, by counts and by merging two releases (row by row and by matching on shared variables).
// A value counts as recovered when the release under attack suppresses it and the attacker names it right.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Dataset, Variable } from '../../src/analysis/dataset.ts';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import { readStudyDisclosure } from '../../src/study/disclosure-file.ts';
import { expectOk } from '../../src/core/result.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { disclosurePolicy, relevanceDependents, release, renderLog, type DisclosurePolicy, type RecodeStep } from '../../src/disclosure/index.ts';
import { quasiIdentifierNames } from '../../src/disclosure/keys.ts';
import { localSuppression } from '../../src/disclosure/local-suppression.ts';
import { applyRecodes } from '../../src/disclosure/recode.ts';
import { randomPermutation } from '../../src/disclosure/shuffle-rows.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { MISSING_INDEX } from '../../src/instrument/missing.ts';
import { generateReplica } from '../../studies/russians-in-serbia/replica/generate-replica.ts';
import { dataset } from './fixtures.ts';
import { categoryInference, marginalsOf, mergeByMatching, mergeRowByRow, recovered, type Guess } from './release-attacker.ts';

/** A release as the attacker gets it: rows in a random order (`order[t]` = the dataset row behind release row t). */
interface Shuffled {
  readonly data: Dataset;
  readonly order: Uint32Array;
}

function permute(d: Dataset, seed: number): Shuffled {
  const order = randomPermutation(d.n, xoshiro128ss(seed));
  const variables = d.variables.map((v): Variable => {
    const missing = Uint8Array.from(order, (from) => v.missing[from] ?? 0);
    return v.type === 'text' ? { ...v, missing, values: Array.from(order, (from) => v.values[from] ?? '') } : { ...v, missing, values: Float64Array.from(order, (from) => v.values[from] ?? NaN) };
  });
  return { data: { ...d, variables }, order };
}

const valueAt = (d: Dataset, name: string, row: number): number => {
  const v = d.variables.find((x) => x.name === name);
  return v === undefined || v.type === 'text' ? NaN : (v.values[row] ?? NaN);
};
const isSuppressed = (s: Shuffled, name: string, row: number): boolean => s.data.variables.find((v) => v.name === name)?.missing[row] === MISSING_INDEX.suppressed;

/** Right guesses about cells the target release suppresses; the truth is `reference` (recoded, before suppression). */
function score(guesses: readonly Guess[], target: Shuffled, reference: Dataset): number {
  assert.ok(guesses.every((g) => isSuppressed(target, g.variable, g.row)), 'the attacker guesses suppressed cells only');
  return recovered(guesses, (row, name) => valueAt(reference, name, target.order[row] ?? 0));
}

/** Every attack against two releases of the same dataset: counts on each, both merges both ways. */
function attackPair(a: Shuffled, b: Shuffled, reference: Dataset, qis: readonly string[]): Record<string, number> {
  const published = marginalsOf(reference, qis);
  return {
    'category inference on the first release': score(categoryInference(a.data, published), a, reference),
    'category inference on the second release': score(categoryInference(b.data, published), b, reference),
    'row-by-row merge, first filled from second': score(mergeRowByRow(a.data, b.data), a, reference),
    'row-by-row merge, second filled from first': score(mergeRowByRow(b.data, a.data), b, reference),
    'matching merge, first filled from second': score(mergeByMatching(a.data, b.data), a, reference),
    'matching merge, second filled from first': score(mergeByMatching(b.data, a.data), b, reference),
  };
}

const zero = (r: Record<string, number>): Record<string, number> => Object.fromEntries(Object.keys(r).map((k) => [k, 0]));

// ---- the flagship replica ---------------------------------------------------------------------

const STUDY = 'studies/russians-in-serbia';
const instrument = loadInstrumentYaml(readFileSync(`${STUDY}/instrument.yaml`, 'utf8'), 'instrument.yaml').instrument!;
const replica = generateReplica(instrument, 20240401);
const flagship = datasetFromResponses(instrument, replica.responses, { meta: replica.meta, synthetic: true });
const settings = readStudyDisclosure(STUDY, instrument);
if (Array.isArray(settings)) throw new Error(settings.join('\n'));

test('flagship replica: a release with disclosure.yaml and one without it, merged every way, give back no suppressed value', () => {
  const recodes: readonly RecodeStep[] = settings.recodes;
  const first = expectOk(release({ kind: 'microdata', dataset: flagship, recodes, rng: xoshiro128ss(11) }, settings.policy), 'first release');
  // The second release asks for no recodes and the default policy, as `portas export` without --study; it is derived from the line's master.
  const second = expectOk(release({ kind: 'microdata', dataset: flagship, recodes: [], rng: xoshiro128ss(12), master: { dataset: first.master, recodes, k: settings.policy.k } }, disclosurePolicy()), 'second release');
  assert.ok(first.log.suppressedTotal > 0, 'the replica must need suppression, or this test attacks nothing');
  const reference = expectOk(applyRecodes(flagship, recodes), 'reference').dataset;
  const qis = quasiIdentifierNames(flagship);
  const result = attackPair(permute(first.released, 101), permute(second.released, 102), reference, qis);
  assert.deepEqual(result, zero(result));
  // The log gives no count from before suppression (entropy or answers before), which with the file would complete the picture.
  const log = renderLog(first.log);
  assert.doesNotMatch(log, /entropy before|answered before/i);
});

test('flagship replica: the attacker is not toothless (without complementary suppression, or on a new release line, it recovers values)', () => {
  const recodes: readonly RecodeStep[] = settings.recodes;
  const reference = expectOk(applyRecodes(flagship, recodes), 'reference').dataset;
  const qis = quasiIdentifierNames(flagship);
  const plain = localSuppression(reference, { k: settings.policy.k, quasiIdentifiers: qis });
  assert.ok(plain !== undefined);
  const shuffled = permute(plain.dataset, 7);
  assert.ok(score(categoryInference(shuffled.data, marginalsOf(reference, qis)), shuffled, reference) > 0, 'local suppression alone leaks by category inference');

  const first = expectOk(release({ kind: 'microdata', dataset: flagship, recodes, rng: xoshiro128ss(21) }, settings.policy), 'first');
  const newLine = expectOk(release({ kind: 'microdata', dataset: flagship, recodes: [], rng: xoshiro128ss(22) }, disclosurePolicy()), 'new line');
  const a = permute(first.released, 201);
  const b = permute(newLine.released, 202);
  const merged = score(mergeByMatching(a.data, b.data), a, reference) + score(mergeByMatching(b.data, a.data), b, flagship);
  assert.ok(merged > 0, 'two independent release lines can be merged: that is the risk --new-release-line names');
});

// ---- random datasets ----------------------------------------------------------------------------

/** Quasi-identifiers with small domains, plus answers that make records easy to match across releases. */
const randomData = fc.integer({ min: 12, max: 60 }).chain((n) => {
  const col = (max: number, skip: number) => fc.array(fc.option(fc.integer({ min: 1, max }), { nil: null, freq: skip }), { minLength: n, maxLength: n });
  return fc.record({ q1: col(2, 20), q2: col(4, 12), q3: col(6, 12), a1: col(5, 8), a2: col(7, 8), a3: col(9, 8) });
});

test('property: on random datasets, no attack recovers a suppressed value from two releases of a line with different settings (k, variables)', () => {
  fc.assert(
    fc.property(randomData, fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 6 }), fc.boolean(), fc.integer(), (cols, k1, k2, dropAnswer, seed) => {
      const d = dataset({ q1: { values: cols.q1, qi: true }, q2: { values: cols.q2, qi: true }, q3: { values: cols.q3, qi: true }, a1: { values: cols.a1 }, a2: { values: cols.a2 }, a3: { values: cols.a3 } });
      const policy = (k: number): DisclosurePolicy => disclosurePolicy({ k });
      const first = release({ kind: 'microdata', dataset: d, rng: xoshiro128ss(seed) }, policy(k1));
      if (!first.ok) return d.n < k1;
      // The second release: another k, maybe fewer variables, derived from the master.
      const base = dropAnswer ? { ...first.value.master, variables: first.value.master.variables.filter((v) => v.name !== 'a3') } : first.value.master;
      const second = release({ kind: 'microdata', dataset: dropAnswer ? { ...d, variables: d.variables.filter((v) => v.name !== 'a3') } : d, rng: xoshiro128ss(seed + 1), master: { dataset: base, recodes: [], k: k1 } }, policy(k2));
      // Stricter than the master is refused: the first release would give back whatever more it hid.
      if (k2 > k1) return !second.ok && second.error[0]?.code === 'disclosure.release-line';
      if (!second.ok) return false;
      const result = attackPair(permute(first.value.released, seed + 2), permute(second.value.released, seed + 3), d, ['q1', 'q2', 'q3']);
      return Object.values(result).every((x) => x === 0);
    }),
    { numRuns: 150 },
  );
});

test('flagship replica: where a quasi-identifier is suppressed, no item asked depending on it shows whether it was asked', () => {
  const recodes: readonly RecodeStep[] = settings.recodes;
  const dependents = relevanceDependents(instrument, flagship);
  // The flagship's arrived_when decides whether census2022 and work_permit23 are asked.
  assert.deepEqual([...(dependents.get('arrived_when') ?? [])].sort(), ['census2022', 'work_permit23']);
  const telling = (d: Dataset): number => {
    let n = 0;
    for (const [source, targets] of dependents) {
      const q = d.variables.find((v) => v.name === source);
      for (const name of targets) {
        const t = d.variables.find((v) => v.name === name);
        for (let r = 0; r < d.n; r++) if (q?.missing[r] === MISSING_INDEX.suppressed && t !== undefined && t.missing[r] !== MISSING_INDEX.suppressed) n++;
      }
    }
    return n;
  };
  const guarded = expectOk(release({ kind: 'microdata', dataset: flagship, recodes, rng: xoshiro128ss(31), dependents }, settings.policy), 'with dependents');
  const unguarded = expectOk(release({ kind: 'microdata', dataset: flagship, recodes, rng: xoshiro128ss(31) }, settings.policy), 'without');
  assert.ok(telling(unguarded.released) > 0, 'without the instrument the state of dependent items shows in suppressed rows');
  assert.equal(telling(guarded.released), 0);
  assert.ok(guarded.log.relevanceSuppressed > 0);
  assert.match(renderLog(guarded.log), /the items asked depending on it are suppressed too/);
  assert.match(renderLog(unguarded.log), /The instrument was not given to the gate/);
});
