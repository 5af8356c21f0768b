// The main job end to end: the replica goes through the real path (HTTP, sealed, stored, pulled, opened) and comes out unchanged.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Dataset } from '../../src/analysis/dataset.ts';
import { meanCompletionMinutes } from '../../src/analysis/collection-variables.ts';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import { replicaMinutes } from '../../src/cli/flagship.ts';
import { completionBand, meanFromBands } from '../../src/instrument/completion-time.ts';
import { loadDataset } from '../../src/study/load-dataset.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { generateReplica } from '../../studies/russians-in-serbia/replica/generate-replica.ts';
import { skipUnless } from '../external-tools.ts';
import { checkReportJson } from '../studies/report-checks.ts';

const out = join(mkdtempSync(join(tmpdir(), 'portas-main-')), 'flagship');
const run = spawnSync(process.execPath, ['bin/portas.js', 'flagship', '--no-serve', '--port', '0', '--out', out], { encoding: 'utf8' });

/** Each row's answers as one string, so two datasets can be compared as multisets of respondents. */
function rowSignatures(d: Dataset): string[] {
  // completion_time is the server's (the generator has none); it is checked on its own below.
  const answers = d.variables.filter((v) => v.role === 'answer' && v.name !== 'completion_time').sort((a, b) => a.name.localeCompare(b.name));
  return Array.from({ length: d.n }, (_, i) => answers.map((v) => `${v.name}=${String(v.values[i])}/${String(v.missing[i])}`).join(';'));
}

function textColumn(d: Dataset, name: string): readonly string[] {
  const v = d.variables.find((x) => x.name === name);
  assert.ok(v?.type === 'text', `${name} is a text column`);
  return v.values;
}

test('the main job runs every stage and says where things are', () => {
  assert.equal(run.status, 0, run.stderr);
  for (let n = 1; n <= 9; n++) assert.match(run.stdout, new RegExp(`\\[${String(n)}/9\\] `));
  assert.match(run.stdout, /the survey is served at http:\/\/127\.0\.0\.1:\d+\/s\/russians-in-serbia — seed coupons for you: [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}, /);
  assert.ok(existsSync(join(out, 'portas.sqlite')));
  assert.match(readFileSync(join(out, 'study', 'study.pub'), 'utf8'), /^age1pq1/m, 'a post-quantum study key');
  assert.match(readFileSync(join(out, 'questionnaire.ru.txt'), 'utf8'), /Россияне в Сербии/);
  for (const lang of ['ru', 'en']) {
    assert.match(run.stdout, new RegExp(`report\\.${lang}\\.html`));
    assert.match(readFileSync(join(out, 'report', `report.${lang}.html`), 'utf8'), lang === 'ru' ? /СИНТЕТИЧЕСКИЕ ДАННЫЕ/ : /SYNTHETIC DATA/);
  }
});

test('the main job prints the report to PDF in both languages', { skip: skipUnless('Chromium') }, () => {
  assert.equal(run.status, 0, run.stderr);
  for (const lang of ['ru', 'en']) {
    assert.equal(readFileSync(join(out, 'report', `report.${lang}.pdf`)).subarray(0, 5).toString('latin1'), '%PDF-', `report.${lang}.pdf is a PDF`);
  }
});

test('the 222 replica respondents come out of the server exactly as they went in, with their recruitment tree', async () => {
  assert.equal(run.status, 0, run.stderr);
  const opened = await loadDataset(join(out, 'dataset'));
  assert.ok(opened.ok);
  const text = readFileSync('studies/russians-in-serbia/instrument.yaml', 'utf8');
  const instrument = loadInstrumentYaml(text, 'instrument.yaml').instrument;
  assert.ok(instrument);
  const replica = generateReplica(instrument, 20240401);
  const generated = datasetFromResponses(instrument, replica.responses, { meta: replica.meta, synthetic: true });
  assert.equal(opened.value.n, 222);
  assert.ok(opened.value.synthetic);
  const got = rowSignatures(opened.value);
  const want = rowSignatures(generated);
  assert.deepEqual([...got].sort(), [...want].sort());

  // The tree: each respondent's answers paired with their recruiter's answers ('' for seeds) is the same multiset.
  const pairs = (d: Dataset, sig: string[]): string[] => {
    const ids = textColumn(d, 'response_id');
    const rowOf = new Map(ids.map((id, i) => [id, i]));
    return textColumn(d, 'recruiter').map((r, i) => `${sig[i] ?? ''} <- ${r === '' ? 'seed' : (sig[rowOf.get(r) ?? -1] ?? 'unknown')}`);
  };
  assert.deepEqual(pairs(opened.value, got).sort(), pairs(generated, want).sort());
  // Ids and periods are the server's, not the generator's: nothing of the replica's bookkeeping leaked through.
  const ids = new Set(textColumn(opened.value, 'response_id'));
  assert.ok(replica.meta.every((m) => m.responseId === undefined || !ids.has(m.responseId)));
});

