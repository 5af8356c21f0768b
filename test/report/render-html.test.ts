import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { renderCharts, type ChartSvgs } from '../../src/report/charts/render-charts.ts';
import { say } from '../../src/report/messages.ts';
import type { ReportModel } from '../../src/report/model.ts';
import { renderReportHtml } from '../../src/report/render-html.ts';
import { FIXTURE, FIXTURE_FIGURES, FIXTURE_REAL } from './fixture-model.ts';

const charts: Record<string, ChartSvgs> = {};
const html: Record<string, string> = {};

before(async () => {
  for (const lang of ['en', 'ru']) {
    charts[lang] = await renderCharts(FIXTURE, lang);
    html[lang] = renderReportHtml(FIXTURE, lang, charts[lang]);
  }
});

/** The HTML of one figure: from its opening tag to its </figure>. */
function figureHtml(page: string, key: string): string {
  const start = page.indexOf(`<figure class="figure" id="fig-${key}">`);
  assert.ok(start >= 0, `figure ${key} is rendered`);
  return page.slice(start, page.indexOf('</figure>', start));
}

test('the report loads nothing: no script, stylesheet link, external URL or CSS url()', () => {
  for (const page of Object.values(html)) {
    assert.doesNotMatch(page, /<(script|link|iframe|object|embed|img|base)\b/i);
    assert.doesNotMatch(page, /\b(src|href|action|srcset|poster)\s*=\s*["']?\s*(https?:|\/\/|file:|data:)/i);
    // url(#id) may only name a hatching pattern defined in the page itself.
    const local = page.replace(/url\(#([\w-]+)\)/g, (whole, id: string) => (page.includes(`<pattern id="${id}"`) ? '' : whole));
    assert.doesNotMatch(local, /url\(|@import|@font-face/i);
    for (const m of page.matchAll(/\bhref="([^"]*)"/g)) assert.match(m[1]!, /^#[\w-]+$/, 'links only to its own sections');
    assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
  }
});

test('synthetic data are stamped on the screen bar and the print band, in the report’s language', () => {
  for (const [lang, page] of Object.entries(html)) {
    const stamp = say('stamp', lang);
    assert.ok(page.includes(`<div class="stamp-bar" role="note">${stamp}</div>`), `${lang} screen stamp`);
    assert.match(page, new RegExp(`<div class="stamp-side" aria-hidden="true">${stamp}( · ${stamp})+</div>`), `${lang} print band`);
    assert.ok(page.includes(`<title>[${stamp}]`), `${lang} window title`);
  }
  assert.equal(say('stamp', 'ru'), 'СИНТЕТИЧЕСКИЕ ДАННЫЕ');
  assert.equal(say('stamp', 'en'), 'SYNTHETIC DATA');
});

test('a report of real data carries no stamp', async () => {
  for (const lang of ['en', 'ru']) {
    const page = renderReportHtml(FIXTURE_REAL, lang, await renderCharts(FIXTURE_REAL, lang));
    assert.ok(!page.includes(say('stamp', lang)), lang);
    assert.ok(!page.includes('stamp-bar"') && !page.includes('stamp-side"'));
  }
});

test('every figure states its base and n, in its caption and in its table, and carries its chart', () => {
  for (const [lang, page] of Object.entries(html)) {
    for (const figure of FIXTURE_FIGURES) {
      const part = figureHtml(page, figure.key);
      for (const row of figure.rows) {
        const n = `n\u00a0=\u00a0${row.base.n}`;
        const plain = `n = ${row.base.n}`;
        assert.ok(part.includes(n) || part.includes(plain), `${lang} ${figure.key} states ${n}`);
      }
      assert.match(part, /<p class="base">/);
      assert.match(part, /<table class="data"><caption>[^<]*(n\u00a0=\u00a0|n = )\d+/, `${lang} ${figure.key} table caption has n`);
      assert.ok(part.includes(charts[lang]![figure.key]!.wide) && part.includes(charts[lang]![figure.key]!.narrow), 'both charts inline');
    }
  }
});

test('labels and quotes from the YAML are escaped', () => {
  for (const page of Object.values(html)) {
    assert.ok(!page.includes('<script>alert(1)</script>'));
    assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!page.includes('<b>без конца</b>'));
    assert.ok(page.includes('&lt;b&gt;без конца&lt;/b&gt;'));
  }
  const hostile: ReportModel = { ...FIXTURE, study: '"><img src=x>', title: { en: 'A & B <i>', ru: 'А & Б <i>' } };
  const page = renderReportHtml(hostile, 'en', {});
  assert.ok(page.includes('&quot;&gt;&lt;img src=x&gt;'));
  assert.ok(page.includes('<h1>A &amp; B &lt;i&gt;</h1>'));
  assert.doesNotMatch(page, /<img/);
});

test('Russian uses decimal commas, a non-breaking space before %, «» quotes; English points and “”', () => {
  const ru = html['ru']!;
  const en = html['en']!;
  assert.ok(ru.includes('45,0\u00a0%') && !/\d\.\d\u00a0?%/.test(ru.replace(/<svg[\s\S]*?<\/svg>/g, '')), 'ru: 45,0 %');
  assert.ok(en.includes('45.0%') && !/\d,\d%/.test(en));
  assert.ok(ru.includes('30\u00a0000'), 'ru thousands with a non-breaking space');
  assert.ok(en.includes('30,000'));
  assert.ok(ru.includes('«Уехавшие в августе–октябре 2022 года'));
  assert.ok(ru.includes('„очень отрицательно“'), 'quotes inside quotes');
  assert.ok(en.includes('“Those who left in August–October 2022'));
  // The full statistic with both degrees of freedom in each claim; what the variance rests on, once, above them.
  assert.ok(ru.includes('F(1; 11)\u00a0=\u00a022,41, p\u00a0&lt;\u00a00,001.'), 'ru test');
  assert.ok(en.includes('F(1, 11)\u00a0=\u00a022.41, p\u00a0&lt;\u00a00.001.'), 'en test');
  assert.ok(en.includes('χ²(1)\u00a0=\u00a00.12, p\u00a0=\u00a00.73.'));
  assert.equal((en.match(/RDS-II weights; the 12 recruitment chains as clusters/g) ?? []).length, 1, 'the design is said once');
  assert.ok(ru.includes('кластеры — цепочки рекрутирования (всего 12)'));
  assert.ok(en.includes('unweighted; no recruitment links'));
});

test('sections come in the model’s order, followed by methods and disclosure control', () => {
  for (const [lang, page] of Object.entries(html)) {
    const order = [...FIXTURE.sections.map((s) => `id="s-${s.key}"`), 'id="s-methods"', 'id="s-disclosure"'].map((id) => page.indexOf(id));
    assert.ok(order.every((i) => i > 0));
    assert.deepEqual([...order].sort((a, b) => a - b), order, lang);
    assert.equal((page.match(/<h1>/g) ?? []).length, 1);
    assert.match(page, new RegExp(`<html lang="${lang}">`));
    assert.ok(page.includes('(k\u00a0=\u00a05)'));
  }
});

test('associations say whether they hold and by which test; quotes keep their coarse attribution', () => {
  const en = html['en']!;
  // In the appendix, as sentences: two hold, one does not.
  assert.equal((en.match(/class="verdict-holds"/g) ?? []).length, 2);
  assert.equal((en.match(/class="verdict-fails"/g) ?? []).length, 1);
  assert.ok(en.indexOf('id="s-appendix"') < en.indexOf('id="as-mobilisation_timing"'), 'claims sit in the appendix');
  assert.ok(en.includes(say('noTest', 'en')));
  assert.ok(en.includes('— Female, ≈ 35 years of age'));
  assert.ok(en.includes('<p lang="ru">“Труднее всего'), 'a Russian quote is marked as Russian');
});

test('the same model renders to the same HTML', async () => {
  const again = renderReportHtml(FIXTURE, 'ru', await renderCharts(FIXTURE, 'ru'));
  assert.equal(again, html['ru']);
});

test('a mean is shown as a number, not as the share of those who had a value', () => {
  const part = (page: string) => page.slice(page.indexOf('id="st-age_mean"'), page.indexOf('</div>', page.indexOf('id="st-age_mean"')));
  assert.match(part(html['en']!), /<p class="value">37\.1<\/p>/);
  assert.match(part(html['ru']!), /<p class="value">37,1<\/p>/);
  assert.ok(!part(html['en']!).includes('100'), 'no 100% of those with a value');
  assert.ok(part(html['en']!).includes('With a value: 222'));
});

test('a figure whose shares are whole numbers prints no “.0”; one with tenths prints them everywhere', () => {
  const part = (page: string, key: string) => page.slice(page.indexOf(`id="fig-${key}"`), page.indexOf('</figure>', page.indexOf(`id="fig-${key}"`)));
  const whole = part(html['en']!, 'fig10');
  assert.ok(whole.includes('>2.7%<'), 'fig10 has tenths');
  const en = renderReportHtml({ ...FIXTURE, sections: [{ key: 's', title: { en: 'S', ru: 'S' }, blocks: [{ ...FIXTURE_FIGURES[0]!, rows: [{ ...FIXTURE_FIGURES[0]!.rows[0]!, cells: { '18_24': { count: 10, percent: 5 }, '25_34': { count: 100, percent: 45 } } }] }] }] }, 'en', {});
  assert.ok(en.includes('>45%<') && !en.includes('45.0%'));
});

test('a direction that holds without significance is said to be weak, not confirmed', async () => {
  const weakened: ReportModel = {
    ...FIXTURE,
    sections: FIXTURE.sections.map((s) => ({ ...s, blocks: s.blocks.map((b) => (b.kind === 'association' && b.key === 'mobilisation_timing' ? { ...b, holds: true, significant: false } : b)) })),
  };
  const en = renderReportHtml(weakened, 'en', await renderCharts(weakened, 'en'));
  assert.equal((en.match(/class="verdict-weak"/g) ?? []).length, 1);
  assert.ok(en.includes(say('claimWeak', 'en')));
  assert.equal((en.match(/class="verdict-holds"/g) ?? []).length, 1, 'one fewer "holds" than the fixture has');
});
