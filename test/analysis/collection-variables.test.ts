import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { meanCompletionMinutes } from '../../src/analysis/collection-variables.ts';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import { COMPLETION_BANDS, completionBand, meanFromBands } from '../../src/instrument/completion-time.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { MISSING_INDEX } from '../../src/instrument/missing.ts';
import type { Response } from '../../src/instrument/model.ts';

const mini = loadInstrumentYaml(readFileSync('test/instrument/fixtures/mini.yaml', 'utf8'), 'mini.yaml').instrument!;

test('a duration falls in exactly one band; the edges belong to the later band', () => {
  assert.deepEqual([0, 4, 5, 9, 10, 14, 15, 19, 20, 29, 30, 59, 60, 600, -3].map((m) => completionBand(m).code), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 1]);
  for (const b of COMPLETION_BANDS) assert.equal(completionBand(b.from).code, b.code);
});

test('the mean from bands counts each band at its midpoint and the open top band at its lower edge', () => {
  // 2 × 7.5 + 12.5 + 60 = 87.5 over 4
  assert.deepEqual(meanFromBands([2, 2, 3, 7]), { mean: 87.5 / 4, n: 4, openTop: 1 });
  assert.equal(meanFromBands([]), undefined);
  assert.deepEqual(meanFromBands([99, 1]), { mean: 2.5, n: 1, openTop: 0 }, 'an unknown code is not counted');
});

test('collected data carries completion_time (ordinal, exported like an answer) and unlinked (system)', () => {
  const base: Response = { study: mini.study, instrumentVersion: mini.version, language: 'en', values: {} };
  const responses: Response[] = [
    { ...base, collection: { completionBand: 2 } },
    { ...base, collection: { completionBand: 3, unlinked: 'coupon-used' } },
    base,
  ];
  const ds = datasetFromResponses(mini, responses, { meta: responses.map((_, i) => ({ responseId: `r${i}`, period: '2024-W17', recruiter: '' })) });
  const time = ds.variables.find((v) => v.name === 'completion_time');
  const unlinked = ds.variables.find((v) => v.name === 'unlinked');
  assert.ok(time?.type === 'coded' && unlinked?.type === 'coded');
  assert.equal(time.role, 'answer');
  assert.equal(time.measure, 'ordinal');
  assert.deepEqual([...time.values.slice(0, 2)], [2, 3]);
  assert.ok(Number.isNaN(time.values[2]));
  assert.deepEqual([...time.missing], [0, 0, MISSING_INDEX.not_applicable]);
  assert.equal(unlinked.role, 'system');
  assert.deepEqual([...unlinked.missing], [MISSING_INDEX.not_applicable, 0, MISSING_INDEX.not_applicable]);
  assert.equal(unlinked.values[1], 1);
  assert.equal(datasetFromResponses(mini, responses).variables.some((v) => v.name === 'completion_time'), false, 'not without collection meta');
});

test('the mean completion time of a dataset comes from its bands', () => {
  const base: Response = { study: mini.study, instrumentVersion: mini.version, language: 'en', values: {} };
  const responses: Response[] = [2, 2, 3, 7].map((b) => ({ ...base, collection: { completionBand: b } }));
  const ds = datasetFromResponses(mini, [...responses, base], { meta: [...responses, base].map((_, i) => ({ responseId: `r${i}` })) });
  assert.deepEqual(meanCompletionMinutes(ds), { mean: 87.5 / 4, n: 4, openTop: 1 });
  assert.equal(meanCompletionMinutes(datasetFromResponses(mini, responses)), undefined);
});
