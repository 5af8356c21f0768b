// A new researcher's walk through the studio in Chromium, shared by the browser test and scripts/studio-screens.ts.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROUTES } from '../../src/studio/routes.ts';
import { startStudio, type RunningStudio } from '../../src/studio/server.ts';
import { keyFile } from '../../src/studio/workspace.ts';
import { CHROMIUM_PATH } from '../external-tools.ts';

export const XLSFORM = '../shared/xlsforms/ucl_biomass_plot_form.xlsx';
export const STUDY = 'ucl-biomass-plot-form';
const PASSPHRASE = 'orbit lantern velvet quarry maple';
/** The passphrase of the key file rebuilt from two shares (makeKey), which opens the responses. */
export const RESTORED_PASSPHRASE = `${PASSPHRASE} again`;

export interface StudioSession {
  readonly studio: RunningStudio;
  readonly workspace: string;
  readonly browser: Browser;
  readonly page: Page;
  /** Every request the pages made to anywhere but the studio (all refused). */
  readonly external: string[];
  close(): Promise<void>;
}

/** A studio on a fresh workspace and a desktop browser with no script and no network beyond 127.0.0.1. */
export async function openSession(): Promise<StudioSession> {
  const workspace = mkdtempSync(join(tmpdir(), 'portas-studio-walk-'));
  const studio = await startStudio({ workspace, routes: ROUTES });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 }, acceptDownloads: true });
  const external: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' && url.port === String(studio.port)) await route.continue();
    else {
      external.push(route.request().url());
      await route.abort('blockedbyclient');
    }
  });
  const page = await context.newPage();
  return {
    studio, workspace, browser, page, external,
    close: async () => {
      await browser.close();
      await studio.close();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}

type Shot = (name: string) => Promise<void>;

/** Creates the study from the XLSForm; the language without respondent pages is named inline, fixed in the editor. */
export async function createStudy(s: StudioSession, shot: Shot): Promise<void> {
  const { page } = s;
  await page.goto(s.studio.url);
  assert.equal(new URL(page.url()).search, '', 'the secret leaves the address');
  await shot('studies-empty');
  await page.click('text=New study');
  await shot('new-study');
  await page.setInputFiles('#form', XLSFORM);
  await page.click('form[action="/new/xlsform"] button');
  await page.waitForURL(`**/studies/${STUDY}`);
  assert.match(await page.locator('.problems').first().innerText(), /language 'sw' has no respondent page messages/);
  await shot('questionnaire-problems');
  // The researcher fixes it in the page: Swahili becomes Russian (texts untranslated here; a test only).
  const yaml = await page.locator('#yaml').inputValue();
  await page.fill('#yaml', yaml.replace(/^(\s+)sw:/gm, '$1ru:').replace(/^(\s+)- sw$/m, '$1- ru'));
  await page.click(`form[action="/studies/${STUDY}/questionnaire"] button`);
  await page.waitForURL(`**/studies/${STUDY}?saved=1`);
  assert.match(await page.locator('.ok').first().innerText(), /Saved/);
}

/** Page 2 in both languages, as respondents see it (inside the sandboxed frame). */
export async function previewTwoLanguages(s: StudioSession, shot: Shot): Promise<void> {
  const { page } = s;
  await page.click('a[href$="lang=en&page=start"]');
  await page.click('a[href*="lang=en&page=2"]');
  assert.match(await page.frameLocator('iframe.preview').locator('h1').innerText(), /Enumerator Details/);
  await shot('preview-en');
  await page.click('a[href*="lang=ru&page=2"]');
  assert.match(await page.frameLocator('iframe.preview').locator('h1').innerText(), /Taarifa za mtu anayejaza fomu/);
  assert.match(await page.frameLocator('iframe.preview').locator('button.go').innerText(), /Далее/);
  await shot('preview-ru');
}

/** A weak passphrase refused, then the key made and split 2 of 3; then the key file rebuilt from two shares. */
export async function makeKey(s: StudioSession, shot: Shot): Promise<string[]> {
  const { page } = s;
  await page.click('nav.study >> text=Keys');
  await shot('keys-new');
  await page.fill('#passphrase', 'password1234');
  await page.fill('#confirm', 'password1234');
  await page.click(`form[action="/studies/${STUDY}/keys/make"] button`);
  assert.match(await page.locator('.error').innerText(), /too easy to guess/);
  await shot('keys-weak');
  await page.fill('#passphrase', PASSPHRASE);
  await page.fill('#confirm', PASSPHRASE);
  await page.fill('#holders', 'Ana\nBoris\nVera');
  await page.fill('#threshold', '2');
  await page.click(`form[action="/studies/${STUDY}/keys/make"] button`);
  const shares = await page.locator('.share').allInnerTexts();
  assert.equal(shares.length, 3);
  assert.match(await page.locator('.sealed').innerText(), /any 2 of Ana, Boris, Vera/);
  await shot('key-shares');
  await page.click('text=Back to Keys');
  await shot('keys-made');
  await page.click('text=Recovery sheet');
  assert.match(await page.locator('pre').innerText(), /BEGIN AGE ENCRYPTED FILE/);
  await shot('recovery-sheet');
  // The laptop is lost: two holders rebuild the key file.
  rmSync(keyFile(s.workspace, STUDY));
  await page.goto(`${s.studio.origin}/studies/${STUDY}/keys`);
  await page.fill('#shares', `${shares[0] ?? ''}\n${shares[2] ?? ''}`);
  await page.fill('#passphrase', RESTORED_PASSPHRASE);
  await page.fill('#confirm', RESTORED_PASSPHRASE);
  await page.click(`form[action="/studies/${STUDY}/keys/restore"] button`);
  assert.match(await page.locator('.ok').innerText(), /rebuilt/);
  return shares;
}

/** Settings saved, five seed coupons issued into the local store and shown once. */
export async function seedCoupons(s: StudioSession, shot: Shot): Promise<string[]> {
  const { page } = s;
  await page.click('nav.study >> text=Fieldwork');
  await page.fill('#onion', 'http://example.onion');
  await page.click(`form[action="/studies/${STUDY}/fieldwork/settings"] button`);
  assert.match(await page.locator('#onion-err').innerText(), /56 letters and digits/);
  await shot('fieldwork-problem');
  await page.fill('#onion', '');
  await page.click(`form[action="/studies/${STUDY}/fieldwork/settings"] button`);
  assert.match(await page.locator('.ok').innerText(), /saved/);
  await shot('fieldwork');
  await page.fill('#n', '5');
  await page.click(`form[action="/studies/${STUDY}/fieldwork/coupons"] button`);
  const coupons = await page.locator('.coupon').allInnerTexts();
  assert.equal(coupons.length, 5);
  await shot('seed-coupons');
  return coupons;
}
