import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { randomBytes } from '../../src/crypto/index.ts';
import { generateStudyKey, openerFor, recipientFileText } from '../../src/crypto/index.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../../src/sampling/coupon.ts';
import { hashCouponCode, hashToken } from '../../src/store/hash.ts';
import { SECURITY_HEADERS } from '../../src/server/security-headers.ts';

const STUDY = 'russians-in-serbia';
const dir = mkdtempSync(join(tmpdir(), 'portas-flow-'));
const studyDir = join(dir, 'study');
const key = await generateStudyKey({ kind: 'x25519' }); // classic key: fast; sealing is tested in test/crypto
{
  const { mkdirSync } = await import('node:fs');
  mkdirSync(studyDir);
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(studyDir, 'instrument.yaml'));
  writeFileSync(join(studyDir, 'study.pub'), recipientFileText(key, STUDY));
}
const options = { studyDirs: [studyDir], store: `sqlite:${join(dir, 'db.sqlite')}`, host: '127.0.0.1', port: 0, stateDir: join(dir, 'state'), quiet: true };
let server = (await startServer(options)) as RunningServer;
const token = Buffer.from(randomBytes(32)).toString('base64url');
await server.store.addToken(STUDY, hashToken(token), 'test');
const seed = couponFromRandom(randomBytes(COUPON_RANDOM_BYTES));
await server.store.issueSeedCoupons(STUDY, [hashCouponCode(seed)]);

