// Fieldwork through the Study API: seed coupons on a printable sheet (the only copy of the codes), researcher
// tokens, and a deploy bundle that carries no secret.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../src/store/open.ts';
import { addResearcherToken, makeDeployBundle, makeStudyKey, PUBLIC_KEY_FILE, seedCoupons } from '../../src/study/index.ts';

const root = mkdtempSync(join(tmpdir(), 'portas-study-fieldwork-'));
const store = `sqlite:${join(root, 'store.sqlite')}`;

test('seed coupons: a sheet with each code once, stored only keyed; bad counts and periods refused by option', async () => {
  const seeded = await seedCoupons({ store, study: 'russians-in-serbia', n: 7, expiry: '2026-W52' });
  assert.ok(seeded.ok, seeded.ok ? '' : seeded.error.map((d) => d.message).join('\n'));
  assert.equal(seeded.value.codes.length, 7);
  assert.equal((seeded.value.sheetHtml.match(/class="coupon"/g) ?? []).length, 7);
  for (const c of seeded.value.codes) assert.ok(seeded.value.sheetHtml.includes(c));
  assert.match(seeded.value.sheetHtml, /until the end of 2026-W52/);
  const opened = await openStore(store);
  assert.ok(opened.ok);
  const counts = await opened.value.counts('russians-in-serbia');
  assert.equal(counts.ok ? counts.value.seedCouponsIssued : -1, 7);
  await opened.value.close();
  const raw = readFileSync(join(root, 'store.sqlite'));
  for (const c of seeded.value.codes) assert.equal(raw.includes(Buffer.from(c)), false, 'a code itself is not stored');
  const zero = await seedCoupons({ store, study: 'russians-in-serbia', n: 0 });
  assert.ok(!zero.ok);
  assert.equal(zero.error[0]?.subject, 'n');
  const soon = await seedCoupons({ store, study: 'russians-in-serbia', n: 1, expiry: 'soon' });
  assert.ok(!soon.ok);
  assert.equal(soon.error[0]?.subject, 'expiry');
});

test('a researcher token is returned once; a store that does not open is a diagnostic', async () => {
  const added = await addResearcherToken({ store, study: 'russians-in-serbia', label: 'field team' });
  assert.ok(added.ok);
  assert.match(added.value.token, /^[A-Za-z0-9_-]{43}$/);
  const nowhere = await addResearcherToken({ store: 'sqlite:', study: 'x', label: 'y' });
  assert.ok(!nowhere.ok);
  assert.equal(nowhere.error[0]?.code, 'study.store');
});

test('the deploy bundle: the study folder without any secret, the commands, a systemd unit and a torrc', async () => {
  const studyDir = join(root, 'workspace', 'study');
  mkdirSync(studyDir, { recursive: true });
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(studyDir, 'instrument.yaml'));
  copyFileSync('studies/russians-in-serbia/report.yaml', join(studyDir, 'report.yaml'));
  const out = join(root, 'bundle');
  const keyless = await makeDeployBundle([studyDir], out);
  assert.ok(!keyless.ok);
  assert.equal(keyless.error[0]?.code, 'study.public-key');
  const key = await makeStudyKey({ studyDir, passphrase: 'a passphrase for the test', today: '2026-12-07', keyFile: join(studyDir, '..', 'k.age') });
  assert.ok(key.ok);
  const made = await makeDeployBundle([studyDir], out, { port: 8081 });
  assert.ok(made.ok, made.ok ? '' : made.error.map((d) => d.message).join('\n'));
  const files = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(out, f)).isFile()).sort();
  assert.deepEqual(files, ['install.sh', 'journald-portas.conf', 'portas-backup', 'portas-backup.service', 'portas-backup.timer', 'portas.service', 'portas.torrc', 'studies/russians-in-serbia/instrument.yaml', `studies/russians-in-serbia/${PUBLIC_KEY_FILE}`]);
  const secret = readFileSync(key.value.keyFile, 'utf8');
  for (const f of files) {
    const text = readFileSync(join(out, f), 'utf8');
    assert.doesNotMatch(text, /AGE-SECRET-KEY|BEGIN AGE ENCRYPTED FILE/, f);
    assert.ok(!text.includes(secret.slice(40, 100)), f);
  }
  assert.match(readFileSync(join(out, 'portas.torrc'), 'utf8'), /HiddenServicePort 80 127\.0\.0\.1:8081/);
  assert.match(readFileSync(join(out, 'portas.service'), 'utf8'), /ExecStart=.* serve \/etc\/portas\/studies\/russians-in-serbia /);
  assert.ok(made.value.nextSteps.some((s) => s.includes('sh install.sh')));
});
