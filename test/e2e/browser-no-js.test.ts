import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { generateStudyKey, openerFor, randomBytes, recipientFileText } from '../../src/crypto/index.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../../src/sampling/coupon.ts';
import { hashCouponCode } from '../../src/store/hash.ts';

const CHROMIUM = '/usr/bin/chromium';
const STUDY = 'russians-in-serbia';
const SHOTS = 'artifacts/screens';
const skip = existsSync(CHROMIUM) ? false : process.env['CI'] ? false : 'Debian chromium is not installed (CI installs it)';

let server: RunningServer | undefined;
let browser: Browser | undefined;
const key = await generateStudyKey({ kind: 'x25519' });

before(async () => {
  if (skip !== false) return;
  const dir = mkdtempSync(join(tmpdir(), 'portas-e2e-'));
  mkdirSync(join(dir, 'study'));
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(dir, 'study', 'instrument.yaml'));
  writeFileSync(join(dir, 'study', 'study.pub'), recipientFileText(key, STUDY));
  server = (await startServer({ studyDirs: [join(dir, 'study')], store: `sqlite:${join(dir, 'db.sqlite')}`, host: '127.0.0.1', port: 0, stateDir: join(dir, 'state'), quiet: true })) as RunningServer;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A JavaScript-off phone: Tor Browser "Safest" runs no script at all. */
async function phone(): Promise<{ page: Page; requests: string[] }> {
  if (browser === undefined) throw new Error('no browser');
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
  return { page, requests };
}

test('A (Russian) and B (English, with A’s coupon) take the flagship in Chromium with JavaScript off', { skip }, async () => {
  if (server === undefined) throw new Error('no server');
  const seed = couponFromRandom(randomBytes(COUPON_RANDOM_BYTES));
  await server.store.issueSeedCoupons(STUDY, [hashCouponCode(seed)]);

  const a = await phone();
  await a.page.goto(`${server.url}/s/${STUDY}`);
  await a.page.screenshot({ path: `${SHOTS}/ru-00-entry.png`, fullPage: true });
  await a.page.fill('input[name=coupon]', formatCoupon(seed));
  await a.page.click('button[value=start]');
  let n = 1;
  let wentBack = false;
  while (await a.page.locator('input[name=state]').count()) {
    const h1 = await a.page.locator('h1').textContent();
    await a.page.screenshot({ path: `${SHOTS}/ru-${String(n).padStart(2, '0')}.png`, fullPage: true });
    if (n === 1) {
      await a.page.check('input[name=q_sex][value="2"]');
      await a.page.fill('input[name=q_age]', '37');
      await a.page.check('input[name=q_relocated_with][value="2"]');
    }
    if (h1 === 'Отъезд из России' && !wentBack) {
      await a.page.check('input[name=q_leave_main][value=rf]');
      await a.page.click('button[value=back]');
      wentBack = true;
      assert.equal(await a.page.inputValue('input[name=q_age]'), '37', 'back keeps the answer');
      await a.page.click('button[value=next]');
      assert.ok(await a.page.isChecked('input[name=q_leave_main][value=rf]'), 'and the next page still has its answer');
    }
    const before = a.requests.length;
    await a.page.click('button[value=next]');
    assert.equal(a.requests.length - before, 1, `page ${h1 ?? ''}: exactly one request, no subresources`);
    n += 1;
  }
  await a.page.screenshot({ path: `${SHOTS}/ru-99-thanks.png`, fullPage: true });
  const coupons = await a.page.locator('.coupon').allTextContents();
  assert.equal(coupons.length, 3);

  const b = await phone();
  await b.page.goto(`${server.url}/s/${STUDY}`);
  await b.page.click('button[value=en]');
  await b.page.fill('input[name=coupon]', coupons[0]!);
  await b.page.click('button[value=start]');
  assert.equal(await b.page.locator('h1').textContent(), 'About you');
  n = 1;
  while (await b.page.locator('input[name=state]').count()) {
    await b.page.screenshot({ path: `${SHOTS}/en-${String(n).padStart(2, '0')}.png`, fullPage: true });
    if (n === 1) await b.page.check('input[name=q_sex][value="1"]');
    await b.page.click('button[value=next]');
    n += 1;
  }
  assert.equal((await b.page.locator('.coupon').allTextContents()).length, 3);

  const c = await phone();
  await c.page.goto(`${server.url}/s/${STUDY}?lang=en`);
  await c.page.fill('input[name=coupon]', coupons[0]!);
  await c.page.click('button[value=start]');
  assert.match((await c.page.textContent('body')) ?? '', /already been used/);

  const records = await server.store.pullSealed(STUDY, { limit: 10 });
  assert.ok(records.ok);
  const opened = await Promise.all(records.value.records.map((r) => openerFor(key).open(r.sealed, { study: STUDY })));
  const langs = opened.map((o) => (o.ok ? o.value.language : 'failed')).sort();
  assert.deepEqual(langs, ['en', 'ru']);
  const ru = opened.find((o) => o.ok && o.value.language === 'ru');
  assert.ok(ru?.ok);
  assert.deepEqual(ru.value.values['age'], { kind: 'integer', value: 37 });
  assert.deepEqual(ru.value.values['leave_main'], { kind: 'missing', missing: 'refused' });
});

test('D withdraws halfway in the browser: nothing is stored', { skip }, async () => {
  if (server === undefined) throw new Error('no server');
  const store = server.store;
  const seed = couponFromRandom(randomBytes(COUPON_RANDOM_BYTES));
  await server.store.issueSeedCoupons(STUDY, [hashCouponCode(seed)]);
  const count = async () => {
    const c = await store.counts(STUDY);
    assert.ok(c.ok);
    return c.value.responsesTotal;
  };
  const before = await count();
  const d = await phone();
  await d.page.goto(`${server.url}/s/${STUDY}?lang=en`);
  await d.page.fill('input[name=coupon]', formatCoupon(seed));
  await d.page.click('button[value=start]');
  await d.page.click('button[value=next]');
  await d.page.click('button[value=withdraw]');
  assert.match((await d.page.textContent('body')) ?? '', /None of your answers were kept/);
  assert.equal(await count(), before);
});
