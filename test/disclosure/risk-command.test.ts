import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRiskArgs, riskCommand } from '../../src/cli/risk.ts';
import { err, ok } from '../../src/core/result.ts';
import { flagshipLike } from './flagship-like.ts';

test('portas risk: prints the summary of the loaded dataset; load errors and bad options exit non-zero', async () => {
  let out = '';
  let errors = '';
  const { dataset } = flagshipLike();
  const cmd = riskCommand(
    (dir) => Promise.resolve(dir === 'data' ? ok(dataset) : err([{ code: 'dataset.unreadable', severity: 'error', message: 'no datapackage.json', subject: dir }])),
    (t) => (out += t),
    (t) => (errors += t),
  );
  assert.equal(await cmd.run(['data', '--k', '3', '--population', '30000']), 0);
  assert.match(out, /records in keys below k = 3/);
  assert.equal(await cmd.run(['missing']), 1);
  assert.match(errors, /missing: no datapackage.json/);
  assert.equal(await cmd.run(['--k', 'x']), 2);
  assert.deepEqual(parseRiskArgs([]), 'missing DATA_DIR');
});
