import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { generateStudyKey, randomBytes, recipientFileText } from '../../src/crypto/index.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon, parseCoupon } from '../../src/sampling/coupon.ts';
import { hashCouponCode } from '../../src/store/hash.ts';
import { periodOf } from '../../src/store/period.ts';

const STUDY = 'russians-in-serbia';
const dir = mkdtempSync(join(tmpdir(), 'portas-abuse-'));
mkdirSync(join(dir, 'study'));
copyFileSync('studies/russians-in-serbia/instrument.yaml', join(dir, 'study', 'instrument.yaml'));
writeFileSync(join(dir, 'study', 'study.pub'), recipientFileText(await generateStudyKey({ kind: 'x25519' }), STUDY));
const server = (await startServer({ studyDirs: [join(dir, 'study')], store: `sqlite:${join(dir, 'db.sqlite')}`, host: '127.0.0.1', port: 0, stateDir: join(dir, 'state'), quiet: true })) as RunningServer;
/**
 * Client and server share this process, and the server's fsynced writes block it for seconds at a time: the
 * client may then pick a pooled keep-alive connection the server has already closed (ECONNRESET before the
 * request arrives). Browsers resend in that case, and so does this; a resent page is stored at most once.
 */
const post = async (path: string, fields: Record<string, string>, retried = false): Promise<{ status: number; html: string }> => {
  try {
    const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    return { status: r.status, html: await r.text() };
  } catch (e) {
    if (retried || (e as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw e;
    return post(path, fields, true);
  }
};
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

test('one coupon, 1,000 respondents finishing at once: exactly one is linked to the recruiter, the others are kept unlinked and flagged', async () => {
  const coupon = couponFromRandom(randomBytes(COUPON_RANDOM_BYTES));
  await server.store.issueSeedCoupons(STUDY, [hashCouponCode(coupon)]);
  const entry = await (await fetch(`${server.url}/s/${STUDY}`)).text();
  const token = hidden(entry, 'token');
  // Each respondent walks to the last page (the coupon is only checked, not spent, on the way)…
  const lastPages: string[] = [];
  for (let batch = 0; batch < 10; batch++) {
    lastPages.push(
      ...(await Promise.all(
        Array.from({ length: 100 }, async () => {
          let page = await post(`/s/${STUDY}/start`, { token, coupon: formatCoupon(coupon), nav: 'start' });
          let previous = page;
          while (page.html.includes('name="state"')) {
            previous = page;
            if (page.html.includes('value="Отправить ответы"') || page.html.includes('>Отправить ответы<')) break;
            page = await post(`/s/${STUDY}/page`, { state: hidden(page.html, 'state'), nav: 'next' });
          }
          return hidden(page.html.includes('name="state"') ? page.html : previous.html, 'state');
        }),
      )),
    );
  }
  // …then press "send", a hundred at the same moment at a time (every send is sealed and fsynced).
  const results: { status: number; html: string }[] = [];
  for (let i = 0; i < lastPages.length; i += 100) results.push(...(await Promise.all(lastPages.slice(i, i + 100).map((state) => post(`/s/${STUDY}/page`, { state, nav: 'next' })))));
  assert.ok(results.every((r) => r.status === 200 && r.html.includes('class="coupon"')), 'everyone reaches a thank-you page');
  const unlinked = results.filter((r) => r.html.includes('Ваши ответы всё равно сохранены'));
  assert.equal(unlinked.length, 999, 'every other one is told their answers were kept unlinked');
  const counts = await server.store.counts(STUDY);
  assert.ok(counts.ok);
  assert.equal(counts.value.responsesTotal, 1000, 'no answer is lost to the race');
  assert.equal(counts.value.couponsRedeemed, 1, 'the coupon was redeemed exactly once');
});

test('10^6 random guesses at a coupon: none is accepted', async () => {
  const rng = xoshiro128ss(2024);
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const period = periodOf(new Date());
  let wellFormed = 0;
  for (let i = 0; i < 1_000_000; i++) {
    let guess = '';
    for (let j = 0; j < 11; j++) guess += alphabet.charAt(rng.nextInt(32));
    const parsed = parseCoupon(guess);
    if (!parsed.ok) continue; // refused by the check symbol before any lookup
    wellFormed += 1;
    const state = await server.store.couponState(STUDY, hashCouponCode(parsed.value), period);
    assert.ok(state.ok);
    assert.equal(state.value, 'unknown', `guess ${i} hit a coupon`);
  }
  assert.ok(wellFormed > 25_000 && wellFormed < 37_000, `${wellFormed} guesses passed the check symbol (≈ 1 in 32)`);
  // And through the page itself, a sample of well-formed guesses is refused with the clear message.
  // The loop above ran on microtasks only; one turn of the event loop lets the client notice the keep-alive
  // connections the server closed meanwhile (else the next fetch may pick a dead one: ECONNRESET).
  await new Promise((resolve) => setTimeout(resolve, 50));
  const entry = await (await fetch(`${server.url}/s/${STUDY}?lang=en`).catch(() => fetch(`${server.url}/s/${STUDY}?lang=en`))).text();
  for (let i = 0; i < 20; i++) {
    const r = await post(`/s/${STUDY}/start`, { token: hidden(entry, 'token'), coupon: formatCoupon(couponFromRandom(randomBytes(COUPON_RANDOM_BYTES))), lang: 'en', nav: 'start' });
    assert.equal(r.status, 200, 'the refusal is a page of its own (Post/Redirect/Get)');
    assert.match(r.html, /This code cannot be used/);
  }
});

// Cleanup is a hook, not a test: a test that asserts nothing would count as a pass.
after(async () => {
  await server.close();
});