const hidden = (html: string, name: string): string => {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no hidden ${name} in page`);
  return m[1]!;
};
/** Posts like a browser: a 303 is followed with a GET (Post/Redirect/Get); `redirected` says whether it was. */
async function post(path: string, fields: Record<string, string>): Promise<{ status: number; html: string; headers: Headers; redirected: boolean }> {
  const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
  if (r.status !== 303) return { status: r.status, html: await r.text(), headers: r.headers, redirected: false };
  await r.arrayBuffer();
  const location = r.headers.get('location') ?? '';
  assert.match(location, /^\/s\//, 'redirects stay on this site');
  const g = await fetch(`${server.url}${location}`, { redirect: 'manual' });
  return { status: g.status, html: await g.text(), headers: g.headers, redirected: true };
}
async function enter(coupon: string, lang: string) {
  const entry = await (await fetch(`${server.url}/s/${STUDY}?lang=${lang}`)).text();
  return post(`/s/${STUDY}/start`, { token: hidden(entry, 'token'), coupon, lang, nav: 'start' });
}
const title = (html: string) => /<h1>([^<]*)/.exec(html)?.[1] ?? '';
function assertHeaders(headers: Headers, what: string) {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) assert.equal(headers.get(k), v, `${what}: ${k}`);
  for (const banned of ['set-cookie', 'etag', 'server', 'x-powered-by', 'date', 'last-modified']) assert.equal(headers.get(banned), null, `${what}: no ${banned}`);
}

async function pull(): Promise<{ responseId: string; sealed: string }[]> {
  const r = await fetch(`${server.url}/api/v1/studies/${STUDY}/sealed?limit=1000`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200);
  return ((await r.json()) as { records: { responseId: string; sealed: string }[] }).records;
}

test('respondent A: seed coupon, Russian, skips, "prefer not to answer", back once; gets 3 coupons; sealed and openable', async () => {
  let page = await enter(formatCoupon(seed).toLowerCase(), 'ru');
  assert.equal(page.status, 200);
  assert.ok(page.redirected, 'entry answers with a redirect to the first page');
  assert.equal(title(page.html), 'О Вас');
  page = await post(`/s/${STUDY}/page`, { state: hidden(page.html, 'state'), nav: 'next', q_sex: '2', q_age: '33', q_city: '1', q_relocated_with: '2' });
  assert.equal(title(page.html), 'Отъезд из России');
  page = await post(`/s/${STUDY}/page`, { state: hidden(page.html, 'state'), nav: 'back' });
  assert.equal(title(page.html), 'О Вас');
  assert.match(page.html, /name="q_age" value="33"/, 'back keeps the answers');
  page = await post(`/s/${STUDY}/page`, { state: hidden(page.html, 'state'), nav: 'next', q_sex: '2', q_age: '33', q_city: '1', q_relocated_with: '2' });
  page = await post(`/s/${STUDY}/page`, { state: hidden(page.html, 'state'), nav: 'next', q_leave_main: 'rf', q_first_choice: '1' });
  let guard = 0;
  while (page.html.includes('name="state"') && guard++ < 20) page = await post(`/s/${STUDY}/page`, { state: hidden(page.html, 'state'), nav: 'next' });
  assert.equal(page.status, 200);
  const coupons = [...page.html.matchAll(/class="coupon">([^<]*)/g)].map((m) => m[1]!);
  assert.equal(coupons.length, 3);
  const records = await pull();
  assert.equal(records.length, 1);
  const opened = await openerFor(key).open(new Uint8Array(Buffer.from(records[0]!.sealed, 'base64')), { study: STUDY });
  assert.ok(opened.ok);
  const v = opened.value.values;
  assert.equal(opened.value.language, 'ru');
  assert.deepEqual(opened.value.collection, { completionBand: 1 }, 'a band of minutes (0–4), never a clock time');
  assert.deepEqual(v['sex'], { kind: 'choice', code: 2 });
  assert.deepEqual(v['age'], { kind: 'integer', value: 33 });
  assert.deepEqual(v['relocated_with'], { kind: 'choices', codes: [2] });
  assert.deepEqual(v['leave_main'], { kind: 'missing', missing: 'refused' });
  assert.deepEqual(v['education'], { kind: 'missing', missing: 'skipped' });
  assert.deepEqual(v['engage_why'], { kind: 'missing', missing: 'not_applicable' }, 'asked only if engagement decreased');

  // B enters with one of A's coupons, in English; the server restarts in the middle.
  let b = await enter(coupons[0]!, 'en');
  assert.equal(title(b.html), 'About you');
  b = await post(`/s/${STUDY}/page`, { state: hidden(b.html, 'state'), nav: 'next', q_sex: '1' });
  await server.close();
  server = (await startServer(options)) as RunningServer;
  b = await post(`/s/${STUDY}/page`, { state: hidden(b.html, 'state'), nav: 'next', q_first_choice: '2' });
  assert.equal(b.status, 200, 'the path continues after a restart');
  guard = 0;
  let last = b;
  while (b.html.includes('name="state"') && guard++ < 20) {
    last = b;
    b = await post(`/s/${STUDY}/page`, { state: hidden(b.html, 'state'), nav: 'next' });
  }
  // A double tap on the last page is stored once.
  const again = await post(`/s/${STUDY}/page`, { state: hidden(last.html, 'state'), nav: 'next' });
  assert.equal(again.status, 200);
  assert.ok(again.redirected);
  assert.deepEqual([...again.html.matchAll(/class="coupon">([^<]*)/g)].map((m) => m[1]), [...b.html.matchAll(/class="coupon">([^<]*)/g)].map((m) => m[1]), 'same coupons shown');
  const all = await pull();
  assert.equal(all.length, 2, 'B stored exactly once');
  const tree = (await (await fetch(`${server.url}/api/v1/studies/${STUDY}/tree`, { headers: { authorization: `Bearer ${token}` } })).json()) as { seeds: string[]; edges: { recruiter: string; recruit: string }[] };
  assert.equal(tree.seeds.length, 1);
  assert.equal(tree.edges.length, 1, 'the link A → B');
  const bRecord = all.find((r) => r.responseId !== tree.seeds[0])!;
  const bOpened = await openerFor(key).open(new Uint8Array(Buffer.from(bRecord.sealed, 'base64')), { study: STUDY });
  assert.ok(bOpened.ok);
  assert.equal(bOpened.value.language, 'en');
  assert.deepEqual(bOpened.value.values['sex'], { kind: 'choice', code: 1 });
  assert.deepEqual(bOpened.value.values['first_choice'], { kind: 'choice', code: 2 });

  // C tries A's first coupon again: refused at the door.
  const c = await enter(coupons[0]!, 'en');
  assert.ok(c.redirected && c.status === 200, 'the refusal is a page of its own address: Reload resends nothing');
  assert.match(c.html, /This code cannot be used/);
  // Used, unknown, revoked and expired look alike: holding a code does not tell whether its owner took part.
  const [revoked, expired] = [couponFromRandom(randomBytes(COUPON_RANDOM_BYTES)), couponFromRandom(randomBytes(COUPON_RANDOM_BYTES))];
  assert.ok((await server.store.issueSeedCoupons(STUDY, [hashCouponCode(revoked)])).ok);
  assert.ok((await server.store.revokeCoupons(STUDY, { kind: 'below', coupon: hashCouponCode(revoked) })).ok);
  assert.ok((await server.store.issueSeedCoupons(STUDY, [hashCouponCode(expired)], '2020-W01')).ok);
  const pages = [];
  for (const code of [coupons[0]!, formatCoupon(couponFromRandom(randomBytes(COUPON_RANDOM_BYTES))), formatCoupon(revoked), formatCoupon(expired)]) {
    const p = await enter(code, 'en');
    pages.push({ status: p.status, html: p.html.replace(code, 'CODE').replace(/name="token" value="[^"]*"/, '') });
  }
  for (const p of pages.slice(1)) assert.deepEqual(p, pages[0]);
});

test('withdrawing halfway stores nothing', async () => {
  const before = (await pull()).length;
  const fresh = couponFromRandom(randomBytes(COUPON_RANDOM_BYTES));
  await server.store.issueSeedCoupons(STUDY, [hashCouponCode(fresh)]);
  let d = await enter(formatCoupon(fresh), 'en');
  d = await post(`/s/${STUDY}/page`, { state: hidden(d.html, 'state'), nav: 'next', q_sex: '1' });
  d = await post(`/s/${STUDY}/page`, { state: hidden(d.html, 'state'), nav: 'withdraw' });
  assert.equal(d.status, 200);
  assert.match(d.html, /Stop taking part\?/, 'asked once, on a page of its own');
  assert.equal((await pull()).length, before);
  d = await post(`/s/${STUDY}/page`, { state: hidden(d.html, 'state'), nav: 'withdraw-confirm' });
  assert.equal(d.status, 200);
  assert.match(d.html, /None of your answers were kept/);
  assert.equal((await pull()).length, before);
});

test('every status carries the security headers and no identifying or caching header', async () => {
  const entry = await fetch(`${server.url}/s/${STUDY}`);
  assertHeaders(entry.headers, '200');
  assertHeaders((await fetch(`${server.url}/nope`)).headers, '404');
  assertHeaders((await fetch(`${server.url}/s/${STUDY}/start`)).headers, '405');
  assertHeaders((await fetch(`${server.url}/s/${STUDY}/page?s=forged`)).headers, '400 forged page address');
  assertHeaders((await post(`/s/${STUDY}/page`, { state: 'forged' })).headers, '400 forged state');
  const big = await fetch(`${server.url}/s/${STUDY}/page`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `state=${'x'.repeat(300_000)}` });
  assert.equal(big.status, 413);
  assertHeaders(big.headers, '413');
  const wrongType = await fetch(`${server.url}/s/${STUDY}/page`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
  assert.equal(wrongType.status, 400);
  const badEncoding = await fetch(`${server.url}/s/${STUDY}/page`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'state=%E0%A4%A' });
  assert.equal(badEncoding.status, 400);
  assert.doesNotMatch(await badEncoding.text(), /at \w+ \(|Error:/, 'no stack trace');
  assert.equal((await fetch(`${server.url}/api/v1/studies/${STUDY}/sealed`)).status, 401);
  assert.equal((await fetch(`${server.url}/api/v1/studies/${STUDY}/sealed`, { headers: { authorization: `Bearer ${'a'.repeat(43)}` } })).status, 403);
});

test('a token sealed for one purpose is refused for another (entry token posted as page state)', async () => {
  const entry = await (await fetch(`${server.url}/s/${STUDY}`)).text();
  const r = await post(`/s/${STUDY}/page`, { state: hidden(entry, 'token'), nav: 'next' });
  assert.equal(r.status, 400, 'found by the fuzzer: this was a 500');
  assert.match(r.html, /изменена или повреждена|altered or damaged/);
});

test('a bad coupon is told apart: a typo (the check character) has its own message; an unknown code the common one', async () => {
  const typo = await enter('ABCD-EFGH-JKM', 'en');
  assert.equal(typo.status, 200);
  assert.match(typo.html, /typing error/);
  assert.match(typo.html, /value="ABCD-EFGH-JKM"/, 'what was typed is kept');
  const unknown = await enter(formatCoupon(couponFromRandom(randomBytes(COUPON_RANDOM_BYTES))), 'ru');
  assert.equal(unknown.status, 200);
  assert.match(unknown.html, /Этим кодом нельзя воспользоваться/);
});


test('a form sealed before completion times existed (no start minute) still finishes; its response has no band', async () => {
  const { importFormKey, sealFormState } = await import('../../src/crypto/form-state.ts');
  const ring = await server.store.formKeys();
  assert.ok(ring.ok);
  const newest = ring.value.keys.at(-1)!;
  const formKey = await importFormKey({ id: newest.id, since: Math.floor(Date.now() / 60_000), raw: newest.raw });
  const before = (await pull()).length;
  const fresh = couponFromRandom(randomBytes(COUPON_RANDOM_BYTES));
  await server.store.issueSeedCoupons(STUDY, [hashCouponCode(fresh)]);
  const minute = Math.floor(Date.now() / 60_000);
  // What the server sealed into a page form before this version: no t0.
  const old = { v: 1, rid: 'ab'.repeat(16), coupon: fresh, give: [], lang: 'en', page: 7, answers: {} };
  const state = await sealFormState(formKey, `${STUDY}/2024.1/path`, old, minute);
  const done = await post(`/s/${STUDY}/page`, { state, nav: 'next' });
  assert.equal(done.status, 200);
  assert.ok(done.redirected && /Thank you/.test(done.html), 'the thank-you page');
  const records = await pull();
  assert.equal(records.length, before + 1);
  const mine = records.find((r) => r.responseId === 'ab'.repeat(16))!;
  const opened = await openerFor(key).open(new Uint8Array(Buffer.from(mine.sealed, 'base64')), { study: STUDY });
  assert.ok(opened.ok);
  assert.deepEqual(opened.value.collection, {});
});

// Cleanup is a hook, not a test: a test that asserts nothing would count as a pass.
after(async () => {
  await server.close();
});
