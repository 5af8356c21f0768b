// `portas export --study DIR`: the study's disclosure.yaml applies, --recode adds to it, and a wrong recode is refused before anything is written.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import { writeDataPackage } from '../../src/export/datapackage/write.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { generateReplica } from '../../studies/russians-in-serbia/replica/generate-replica.ts';

const STUDY = 'studies/russians-in-serbia';
const instrument = loadInstrumentYaml(readFileSync(`${STUDY}/instrument.yaml`, 'utf8'), 'instrument.yaml').instrument!;
const replica = generateReplica(instrument, 20240401);
const dir = mkdtempSync(join(tmpdir(), 'portas-export-study-'));
const data = join(dir, 'dataset');
mkdirSync(data);
for (const f of writeDataPackage(datasetFromResponses(instrument, replica.responses, { meta: replica.meta, synthetic: true }))) {
  writeFileSync(join(data, f.name), f.bytes);
}
const exportWith = (out: string, ...extra: string[]) => spawnSync(process.execPath, ['bin/portas.js', 'export', data, '--format', 'csv', '--out', out, ...extra], { encoding: 'utf8' });

test("the study's declared recodes apply with --study, and --recode replaces one of them", () => {
  const out = join(dir, 'with-study');
  const r = exportWith(out, '--study', STUDY, '--recode', 'age=age5');
  assert.equal(r.status, 0, r.stderr);
  const log = readFileSync(join(out, 'disclosure-log.md'), 'utf8');
  for (const row of ['| age | age5 |', '| education | edu3 |', '| left_when | left_year |', '| arrived_when | arrived_year |', '| field | field_it |']) assert.ok(log.includes(row), row);
  assert.ok(!log.includes('| age | age_band |'), '--recode age=… takes the place of the study’s age recode');
});

test('a recode the instrument does not declare is refused and nothing is written', () => {
  const out = join(dir, 'bad');
  const r = exportWith(out, '--study', STUDY, '--recode', 'age=age7');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--recode age=age7: the instrument declares no recode 'age7' on item 'age'/);
  assert.ok(!existsSync(out));
  const noStudy = exportWith(out, '--recode', 'age=age5');
  assert.equal(noStudy.status, 2);
  assert.match(noStudy.stderr, /--recode needs --study/);
});
