// Synthetic studies of any size from the flagship's instrument: the replica's 222 answer patterns drawn
// at random, linked by a fresh recruitment tree (12 seeds, 0–3 recruits each). Deterministic per seed.

import { readFileSync } from 'node:fs';
import type { Dataset } from '../src/analysis/dataset.ts';
import { datasetFromResponses, type ResponseMeta } from '../src/analysis/from-responses.ts';
import { xoshiro128ss } from '../src/core/rng.ts';
import { loadInstrumentYaml } from '../src/instrument/load-yaml.ts';
import type { Instrument, Response } from '../src/instrument/model.ts';
import { couponTree } from '../studies/russians-in-serbia/replica/coupons.ts';
import { generateReplica } from '../studies/russians-in-serbia/replica/generate-replica.ts';

export const FLAGSHIP_DIR = 'studies/russians-in-serbia';

export function flagshipInstrument(): Instrument {
  const loaded = loadInstrumentYaml(readFileSync(`${FLAGSHIP_DIR}/instrument.yaml`, 'utf8'), `${FLAGSHIP_DIR}/instrument.yaml`).instrument;
  if (loaded === undefined) throw new Error('the flagship instrument does not load');
  return loaded;
}

export interface SyntheticStudy {
  readonly instrument: Instrument;
  readonly responses: readonly Response[];
  readonly meta: readonly ResponseMeta[];
}

export function syntheticStudy(n: number, seed = 1): SyntheticStudy {
  const instrument = flagshipInstrument();
  const replica = generateReplica(instrument, 20240401);
  const rng = xoshiro128ss(seed);
  const responses = Array.from({ length: n }, () => replica.responses[rng.nextInt(replica.responses.length)] as Response);
  return { instrument, responses, meta: couponTree(xoshiro128ss(seed + 1), n) };
}

/**
 * The dataset, with each quasi-identifier column shuffled on its own: the replica has only 222 answer
 * patterns, and a large survey has many more combinations (disclosure control has work to do at every size).
 */
export function syntheticDataset(n: number, seed = 1): Dataset {
  const s = syntheticStudy(n, seed);
  const dataset = datasetFromResponses(s.instrument, s.responses, { meta: s.meta, synthetic: true });
  const rng = xoshiro128ss(seed + 2);
  for (const v of dataset.variables) {
    if (!v.quasiIdentifier || v.type === 'text') continue;
    for (let i = n - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      const [x, y] = [v.values[i] ?? Number.NaN, v.values[j] ?? Number.NaN];
      v.values[i] = y;
      v.values[j] = x;
      const [a, b] = [v.missing[i] ?? 0, v.missing[j] ?? 0];
      v.missing[i] = b;
      v.missing[j] = a;
    }
  }
  return dataset;
}
