// Accessibility of every respondent page: axe-core (injected into Chromium) finds nothing, and catches a planted fault;
// focus follows reading order; nothing scrolls sideways at 200% zoom; a text browser reads every question and button.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { FLAGSHIP, FOUR, startRespondentServer, type RespondentServer } from './respondent-server.ts';
import { CHROMIUM, launch, phone, walkStudy } from './walk.ts';

const skip = existsSync(CHROMIUM) ? false : process.env['CI'] ? false : 'Debian chromium is not installed (CI installs it)';
const W3M = '/usr/bin/w3m';
const skipText = skip !== false ? skip : existsSync(W3M) || process.env['CI'] ? false : 'w3m is not installed (CI installs it: .ci/debian-packages)';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const STUDIES = [[FLAGSHIP, ['ru', 'en']], [FOUR, ['ru', 'en', 'sr', 'uk']]] as const;

let rs: RespondentServer;
let browser: Browser;
before(async () => {
  if (skip !== false) return;
  rs = await startRespondentServer();
  browser = await launch();
});
after(async () => {
  if (skip !== false) return;
  await browser.close();
  await rs.close();
});

interface Violation {
  readonly id: string;
  readonly nodes: readonly string[];
}

/** Runs the whole axe-core rule set (WCAG A/AA and best practices) on the page as it is. */
async function audit(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) })))`);
  return found as Violation[];
}

test('axe-core: no violation on any respondent page, in every language', { skip }, async () => {
  let audited = 0;
  for (const [study, langs] of STUDIES) {
    for (const lang of langs) {
      const page = await phone(browser, { javaScript: true });
      await walkStudy(page, rs, study, lang, async (name, p) => {
        assert.deepEqual(await audit(p), [], `${study} ${lang} ${name}`);
        audited += 1;
      });
      await page.context().close();
    }
  }
  assert.ok(audited >= 2 * 13 + 4 * 8, `${audited} pages audited`);
});

test('axe-core catches a planted fault: an unlabelled field and a button without a name', { skip }, async () => {
  const page = await phone(browser, { javaScript: true });
  await page.goto(`${rs.server.url}/s/${FLAGSHIP}`);
  assert.deepEqual(await audit(page), []);
  await page.evaluate(`document.querySelector('form').insertAdjacentHTML('beforeend', '<input type="text" name="planted"><button name="x"></button>')`);
  const ids = (await audit(page)).map((v) => v.id).sort();
  assert.deepEqual(ids, ['button-name', 'label']);
  await page.context().close();
});

test('focus follows the reading order on every page', { skip }, async () => {
  const page = await phone(browser, { javaScript: true });
  await walkStudy(page, rs, FOUR, 'sr', async (name, p) => {
    assert.equal(await p.locator('[tabindex]').count(), 0, `${name}: no tabindex reorders anything`);
    const order = await p.evaluate<number>(`(() => {
      const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), textarea')];
      document.activeElement.blur();
      return all;
    })().length`);
    const seen: number[] = [];
    for (let i = 0; i < order + 2; i++) {
      await p.keyboard.press('Tab');
      const index = await p.evaluate<number>(`[...document.querySelectorAll('a[href], button, input:not([type=hidden]), textarea')].indexOf(document.activeElement)`);
      if (index < 0 || (seen.length > 0 && index <= (seen.at(-1) ?? -1))) break;
      seen.push(index);
    }
    assert.ok(seen.length >= Math.min(2, order), `${name}: Tab reaches the controls`);
    for (let i = 1; i < seen.length; i++) assert.ok((seen[i] ?? 0) > (seen[i - 1] ?? 0), `${name}: focus moves forward in document order`);
    const tops = await Promise.all(seen.map((i) => p.locator('a[href], button, input:not([type=hidden]), textarea').nth(i).boundingBox()));
    for (let i = 1; i < tops.length; i++) assert.ok((tops[i]?.y ?? 0) >= (tops[i - 1]?.y ?? 0) - 1, `${name}: focus never jumps up the page`);
  });
  await page.context().close();
});

test('200% zoom: nothing on any page scrolls sideways', { skip }, async () => {
  for (const [study, langs] of STUDIES) {
    // A 360 px phone at 200%: 180 CSS pixels wide.
    const page = await phone(browser, { javaScript: true, width: 180, height: 320 });
    await walkStudy(page, rs, study, langs[0], async (name, p) => {
      const [scroll, client] = await p.evaluate<[number, number]>('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
      assert.ok(scroll <= client, `${study} ${name}: ${scroll} px wide in a ${client} px window`);
    });
    await page.context().close();
  }
});

test('a text browser (w3m) reads the questions, the options and the buttons, in order', { skip: skipText }, async () => {
  const page = await phone(browser);
  const seen: string[] = [];
  await walkStudy(page, rs, FOUR, 'uk', async (name, p) => {
    const text = execFileSync(W3M, ['-dump', '-T', 'text/html', '-cols', '60', '-I', 'UTF-8', '-O', 'UTF-8'], { input: await p.content(), encoding: 'utf8' });
    seen.push(name);
    if (name === 'p01') {
      const order = ['Ваша стать', 'Чоловіча', 'Скільки Вам повних років?', 'Якими мовами', 'Жодною з цих', 'Далі', 'Припинити участь'].map((s) => text.indexOf(s));
      assert.ok(order.every((i) => i >= 0), `every part is there:\n${text}`);
      assert.deepEqual([...order].sort((a, b) => a - b), order, 'in reading order');
    }
    if (name === 'thanks') assert.match(text, /[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{3}/);
    if (name === 'p01-error') assert.match(text, /Будь ласка, перевірте/);
  });
  assert.ok(seen.includes('thanks'));
  await page.context().close();
});
