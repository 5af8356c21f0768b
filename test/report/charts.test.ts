import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { NARROW, WIDE } from '../../src/report/charts/chart-layout.ts';
import { chartLegend } from '../../src/report/charts/chart-legend.ts';
import { chartSpec } from '../../src/report/charts/chart-spec.ts';
import { diverging, GREYS, inkOn } from '../../src/report/charts/palette.ts';
import { renderCharts } from '../../src/report/charts/render-charts.ts';
import { renderSvg } from '../../src/report/charts/render-svg.ts';
import { textWidth } from '../../src/report/charts/text-width.ts';
import { wrapLabel } from '../../src/report/charts/wrap-label.ts';
import { AGE, DIFFICULTIES, EVAL_RU, FIXTURE, FIXTURE_FIGURES, REASON, RESPONSIBILITY } from './fixture-model.ts';

/** Checks that `xml` is well-formed: tags nest and close, attributes are quoted, text holds no raw `<` or stray `&`. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    assert.doesNotMatch(text, /&(?!(amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);)/, `stray & in text near ${text.slice(0, 40)}`);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    assert.ok(m, `malformed tag at ${lt}: ${xml.slice(lt, lt + 60)}`);
    const [whole, closing, name = '', , selfClosing] = m;
    if (closing === '/') assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else if (selfClosing !== '/') stack.push(name);
    i = lt + whole.length;
  }
  assert.deepEqual(stack, [], 'every element is closed');
}

test('every fixture chart, in both languages and layouts, is well-formed SVG named by its figure title', async () => {
  for (const lang of ['en', 'ru']) {
    const charts = await renderCharts(FIXTURE, lang);
    assert.deepEqual(Object.keys(charts).sort(), FIXTURE_FIGURES.map((f) => f.key).sort());
    for (const figure of FIXTURE_FIGURES) {
      for (const svg of [charts[figure.key]!.wide, charts[figure.key]!.narrow]) {
        assertWellFormed(svg);
        assert.match(svg, /^<svg [^>]*role="img"/);
        const title = lang === 'ru' ? `Рисунок ${figure.number}. ${figure.title['ru']}` : `Figure ${figure.number}. ${figure.title['en']}`;
        assert.ok(svg.includes(`aria-label="${title.replace(/"/g, '&quot;')}"`), `aria-label of ${figure.key}`);
        assert.ok(svg.includes(`<title>${title}</title>`), `<title> of ${figure.key}`);
        assert.equal((svg.match(/role="/g) ?? []).length, 1, 'only the root has a role: the marks are one image');
      }
    }
  }
});

test('a chart refers to nothing outside itself', async () => {
  const charts = await renderCharts(FIXTURE, 'ru');
  for (const { wide, narrow } of Object.values(charts)) {
    for (const svg of [wide, narrow]) {
      // The one url() allowed: a fill naming a hatching pattern defined in the same SVG.
      const local = svg.replace(/url\(#([\w-]+)\)/g, (whole, id: string) => (svg.includes(`<pattern id="${id}"`) ? '' : whole));
      assert.doesNotMatch(local, /href=|url\(|<image|<script|@import|<foreignObject/i);
      // The only URLs are the SVG namespace names, which nothing fetches.
      const urls = svg.match(/https?:\/\/[^"\s]*/g) ?? [];
      assert.deepEqual([...new Set(urls)].sort(), ['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg']);
    }
  }
});

test('the same figure gives byte-identical SVG, whatever was drawn before it', async () => {
  const first = await renderSvg(chartSpec(EVAL_RU, 'ru', WIDE), 't');
  await renderSvg(chartSpec(REASON, 'en', NARROW), 'other');
  await renderCharts(FIXTURE, 'en');
  const again = await renderSvg(chartSpec(EVAL_RU, 'ru', WIDE), 't');
  assert.equal(again, first);
});

test('a chart that tries to load data fails instead of drawing an empty picture', async () => {
  await assert.rejects(renderSvg({ data: { url: 'https://example.org/data.csv' }, mark: 'bar', encoding: { x: { field: 'a', type: 'quantitative' } } }, 't'), /tried to load https:\/\/example\.org\/data\.csv/);
  await assert.rejects(renderSvg({ data: { url: 'file:///etc/passwd' }, mark: 'bar', encoding: { x: { field: 'a', type: 'quantitative' } } }, 't'), /tried to load file:\/\/\/etc\/passwd/);
});

test('bars show each percent in the language’s typography, long Cyrillic labels whole, and suppressed cells as such', async () => {
  const ru = await renderSvg(chartSpec(REASON, 'ru', WIDE), 't');
  assert.ok(ru.includes('45,0\u00a0%'), 'decimal comma and a non-breaking space before %');
  assert.ok(!ru.includes('45.0'), 'no decimal point in Russian');
  const text = [...ru.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>|<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? m[2]).join(' ');
  for (const word of ['Морально', 'неприемлемая', 'российского', 'государства', 'безопасность', 'семьи']) assert.ok(text.includes(word), `label word ${word} is drawn`);
  assert.ok(!ru.includes('…'), 'no label is cut with an ellipsis');
  const en = await renderSvg(chartSpec(DIFFICULTIES, 'en', WIDE), 't');
  assert.ok(en.includes('60.1%'));
  assert.ok(en.includes('>suppressed<'), 'the suppressed option says so on the chart');
  assert.ok(en.includes('&lt;script&gt;'), 'a label with markup is text in the SVG');
  assert.ok(!en.includes('<script'));
});

