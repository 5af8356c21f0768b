// Synthetic responses for any questionnaire are ones the server takes: each is submitted page by page through the
// server's own path (visible items, the rendered page filled as a browser would, parsePage, step, completeResponse)
// for the nine real XLSForms and the flagship, and the server seals exactly the response generated, which then makes
// a dataset.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import { fillForm } from '../../src/collect/fill-form.ts';
import { respondentFields } from '../../src/collect/form-fields.ts';
import { RESPONDENT_LANGUAGES, say } from '../../src/collect/messages.ts';
import { parsePage } from '../../src/collect/parse-form.ts';
import { completeResponse, startPath, step, visibleItems, type PathState } from '../../src/collect/path.ts';
import { renderPage } from '../../src/collect/render-page.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { itemsOf, type Instrument, type ItemValue, type Response } from '../../src/instrument/model.ts';
import { syntheticResponse } from '../../src/instrument/synthetic-response.ts';
import { importXlsform } from '../../src/instrument/xlsform/import.ts';
import { readWorkbook } from '../../src/study/xlsx-io.ts';

const FORMS = '../shared/xlsforms';
const FLAGSHIP = 'studies/russians-in-serbia/instrument.yaml';
const instruments = new Map<string, Instrument>();

before(async () => {
  const flagship = loadInstrumentYaml(readFileSync(FLAGSHIP, 'utf8'), FLAGSHIP).instrument;
  instruments.set('flagship', flagship ?? assert.fail('the flagship does not load'));
  for (const file of readdirSync(FORMS).filter((f) => f.endsWith('.xlsx')).sort()) {
    const loaded = loadInstrumentYaml(importXlsform(await readWorkbook(join(FORMS, file)), { mapMissing: false }).yaml, file).instrument;
    instruments.set(file, loaded ?? assert.fail(`${file} does not load`));
  }
});

/**
 * Takes the survey as a respondent whose answers are `response`: each page rendered as the server renders it, filled
 * (a value the page does not offer fails), parsed; a page refused for anything but "asked again" fails. Returns the
 * response the server would seal.
 */
function submitPageByPage(instrument: Instrument, response: Response): Response {
  const lang = response.language;
  let state: PathState = startPath(instrument);
  for (let pages = 0; state.status === 'answering'; pages++) {
    assert.ok(pages <= instrument.sections.length, 'the questionnaire does not end');
    const page = state.page;
    const items = visibleItems(instrument, state);
    const wanted = respondentFields(items, response);
    let shownAgain: { errors: Readonly<Record<string, string>>; draft: readonly (readonly [string, string])[] } | undefined;
    for (;;) {
      const html = renderPage({ instrument, lang, page, position: { n: 1, total: 1 }, items, answers: state.answers, earlier: state.answers, errors: shownAgain?.errors ?? {}, ...(shownAgain === undefined ? {} : { draft: shownAgain.draft }), action: '/page', hidden: { state: 'sealed' }, isFirst: false, isLast: false });
      const filled = fillForm(html, wanted, ['nav', 'next']);
      if (!filled.ok) assert.fail(`page ${page}: ${filled.error}`);
      const parsed = parsePage(items, filled.value, lang);
      const problems = Object.entries(parsed.errors);
      if (problems.length === 0) {
        state = step(instrument, state, { type: 'next', pageAnswers: parsed.answers });
        break;
      }
      // Only a skipped question marked ask_again may bring the page back, and only once.
      assert.equal(shownAgain, undefined, `page ${page} refused twice: ${JSON.stringify(parsed.errors)}`);
      for (const [name, message] of problems) assert.equal(message, say('askAgain', lang), `page ${page}, ${name}: ${message}`);
      shownAgain = { errors: parsed.errors, draft: filled.value };
    }
  }
  assert.equal(state.status, 'finished');
  return completeResponse(instrument, state, lang);
}

const given = (values: Readonly<Record<string, ItemValue>>): number => Object.values(values).filter((v) => v.kind !== 'missing').length;

test('the nine real XLSForms and the flagship are all here', () => {
  assert.equal(instruments.size, 10);
});

for (const name of ['flagship', ...readdirSync(FORMS).filter((f) => f.endsWith('.xlsx')).sort()]) {
  test(`${name}: every synthetic response is taken page by page by the server, which seals exactly that response`, () => {
    const instrument = instruments.get(name) ?? assert.fail(`${name} not loaded`);
    const questions = [...itemsOf(instrument)].filter((i) => i.kind !== 'note').length;
    // A language without respondent pages (Swahili, Arabic) is refused when the study loads: answer in the others.
    const languages = instrument.languages.filter((l) => RESPONDENT_LANGUAGES.includes(l));
    let answered = 0;
    const taken: Response[] = [];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7fffffff }), (seed) => {
        const response = syntheticResponse(instrument, xoshiro128ss(seed), { language: languages[seed % languages.length] ?? 'en' });
        assert.equal(Object.keys(response.values).length, questions);
        const sealed = submitPageByPage(instrument, response);
        assert.deepEqual(sealed.values, response.values);
        answered += given(response.values);
        taken.push(sealed);
      }),
      { numRuns: instrument.sections.length > 50 ? 8 : 30 },
    );
    assert.ok(answered > 0, 'some questions are answered');
    // What was sealed makes a dataset: every value fits its item's columns.
    assert.equal(datasetFromResponses(instrument, taken).n, taken.length);
  });
}
