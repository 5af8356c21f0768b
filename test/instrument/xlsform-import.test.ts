// The XLSForm importer on nine real forms (../shared/xlsforms) and on a Cyrillic form written here:
// every question either imported (and the result passes check, with the sheet's labels, choices and conditions)
// or reported at its row; nothing dropped silently.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readWorkbook, writeWorkbook } from '../../src/study/xlsx-io.ts';
import { previewText } from '../../src/collect/preview-text.ts';
import { hasErrors } from '../../src/core/diagnostic.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { itemsOf, type Instrument, type Item } from '../../src/instrument/model.ts';
import { importXlsform } from '../../src/instrument/xlsform/import.ts';
import { languageOf } from '../../src/instrument/xlsform/languages.ts';
import { formatSheetDiagnostic, normaliseHeader, type Sheet } from '../../src/instrument/xlsform/workbook.ts';

const FORMS = '../shared/xlsforms';
const forms = readdirSync(FORMS).filter((f) => f.endsWith('.xlsx')).sort();

const STRUCTURE = /^(begin|end)[ _](group|repeat)$|^(begin|end) loop/;

function header(sheet: Sheet): string[] {
  return (sheet.rows[0] ?? []).map((h) => (h === null ? '' : normaliseHeader(String(h))));
}
const cell = (sheet: Sheet, row: number, col: number): string => {
  const v = sheet.rows[row - 1]?.[col];
  return v === null || v === undefined ? '' : String(v).trim();
};

test('the nine real XLSForms are all present', () => {
  assert.equal(forms.length, 9);
});

for (const file of forms) {
  test(`${file}: imports, passes check, and every question is imported or reported at its row`, async () => {
    const book = await readWorkbook(join(FORMS, file));
    const result = importXlsform(book, { mapMissing: false });
    const loaded = loadInstrumentYaml(result.yaml, 'instrument.yaml');
    assert.ok(loaded.instrument !== undefined && !hasErrors(loaded.diagnostics), loaded.diagnostics.map((d) => d.message).join('\n'));
    const instrument: Instrument = loaded.instrument;
    assert.ok(!result.diagnostics.some((d) => d.code.startsWith('xlsform.check.')), 'no problem surfaces only at check');
    for (const d of result.diagnostics) assert.match(formatSheetDiagnostic(d), new RegExp(`^${file.replace('.', '\\.')}:[A-Za-z_ ]+:R\\d+:C\\d+: (error|warning): `));

    const survey = book.sheets.find((s) => s.name.toLowerCase() === 'survey')!;
    const cols = header(survey);
    const typeCol = cols.indexOf('type');
    const nameCol = cols.indexOf('name');
    const reportedRows = new Set(result.diagnostics.filter((d) => d.position?.file.toLowerCase().endsWith(':survey')).map((d) => d.position!.line));
    const everything = result.diagnostics.map((d) => d.message).join('\n');
    const importedRows = new Map(result.items.map((i) => [i.row, i]));
    let questions = 0;
    for (let r = 2; r <= survey.rows.length; r++) {
      const type = cell(survey, r, typeCol).toLowerCase().replace(/\s+/g, ' ');
      if (type === '' || STRUCTURE.test(type)) continue;
      questions += 1;
      const name = cell(survey, r, nameCol);
      const accounted = importedRows.has(r) || reportedRows.has(r) || new RegExp(`[:,] ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(,|$| —)`, 'm').test(everything);
      assert.ok(accounted, `row ${r} (${type} ${name}) is neither imported nor reported`);
    }
    assert.ok(questions > 0);

    // The imported items carry the sheet's labels (where no answer is piped in) in every kept language.
    const items = new Map([...itemsOf(instrument)].map((i) => [i.name, i]));
    for (const lang of instrument.languages) {
      const col = cols.findIndex((h) => h.startsWith('label') && (h === 'label' ? instrument.languages[0] === lang : languageOf(h, 'label').code === lang));
      if (col < 0) continue;
      for (const { row, name } of result.items) {
        const sheetLabel = cell(survey, row, col);
        const item = items.get(name);
        if (sheetLabel === '' || sheetLabel.includes('${') || item === undefined) continue;
        assert.equal(item.label[lang], sheetLabel, `${file} R${row} ${name} label in ${lang}`);
      }
    }

    // Choices: as many as the list on the choices sheet (plus one for or_other); relevance wherever the sheet has one and it was not reported.
    const choicesSheet = book.sheets.find((s) => s.name.toLowerCase() === 'choices');
    const listSizes = new Map<string, Set<string>>();
    if (choicesSheet !== undefined) {
      const ch = header(choicesSheet);
      for (let r = 2; r <= choicesSheet.rows.length; r++) {
        const list = cell(choicesSheet, r, ch.indexOf('list_name'));
        const name = cell(choicesSheet, r, ch.indexOf('name'));
        if (list !== '' && name !== '') listSizes.set(list, (listSizes.get(list) ?? new Set()).add(name));
      }
    }
    const relevantCol = cols.indexOf('relevant');
    for (const { row, name } of result.items) {
      const item = items.get(name)!;
      const type = cell(survey, row, typeCol).replace(/\s+/g, ' ');
      const list = /^(?:select_one|select_multiple|select one|select all that apply)(?: from)? (\S+)/i.exec(type)?.[1];
      if (list !== undefined && (item.kind === 'single' || item.kind === 'multiple')) {
        assert.equal(item.choices.length, (listSizes.get(list)?.size ?? 0) + (/or_other|or specify other/.test(type) ? 1 : 0), `${file} R${row} ${name} choices`);
      }
      if (relevantCol >= 0 && cell(survey, row, relevantCol) !== '' && !result.diagnostics.some((d) => d.code === 'xlsform.relevance' && d.position?.line === row)) {
        assert.ok(item.relevance !== undefined, `${file} R${row} ${name} keeps its condition`);
      }
    }
  });
}