test('the marks for the weighted interval, the published value and comparisons are drawn only when the figure has them', async () => {
  const withAll = await renderSvg(chartSpec(RESPONSIBILITY, 'en', WIDE), 't');
  assert.match(withAll, /fill="#d55e00"|stroke="#d55e00"/, 'published tick');
  assert.match(withAll, /fill="#009e73"/, 'comparison diamond');
  assert.match(withAll, /fill="#1b1b1b"|stroke="#1b1b1b"/, 'weighted interval');
  const bare = await renderSvg(chartSpec(DIFFICULTIES, 'en', WIDE), 't');
  assert.doesNotMatch(bare, /#d55e00|#009e73/);
  assert.deepEqual(
    chartLegend(DIFFICULTIES, 'en').map((e) => e.mark),
    ['swatch'],
  );
  assert.deepEqual(
    chartLegend(RESPONSIBILITY, 'en').map((e) => e.mark),
    ['swatch', 'swatch', 'swatch', 'interval', 'tick', 'diamond'],
  );
});

test('a stacked chart draws each battery row and each answer, nets left to the table', async () => {
  const svg = await renderSvg(chartSpec(EVAL_RU, 'en', WIDE), 't');
  for (const row of ['the Russian army', 'Vladimir Putin', 'the Russian media']) assert.ok(svg.includes(row), row);
  const key = chartLegend(EVAL_RU, 'en');
  assert.deepEqual(
    key.map((e) => e.label),
    ['Very positive', 'Rather positive', 'Rather negative', 'Very negative', 'Don’t know', 'Prefer not to answer'],
  );
  assert.deepEqual(key.slice(4).map((e) => e.colour), [GREYS[0], GREYS[1]], 'non-answers are grey');
  assert.deepEqual(key.slice(0, 4).map((e) => e.colour), diverging(4));
});

test('stacked segments never run past 100 %: a group of non-answers (a net) is left to the table', () => {
  for (const layout of [WIDE, NARROW]) {
    const spec = chartSpec(EVAL_RU, 'en', layout) as { data: { values: { end: number; category: string }[] } };
    assert.ok(spec.data.values.every((v) => v.end <= 100), `${layout.name}: ${Math.max(...spec.data.values.map((v) => v.end))}`);
    assert.ok(!spec.data.values.some((v) => v.category === 'Don’t know or prefer not to answer'));
  }
});

test('the narrow layout puts labels above the bars and fits a 360 px phone', async () => {
  for (const figure of [AGE, REASON, EVAL_RU]) {
    const svg = await renderSvg(chartSpec(figure, 'ru', NARROW), 't');
    const width = Number(/^<svg [^>]*width="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    assert.ok(width <= 345, `${figure.key} is ${width} px wide`);
  }
});

test('text widths follow DejaVu Sans’s advance widths', () => {
  // "Hello": H 752, e 615, l 278, l 278, o 612 thousandths of an em (DejaVuSans.ttf hmtx), plus 3 %.
  assert.equal(textWidth('Hello', 10).toFixed(4), ((2535 / 1000) * 10 * 1.03).toFixed(4));
  assert.ok(textWidth('Ш', 12) > textWidth('г', 12));
  assert.ok(textWidth('漢', 10) >= 7, 'unknown characters are taken as wide');
});

test('labels wrap at spaces into lines no wider than asked, losing no word', () => {
  fc.assert(
    fc.property(fc.array(fc.stringMatching(/^[a-zа-яё]{1,12}$/), { minLength: 1, maxLength: 20 }), fc.integer({ min: 80, max: 300 }), (words, max) => {
      const lines = wrapLabel(words.join(' '), max, 12);
      assert.deepEqual(lines.join(' ').split(' '), words);
      for (const line of lines) assert.ok(line.split(' ').length === 1 || textWidth(line, 12) <= max, `"${line}" fits ${max}`);
    }),
  );
});

test('the diverging palette runs blue to red, and text on it keeps WCAG contrast', () => {
  assert.deepEqual(diverging(2), ['#2166ac', '#b2182b']);
  assert.deepEqual(diverging(4), ['#2166ac', '#92c5de', '#f4a582', '#b2182b']);
  assert.equal(diverging(5).length, 5);
  assert.equal(new Set(diverging(5)).size, 5);
  assert.equal(inkOn('#2166ac'), '#ffffff');
  assert.equal(inkOn('#fddbc7'), '#000000');
  assert.equal(inkOn('#9a9a9a'), '#000000');
});
