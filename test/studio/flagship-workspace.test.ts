// The main job's output as a studio workspace: the studio lists the flagship, shows its key and reaches its server.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { flagshipWorkspace } from '../../src/cli/flagship-studio.ts';
import { FLAGSHIP_SOURCE } from '../../src/studio/studies/create.ts';
import { sealStatus } from '../../src/studio/seal-status.ts';
import { datasetDir, getServerConnection, keyFile, readServerToken, studyIds } from '../../src/studio/workspace.ts';

test("the flagship's output opens in the studio without copying its data", () => {
  const out = mkdtempSync(join(tmpdir(), 'portas-flagship-ws-'));
  mkdirSync(join(out, 'study'));
  writeFileSync(join(out, 'study', 'instrument.yaml'), readFileSync(join(FLAGSHIP_SOURCE, 'instrument.yaml')));
  writeFileSync(join(out, 'study', 'study.pub'), '# portas study "russians-in-serbia" public key abc123 (hybrid)\nage1pq1example\n');
  writeFileSync(join(out, 'study', 'study.yaml'), 'synthetic: true\n');
  mkdirSync(join(out, 'keys'));
  writeFileSync(join(out, 'keys', 'flagship.key'), 'locked');
  mkdirSync(join(out, 'dataset'));
  const ws = flagshipWorkspace({ out, flagshipDir: FLAGSHIP_SOURCE, study: 'russians-in-serbia', serverUrl: 'http://127.0.0.1:1234', token: 'tok' });
  assert.deepEqual(studyIds(ws), ['russians-in-serbia']);
  assert.equal(sealStatus(ws, 'russians-in-serbia').keyId, 'abc123');
  assert.equal(readFileSync(keyFile(ws, 'russians-in-serbia'), 'utf8'), 'locked');
  assert.equal(realpathSync(datasetDir(ws, 'russians-in-serbia')), realpathSync(join(out, 'dataset')));
  const connection = getServerConnection(ws, 'russians-in-serbia');
  assert.ok(connection);
  assert.equal(connection.url, 'http://127.0.0.1:1234');
  assert.equal(readServerToken(connection), 'tok');
  // Run twice (the main job again on the same folder): nothing breaks.
  assert.equal(flagshipWorkspace({ out, flagshipDir: FLAGSHIP_SOURCE, study: 'russians-in-serbia', serverUrl: 'http://127.0.0.1:1234', token: 'tok' }), ws);
});
