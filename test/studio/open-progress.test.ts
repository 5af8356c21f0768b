// The open shows how far it is: the Study API reports records read and damaged after each batch, the studio's job page
// says "N of M read; K could not be opened" (refreshing itself, with a link too), and `portas open --progress` prints it.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { generateStudyKey, lockStudyKey, recipientFileText, seal } from '../../src/crypto/index.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { openPulled } from '../../src/study/open-pulled.ts';
import { jobScreen } from '../../src/studio/data/data-screen.ts';
import type { Job } from '../../src/studio/data/jobs.ts';
import type { StudioContext } from '../../src/studio/route.ts';
import { generateReplica } from '../../studies/russians-in-serbia/replica/generate-replica.ts';

const DIR = 'studies/russians-in-serbia';
const PASSPHRASE = 'a long enough test passphrase';
const RECORDS = 30;

/** A pull of 30 sealed replica responses and one damaged record, the study folder and a locked key. */
async function pulledStudy(): Promise<{ dir: string; pulled: string; studyDir: string; keyFile: string }> {
  const instrumentYaml = readFileSync(join(DIR, 'instrument.yaml'), 'utf8');
  const instrument = loadInstrumentYaml(instrumentYaml, 'instrument.yaml').instrument;
  assert.ok(instrument);
  const key = await generateStudyKey({ kind: 'x25519' });
  const locked = await lockStudyKey(key, PASSPHRASE);
  assert.ok(locked.ok);
  const { responses } = generateReplica(instrument, 7);
  const sealed = new Map<string, Uint8Array | string>();
  for (const [i, response] of responses.slice(0, RECORDS).entries()) {
    const s = await seal(key.recipient, response);
    assert.ok(s.ok);
    sealed.set(i.toString(16).padStart(32, '0'), s.value);
  }
  sealed.set('f'.repeat(32), 'age-encryption.org/v1\nnot a record\n');
  const records = [...sealed.keys()].map((responseId) => ({ responseId, period: '2026-W49', status: 'complete' }));
  const files: [string, Uint8Array | string][] = [
    ['study/instrument.yaml', instrumentYaml],
    ['study/study.pub', recipientFileText(key, instrument.study)],
    ['study.key', locked.value],
    ['passphrase.txt', `${PASSPHRASE}\n`],
    ['pull/index.json', JSON.stringify({ study: instrument.study, records })],
    ['pull/tree.json', JSON.stringify({ seeds: [], edges: [] })],
    ...[...sealed].map(([id, bytes]): [string, Uint8Array | string] => [`pull/sealed/${id}.age`, bytes]),
  ];
  const dir = mkdtempSync(join(tmpdir(), 'portas-open-progress-'));
  for (const [name, content] of files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return { dir, pulled: join(dir, 'pull'), studyDir: join(dir, 'study'), keyFile: join(dir, 'study.key') };
}

const study = await pulledStudy();

test('the streaming open reports records read of all and the damaged ones after each batch', { timeout: 120_000 }, async () => {
  const calls: [number, number, number][] = [];
  const summary = await openPulled({ pulled: study.pulled, studyDir: study.studyDir, keyFile: study.keyFile, passphrase: PASSPHRASE, out: join(study.dir, 'dataset'), batchSize: 4, progress: (done, total, damaged) => calls.push([done, total, damaged]) });
  if (typeof summary === 'string') assert.fail(summary);
  assert.ok(calls.length >= 2, 'more than one batch reported');
  assert.deepEqual(calls.at(-1), [RECORDS + 1, RECORDS + 1, 1], 'at the end: every record read, the damaged one counted');
  for (let i = 1; i < calls.length; i++) assert.ok((calls[i]?.[0] ?? 0) > (calls[i - 1]?.[0] ?? 0), 'the count only grows');
});

test("the studio's open job page: N of M read, the damaged count, a meta refresh and a link to refresh", () => {
  const ctx: StudioContext = { workspace: study.dir, csrfToken: 't', lang: 'en' };
  const running: Job = { kind: 'open', state: 'running', done: 120, total: 222, damaged: 2, message: '' };
  const html = jobScreen(ctx, 'russians-in-serbia', running, 'open');
  assert.match(html, /<meta http-equiv="refresh" content="1">/);
  assert.match(html, /<progress max="222" value="120"><\/progress> 120 of 222 responses read; 2 could not be opened/);
  assert.match(html, /<a href="\/studies\/russians-in-serbia\/data\/job\/open">Refresh now<\/a>/);
  assert.match(jobScreen(ctx, 'russians-in-serbia', { kind: 'open', state: 'running', done: 0, message: '' }, 'open'), /Unlocking the study key/);
  assert.match(jobScreen({ ...ctx, lang: 'ru' }, 'russians-in-serbia', running, 'open'), /Прочитано ответов: 120 из 222; не удалось открыть: 2/);
});

test('portas open --progress prints a line per tenth with the damaged count when written to a pipe', { timeout: 120_000 }, () => {
  const r = spawnSync(process.execPath, ['bin/portas.js', 'open', study.pulled, '--study', study.studyDir, '--key', study.keyFile, '--passphrase-file', join(study.dir, 'passphrase.txt'), '--out', join(study.dir, 'dataset-cli'), '--progress'], { encoding: 'utf8' });
  assert.match(r.stderr, new RegExp(`portas open: ${String(RECORDS + 1)} of ${String(RECORDS + 1)} read, 1 damaged\\n`), r.stderr);
  assert.doesNotMatch(r.stderr, /\r/, 'no control characters in a pipe');
  assert.match(r.stdout, new RegExp(`${String(RECORDS)} responses opened`));
});
