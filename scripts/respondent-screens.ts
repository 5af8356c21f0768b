// Pictures of every respondent page to look at, as a cheap phone shows them: 360×640, JavaScript off.
//
//   node --import tsx scripts/respondent-screens.ts [out-dir]
//
// The flagship in ru and en, the four-language study in ru, en, sr and uk: entry, a mistyped coupon, each page,
// a wrong number, the stop question, the thank-you page and the "you stopped" page. Full-page PNGs, plus the
// first screen alone (what is seen without scrolling) as *-first.png. Goes to artifacts/respondent/ (not committed).

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FLAGSHIP, FOUR, startRespondentServer } from '../test/e2e/respondent-server.ts';
import { launch, phone, walkStudy } from '../test/e2e/walk.ts';

const out = resolve(process.argv[2] ?? 'artifacts/respondent');
const rs = await startRespondentServer();
const browser = await launch();
let count = 0;
try {
  for (const [study, langs] of [[FLAGSHIP, ['ru', 'en']], [FOUR, ['ru', 'en', 'sr', 'uk']]] as const) {
    const dir = join(out, study);
    mkdirSync(dir, { recursive: true });
    for (const lang of langs) {
      const page = await phone(browser);
      await walkStudy(page, rs, study, lang, async (name, p) => {
        await p.screenshot({ path: join(dir, `${lang}-${name}.png`), fullPage: true });
        await p.screenshot({ path: join(dir, `${lang}-${name}-first.png`) });
        count += 1;
      });
      await page.goto(`${rs.server.url}/s/${study}?lang=${lang}`);
      await page.fill('#coupon', await rs.seed(study));
      await page.press('#coupon', 'Enter');
      await page.click('button[value=withdraw]');
      await page.click('button[value=withdraw-confirm]');
      await page.screenshot({ path: join(dir, `${lang}-stopped.png`), fullPage: true });
      count += 1;
      await page.context().close();
    }
  }
} finally {
  await browser.close();
  await rs.close();
}
console.log(`${count} pages in ${out}`);
