// `portas export --study DIR`: the study's disclosure.yaml applies, --recode adds to it, and a wrong recode is refused before anything is written.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCsv } from '../../src/analysis/datapackage.ts';
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

// ---- the release register and the line's master (issue #15) ----------------------------------------

const registerOf = (dataDir: string) =>
  JSON.parse(readFileSync(join(dataDir, 'releases', 'register.json'), 'utf8')) as { lines: { line: number; k: number; releases: { derivedFromMaster: boolean; format: string }[] }[] };

/** The cells of one column of a data.csv, in row order. */
function column(csvText: string, name: string): string[] {
  const parsed = parseCsv(csvText, 'data.csv');
  assert.ok(parsed.ok);
  const [header = [], ...rows] = parsed.value.rows;
  return rows.map((r) => r[header.indexOf(name)] ?? '');
}

test('the first release makes the line’s master; later ones derive from it, stricter ones are refused, a new line is flagged as a merge risk', () => {
  const lineDir = join(dir, 'line-dataset');
  mkdirSync(lineDir);
  for (const name of ['datapackage.json', 'data.csv']) writeFileSync(join(lineDir, name), readFileSync(join(data, name)));
  const run = (out: string, ...extra: string[]) => spawnSync(process.execPath, ['bin/portas.js', 'export', lineDir, '--out', out, ...extra], { encoding: 'utf8' });

  const first = run(join(dir, 'r1'), '--format', 'csv', '--study', STUDY);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /release line 1 \(its master was made by this release\)/);
  assert.ok(existsSync(join(lineDir, 'releases', 'line-1', 'data.csv')));
  // Rows are shuffled: the same answers, not in the dataset's order.
  const source = column(readFileSync(join(lineDir, 'data.csv'), 'utf8'), 'net_size');
  const released = column(readFileSync(join(dir, 'r1', 'data.csv'), 'utf8'), 'net_size');
  assert.deepEqual([...released].sort(), [...source].sort());
  assert.notDeepEqual(released, source);

  // Without --study (no recodes, default k = 5) the release derives from the master: the study's recodes stay.
  const second = run(join(dir, 'r2'), '--format', 'sav');
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stderr, /release line 1 \(derived from its master\)/);
  const log = readFileSync(join(dir, 'r2', 'disclosure-log.md'), 'utf8');
  assert.match(log, /Derived from the line's protected master/);
  assert.match(log, /Recodes kept from the master: age=age_band/);
  assert.deepEqual(registerOf(lineDir).lines.map((l) => l.releases.map((r) => [r.format, r.derivedFromMaster])), [[['csv', false], ['sav', true]]]);

  // Stricter than the master: refused, nothing written.
  const strict = run(join(dir, 'r3'), '--format', 'csv', '--study', STUDY, '--k', '6');
  assert.equal(strict.status, 1);
  assert.match(strict.stderr, /k = 6, above the master's k = 5/);
  assert.ok(!existsSync(join(dir, 'r3')));

  // A new line is allowed when asked for, and says what it risks, on the terminal and in its log.
  const fresh = run(join(dir, 'r4'), '--format', 'csv', '--study', STUDY, '--k', '6', '--new-release-line');
  assert.equal(fresh.status, 0, fresh.stderr);
  assert.match(fresh.stderr, /MERGE RISK/);
  assert.match(readFileSync(join(dir, 'r4', 'disclosure-log.md'), 'utf8'), /MERGE RISK/);
  assert.deepEqual(registerOf(lineDir).lines.map((l) => [l.line, l.k]), [[1, 5], [2, 6]]);

  // A changed dataset no longer matches the line's master.
  const csvPath = join(lineDir, 'data.csv');
  const lines = readFileSync(csvPath, 'utf8').split('\r\n');
  writeFileSync(csvPath, [...lines.slice(0, 1), ...lines.slice(2)].join('\r\n').replace(/"portas:rows": \d+/, ''));
  const pkg = join(lineDir, 'datapackage.json');
  writeFileSync(pkg, readFileSync(pkg, 'utf8').replace(/"portas:rows": (\d+)/, (_, n: string) => `"portas:rows": ${String(Number(n) - 1)}`));
  const changed = run(join(dir, 'r5'), '--format', 'csv');
  assert.equal(changed.status, 1);
  assert.match(changed.stderr, /the dataset changed since release line 2's master was made/);
});

test('a label language the dataset does not have is refused, not silently replaced', () => {
  const r = exportWith(join(dir, 'de'), '--language', 'de');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--language de: the dataset has no texts in 'de' \(it has ru, en\)/);
  assert.ok(!existsSync(join(dir, 'de')));
});
