import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { catalogueProblems, RESPONDENT_LANGUAGES, say } from '../../src/collect/messages.ts';
import { generateStudyKey, recipientFileText } from '../../src/crypto/index.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { loadStudyRuntime } from '../../src/server/study-runtime.ts';

const key = await generateStudyKey({ kind: 'x25519' });

function studyDir(instrument: string, settings?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'portas-lang-'));
  writeFileSync(join(dir, 'instrument.yaml'), instrument);
  writeFileSync(join(dir, 'study.pub'), recipientFileText(key, 'x'));
  if (settings !== undefined) writeFileSync(join(dir, 'study.yaml'), settings);
  return dir;
}

const FOUR = readFileSync('test/e2e/fixtures/four-languages/instrument.yaml', 'utf8');

test('the pages speak ru, en, sr and uk, every message in each', () => {
  assert.deepEqual([...RESPONDENT_LANGUAGES].sort(), ['en', 'ru', 'sr', 'uk']);
  assert.deepEqual(catalogueProblems(RESPONDENT_LANGUAGES), []);
  assert.equal(say('next', 'sr'), 'Dalje');
  assert.equal(say('next', 'uk'), 'Далі');
  assert.equal(say('page', 'uk', { n: 2, total: 8 }), 'Сторінка 2 з 8');
  assert.throws(() => say('next', 'de'), /no respondent page messages in 'de'/);
});

test('a study in sr and uk loads; a declared language without page messages is a load error naming the file', () => {
  assert.ok(loadStudyRuntime(studyDir(FOUR)).ok);
  const both = (t: string): string => `{ en: "${t}", de: "${t}" }`;
  const german = [
    'study: x', 'version: "1"', 'languages: [en, de]', `title: ${both('T')}`,
    `texts:\n  intro: ${both('i')}\n  skip_reminder: ${both('s')}\n  stop_reminder: ${both('s')}\n  thanks: ${both('t')}`,
    `sections:\n  - name: p\n    title: ${both('P')}\n    items:\n      - { name: n, type: note, label: ${both('n')} }`,
  ].join('\n');
  assert.ok(loadInstrumentYaml(german, 'x.yaml').instrument, 'the instrument itself is fine: every text has a de version');
  const loaded = loadStudyRuntime(studyDir(german));
  assert.equal(loaded.ok, false);
  assert.ok(!loaded.ok);
  assert.equal(loaded.problems.length, 1);
  assert.match(loaded.problems[0] ?? '', /instrument\.yaml: language 'de' has no respondent page messages \(available: ru, en, sr, uk\)/);
});

test('the entry page says who runs the study: about is read, and a half-written one is an error', () => {
  const instrument = loadInstrumentYaml(FOUR, 'four.yaml').instrument;
  assert.deepEqual(instrument?.about, {
    organisation: { ru: 'Исследовательская группа «Портас» (пример)', en: 'The Portas research group (an example)', sr: 'Istraživačka grupa „Portas” (primer)', uk: 'Дослідницька група «Портас» (приклад)' },
    contact: 'Signal: portas.01',
    ethics: 'EC-2026-001 (example)',
  });
  const noContact = loadInstrumentYaml(FOUR.replace('  contact: "Signal: portas.01"\n', ''), 'four.yaml');
  assert.equal(noContact.instrument, undefined);
  assert.ok(noContact.diagnostics.some((d) => d.severity === 'error' && /contact/.test(`${d.message} ${d.hint ?? ''}`)), JSON.stringify(noContact.diagnostics));
});

test('survey addresses in study.yaml: https and a v3 onion only', () => {
  const good = loadStudyRuntime(studyDir(FOUR, `public_address: https://survey.example.org/s/four-languages\nonion_address: http://${'b'.repeat(56)}.onion/s/four-languages\n`));
  assert.ok(good.ok);
  assert.equal(good.study.settings.publicAddress, 'https://survey.example.org/s/four-languages');
  const bad = loadStudyRuntime(studyDir(FOUR, 'public_address: http://plain.example.org\nonion_address: http://short.onion\n'));
  assert.ok(!bad.ok);
  assert.equal(bad.problems.length, 2);
  assert.match(bad.problems[0] ?? '', /study\.yaml: public_address must be an https:\/\/ address/);
  assert.match(bad.problems[1] ?? '', /study\.yaml: onion_address must be an http:\/\/ address of a v3 onion service/);
});