test('named refusals: repeats, external choices and media are located, with what to do instead', async () => {
  const loop = importXlsform(await readWorkbook(join(FORMS, 'pyxform_loop.xlsx')), { mapMissing: false });
  assert.deepEqual(loop.diagnostics.map(formatSheetDiagnostic), [
    "pyxform_loop.xlsx:survey:R3:C1: error: repeat 'loop_toilet_types': a repeat cannot be carried over; its 1 question(s) are not imported: number — ask about one member (the respondent, the eldest child…) or a fixed number of members with separate items",
  ]);
  const ci = importXlsform(await readWorkbook(join(FORMS, 'pyxform_case_insensitivity.xlsx')), { mapMissing: false });
  assert.match(ci.diagnostics.map(formatSheetDiagnostic).join('\n'), /^pyxform_case_insensitivity\.xlsx:SURVEY:R3:C1: error: item 'q2': type 'select_one_external c1' cannot be carried over/m);
  const spec = importXlsform(await readWorkbook(join(FORMS, 'pyxform_xlsform_spec_test.xlsx')), { mapMissing: false });
  assert.match(spec.diagnostics.map(formatSheetDiagnostic).join('\n'), /:survey:R\d+:C\d+: error: item '[a-z_]+': type 'geopoint' cannot be carried over: the question is not imported — portas never records locations/);
});

/** A questionnaire as a Russian-speaking team would write it in Kobo, built here (no binary committed). */
const CYRILLIC: Sheet[] = [
  {
    name: 'survey',
    rows: [
      ['type', 'name', 'label::Русский (ru)', 'label::English (en)', 'hint::Русский (ru)', 'hint::English (en)', 'relevant', 'constraint', 'constraint_message::Русский (ru)', 'constraint_message::English (en)', 'appearance', 'required'],
      ['start', 'start', null, null, null, null, null, null, null, null, null, null],
      ['select_one yn', 'left_russia', 'Вы уехали из России после февраля 2022 года?', 'Did you leave Russia after February 2022?', null, null, null, null, null, null, null, 'yes'],
      ['date', 'arrived', 'Когда Вы приехали в Сербию?', 'When did you arrive in Serbia?', 'Месяц и год', 'Month and year', "${left_russia} = 'yes'", null, null, null, 'month-year', null],
      ['begin group', 'about', 'О Вас', 'About you', null, null, null, null, null, null, 'field-list', null],
      ['integer', 'age', 'Сколько Вам лет?', 'How old are you?', null, null, null, '. >= 18 and . <= 99', 'Возраст от 18 до 99', 'Age from 18 to 99', null, 'yes'],
      ['select_one city or_other', 'city', 'Где Вы живёте?', 'Where do you live?', null, null, null, null, null, null, null, null],
      ['decimal', 'rent', 'Сколько Вы платите за жильё, тыс. динаров?', 'How much is your rent, thousand dinars?', null, null, null, null, null, null, null, null],
      ['end group', null, null, null, null, null, null, null, null, null, null, null],
      ['begin repeat', 'children', 'Дети', 'Children', null, null, null, null, null, null, null, null],
      ['integer', 'child_age', 'Возраст ребёнка', 'Age of the child', null, null, null, null, null, null, null, null],
      ['end repeat', null, null, null, null, null, null, null, null, null, null, null],
      ['geopoint', 'where', 'Где Вы сейчас?', 'Where are you now?', null, null, null, null, null, null, null, null],
      ['text', 'why', 'Почему Вы уехали, ${city}?', 'Why did you leave, ${city}?', null, null, "selected(${left_russia}, 'yes')", null, null, null, 'multiline', null],
    ],
  },
  {
    name: 'choices',
    rows: [
      ['list_name', 'name', 'label::Русский (ru)', 'label::English (en)'],
      ['yn', 'yes', 'Да', 'Yes'],
      ['yn', 'no', 'Нет', 'No'],
      ['yn', 'dont_know', 'Затрудняюсь ответить', "Don't know"],
      ['city', 'belgrade', 'Белград', 'Belgrade'],
      ['city', 'novi_sad', 'Нови-Сад', 'Novi Sad'],
    ],
  },
  { name: 'settings', rows: [['form_title', 'form_id', 'version', 'default_language'], ['Россияне в Сербии', 'rs_pilot', '2024-1', 'Русский (ru)']] },
];

