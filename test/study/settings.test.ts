// Study settings round trip: what a form shows, what it writes (comments kept), what the server then reads.

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadStudyRuntime } from '../../src/server/study-runtime.ts';
import { getStudySettings, loadStudy, setStudySettings } from '../../src/study/index.ts';
import { generateStudyKey, recipientFileText } from '../../src/crypto/index.ts';

test('get, set, get again: values, defaults, comments kept; a refused value writes nothing; the server reads the same', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-study-settings-'));
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(dir, 'instrument.yaml'));
  writeFileSync(join(dir, 'study.pub'), recipientFileText(await generateStudyKey({ kind: 'x25519' }), 'russians-in-serbia'));
  const fresh = getStudySettings(dir);
  assert.equal(fresh.fields.find((f) => f.key === 'coupons_per_respondent')?.value, undefined);
  assert.equal(fresh.fields.find((f) => f.key === 'coupons_per_respondent')?.fallback, '3');

  writeFileSync(join(dir, 'study.yaml'), '# chosen with the NGO partners\nperiod: month\n');
  const set = setStudySettings(dir, { coupons_per_respondent: '5', coupon_valid_days: '30', entry_without_coupon: 'yes', onion_address: `http://${'a'.repeat(56)}.onion/s/russians-in-serbia` });
  assert.deepEqual(set, { written: true, diagnostics: [] });
  const text = readFileSync(join(dir, 'study.yaml'), 'utf8');
  assert.match(text, /^# chosen with the NGO partners\nperiod: month\n/);
  const view = getStudySettings(dir);
  assert.deepEqual(view.diagnostics, []);
  assert.equal(view.settings.couponsPerRespondent, 5);
  assert.equal(view.settings.couponValidDays, 30);
  assert.equal(view.settings.entryWithoutCoupon, true);
  assert.equal(view.settings.period, 'month');

  const refused = setStudySettings(dir, { coupons_per_respondent: 'many', colour: 'blue', period: 'day' });
  assert.equal(refused.written, false);
  assert.deepEqual(refused.diagnostics.map((d) => d.subject).sort(), ['colour', 'coupons_per_respondent']);
  assert.equal(readFileSync(join(dir, 'study.yaml'), 'utf8'), text, 'nothing written when any value is refused');

  assert.deepEqual(setStudySettings(dir, { coupon_valid_days: '' }).diagnostics, []);
  assert.equal(getStudySettings(dir).settings.couponValidDays, undefined, "'' goes back to the default");

  const server = loadStudyRuntime(dir);
  assert.ok(server.ok, server.ok ? '' : server.problems.join('\n'));
  const { study } = await loadStudy(dir);
  assert.deepEqual(study?.settings, server.study.settings, 'the studio and the server read the same settings');
});
