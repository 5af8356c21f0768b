import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openPulled } from '../../src/study/open-pulled.ts';
import { pull } from '../../src/study/pull.ts';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { loadDataset } from '../../src/study/load-dataset.ts';
import { generateStudyKey, lockStudyKey, randomBytes, recipientFileText } from '../../src/crypto/index.ts';
import { MISSING_INDEX } from '../../src/instrument/missing.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../../src/sampling/coupon.ts';
import { hashCouponCode, hashToken } from '../../src/store/hash.ts';

const STUDY = 'russians-in-serbia';

/** Every file of a folder with its bytes, to show that nothing changed. */
const snapshot = (folder: string): Record<string, string> => Object.fromEntries(readdirSync(folder).sort().map((f) => [f, createHash('sha256').update(readFileSync(join(folder, f))).digest('hex')]));

function passphraseFile(dir: string, passphrase: string): string {
  const file = join(dir, 'passphrase.txt');
  writeFileSync(file, `${passphrase}\n`, { mode: 0o600 });
  return file;
}

test('pull then open: the researcher gets exactly what was submitted, with the recruitment link, and risk/export read it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-open-'));
  const studyDir = join(dir, 'study');
  mkdirSync(studyDir);
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(studyDir, 'instrument.yaml'));
  const key = await generateStudyKey({ kind: 'hybrid' });
  writeFileSync(join(studyDir, 'study.pub'), recipientFileText(key, STUDY));
  const passphrase = 'a long enough test passphrase';
  const locked = await lockStudyKey(key, passphrase);
  assert.ok(locked.ok);
  writeFileSync(join(dir, 'study.key'), locked.value);
  const server = (await startServer({ studyDirs: [studyDir], store: `sqlite:${join(dir, 'db.sqlite')}`, host: '127.0.0.1', port: 0, stateDir: join(dir, 'state'), quiet: true })) as RunningServer;
  try {
    const token = Buffer.from(randomBytes(32)).toString('base64url');
    await server.store.addToken(STUDY, hashToken(token), 't');
    const seed = couponFromRandom(randomBytes(COUPON_RANDOM_BYTES));
    await server.store.issueSeedCoupons(STUDY, [hashCouponCode(seed)]);
    const post = async (path: string, fields: Record<string, string>) => (await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() })).text();
    const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
    const complete = async (coupon: string, first: Record<string, string>, text: string): Promise<string[]> => {
      const entry = await (await fetch(`${server.url}/s/${STUDY}`)).text();
      let html = await post(`/s/${STUDY}/start`, { token: hidden(entry, 'token'), coupon, nav: 'start' });
      html = await post(`/s/${STUDY}/page`, { state: hidden(html, 'state'), nav: 'next', ...first });
      for (let i = 0; i < 20 && html.includes('name="state"'); i++) {
        const extra: Record<string, string> = html.includes('name="q_add_anything"') ? { q_add_anything: text } : {};
        html = await post(`/s/${STUDY}/page`, { state: hidden(html, 'state'), nav: 'next', ...extra });
      }
      return [...html.matchAll(/class="coupon">([^<]*)/g)].map((m) => m[1]!);
    };
    const given = await complete(formatCoupon(seed), { q_sex: '2', q_age: '29', q_city: '2' }, 'Спасибо за опрос — «кавычки», и\nновая строка');
    await complete(given[1]!, { q_sex: '1', m_age: '' }, '');

    const pulled = join(dir, 'pulled');
    const first = await pull({ server: server.url, study: STUDY, token, out: pulled });
    assert.deepEqual(first, { fetched: 2, total: 2 });
    assert.deepEqual(await pull({ server: server.url, study: STUDY, token, out: pulled }), { fetched: 0, total: 2 }, 'pulling again is idempotent');
    assert.equal(readdirSync(join(pulled, 'sealed')).length, 2);

    const summary = await openPulled({ pulled, studyDir, keyFile: join(dir, 'study.key'), passphrase, out: join(dir, 'dataset') });
    if (typeof summary === 'string') assert.fail(summary);
    assert.equal(summary.opened, 2);
    assert.deepEqual(summary.failed, []);
    const wrong = await openPulled({ pulled, studyDir, keyFile: join(dir, 'study.key'), passphrase: 'not the passphrase at all', out: join(dir, 'x') });
    if (typeof wrong !== 'string') assert.fail('a wrong passphrase must be refused');
    assert.match(wrong, /passphrase/i);

    const loaded = await loadDataset(join(dir, 'dataset'));
    assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.error));
    const ds = loaded.value;
    const col = (name: string) => ds.variables.find((v) => v.name === name)!;
    const sex = col('sex');
    assert.ok(sex.type === 'coded');
    const rowA = sex.values.indexOf(2);
    const rowB = sex.values.indexOf(1);
    assert.ok(rowA >= 0 && rowB >= 0);
    assert.equal(col('age').values[rowA], 29);
    assert.equal(col('age').missing[rowB], MISSING_INDEX.skipped);
    assert.equal(col('city').values[rowA], 2);
    const text = col('add_anything');
    assert.equal(text.type === 'text' && text.values[rowA], 'Спасибо за опрос — «кавычки», и\nновая строка');
    const id = col('response_id');
    const recruiter = col('recruiter');
    assert.ok(id.type === 'text' && recruiter.type === 'text');
    assert.equal(recruiter.values[rowB], id.values[rowA], 'B was recruited by A');
    assert.equal(recruiter.missing[rowA], MISSING_INDEX.not_applicable, 'A is a seed');

    const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/portas.js', ...args], { encoding: 'utf8' });
    const risk = cli('risk', join(dir, 'dataset'));
    assert.equal(risk.status, 0, risk.stderr);
    assert.match(risk.stdout, /k-anonymity|sample unique/i);
    // Two respondents can never be 5-anonymous: the gate refuses and nothing is written.
    const exported = cli('export', join(dir, 'dataset'), '--format', 'sav', '--out', join(dir, 'sav'));
    assert.equal(exported.status, 1);
    assert.match(exported.stderr, /2 records cannot be 5-anonymous/);
    assert.match(exported.stderr, /nothing was written/);
    assert.throws(() => readdirSync(join(dir, 'sav')), /ENOENT/);

    // #15: open keeps what it had. A key that is not the study's is refused before anything is written.
    const before = snapshot(join(dir, 'dataset'));
    const other = await generateStudyKey({ kind: 'hybrid' });
    const otherLocked = await lockStudyKey(other, passphrase);
    assert.ok(otherLocked.ok);
    writeFileSync(join(dir, 'other.key'), otherLocked.value);
    const wrongKey = await openPulled({ pulled, studyDir, keyFile: join(dir, 'other.key'), passphrase, out: join(dir, 'dataset') });
    assert.equal(typeof wrongKey, 'string');
    assert.match(typeof wrongKey === 'string' ? wrongKey : "", new RegExp(`other\\.key is key ${other.keyId}, but this study's public key .* is ${key.keyId}.*nothing was written`));
    assert.deepEqual(snapshot(join(dir, 'dataset')), before, 'the dataset is byte-for-byte as it was');
    // Without a study.pub to compare with, a key that opens nothing still writes nothing.
    const bare = join(dir, 'bare-study');
    mkdirSync(bare);
    copyFileSync(join(studyDir, 'instrument.yaml'), join(bare, 'instrument.yaml'));
    const noneOpened = await openPulled({ pulled, studyDir: bare, keyFile: join(dir, 'other.key'), passphrase, out: join(dir, 'dataset') });
    assert.match(typeof noneOpened === 'string' ? noneOpened : "", /none of the 2 sealed responses .* could be opened.*nothing was written/);
    assert.deepEqual(snapshot(join(dir, 'dataset')), before, 'still byte-for-byte as it was');

    // A sealed file listed in index.json but gone from disk is named; the rest is opened and swapped in whole.
    const gone = readdirSync(join(pulled, 'sealed'))[0] ?? '';
    rmSync(join(pulled, 'sealed', gone));
    const partial = await openPulled({ pulled, studyDir, keyFile: join(dir, 'study.key'), passphrase, out: join(dir, 'dataset') });
    if (typeof partial === 'string') assert.fail(partial);
    assert.deepEqual(partial.missing, [join(pulled, 'sealed', gone)]);
    assert.equal(partial.opened, 1);
    const reopened = await loadDataset(join(dir, 'dataset'));
    assert.ok(reopened.ok);
    assert.equal(reopened.value.n, 1);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.partial-') || f.includes('.previous-')), [], 'no half-written folder is left');
    const printed = cli('open', pulled, '--study', studyDir, '--key', join(dir, 'study.key'), '--passphrase-file', passphraseFile(dir, passphrase), '--out', join(dir, 'dataset'));
    assert.equal(printed.status, 1, 'a missing record makes the command fail');
    assert.ok(printed.stderr.includes(`${join(pulled, 'sealed', gone)} is listed in the pull's index.json but is not on disk`), printed.stderr);
    assert.match(printed.stdout, /1 responses opened .*1 listed in index\.json are missing/);
  } finally {
    await server.close();
  }
});
