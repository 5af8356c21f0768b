// Design variables pass the gate (issue #15): the recruitment structure is a quasi-identifier, chains are numbered
// afresh per release, replicate weights (the whole tree) leave only when the researcher accepts the risk aloud,
// and a weight whose inputs the gate changed is refused.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Dataset } from '../../src/analysis/dataset.ts';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import { readStudyDisclosure } from '../../src/study/disclosure-file.ts';
import { expectOk } from '../../src/core/result.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { measureRisk, release } from '../../src/disclosure/index.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { clearDesign } from '../../src/study/release-design.ts';
import { TREE_RISK } from '../../src/study/release-structure.ts';
import { generateReplica } from '../../studies/russians-in-serbia/replica/generate-replica.ts';

const STUDY = 'studies/russians-in-serbia';
const instrument = loadInstrumentYaml(readFileSync(`${STUDY}/instrument.yaml`, 'utf8'), 'instrument.yaml').instrument!;
const replica = generateReplica(instrument, 20240401);
const flagship = datasetFromResponses(instrument, replica.responses, { meta: replica.meta, synthetic: true });
const settings = readStudyDisclosure(STUDY, instrument);
if (Array.isArray(settings)) throw new Error(settings.join('\n'));
const { k } = settings.policy;
const gated = expectOk(release({ kind: 'microdata', dataset: flagship, recodes: settings.recodes, rng: xoshiro128ss(1) }, settings.policy), 'release').released;

test('chain and wave leave only as far as k holds with the quasi-identifiers; replicate weights are withheld by default', () => {
  const design = expectOk(clearDesign(flagship, gated, { degreeItem: 'net_size', structure: true, replicates: 20 }, k, xoshiro128ss(2)), 'design');
  const variables = design.forRelease(xoshiro128ss(3));
  assert.equal(design.declaration.replicates, undefined);
  assert.ok(!variables.some((v) => v.name.startsWith('rep_')));
  assert.match(design.log.join('\n'), /replicate weights: withheld/);
  assert.deepEqual(design.risks, []);
  const structure = variables.filter((v) => v.name === 'chain' || v.name === 'wave');
  const withStructure: Dataset = { ...gated, variables: [...gated.variables, ...structure] };
  const qis = [...gated.variables.filter((v) => v.quasiIdentifier).map((v) => v.name), ...structure.map((v) => v.name)];
  assert.equal(measureRisk(withStructure, { quasiIdentifiers: qis, k, missingInKeys: 'wildcard' }).kViolations, 0);
  // Each of chain and wave is either released or its withholding logged.
  for (const name of ['chain', 'wave']) assert.match(design.log.join('\n'), new RegExp(`\`${name}\`: (released|withheld)`));
});

test('with --release-tree the chains, waves and replicate weights leave exactly, and chains are numbered afresh for each release', () => {
  const design = expectOk(clearDesign(flagship, gated, { degreeItem: 'net_size', structure: true, replicates: 5, releaseTree: true }, k, xoshiro128ss(2)), 'design');
  assert.deepEqual(design.risks, [TREE_RISK]);
  assert.deepEqual(design.declaration.replicates, ['rep_1', 'rep_2', 'rep_3', 'rep_4', 'rep_5']);
  const chainIn = (seed: number): Float64Array => {
    const v = design.forRelease(xoshiro128ss(seed)).find((x) => x.name === 'chain');
    assert.ok(v !== undefined && v.type === 'coded');
    return v.values;
  };
  const a = chainIn(10);
  const b = chainIn(11);
  // The same partition of rows into chains under other numbers: releases cannot be joined on the label.
  const pairs = new Map<number, number>();
  a.forEach((x, i) => {
    const y = b[i] ?? NaN;
    assert.equal(pairs.get(x) ?? y, y, 'one chain, one label per release');
    pairs.set(x, y);
  });
  assert.ok([...pairs].some(([x, y]) => x !== y), 'the labels differ between releases');
  // Not the storage order either: the first seed's chain is not always chain 1.
  assert.ok([10, 11, 12, 13, 14, 15].map((s) => chainIn(s)[0]).some((c) => c !== 1));
});

test('a raking weight on a margin the gate changed, or a weight of a suppressed network size, is refused', () => {
  const sex = { degreeItem: 'net_size', rake: { margins: [{ variable: 'sex', targets: { '1': 5000, '2': 5000 } }] } };
  const refused = clearDesign(flagship, gated, sex, k, xoshiro128ss(2));
  assert.ok(!refused.ok);
  assert.equal(refused.error[0]?.code, 'export.design');
  assert.match(refused.error.map((e) => e.message).join(' '), /'sex' does not leave as it is|missing values/);
  const asQi = { ...gated, variables: gated.variables.map((v) => (v.name === 'net_size' ? { ...v, quasiIdentifier: true } : v)) };
  const noWeight = clearDesign(flagship, asQi, { degreeItem: 'net_size' }, k, xoshiro128ss(2));
  assert.ok(!noWeight.ok);
});
