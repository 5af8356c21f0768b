// `portas open` writes data.csv in pieces as worker batches come back: the package must be byte for byte what
// writing the whole dataset at once gives, across batches, with refused records left out in order.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import { openPulled } from '../../src/study/open-pulled.ts';
import { generateStudyKey, lockStudyKey, recipientFileText, seal } from '../../src/crypto/index.ts';
import { writeDataPackage } from '../../src/export/datapackage/write.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { generateReplica } from '../../studies/russians-in-serbia/replica/generate-replica.ts';

const DIR = 'studies/russians-in-serbia';

test('open streams the flagship replica into the same bytes as the dataset written whole, across batches', async () => {
  const instrument = loadInstrumentYaml(readFileSync(join(DIR, 'instrument.yaml'), 'utf8'), 'instrument.yaml').instrument;
  assert.ok(instrument);
  const { responses, meta } = generateReplica(instrument, 20240401);
  const dir = mkdtempSync(join(tmpdir(), 'portas-open-streamed-'));
  try {
    const pulled = join(dir, 'pull');
    const studyDir = join(dir, 'study');
    mkdirSync(join(pulled, 'sealed'), { recursive: true });
    mkdirSync(studyDir);
    copyFileSync(join(DIR, 'instrument.yaml'), join(studyDir, 'instrument.yaml'));
    const key = await generateStudyKey({ kind: 'hybrid' });
    writeFileSync(join(studyDir, 'study.pub'), recipientFileText(key, instrument.study));
    const locked = await lockStudyKey(key, 'a long enough test passphrase');
    assert.ok(locked.ok);
    writeFileSync(join(dir, 'study.key'), locked.value);
    // Ids in the replica's order (sorted hex), and one damaged record in the middle: it is refused, not a row.
    const idOf = new Map(meta.map((m, i) => [m.responseId ?? '', i.toString(16).padStart(32, '0')]));
    const damaged = 'f'.repeat(32);
    for (let i = 0; i < responses.length; i++) {
      const sealed = await seal(key.recipient, responses[i] ?? responses[0]!);
      assert.ok(sealed.ok);
      writeFileSync(join(pulled, 'sealed', `${idOf.get(meta[i]?.responseId ?? '') ?? ''}.age`), sealed.value);
    }
    writeFileSync(join(pulled, 'sealed', `${damaged}.age`), 'age-encryption.org/v1\nnot a record\n');
    const records = meta.map((m) => ({ responseId: idOf.get(m.responseId ?? '') ?? '', period: m.period ?? '', status: 'complete' }));
    writeFileSync(join(pulled, 'index.json'), JSON.stringify({ study: instrument.study, records }));
    const edges = meta.filter((m) => (m.recruiter ?? '') !== '').map((m) => ({ recruiter: idOf.get(m.recruiter ?? '') ?? '', recruit: idOf.get(m.responseId ?? '') ?? '' }));
    writeFileSync(join(pulled, 'tree.json'), JSON.stringify({ seeds: [], edges }));

    const summary = await openPulled({ pulled, studyDir, keyFile: join(dir, 'study.key'), passphrase: 'a long enough test passphrase', out: join(dir, 'dataset'), synthetic: true, batchSize: 17 });
    if (typeof summary === 'string') assert.fail(summary);
    assert.equal(summary.opened, responses.length);
    assert.deepEqual(summary.failed.map((f) => f.id), [damaged]);
    const whole = datasetFromResponses(instrument, responses, { meta: meta.map((m) => ({ responseId: idOf.get(m.responseId ?? '') ?? '', period: m.period ?? '', recruiter: (m.recruiter ?? '') === '' ? '' : (idOf.get(m.recruiter ?? '') ?? '') })), synthetic: true });
    for (const file of writeDataPackage(whole)) {
      assert.ok(Buffer.from(readFileSync(join(dir, 'dataset', file.name))).equals(Buffer.from(file.bytes)), `${file.name} differs from the dataset written whole`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
