// The new kinds through the real server over HTTP, as a browser with JavaScript off sends them: plain form posts.
// Page 1 (date, decimal, specify-other, shuffled list, a constraint) → page 2 (piped label) → sealed → pulled → opened.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { generateStudyKey, openerFor, randomBytes, recipientFileText } from '../../src/crypto/index.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../../src/sampling/coupon.ts';
import { hashCouponCode, hashToken } from '../../src/store/hash.ts';

const STUDY = 'new-kinds';
const dir = mkdtempSync(join(tmpdir(), 'portas-new-kinds-'));
const studyDir = join(dir, 'study');
const key = await generateStudyKey({ kind: 'x25519' });
mkdirSync(studyDir);
copyFileSync('test/instrument/fixtures/new-kinds.yaml', join(studyDir, 'instrument.yaml'));
writeFileSync(join(studyDir, 'study.pub'), recipientFileText(key, STUDY));
const server = (await startServer({ studyDirs: [studyDir], store: `sqlite:${join(dir, 'db.sqlite')}`, host: '127.0.0.1', port: 0, stateDir: join(dir, 'state'), quiet: true })) as RunningServer;
after(() => server.close());
const token = Buffer.from(randomBytes(32)).toString('base64url');
await server.store.addToken(STUDY, hashToken(token), 'test');
const seeds = Array.from({ length: 8 }, () => couponFromRandom(randomBytes(COUPON_RANDOM_BYTES)));
await server.store.issueSeedCoupons(STUDY, seeds.map(hashCouponCode));

const hidden = (html: string, name: string): string => {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no hidden ${name} in page`);
  return m[1]!;
};
async function post(path: string, fields: readonly (readonly [string, string])[]): Promise<{ status: number; html: string }> {
  const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields.map(([k, v]): [string, string] => [k, v])).toString() });
  return { status: r.status, html: await r.text() };
}
async function enter(coupon: (typeof seeds)[number]): Promise<string> {
  const entry = await (await fetch(`${server.url}/s/${STUDY}?lang=en`)).text();
  return (await post(`/s/${STUDY}/start`, [['token', hidden(entry, 'token')], ['coupon', formatCoupon(coupon)], ['lang', 'en'], ['nav', 'start']])).html;
}
const heardOrder = (html: string): string => [...html.matchAll(/name="q_heard" value="(\d+)"/g)].map((m) => m[1]).join(',');

test('a respondent over HTTP: constraint shown and corrected, piped label, every new answer sealed as given', async () => {
  let html = await enter(seeds[0]!);
  assert.doesNotMatch(html, /<script/i);
  const order = heardOrder(html);
  const page1 = (household: string): [string, string][] => [['state', hidden(html, 'state')], ['nav', 'next'], ['q_arrived', '10.2022'], ['o_city', 'Суботица'], ['q_heard', '2'], ['q_rent_share', '33,3'], ['q_household', household]];
  // Post/Redirect/Get: the page with the problem is the address the POST redirects to.
  let r = await post(`/s/${STUDY}/page`, page1('15'));
  assert.equal(r.status, 200);
  assert.match(r.html, /<p class="err" id="e_household">More than 12\? Please check\.<\/p>/);
  assert.equal(heardOrder(r.html), order, 'the order stays the same when the page is shown again');
  html = r.html;
  r = await post(`/s/${STUDY}/page`, page1('3'));
  assert.equal(r.status, 200);
  assert.match(r.html, /<legend id="l_[a-z_]+">Do you like Суботица\?<\/legend>/);
  html = r.html;
  r = await post(`/s/${STUDY}/page`, [['state', hidden(html, 'state')], ['nav', 'next'], ['q_city_feel', '1']]);
  assert.equal(r.status, 200);
  const records = ((await (await fetch(`${server.url}/api/v1/studies/${STUDY}/sealed?limit=10`, { headers: { authorization: `Bearer ${token}` } })).json()) as { records: { sealed: string }[] }).records;
  assert.equal(records.length, 1);
  const opened = await openerFor(key).open(new Uint8Array(Buffer.from(records[0]!.sealed, 'base64')), { study: STUDY });
  assert.ok(opened.ok);
  assert.deepEqual(opened.value.values, {
    arrived: { kind: 'date', value: '2022-10' },
    city: { kind: 'choice', code: 96, other: 'Суботица' },
    heard: { kind: 'choices', codes: [2] },
    rent_share: { kind: 'decimal', value: 33.3 },
    household: { kind: 'integer', value: 3 },
    city_feel: { kind: 'choice', code: 1 },
  });
  assert.doesNotMatch(JSON.stringify(opened.value), /ord|order|seed/i, 'the shuffled order is not in the response');
});

test('shuffled choices differ between respondents (the seed lives in each one\'s sealed form state)', async () => {
  const orders = new Set<string>();
  for (const seed of seeds.slice(1)) orders.add(heardOrder(await enter(seed)));
  assert.ok(orders.size >= 3, `7 respondents saw ${orders.size} orders`);
});
