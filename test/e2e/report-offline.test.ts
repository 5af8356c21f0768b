import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, printPdf } from '../../src/study/report-pdf.ts';
import { renderCharts } from '../../src/report/charts/render-charts.ts';
import { say } from '../../src/report/messages.ts';
import { renderReportHtml } from '../../src/report/render-html.ts';
import { FIXTURE, FIXTURE_FIGURES, FIXTURE_REAL } from '../report/fixture-model.ts';
import { skipUnless } from '../external-tools.ts';

const skip = skipUnless('Chromium');
const skipPdfText = skipUnless('Chromium', 'poppler');

let dir = '';
let browser: Browser | undefined;

before(async () => {
  if (skip !== false) return;
  dir = mkdtempSync(join(tmpdir(), 'portas-report-'));
  for (const lang of ['en', 'ru']) {
    writeFileSync(join(dir, `report.${lang}.html`), renderReportHtml(FIXTURE, lang, await renderCharts(FIXTURE, lang)));
  }
  writeFileSync(join(dir, 'real.en.html'), renderReportHtml(FIXTURE_REAL, 'en', await renderCharts(FIXTURE_REAL, 'en')));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
});

/**
 * Opens `file` with every request but the file itself aborted. `requests`: every load the page
 * attempted; `routed`: those that got as far as the network (here aborted); `refused`: those the
 * page's own Content-Security-Policy stopped first.
 */
async function open(file: string, width: number): Promise<{ requests: string[]; routed: string[]; refused: string[]; figures: number; overflow: number }> {
  if (browser === undefined) throw new Error('no browser');
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 800 } });
  const page = await context.newPage();
  const self = pathToFileURL(file).href;
  const requests: string[] = [];
  const routed: string[] = [];
  const refused: string[] = [];
  page.on('request', (r) => {
    if (r.url() !== self) requests.push(r.url());
  });
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText === 'csp') refused.push(r.url());
  });
  await context.route('**/*', (route) => {
    if (route.request().url() === self) return route.continue();
    routed.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  await page.goto(self, { waitUntil: 'load' });
  const figures = await page.locator('figure.figure svg[role=img]:visible').count();
  const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
  await context.close();
  return { requests, routed, refused, figures, overflow };
}

test('the report makes no request at all in Chromium, on a desktop and on a phone', { skip }, async () => {
  for (const lang of ['en', 'ru']) {
    for (const width of [1280, 360]) {
      const seen = await open(join(dir, `report.${lang}.html`), width);
      assert.deepEqual(seen.requests, [], `${lang} at ${width} px`);
      assert.equal(seen.figures, FIXTURE_FIGURES.length, `${lang} at ${width} px shows one chart per figure`);
      assert.equal(seen.overflow, 0, `${lang} at ${width} px: nothing wider than the screen`);
    }
  }
});

test('the request counter is not blind, and the page’s own policy stops what slips into its body', { skip }, async () => {
  const report = readFileSync(join(dir, 'report.en.html'), 'utf8');
  const pixel = '<img src="http://127.0.0.1:9/pixel.png" alt="">';
  // Before the Content-Security-Policy is parsed, a reference goes out, and is counted (and aborted).
  const leaky = join(dir, 'leaky.html');
  writeFileSync(leaky, report.replace('<head>', `<head>${pixel}`));
  const early = await open(leaky, 1280);
  assert.deepEqual(early.requests, ['http://127.0.0.1:9/pixel.png']);
  assert.deepEqual(early.routed, ['http://127.0.0.1:9/pixel.png']);
  const printed = await printPdf(leaky, join(dir, 'leaky.pdf'));
  assert.deepEqual(printed.blocked, ['http://127.0.0.1:9/pixel.png']);
  // After it (say a label that escaped escaping), the policy refuses the load before any request.
  const late = join(dir, 'late.html');
  writeFileSync(late, report.replace('<main>', `<main>${pixel}`));
  const stopped = await open(late, 1280);
  assert.deepEqual(stopped.requests, ['http://127.0.0.1:9/pixel.png'], 'the attempt is counted');
  assert.deepEqual(stopped.refused, ['http://127.0.0.1:9/pixel.png'], 'the policy refused it');
  assert.deepEqual(stopped.routed, [], 'and it never reached the network');
});

/** Pages of `pdf` and the text of each (poppler-utils). */
function pdfPages(pdf: string): string[] {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  return Array.from({ length: pages }, (_, i) => execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }));
}

test('the PDF prints offline, A4, with SYNTHETIC DATA on every page', { skip: skipPdfText }, async () => {
  for (const lang of ['en', 'ru']) {
    const pdf = join(dir, `report.${lang}.pdf`);
    const printed = await printPdf(join(dir, `report.${lang}.html`), pdf);
    assert.deepEqual(printed.blocked, []);
    const bytes = readFileSync(pdf);
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    assert.match(info, /Page size:.*\(A4\)/);
    const pages = pdfPages(pdf);
    assert.ok(pages.length >= 2, `${lang}: ${pages.length} pages`);
    const stamp = say('stamp', lang);
    pages.forEach((text, i) => {
      assert.ok(text.replace(/\s+/g, ' ').includes(stamp), `${lang} page ${i + 1} carries ${stamp}`);
    });
    const all = pages.join('\n');
    assert.ok(all.includes(lang === 'ru' ? 'Главная причина отъезда из России' : 'Main reason for leaving Russia'), 'the text is real text, Cyrillic included');
  }
});

test('a report of real data prints without the stamp', { skip: skipPdfText }, async () => {
  const pdf = join(dir, 'real.en.pdf');
  await printPdf(join(dir, 'real.en.html'), pdf);
  const pages = pdfPages(pdf);
  assert.ok(pages.length >= 1);
  assert.ok(pages.every((p) => !p.includes(say('stamp', 'en'))));
});
