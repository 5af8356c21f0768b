// Fieldwork caps on a running server: the closed page for new paths at max_responses (every language), started paths
// still finish and are stored, and no coupon is handed out at max_wave or in a chain at max_chain_size.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { generateStudyKey, randomBytes, recipientFileText } from '../../src/crypto/index.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../../src/sampling/coupon.ts';
import { hashCouponCode } from '../../src/store/hash.ts';

const STUDY = 'mini-study';
const key = await generateStudyKey({ kind: 'x25519' });

async function serverWith(settings: string): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'portas-caps-'));
  mkdirSync(join(dir, 'study'));
  copyFileSync('test/instrument/fixtures/mini.yaml', join(dir, 'study', 'instrument.yaml'));
  writeFileSync(join(dir, 'study', 'study.pub'), recipientFileText(key, STUDY));
  writeFileSync(join(dir, 'study', 'study.yaml'), settings);
  return (await startServer({ studyDirs: [join(dir, 'study')], store: `sqlite:${join(dir, 'db.sqlite')}`, host: '127.0.0.1', port: 0, stateDir: join(dir, 'state'), quiet: true })) as RunningServer;
}

const hidden = (html: string, name: string): string => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
const codesOn = (html: string): string[] => [...html.matchAll(/<li class="coupon">([^<]+)<\/li>/g)].map((m) => m[1] ?? '');

/** Posts like a browser, following the redirect with a GET. */
async function post(server: RunningServer, path: string, fields: Record<string, string>): Promise<{ status: number; html: string }> {
  const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
  if (r.status !== 303) return { status: r.status, html: await r.text() };
  await r.arrayBuffer();
  const g = await fetch(`${server.url}${r.headers.get('location') ?? ''}`);
  return { status: g.status, html: await g.text() };
}

/** Enters with `coupon` and returns the first questionnaire page (or whatever the server answered instead). */
async function enter(server: RunningServer, coupon: string, lang = 'en'): Promise<{ status: number; html: string }> {
  const entry = await (await fetch(`${server.url}/s/${STUDY}?lang=${lang}`)).text();
  return post(server, `/s/${STUDY}/start`, { token: hidden(entry, 'token'), coupon, lang, nav: 'start' });
}

/** Skips through every page to the thank-you page. */
async function finish(server: RunningServer, page: { status: number; html: string }): Promise<{ status: number; html: string }> {
  let at = page;
  for (let i = 0; i < 40 && at.html.includes('name="state"'); i++) at = await post(server, `/s/${STUDY}/page`, { state: hidden(at.html, 'state'), nav: 'next' });
  return at;
}

async function seeds(server: RunningServer, n: number): Promise<string[]> {
  const codes = Array.from({ length: n }, () => couponFromRandom(randomBytes(COUPON_RANDOM_BYTES)));
  const issued = await server.store.issueSeedCoupons(STUDY, codes.map((c) => hashCouponCode(c)));
  assert.ok(issued.ok);
  return codes.map((c) => formatCoupon(c));
}

const servers: RunningServer[] = [];
after(async () => {
  for (const s of servers) await s.close();
});

test('at max_responses new paths see the closed page in every study language; a path already started finishes and is stored', { timeout: 120_000 }, async () => {
  const server = await serverWith('max_responses: 2\n');
  servers.push(server);
  const [s1, s2, s3] = await seeds(server, 3);
  assert.ok(s1 !== undefined && s2 !== undefined && s3 !== undefined);
  assert.match((await finish(server, await enter(server, s1))).html, /class="coupon"/);
  const started = await enter(server, s2);
  assert.match(started.html, /name="state"/, 'the second path has begun before the cap is reached');
  // A third path begun and finished while the second is still open reaches the cap.
  assert.match((await finish(server, await enter(server, s3))).html, /class="coupon"/);

  for (const [lang, words] of [['en', 'This survey has received all the responses it needs'], ['ru', 'Мы уже получили столько ответов, сколько нужно']] as const) {
    const closed = await fetch(`${server.url}/s/${STUDY}?lang=${lang}`);
    const html = await closed.text();
    assert.equal(closed.status, 200);
    assert.ok(html.includes(words), `the closed page in ${lang}`);
    assert.ok(!html.includes('name="coupon"'), 'no way to start a new path');
    assert.match(html, new RegExp(`hreflang="${lang === 'en' ? 'ru' : 'en'}"`), 'a link to the other study language');
  }
  // A browser that loaded the entry page before the cap and presses Start now also gets the closed page, in its language.
  const late = await post(server, `/s/${STUDY}/start`, { token: 'x', coupon: 'ABCD-EFGH-JKM', lang: 'ru', nav: 'start' });
  assert.equal(late.status, 200);
  assert.match(late.html, /Опрос закрыт/);

  const done = await finish(server, started);
  assert.match(done.html, /class="coupon"/, 'the path begun before the cap reaches its thank-you page');
  const counts = await server.store.counts(STUDY);
  assert.ok(counts.ok);
  assert.equal(counts.value.responsesTotal, 3, 'every acknowledged response is stored, the one past the cap too');
});

test('max_wave: a respondent of the last wave gets no coupons, and those stored with the response are withdrawn', { timeout: 120_000 }, async () => {
  const server = await serverWith('coupons_per_respondent: 2\nmax_wave: 1\n');
  servers.push(server);
  const [seed] = await seeds(server, 1);
  assert.ok(seed !== undefined);
  const wave0 = codesOn((await finish(server, await enter(server, seed))).html);
  assert.equal(wave0.length, 2, 'the seed (wave 0) passes two coupons on');
  const wave1 = await finish(server, await enter(server, wave0[0] ?? ''));
  assert.match(wave1.html, /Thank you/);
  assert.deepEqual(codesOn(wave1.html), [], 'wave 1 is the last: no coupons shown');
  const counts = await server.store.counts(STUDY);
  assert.ok(counts.ok);
  assert.equal(counts.value.responsesTotal, 2);
  assert.equal(counts.value.couponsIssued, 3, "the seed's coupon and the seed's two; wave 1's were withdrawn");
});

test('max_chain_size: a chain that reached its size gets no more coupons, another chain still does', { timeout: 120_000 }, async () => {
  const server = await serverWith('coupons_per_respondent: 1\nmax_chain_size: 2\n');
  servers.push(server);
  const [a, b] = await seeds(server, 2);
  assert.ok(a !== undefined && b !== undefined);
  const [passed] = codesOn((await finish(server, await enter(server, a))).html);
  assert.ok(passed !== undefined, 'a chain of one passes its coupon on');
  assert.deepEqual(codesOn((await finish(server, await enter(server, passed))).html), [], 'the chain now holds two: no coupon');
  assert.equal(codesOn((await finish(server, await enter(server, b))).html).length, 1, 'the other seed still recruits');
});
