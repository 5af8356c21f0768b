// Walks a respondent's path in a browser and hands every distinct page to a visitor: entry, its error, each
// questionnaire page, an error page, the stop question, the thank-you page. Used by the audit and the screenshots.

import { chromium, type Browser, type Page } from 'playwright-core';
import type { RespondentServer } from './respondent-server.ts';

export const CHROMIUM = '/usr/bin/chromium';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A cheap phone with JavaScript off (Tor Browser "Safest" runs no script at all). */
export async function phone(browser: Browser, options: { readonly javaScript?: boolean; readonly width?: number; readonly height?: number } = {}): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? false,
    // Only for the audit, which injects axe-core: the pages forbid every script by their CSP.
    bypassCSP: options.javaScript ?? false,
    viewport: { width: options.width ?? 360, height: options.height ?? 640 },
    deviceScaleFactor: 1,
  });
  return context.newPage();
}

export type Visit = (name: string, page: Page) => Promise<void>;

/** Every page a respondent of `study` meets in `lang`, skipping every question; one wrong coupon, one wrong number. */
export async function walkStudy(page: Page, rs: RespondentServer, study: string, lang: string, visit: Visit): Promise<void> {
  const url = rs.server.url;
  await page.goto(`${url}/s/${study}?lang=${lang}`);
  await visit('entry', page);
  await page.fill('#coupon', 'ABCD-EFGH-JKM');
  await page.press('#coupon', 'Enter');
  await visit('entry-error', page);
  await page.fill('#coupon', await rs.seed(study));
  await page.press('#coupon', 'Enter');
  let n = 1;
  while ((await page.locator('input[name=state]').count()) > 0) {
    const name = `p${String(n).padStart(2, '0')}`;
    await visit(name, page);
    if (n === 1) {
      const number = page.locator('input[inputmode=numeric]').first();
      if ((await number.count()) > 0) {
        await number.fill('сорок');
        await page.click('button[value=next]');
        await visit(`${name}-error`, page);
        await number.fill('');
      }
      await page.click('button[value=withdraw]');
      await visit('stop', page);
      await page.click('button[value=withdraw-cancel]');
    }
    await page.click('button[value=next]');
    n += 1;
  }
  await visit('thanks', page);
}
