// YAML → XLSForm → YAML gives the same instrument: the flagship and the new-kinds fixture, through a real .xlsx file.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readWorkbook, writeWorkbook } from '../../src/study/xlsx-io.ts';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import type { Instrument } from '../../src/instrument/model.ts';
import { exportXlsform } from '../../src/instrument/xlsform/export.ts';
import { importXlsform } from '../../src/instrument/xlsform/import.ts';
import { formatSheetDiagnostic, type Sheet } from '../../src/instrument/xlsform/workbook.ts';

function load(path: string): Instrument {
  const r = loadInstrumentYaml(readFileSync(path, 'utf8'), path);
  if (r.instrument === undefined) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.instrument;
}

/** The instrument as plain data, without source positions (they name lines of different files). */
function plain(instrument: Instrument): unknown {
  return JSON.parse(JSON.stringify(instrument, (key, value: unknown) => (key === 'position' ? undefined : value instanceof Set ? [...(value as Set<unknown>)] : value instanceof Map ? [...(value as Map<unknown, unknown>)] : value)));
}

async function roundTrip(instrument: Instrument): Promise<{ back: Instrument; messages: string[] }> {
  const file = join(mkdtempSync(join(tmpdir(), 'portas-roundtrip-')), 'form.xlsx');
  await writeWorkbook(file, exportXlsform(instrument));
  const result = importXlsform(await readWorkbook(file), { mapMissing: false });
  const loaded = loadInstrumentYaml(result.yaml, 'instrument.yaml');
  if (loaded.instrument === undefined) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  return { back: loaded.instrument, messages: result.diagnostics.map(formatSheetDiagnostic) };
}

for (const path of ['studies/russians-in-serbia/instrument.yaml', 'test/instrument/fixtures/new-kinds.yaml']) {
  test(`${path}: YAML → XLSForm → YAML is the same instrument, with nothing to report`, async () => {
    const original = load(path);
    const { back, messages } = await roundTrip(original);
    assert.deepEqual(messages, []);
    assert.deepEqual(plain(back), plain(original));
  });
}

test('the XLSForm follows ODK conventions: field-list groups per page, choice names are codes, languages as label::Name (code)', () => {
  const sheets = exportXlsform(load('studies/russians-in-serbia/instrument.yaml'));
  assert.deepEqual(sheets.map((s) => s.name), ['survey', 'choices', 'settings']);
  const [survey, choices, settings] = sheets as [Sheet, Sheet, Sheet];
  assert.deepEqual(survey.rows[0]?.slice(0, 4), ['type', 'name', 'label::Russian (ru)', 'label::English (en)']);
  assert.deepEqual(survey.rows[1]?.slice(0, 2), ['begin group', 'about_you']);
  assert.ok(survey.rows.some((r) => r[0] === 'select_one sex'));
  assert.ok(survey.rows.filter((r) => r[0] === 'begin group').every((r) => r.includes('field-list')));
  assert.deepEqual(choices.rows[0], ['list_name', 'name', 'label::Russian (ru)', 'label::English (en)']);
  assert.ok(choices.rows.slice(1).every((r) => /^[0-9]+$|^dont_know$|^refused$/.test(String(r[1]))));
  assert.deepEqual(settings.rows[1]?.slice(1, 4), ['russians-in-serbia', '2024.1', 'Russian (ru)']);
});
