// A dataset built chunk by chunk and joined (as `portas open` builds it) is the dataset built at once.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { concatDatasets } from '../../src/analysis/concat-datasets.ts';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { generateReplica } from '../../studies/russians-in-serbia/replica/generate-replica.ts';

const FILE = 'studies/russians-in-serbia/instrument.yaml';
const instrument = loadInstrumentYaml(readFileSync(FILE, 'utf8'), FILE).instrument;
if (instrument === undefined) throw new Error('the flagship instrument does not load');
const flagship = instrument;
const { responses, meta } = generateReplica(flagship, 20240401);

test('the flagship replica in random chunks, joined, equals the replica built at once', () => {
  const whole = datasetFromResponses(flagship, responses, { meta, synthetic: true });
  const rng = xoshiro128ss(5);
  for (let c = 0; c < 12; c++) {
    const parts = [];
    for (let from = 0; from < responses.length; ) {
      const to = Math.min(responses.length, from + 1 + rng.nextInt(c < 6 ? 30 : 150));
      parts.push(datasetFromResponses(flagship, responses.slice(from, to), { meta: meta.slice(from, to), synthetic: true }));
      from = to;
    }
    assert.deepEqual(concatDatasets(parts), whole, `case ${String(c)}: ${String(parts.length)} parts`);
  }
});

test('parts from different instruments are refused', () => {
  const a = datasetFromResponses(flagship, responses.slice(0, 3), { meta: meta.slice(0, 3) });
  const b = datasetFromResponses(flagship, responses.slice(3, 6));
  assert.throws(() => concatDatasets([a, b]), /not come from the same instrument/);
  assert.throws(() => concatDatasets([]), /no parts/);
});
