// The eight findings of issue #18, each shown fixed in Chromium with JavaScript off on a 360×640 phone.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openerFor } from '../../src/crypto/index.ts';
import type { Response } from '../../src/instrument/model.ts';
import { FLAGSHIP, ONION_ADDRESS, PUBLIC_ADDRESS, startRespondentServer, type RespondentServer } from './respondent-server.ts';
import { CHROMIUM, launch, phone } from './walk.ts';

const skip = existsSync(CHROMIUM) ? false : process.env['CI'] ? false : 'Debian chromium is not installed (CI installs it)';
const SCREEN = 640;

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

const h1 = async (page: Page): Promise<string> => (await page.locator('h1').textContent()) ?? '';
const body = async (page: Page): Promise<string> => (await page.locator('body').textContent()) ?? '';

/** Enters the flagship in Russian with `coupon` (a fresh seed when omitted), by pressing Enter in the coupon field. */
async function enter(coupon?: string): Promise<Page> {
  const page = await phone(browser);
  await page.goto(`${rs.server.url}/s/${FLAGSHIP}`);
  await page.fill('#coupon', coupon ?? (await rs.seed()));
  await page.press('#coupon', 'Enter');
  assert.equal(await h1(page), 'О Вас');
  return page;
}

async function sizes(page: Page, selector: string, which: 'width' | 'height'): Promise<number[]> {
  const boxes = await Promise.all((await page.locator(selector).all()).map((l) => l.boundingBox()));
  return boxes.map((b) => b?.[which] ?? 0);
}

async function toEnd(page: Page): Promise<void> {
  for (let guard = 0; guard < 20 && (await page.locator('input[name=state]').count()) > 0; guard++) await page.click('button[value=next]');
}

async function stored(): Promise<Response[]> {
  const pulled = await rs.server.store.pullSealed(FLAGSHIP, { limit: 1000 });
  assert.ok(pulled.ok);
  const opener = openerFor(rs.key);
  const out: Response[] = [];
  for (const r of pulled.value.records) {
    const opened = await opener.open(r.sealed, { study: FLAGSHIP });
    assert.ok(opened.ok);
    out.push(opened.value);
  }
  return out;
}

test('1. the thank-you page hands over the codes with the survey address, safe-passing advice, a warning, and a text to save', { skip }, async () => {
  const page = await enter();
  await toEnd(page);
  const text = await body(page);
  const codes = await page.locator('.coupon').allTextContents();
  assert.equal(codes.length, 3);
  for (const c of codes) assert.match(c, /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{3}$/);
  assert.ok(text.includes(PUBLIC_ADDRESS) && text.includes(ONION_ADDRESS), 'both addresses of the survey');
  assert.match(text, /групповых чатах/, 'not in group chats');
  assert.match(text, /показать эти коды снова не сможет никто/, 'the codes are not shown again');
  const address = await page.locator('.addr').first().boundingBox();
  assert.ok(address !== null && address.y < 2 * SCREEN, 'the address is right below the codes');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[download]')]);
  const saved = readFileSync(await download.path(), 'utf8');
  for (const c of codes) assert.ok(saved.includes(c), `the text has ${c}`);
  assert.ok(saved.includes(PUBLIC_ADDRESS) && saved.includes(ONION_ADDRESS));
  assert.equal(download.suggestedFilename(), 'codes.txt');
});

test('2. Enter goes on: on the entry page after the coupon, on page 1 after the age', { skip }, async () => {
  const page = await enter(); // enter() presses Enter in the coupon field and checks page 1 is shown
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');
  const firstSubmit = page.locator('form button').first();
  assert.equal(await firstSubmit.getAttribute('value'), 'next', 'the form’s first submit button is «Далее»');
  await page.fill('input[name=q_age]', '41');
  await page.press('input[name=q_age]', 'Enter');
  assert.equal(await h1(page), 'Отъезд из России');
  assert.equal(await page.getAttribute('html', 'lang'), 'ru', 'the language did not switch');
});

