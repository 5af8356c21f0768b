import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openPulled } from '../../src/study/open-pulled.ts';
import { pull } from '../../src/study/pull.ts';
import { loadDataset } from '../../src/study/load-dataset.ts';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { generateStudyKey, lockStudyKey, randomBytes, recipientFileText } from '../../src/crypto/index.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../../src/sampling/coupon.ts';
import { hashCouponCode, hashToken } from '../../src/store/hash.ts';
import { skipUnless } from '../external-tools.ts';

const CHROMIUM = '/usr/bin/chromium';
const STUDY = 'russians-in-serbia';
const SHOTS = 'artifacts/screens';
const skip = skipUnless('Chromium');

let server: RunningServer | undefined;
let serverOptions: Parameters<typeof startServer>[0] | undefined;
let workDir = '';
let browser: Browser | undefined;
const key = await generateStudyKey({ kind: 'x25519' });

before(async () => {
  if (skip !== false) return;
  const dir = mkdtempSync(join(tmpdir(), 'portas-e2e-'));
  workDir = dir;
  mkdirSync(join(dir, 'study'));
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(dir, 'study', 'instrument.yaml'));
  writeFileSync(join(dir, 'study', 'study.pub'), recipientFileText(key, STUDY));
  serverOptions = { studyDirs: [join(dir, 'study')], store: `sqlite:${join(dir, 'db.sqlite')}`, host: '127.0.0.1', port: 0, stateDir: join(dir, 'state'), quiet: true };
  server = (await startServer(serverOptions)) as RunningServer;
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
    // Post/Redirect/Get: the POST is answered by a 303, then the next page is one document, no subresources.
    assert.deepEqual(a.requests.slice(before).map((r) => r.split(' ')[0]), ['POST', 'GET'], `page ${h1 ?? ''}: one POST, one GET, nothing else`);
    n += 1;
  }
  await a.page.screenshot({ path: `${SHOTS}/ru-99-thanks.png`, fullPage: true });
  const coupons = await a.page.locator('.coupon').allTextContents();
  assert.equal(coupons.length, 3);

  const b = await phone();
  await b.page.goto(`${server.url}/s/${STUDY}`);
  await b.page.click('a[hreflang=en]');
  await b.page.fill('input[name=coupon]', coupons[0]!);
  await b.page.click('button[value=start]');
  assert.equal(await b.page.locator('h1').textContent(), 'About you');
  n = 1;
  while (await b.page.locator('input[name=state]').count()) {
    await b.page.screenshot({ path: `${SHOTS}/en-${String(n).padStart(2, '0')}.png`, fullPage: true });
    if (n === 1) await b.page.check('input[name=q_sex][value="1"]');
    if (n === 3 && serverOptions !== undefined) {
      // The server restarts while B is on page 3: B's answers live in B's own form and survive.
      const port = Number(new URL(server.url).port);
      await server.close();
      server = (await startServer({ ...serverOptions, port })) as RunningServer;
    }
    await b.page.click('button[value=next]');
    n += 1;
  }
  assert.equal((await b.page.locator('.coupon').allTextContents()).length, 3);

  const c = await phone();
  await c.page.goto(`${server.url}/s/${STUDY}?lang=en`);
  await c.page.fill('input[name=coupon]', coupons[0]!);
  await c.page.click('button[value=start]');
  assert.match((await c.page.textContent('body')) ?? '', /This code cannot be used/);

  // The researcher pulls and opens: exactly A's and B's answers, and the link A → B.
  const token = Buffer.from(randomBytes(32)).toString('base64url');
  await server.store.addToken(STUDY, hashToken(token), 'e2e');
  await pull({ server: server.url, study: STUDY, token, out: join(workDir, 'pulled') });
  const passphrase = 'e2e passphrase, long enough';
  const locked = await lockStudyKey(key, passphrase);
  assert.ok(locked.ok);
  writeFileSync(join(workDir, 'study.key'), locked.value);
  const summary = await openPulled({ pulled: join(workDir, 'pulled'), studyDir: join(workDir, 'study'), keyFile: join(workDir, 'study.key'), passphrase, out: join(workDir, 'dataset') });
  if (typeof summary === 'string') assert.fail(summary);
  assert.equal(summary.opened, 2);
  const ds = await loadDataset(join(workDir, 'dataset'));
  assert.ok(ds.ok);
  const col = (name: string) => ds.value.variables.find((v) => v.name === name)!;
  const sex = col('sex');
  const age = col('age');
  const leave = col('leave_main');
  const id = col('response_id');
  const recruiter = col('recruiter');
  assert.ok(sex.type === 'coded' && age.type === 'numeric' && leave.type === 'coded' && id.type === 'text' && recruiter.type === 'text');
  const aRow = sex.values.indexOf(2);
  const bRow = sex.values.indexOf(1);
  assert.equal(age.values[aRow], 37);
  assert.equal(leave.missing[aRow], 4, 'prefer not to answer');
  assert.equal(recruiter.values[bRow], id.values[aRow], 'the link A → B');
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
  await d.page.click('button[value=withdraw-confirm]');
  assert.match((await d.page.textContent('body')) ?? '', /None of your answers were kept/);
  assert.equal(await count(), before);
});
