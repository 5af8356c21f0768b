// The flagship replica's exports, read back by R haven: labels in Russian only, never cut inside a word, members of a
// set told apart; labels and codebooks say what disclosure control did (issue #15).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import { releaseAndExport } from '../../src/cli/export.ts';
import { readStudyDisclosure } from '../../src/study/disclosure-file.ts';
import { pick } from '../../src/core/text.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { exportDataset } from '../../src/export/export.ts';
import { MISSING_LABELS } from '../../src/export/labels.ts';
import { shortenAtWord } from '../../src/export/variable-labels.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { generateReplica } from '../../studies/russians-in-serbia/replica/generate-replica.ts';
import { flagshipFixture } from './fixtures.ts';
import { requireTool, run } from './tools.ts';

const STUDY = 'studies/russians-in-serbia';
const instrument = loadInstrumentYaml(readFileSync(`${STUDY}/instrument.yaml`, 'utf8'), 'instrument.yaml').instrument!;
const replica = generateReplica(instrument, 20240401);
const dataset = datasetFromResponses(instrument, replica.responses, { meta: replica.meta, synthetic: true });
const settings = readStudyDisclosure(STUDY, instrument);
if (Array.isArray(settings)) throw new Error(settings.join('\n'));
const out = mkdtempSync(join(tmpdir(), 'portas-flagship-labels-'));
const done = releaseAndExport({ dataset, instrument, recodes: settings.recodes, policy: settings.policy, rng: xoshiro128ss(5), targets: (['csv', 'sav', 'dta'] as const).map((format) => ({ format, out: join(out, format) })) });
if (!done.ok) throw new Error(done.error.map((d) => d.message).join('\n'));

interface RColumn {
  name: string;
  label: string | null;
  labels: { value: number | string; label: string }[] | null;
}
const readWithR = (reader: string, file: string): RColumn[] => {
  const r = run('Rscript', ['test/reference/export/readback.R', reader, file]);
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { columns: RColumn[] }).columns;
};

const ENGLISH = [...Object.values(MISSING_LABELS).map((l) => l.en), 'not chosen', 'chosen:'];

/** Every full label a variable may carry, in Russian: its text plus what the gate did. */
const fullLabels = new Map(dataset.variables.map((v) => [v.name, pick(v.label, 'ru')]));

for (const [format, reader] of [
  ['sav', 'haven_sav'],
  ['dta', 'haven_dta'],
] as const) {
  test(`flagship .${format}: Russian labels only, none cut inside a word, every member of a set labelled apart`, (t) => {
    if (!requireTool(t, 'Rscript', 'r-base-core r-cran-haven')) return;
    const columns = readWithR(reader, join(out, format, `russians-in-serbia.${format}`));
    assert.ok(columns.length > 50);
    for (const c of columns) {
      const texts = [c.label ?? '', ...(c.labels ?? []).map((l) => l.label)];
      for (const text of texts) for (const english of ENGLISH) assert.ok(!text.includes(english), `${c.name}: English label '${text}'`);
    }
    // A shortened label ends with an ellipsis after a whole word of the full text.
    const shortened = columns
      .map((c) => ({ name: c.name, label: (c.label ?? '').replace(/ \[[^\]]*\]$/, ''), full: fullLabels.get(c.name) ?? '' }))
      .filter((c) => c.label !== c.full);
    assert.ok(shortened.length > 0, 'the flagship has labels too long for the format, or this checks nothing');
    for (const { name, label, full } of shortened) {
      // `question…: part`, `…: part`, `…: part…` or `text…`: every piece before an ellipsis is a run of whole words of the full text.
      assert.ok(label.includes('…'), `${name}: '${label}' differs from '${full}' without an ellipsis`);
      const pieces = label.split('…').map((p) => p.replace(/^: /, ''));
      const last = pieces.pop() ?? '';
      assert.ok(last === '' || full.endsWith(last), `${name}: '${label}' ends unlike '${full}'`);
      for (const piece of pieces) {
        const at = full.indexOf(piece);
        assert.ok(at >= 0 && (piece === '' || /[\s,;:.—–-]/u.test(full.charAt(at + piece.length))), `${name}: cut inside a word: '${label}'`);
      }
    }
    const relocated = columns.filter((c) => c.name.startsWith('relocated_with_'));
    assert.ok(relocated.length > 3);
    assert.equal(new Set(relocated.map((c) => c.label)).size, relocated.length, 'indicators of one item must not share a label');
    // Suppressed values are labelled as such, in Russian.
    const suppressedLabels = columns.flatMap((c) => (c.labels ?? []).filter((l) => l.label === MISSING_LABELS.suppressed.ru));
    assert.ok(suppressedLabels.length > 0);
  });
}