test('3. the same-code race loses nothing silently: told on the next page, kept unlinked and flagged at the end', { skip }, async () => {
  const before = (await stored()).length;
  const coupon = await rs.seed();
  const a = await enter(coupon);
  const b = await enter(coupon);
  await toEnd(a);
  assert.doesNotMatch(await body(a), /всё равно сохранены/, 'A finished first: linked, nothing to say');
  await b.click('button[value=next]');
  const notice = (await b.locator('.notice').textContent()) ?? '';
  assert.match(notice, /с тем же кодом приглашения/, 'B is told at the next page');
  const box = await b.locator('.notice').boundingBox();
  assert.ok(box !== null && box.y < SCREEN, 'in the first screen');
  await toEnd(b);
  assert.match(await body(b), /Ваши ответы всё равно сохранены/);
  // The race at the very end: both on the last page, C sends first, then D.
  const shared = await rs.seed();
  const c = await enter(shared);
  const d = await enter(shared);
  for (const p of [c, d]) while ((await p.locator('button[value=next]').textContent()) !== 'Отправить ответы') await p.click('button[value=next]');
  await c.click('button[value=next]');
  await d.click('button[value=next]');
  assert.match(await body(d), /Ваши ответы всё равно сохранены/);
  assert.equal(await d.locator('.coupon').count(), 3, 'D can still invite others');
  const all = await stored();
  assert.equal(all.length, before + 4, 'all four responses are kept');
  const unlinked = all.filter((r) => r.collection?.unlinked === 'coupon-used');
  assert.equal(unlinked.length, 2, 'B and D are kept unlinked and flagged');
  const tree = await rs.server.store.recruitmentEdges(FLAGSHIP);
  assert.ok(tree.ok);
});

test('4. wording: who runs the study and how to reach them; page 5 does not threaten a comparison; no reassurance twice', { skip }, async () => {
  const page = await phone(browser);
  await page.goto(`${rs.server.url}/s/${FLAGSHIP}`);
  const entry = await body(page);
  assert.match(entry, /Исследование проводит.*Институт философии и социальной теории/);
  assert.match(entry, /Связаться с исследователями.*russians-in-serbia@study\.example/);
  assert.equal(entry.split('пропустить любой вопрос').length - 1, 1, 'the skip reassurance once');
  assert.equal(entry.split('прекратить участие в любой момент').length - 1, 1, 'the stop reassurance once');
  const p = await enter();
  assert.doesNotMatch(await body(p), /Здравствуйте/, 'page 1 does not repeat the intro');
  while ((await h1(p)) !== 'Сколько нас в Сербии') await p.click('button[value=next]');
  const five = await body(p);
  assert.doesNotMatch(five, /сравним Ваши ответы с официальной статистикой/);
  assert.match(five, /ни с какими списками или базами данных их не сверяем/);
  assert.equal(five.split('пропустить').length - 1, 1, 'the skip reassurance once on page 5');
  await p.click('button[value=next]');
  assert.equal(await h1(p), 'Политика');
  // The note promises «Предпочитаю не отвечать» only for some questions, and at least one question does not offer it.
  const six = await body(p);
  assert.match(six, /У самых личных из них, кроме пропуска, есть ещё вариант\s+«Предпочитаю не отвечать»/);
  assert.equal(six.split('пропустить').length - 1, 1, 'the page reminder says it once; the note does not repeat it');
  const groups = await p.locator('form > fieldset').count();
  const offering = await p.locator('form > fieldset:has(input[value=rf])').count();
  assert.ok(offering > 0 && offering < groups);
});