test('completion time: the server sealed a band per respondent; the report gives the mean, "just under 10 minutes"', async () => {
  assert.equal(run.status, 0, run.stderr);
  const opened = await loadDataset(join(out, 'dataset'));
  assert.ok(opened.ok);
  // The replica's respondents take replicaMinutes(i) on the simulated clock: the bands are exactly theirs.
  const expected = meanFromBands(Array.from({ length: 222 }, (_, i) => completionBand(replicaMinutes(i)).code));
  const got = meanCompletionMinutes(opened.value);
  assert.deepEqual(got, expected);
  assert.ok(got !== undefined && got.n === 222 && got.mean > 9 && got.mean < 10, `mean ${String(got?.mean)}`);
  const html = readFileSync(join(out, 'report', 'report.en.html'), 'utf8');
  assert.ok(html.includes(`The mean completion time was ${got.mean.toFixed(1)} minutes (222 responses)`));
  assert.ok(readFileSync(join(out, 'report', 'report.ru.html'), 'utf8').includes(`В среднем анкету заполняли ${got.mean.toFixed(1).replace('.', ',')} мин`));
});

test('the exports pass disclosure control at k = 5 and the logs say what it cost', () => {
  assert.equal(run.status, 0, run.stderr);
  for (const format of ['csv', 'sav', 'dta']) {
    const log = readFileSync(join(out, 'exports', format, 'disclosure-log.md'), 'utf8');
    assert.match(log, /Synthetic data/);
    assert.match(log, /\| k achieved \(smallest key frequency\) \| 1 \| [5-9]\d* \|/);
    assert.match(log, /\| records in keys below k \| \d+ \| 0 \|/);
    assert.match(log, /## Recoded[\s\S]*\| age \| age_band \|/);
    assert.match(log, /value\(s\) suppressed/);
  }
  for (const file of ['csv/data.csv', 'sav/russians-in-serbia.sav', 'dta/russians-in-serbia.dta']) assert.ok(existsSync(join(out, 'exports', file)), file);
  // One release for all three formats: the same suppressions in every file.
  const logs = ['csv', 'sav', 'dta'].map((f) => readFileSync(join(out, 'exports', f, 'disclosure-log.md'), 'utf8'));
  assert.equal(new Set(logs).size, 1);
});

test("the report made from what the server stored reproduces FLAGSHIP.md: every percentage to its rounding, every association's direction", () => {
  assert.equal(run.status, 0, run.stderr);
  const shared = ['../shared/FLAGSHIP.md', '../../shared/FLAGSHIP.md'].find((p) => existsSync(p)) ?? 'test/studies/FLAGSHIP.snapshot.md';
  const json = JSON.parse(readFileSync(join(out, 'report', 'report.json'), 'utf8')) as { synthetic: boolean };
  assert.equal(json.synthetic, true);
  assert.deepEqual(checkReportJson(json, readFileSync(shared, 'utf8')), []);
});

test('the report passed disclosure control, and its log beside it says what that cost', () => {
  assert.equal(run.status, 0, run.stderr);
  const json = JSON.parse(readFileSync(join(out, 'report', 'report.json'), 'utf8')) as { disclosure: { k: number; minCell: number; lines: { en: string }[] } };
  assert.ok(json.disclosure.k >= 5 && json.disclosure.minCell >= 5);
  const log = readFileSync(join(out, 'report', 'disclosure-log.md'), 'utf8');
  assert.match(log, /Synthetic data/);
  for (const line of json.disclosure.lines) assert.ok(log.includes(line.en), line.en);
  assert.match(log, /cells suppressed/);
  assert.match(log, /Quotes attributed by sex and age rounded to 5 years/);
  // No published count below the minimum cell anywhere in report.json.
  const counts: number[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (typeof x === 'object' && x !== null) {
      for (const [k, v] of Object.entries(x)) {
        if (k === 'count' && typeof v === 'number') counts.push(v);
        else walk(v);
      }
    }
  };
  walk(json);
  assert.ok(counts.length > 100);
  assert.deepEqual(counts.filter((c) => c > 0 && c < json.disclosure.minCell), []);
});
