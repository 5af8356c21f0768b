// Prints a report's HTML file to an A4 PDF with Debian's headless Chromium, every network request refused.

import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a Chromium that phones nowhere: no background fetches, updates, sync or QUIC. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface PrintResult {
  /** Requests the page tried to make besides its own file; each was aborted. A self-contained report makes none. */
  readonly blocked: readonly string[];
}

/**
 * Prints `htmlFile` to `pdfFile`: A4, backgrounds printed (the synthetic-data band is a background),
 * page numbers in the footer. Every request other than the file itself is aborted and reported.
 */
export async function printPdf(htmlFile: string, pdfFile: string, executablePath: string = CHROMIUM): Promise<PrintResult> {
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    const self = pathToFileURL(htmlFile).href;
    const blocked: string[] = [];
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url === self) {
        await route.continue();
        return;
      }
      blocked.push(url.slice(0, 200));
      await route.abort('blockedbyclient');
    });
    await page.goto(self, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    await page.pdf({
      path: pdfFile,
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: '<div style="width:100%;font-size:8px;color:#4d4d4d;text-align:center;font-family:sans-serif"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
    });
    await context.close();
    return { blocked };
  } finally {
    await browser.close();
  }
}