test('flagship: labels and codebooks say what disclosure control did; each codebook names the variables as its file does', () => {
  for (const format of ['csv', 'sav', 'dta']) {
    const html = readFileSync(join(out, format, 'codebook.html'), 'utf8');
    assert.match(html, /Recoded by disclosure control with <code>age_band<\/code>/);
    assert.match(html, /\d+ value\(s\) suppressed by disclosure control \(missing code -95\)/);
    assert.match(html, /suppressed \(answered, withheld by disclosure control/);
    // The universe of each item, in words and in both languages.
    const census = html.slice(html.indexOf('id="var-census2022"'), html.indexOf('</section>', html.indexOf('id="var-census2022"')));
    assert.match(census, /respondents for whom it is not the case that \(`arrived_when` is at least 6\)/);
    assert.match(census, /респонденты, для которых неверно, что \(`arrived_when` не меньше 6\)/);
    const permit = html.slice(html.indexOf('id="var-work_permit23"'), html.indexOf('</section>', html.indexOf('id="var-work_permit23"')));
    assert.match(permit, /respondents for whom it is not the case that \(`arrived_when` is «[^»]+» \(7\)\)/);
    const sex = html.slice(html.indexOf('id="var-sex"'), html.indexOf('</section>', html.indexOf('id="var-sex"')));
    assert.match(sex, /Universe \(who was asked\):<\/p><div lang="ru"><span class="lang">ru<\/span> все респонденты<\/div><div lang="en"><span class="lang">en<\/span> all respondents/);
  }
  const descriptor = JSON.parse(readFileSync(join(out, 'csv', 'datapackage.json'), 'utf8')) as { resources: [{ schema: { fields: { name: string; title: string; categories?: { label: string }[] }[] } }] };
  // The data package's Table Schema labels are Russian too (its first language).
  const categoryLabels = descriptor.resources[0].schema.fields.flatMap((f) => (f.categories ?? []).map((c) => c.label));
  assert.ok(categoryLabels.includes('не выбрано') && categoryLabels.includes('выбрано'));
  for (const english of ENGLISH) assert.ok(!categoryLabels.some((l) => l.includes(english)), english);
  const age = descriptor.resources[0].schema.fields.find((f) => f.name === 'age');
  assert.match(age?.title ?? '', /\[перекодировано: age_band(; скрыто значений: \d+)?\]$/);
  // The .dta codebook uses the .dta names (cut to 32 characters), not the CSV ones.
});

test('the codebook beside a .dta or .sav names variables as that file does', () => {
  const d = flagshipFixture();
  const long = 'how_many_years_have_you_lived_in_serbia_so_far';
  const wide = { ...d, variables: [...d.variables, { ...d.variables[2]!, name: long }, { ...d.variables[2]!, name: 'with' }] };
  const released = { dataset: wide, gate: 'test', notes: [] };
  const dta = new TextDecoder().decode(exportDataset(released, 'dta').find((f) => f.name === 'codebook.html')?.bytes);
  assert.ok(dta.includes(`<code>${long.slice(0, 32)}</code> <span class="meta">(portas name <code>${long}</code>)</span>`));
  const sav = new TextDecoder().decode(exportDataset(released, 'sav').find((f) => f.name === 'codebook.html')?.bytes);
  assert.ok(sav.includes('<code>with_1</code> <span class="meta">(portas name <code>with</code>)</span>'));
  assert.ok(sav.includes('Data: <code>serbia-2024.sav</code>'));
});

test('shortening keeps whole words and marks the cut', () => {
  assert.equal(shortenAtWord('С кем вы переехали в Сербию', { chars: 14 }), 'С кем вы…');
  assert.equal(shortenAtWord('short', { chars: 14 }), 'short');
  assert.equal(shortenAtWord('Антивоенный', { chars: 6 }), 'Антив…');
  assert.equal(shortenAtWord('Один, два, три', { bytes: 16 }), 'Один…');
});
