import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readStudyDisclosure } from '../../src/study/disclosure-file.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';

const instrument = loadInstrumentYaml(readFileSync('studies/russians-in-serbia/instrument.yaml', 'utf8'), 'instrument.yaml').instrument!;

function withFile(text: string | undefined): ReturnType<typeof readStudyDisclosure> {
  const dir = mkdtempSync(join(tmpdir(), 'portas-disclosure-'));
  if (text !== undefined) writeFileSync(join(dir, 'disclosure.yaml'), text);
  return readStudyDisclosure(dir, instrument);
}

test("the flagship's disclosure settings name recodes the instrument declares", () => {
  const s = readStudyDisclosure('studies/russians-in-serbia', instrument);
  assert.ok(!Array.isArray(s), Array.isArray(s) ? s.join('\n') : '');
  assert.equal(s.policy.k, 5);
  assert.equal(s.policy.minCell, 5);
  assert.deepEqual(s.recodes.map((r) => `${r.variable}=${r.recode.name}`), ['age=age_band', 'education=edu3', 'left_when=left_year', 'arrived_when=arrived_year', 'field=field_it']);
});

test('no file means the defaults; every problem names the file and the field', () => {
  const none = withFile(undefined);
  assert.ok(!Array.isArray(none));
  assert.equal(none.policy.k, 5);
  assert.deepEqual(none.recodes, []);
  const bad = withFile('k: 1\nmin_cell: 2.5\nrecodes:\n  age: age7\n  nonexistent: x\nkk: 3\n');
  assert.ok(Array.isArray(bad));
  assert.equal(bad.length, 5, bad.join('\n'));
  assert.ok(bad.every((p) => /disclosure\.yaml:\d+:\d+: error: /.test(p)), 'every problem is located at its line and column');
  assert.ok(bad.some((p) => p.includes("unknown setting 'kk'")));
  assert.ok(bad.some((p) => p.includes('k must be a whole number from 2')));
  assert.ok(bad.some((p) => p.includes('min_cell must be')));
  assert.ok(bad.some((p) => p.includes("recodes.age: the instrument declares no recode 'age7' on item 'age'")));
  assert.ok(bad.some((p) => p.includes("recodes.nonexistent")));
  assert.ok(Array.isArray(withFile('k: [')), 'broken YAML is reported, not thrown');
});
