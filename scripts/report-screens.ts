// Pictures of a rendered report to look at: full-page screenshots and screen-sized slices (desktop 1280 px, phone 390 px) and every PDF page as PNG.
//
//   node --import tsx scripts/report-screens.ts <report-dir> [out-dir]
//   node --import tsx scripts/report-screens.ts --fixture [out-dir]   (renders the test fixture first)
//
// Pictures go to artifacts/report/ (not committed). Needs Debian's chromium and poppler-utils (pdftoppm).

import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, printPdf } from '../src/study/report-pdf.ts';
import { renderCharts } from '../src/report/charts/render-charts.ts';
import { renderReportHtml } from '../src/report/render-html.ts';
import { FIXTURE } from '../test/report/fixture-model.ts';

const args = process.argv.slice(2);
const fixture = args[0] === '--fixture';
const out = resolve(args[1] ?? 'artifacts/report');
const dir = fixture ? join(out, 'fixture') : resolve(args[0] ?? '');
if (!fixture && args[0] === undefined) {
  console.error('usage: report-screens.ts <report-dir> [out-dir] | --fixture [out-dir]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

if (fixture) {
  mkdirSync(dir, { recursive: true });
  for (const lang of FIXTURE.languages) {
    const html = join(dir, `report.${lang}.html`);
    writeFileSync(html, renderReportHtml(FIXTURE, lang, await renderCharts(FIXTURE, lang)));
    const printed = await printPdf(html, join(dir, `report.${lang}.pdf`));
    if (printed.blocked.length > 0) console.error(`report.${lang}.html tried to load: ${printed.blocked.join(', ')}`);
  }
}

const files = readdirSync(dir).sort();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  for (const file of files.filter((f) => f.endsWith('.html'))) {
    for (const [name, width] of [['desktop', 1280], ['phone', 390]] as const) {
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true, viewport: { width, height: 800 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      let requests = 0;
      await context.route('**/*', async (route) => {
        if (route.request().url().startsWith('file:')) return route.continue();
        requests += 1;
        return route.abort('blockedbyclient');
      });
      await page.goto(pathToFileURL(join(dir, file)).href);
      const shot = join(out, `${basename(file, '.html')}-${name}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      // The full page is too tall to read at once: also screen-sized slices, numbered from the top.
      const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
      const slice = name === 'desktop' ? 1000 : 844;
      for (let y = 0, k = 1; y < height; y += slice, k++) {
        await page.screenshot({ path: join(out, `${basename(file, '.html')}-${name}-${String(k).padStart(2, '0')}.png`), fullPage: true, clip: { x: 0, y, width, height: Math.min(slice, height - y) } });
      }
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      console.log(`${shot}${requests > 0 ? ` (${requests} outside requests blocked)` : ''}${Number(overflow) > 0 ? ` (page ${String(overflow)} px wider than the screen)` : ''}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
}

for (const file of files.filter((f) => f.endsWith('.pdf'))) {
  const prefix = join(out, `${basename(file, '.pdf')}-page`);
  execFileSync('pdftoppm', ['-r', '70', '-png', join(dir, file), prefix]);
  console.log(`${prefix}-*.png`);
}