test('a Cyrillic XLSForm written here: imports with both languages, typed missing values mapped, refusals located', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'portas-xlsform-')), 'pilot.xlsx');
  await writeWorkbook(path, CYRILLIC);
  const result = importXlsform(await readWorkbook(path), { mapMissing: true });
  const loaded = loadInstrumentYaml(result.yaml, 'instrument.yaml');
  assert.ok(loaded.instrument !== undefined, loaded.diagnostics.map((d) => d.message).join('\n'));
  const instrument = loaded.instrument;
  assert.deepEqual([instrument.study, instrument.version, instrument.languages], ['rs-pilot', '2024-1', ['ru', 'en']]);
  const items = new Map<string, Item>([...itemsOf(instrument)].map((i) => [i.name, i]));
  assert.deepEqual([...items.keys()], ['left_russia', 'arrived', 'age', 'city', 'rent', 'why']);
  assert.deepEqual(result.missingMapping, ["list 'yn': dont_know → don't know"]);
  const left = items.get('left_russia')!;
  assert.ok(left.kind === 'single' && left.choices.length === 2 && left.offers.has('dont_know'));
  const arrived = items.get('arrived')!;
  assert.deepEqual([arrived.kind, arrived.kind === 'date' && arrived.precision, arrived.relevance?.source], ['date', 'month', '${left_russia} = 1']);
  const age = items.get('age')!;
  assert.deepEqual([age.constraint?.source, age.constraint?.message], ['. >= 18 and . <= 99', { ru: 'Возраст от 18 до 99', en: 'Age from 18 to 99' }]);
  const city = items.get('city')!;
  assert.ok(city.kind === 'single' && city.other?.code === 3 && city.choices[2]?.label['ru'] === 'Другое');
  assert.equal(items.get('why')?.kind, 'long_text');
  // `required` becomes "ask again once, then accept a skip" — never a forced answer.
  assert.deepEqual([...items.values()].filter((i) => i.askAgain === true).map((i) => i.name), ['left_russia', 'age']);
  // The field-list group is one page; the questions around it are a page each.
  assert.deepEqual(instrument.sections.map((s) => s.items.map((i) => i.name)), [['left_russia'], ['arrived'], ['age', 'city', 'rent'], ['why']]);
  assert.equal(instrument.sections[2]?.title['ru'], 'О Вас');
  const preview = previewText(instrument, 'ru');
  assert.match(preview, /• Вы уехали из России после февраля 2022 года\?  \{left_russia: single\}\n {4}\[asked again once if skipped\]\n {4}\( \) 1\. Да\n {4}\( \) 2\. Нет\n {4}\( \) Затрудняюсь ответить/);
  assert.match(preview, /Почему Вы уехали, \$\{city\}\?/);
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error').map(formatSheetDiagnostic), [
    "pilot.xlsx:survey:R10:C1: error: repeat 'children': a repeat cannot be carried over; its 1 question(s) are not imported: child_age — ask about one member (the respondent, the eldest child…) or a fixed number of members with separate items",
    "pilot.xlsx:survey:R13:C1: error: item 'where': type 'geopoint' cannot be carried over: the question is not imported — portas never records locations: ask for the town or district as a choice",
  ]);
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').map(formatSheetDiagnostic).join('\n');
  assert.match(warnings, /pilot\.xlsx:survey:R1:C1: warning: not collected: start/);
  assert.match(warnings, /pilot\.xlsx:survey:R3:C12: warning: 2 question\(s\) are marked required; portas never forces an answer: each is imported with ask_again/);
});