test('5. errors are summarised in the first screen with working links, keep every answer, and no browser bubble', { skip }, async () => {
  const page = await phone(browser);
  await page.goto(`${rs.server.url}/s/${FLAGSHIP}`);
  await page.fill('#coupon', 'ABCD-EFGH-JKM');
  await page.press('#coupon', 'Enter');
  const summary = page.locator('#errors');
  const box = await summary.boundingBox();
  assert.ok(box !== null && box.y + box.height <= SCREEN, 'the coupon error is in the first screen');
  assert.equal(await page.locator('#errors a').getAttribute('href'), '#coupon');
  assert.equal(await page.inputValue('#coupon'), 'ABCD-EFGH-JKM', 'what was typed is still there');

  const p = await enter();
  assert.equal(await p.locator('[pattern]').count(), 0, 'no pattern: the browser never answers in its own language');
  await p.check('input[name=q_sex][value="2"]');
  await p.fill('input[name=q_age]', 'сорок');
  await p.check('input[name=q_relocated_with][value="1"]');
  await p.check('input[name=q_relocated_with][value="3"]');
  await p.click('button[value=next]');
  assert.match(p.url(), /\/page\?s=/, 'the form was sent: no validation bubble stopped it');
  const s = await p.locator('#errors').boundingBox();
  assert.ok(s !== null && s.y < SCREEN, 'the summary starts in the first screen');
  const links = await Promise.all((await p.locator('#errors a').all()).map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ['#f_age', '#f_relocated_with']);
  assert.match((await p.locator('#errors').textContent()) ?? '', /целое число от 18 до 99 цифрами/);
  assert.equal(await p.inputValue('input[name=q_age]'), 'сорок', 'the typed text is kept');
  assert.ok(await p.isChecked('input[name=q_sex][value="2"]'), 'other answers are kept');
  assert.ok(await p.isChecked('input[name=q_relocated_with][value="1"]') && (await p.isChecked('input[name=q_relocated_with][value="3"]')), 'the ticks that cannot be combined are kept');
  await p.click('#errors a[href="#f_relocated_with"]');
  assert.match(p.url(), /#f_relocated_with$/);
  const target = await p.locator('#f_relocated_with').boundingBox();
  assert.ok(target !== null && target.y > -1 && target.y < SCREEN, `the link scrolls to the question (at y = ${target?.y ?? '?'})`);
});

test('6. Back and Reload give pages, never a browser error or a resend', { skip }, async () => {
  const page = await enter();
  await page.fill('input[name=q_age]', '35');
  await page.click('button[value=next]');
  assert.equal(await h1(page), 'Отъезд из России');
  const reload = await page.reload();
  assert.ok(reload !== null);
  assert.equal(reload.request().method(), 'GET');
  assert.equal(reload.status(), 200);
  assert.equal(await h1(page), 'Отъезд из России');
  const back = await page.goBack();
  assert.ok(back !== null, 'Back loads a page');
  assert.equal(back.request().method(), 'GET');
  assert.equal(back.status(), 200);
  assert.equal(await h1(page), 'О Вас');
  assert.equal(await page.inputValue('input[name=q_age]'), '', 'Back shows page 1 as it was when first shown');
  const forward = await page.goForward();
  assert.ok(forward !== null && forward.status() === 200);
  assert.equal(await h1(page), 'Отъезд из России');
  await toEnd(page);
  const codes = await page.locator('.coupon').allTextContents();
  const again = await page.reload();
  assert.ok(again !== null && again.request().method() === 'GET' && again.status() === 200);
  assert.deepEqual(await page.locator('.coupon').allTextContents(), codes, 'Reload on the thank-you page shows the same codes');
});

test('7. stopping asks once, on a page of its own; «No» returns with the answers; «Yes» keeps nothing', { skip }, async () => {
  const before = (await stored()).length;
  const page = await enter();
  const next = await page.locator('button[value=next]').boundingBox();
  const stop = await page.locator('button[value=withdraw]').boundingBox();
  assert.ok(next !== null && stop !== null && stop.y - (next.y + next.height) >= 48, 'the stop button is well away from «Далее»');
  await page.fill('input[name=q_age]', '52');
  await page.click('button[value=withdraw]');
  assert.equal(await h1(page), 'Прекратить участие?');
  await page.click('button[value=withdraw-cancel]');
  assert.equal(await h1(page), 'О Вас');
  assert.equal(await page.inputValue('input[name=q_age]'), '52', 'the answer on the page survives a cancelled stop');
  await page.click('button[value=withdraw]');
  await page.click('button[value=withdraw-confirm]');
  assert.match(await body(page), /Ничего из Ваших ответов не сохранено/);
  assert.equal((await stored()).length, before);
});

test('8. tap targets are at least 44 px, «Далее» comes first, and the reassurance is not repeated', { skip }, async () => {
  const page = await enter();
  for (const name of ['О Вас', 'Отъезд из России']) {
    assert.equal(await h1(page), name);
    const heights = await sizes(page, 'form label, form button', 'height');
    assert.ok(heights.length > 10);
    for (const h of heights) assert.ok(h >= 44, `a tap target of ${h} px on «${name}»`);
    const icons = await sizes(page, 'input[type=radio], input[type=checkbox]', 'width');
    for (const w of icons) assert.ok(w >= 24, `a ${w} px radio or checkbox`);
    await page.click('button[value=next]');
  }
  const next = await page.locator('button[value=next]').boundingBox();
  const back = await page.locator('button[value=back]').boundingBox();
  assert.ok(next !== null && back !== null && next.y < back.y, '«Далее» above «Назад», never to its left');
  assert.equal(await page.locator('p', { hasText: 'Вы можете пропустить любой вопрос' }).count(), 1, 'the skip reminder once per page');
  await toEnd(page);
  for (const h of await sizes(page, 'a', 'height')) assert.ok(h >= 44, `a ${h} px link on the thank-you page`);
  await page.goto(`${rs.server.url}/s/${FLAGSHIP}`);
  for (const h of await sizes(page, 'a, button', 'height')) assert.ok(h >= 44, `a ${h} px link or button on the entry page`);
});
