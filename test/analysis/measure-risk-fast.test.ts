// #20: the risk measures with one weight sum per shared key give every number the code before #20 gave.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { measureRisk } from '../../src/disclosure/measure-risk.ts';
import { dataset, type ColumnSpec } from '../disclosure/fixtures.ts';
import { measureRisk as measureRiskBefore } from './before/measure-risk-before.ts';

test('measureRisk equals the code before #20 on random datasets, with and without weights', () => {
  const rng = xoshiro128ss(77);
  for (let c = 0; c < 50; c++) {
    const n = 1 + rng.nextInt(c % 5 === 0 ? 2000 : 200);
    const q = 1 + rng.nextInt(4);
    const columns: Record<string, ColumnSpec> = Object.fromEntries<ColumnSpec>([
      ...Array.from({ length: q }, (_, j): [string, ColumnSpec] => [`q${String(j)}`, { qi: true, values: Array.from({ length: n }, () => (rng.nextInt(10) === 0 ? null : rng.nextInt(1 + rng.nextInt(4)))) }]),
      ['s', { sensitive: true, values: Array.from({ length: n }, () => (rng.nextInt(6) === 0 ? null : rng.nextInt(3))) }] as [string, ColumnSpec],
    ]);
    const d = dataset(columns);
    const weights = rng.nextInt(2) === 0 ? undefined : Float64Array.from({ length: n }, () => 0.5 + rng.nextFloat() * 20);
    const options = { k: 2 + rng.nextInt(4), missingInKeys: rng.nextInt(3) === 0 ? ('category' as const) : ('wildcard' as const), ...(weights === undefined ? {} : { weights }) };
    assert.deepEqual(measureRisk(d, options), measureRiskBefore(d, options), `case ${String(c)}`);
  }
});
