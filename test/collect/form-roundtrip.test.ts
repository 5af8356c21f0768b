import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { answerFields } from '../../src/collect/form-fields.ts';
import { fillForm } from '../../src/collect/fill-form.ts';
import { parsePage, type FormFields } from '../../src/collect/parse-form.ts';
import { renderPage, type PageView } from '../../src/collect/render-page.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import type { Answer, Instrument } from '../../src/instrument/model.ts';
import { randomAnswer } from './arbitrary.ts';

const flagship = loadInstrumentYaml(readFileSync('studies/russians-in-serbia/instrument.yaml', 'utf8'), 'flagship').instrument!;

/** What a browser submits for our own markup: checked radios/checkboxes, text inputs, textareas, in order. */
export function browserSubmit(html: string): FormFields {
  const fields: [string, string][] = [];
  const attr = (tag: string, name: string) => /\s/.exec(tag) && new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  for (const m of html.matchAll(/<input\b[^>]*>|<textarea\b[^>]*>([\s\S]*?)<\/textarea>/g)) {
    const tag = m[0];
    const name = attr(tag, 'name');
    if (!name) continue;
    if (tag.startsWith('<textarea')) {
      fields.push([unescape(name), unescape(m[1] ?? '')]);
      continue;
    }
    const type = attr(tag, 'type');
    if ((type === 'radio' || type === 'checkbox') && !/\schecked[\s>]/.test(tag)) continue;
    fields.push([unescape(name), unescape(attr(tag, 'value') ?? '')]);
  }
  return fields;
}

function view(instrument: Instrument, page: number, answers: Record<string, Answer>, lang: string): PageView {
  const section = instrument.sections[page]!;
  return { instrument, lang, page, position: { n: page + 1, total: instrument.sections.length }, items: section.items, answers, errors: {}, action: '/s/x', hidden: { state: 'abc' }, isFirst: page === 0, isLast: page === instrument.sections.length - 1 };
}

test('what a page shows as answered is exactly what the browser sends back (every flagship page, both languages)', () => {
  fc.assert(
    fc.property(fc.integer(), fc.integer({ min: 0, max: flagship.sections.length - 1 }), fc.constantFrom('ru', 'en'), (seed, page, lang) => {
      const rng = xoshiro128ss(seed);
      const answers: Record<string, Answer> = {};
      for (const item of flagship.sections[page]!.items) {
        let a = randomAnswer(item, rng);
        if (a?.kind === 'choices' && item.kind === 'multiple') {
          const lone = a.codes.find((c) => item.exclusive.includes(c));
          const codes = lone === undefined ? a.codes : [lone];
          a = codes.length === 0 ? undefined : { kind: 'choices', codes };
        }
        // The form offers "don't know"/"prefer not to answer" per battery row: that is its canonical shape.
        if (a?.kind === 'missing' && item.kind === 'battery') {
          const missing = a.missing === 'dont_know' ? 'dont_know' : 'refused';
          a = { kind: 'battery', rows: Object.fromEntries(item.rows.map((r) => [r.name, missing])) };
        }
        if (a !== undefined) answers[item.name] = a;
      }
      const html = renderPage(view(flagship, page, answers, lang));
      const parsed = parsePage(flagship.sections[page]!.items, browserSubmit(html), lang);
      assert.deepEqual(parsed.errors, {});
      assert.deepEqual(parsed.answers, answers);
    }),
    { numRuns: 400 },
  );
});

const BANNED: [string, RegExp][] = [
  ['script', /<script/i],
  ['svg', /<svg/i],
  ['math', /<math/i],
  ['web font', /@font-face/i],
  ['object', /<object/i],
  ['embed', /<embed/i],
  ['audio', /<audio/i],
  ['video', /<video/i],
  ['img', /<img/i],
  ['iframe', /<iframe/i],
  ['link element', /<link/i],
  ['event handler attribute', /<[^>]*\son[a-z]+\s*=/i],
  ['url()', /url\(/i],
  ['external URL', /(?:https?:)?\/\/[a-z0-9]/i],
];

test('respondent pages contain nothing that Tor Browser "Safest" blocks, and no URL outside the site', () => {
  const hostile: Instrument = structuredClone(flagship);
  (hostile.sections[0]!.items[0] as { label: Record<string, string> }).label = { ru: '<script>alert(1)</script> onload=x', en: '<img src=https://evil.example/x.png>' };
  for (const instrument of [flagship, hostile]) {
    for (let page = 0; page < instrument.sections.length; page++) {
      for (const lang of instrument.languages) {
        const html = renderPage({ ...view(instrument, page, {}, lang), errors: { x: '<svg onload=1>' } });
        // What a browser could load or run: the tags themselves and the stylesheet. Escaped text is only text.
        const style = /<style>([^<]*)<\/style>/.exec(html)?.[1] ?? '';
        const markup = html.replace(/<!doctype html>/, '').replace(/>[^<]*</g, '><');
        assert.ok(!markup.includes('<script') && !/[<>]/.test(style), 'no markup hides in text');
        for (const [what, pattern] of BANNED) assert.ok(!pattern.test(markup + style), `page ${page} (${lang}) contains ${what}`);
        for (const m of html.matchAll(/\s(?:action|href|src)="([^"]*)"/g)) assert.match(m[1]!, /^\/[^/]/, `same-site URL only: ${m[1]}`);
      }
    }
  }
});

test('bad values are refused with a message in the respondent’s language, never stored', () => {
  const page = flagship.sections[0]!;
  const age = page.items.find((i) => i.name === 'age')!;
  const sex = page.items.find((i) => i.name === 'sex')!;
  const withWhom = page.items.find((i) => i.name === 'relocated_with')!;
  const r = parsePage(page.items, [['q_age', '150'], ['q_sex', '7'], ['q_relocated_with', '1'], ['q_relocated_with', '2'], ['q_city', '1'], ['q_city', '2']], 'ru');
  assert.deepEqual(Object.keys(r.answers), []);
  assert.match(r.errors[age.name]!, /^Введите целое число от 18 до 99/);
  assert.equal(r.errors[sex.name], 'Такого варианта ответа нет.');
  assert.match(r.errors[withWhom.name]!, /нельзя сочетать с другими/);
  assert.equal(r.errors['city'], 'Выберите один ответ.');
  const en = parsePage(page.items, [['q_age', '12abc'], ['m_age', 'dk']], 'en');
  assert.equal(en.errors['age'], 'Choose one answer.');
  const dkNotOffered = parsePage(page.items, [['m_age', 'dk']], 'en');
  assert.equal(dkNotOffered.errors['age'], 'This answer is not one of the options.', "age does not offer don't know");
  const tooLong = flagship.sections.flatMap((s) => s.items).find((i) => i.kind === 'long_text')!;
  const long = parsePage([tooLong], [[`q_${tooLong.name}`, 'я'.repeat(tooLong.kind === 'long_text' ? tooLong.maxLength + 1 : 0)]], 'en');
  assert.match(long.errors[tooLong.name]!, /longer than/);
});

test('empty fields are skips, and unknown fields are ignored', () => {
  const page = flagship.sections[0]!;
  const r = parsePage(page.items, [['q_age', ''], ['q_nonexistent', '1'], ['state', 'x']], 'en');
  assert.deepEqual(r, { answers: {}, errors: {} });
});

test('a synthetic respondent filling an empty page with answerFields sends what a browser would for the same answers', () => {
  fc.assert(
    fc.property(fc.integer(), fc.integer({ min: 0, max: flagship.sections.length - 1 }), (seed, page) => {
      const rng = xoshiro128ss(seed);
      const answers: Record<string, Answer> = {};
      const wanted: [string, string][] = [];
      for (const item of flagship.sections[page]!.items) {
        if (item.kind === 'note') continue;
        let a = randomAnswer(item, rng);
        if (a?.kind === 'choices' && item.kind === 'multiple') {
          const lone = a.codes.find((c) => item.exclusive.includes(c));
          a = lone === undefined ? a : { kind: 'choices', codes: [lone] };
          if (a.codes.length === 0) a = undefined;
        }
        if (a === undefined) continue;
        wanted.push(...answerFields(item, a));
        // A battery answered "don't know" as a whole is sent, and so comes back, row by row.
        answers[item.name] = a.kind === 'missing' && item.kind === 'battery' ? { kind: 'battery', rows: Object.fromEntries(item.rows.map((r) => [r.name, a.missing])) } : a;
      }
      const filled = fillForm(renderPage(view(flagship, page, {}, 'ru')), wanted, ['nav', 'next']);
      assert.ok(filled.ok, filled.ok ? '' : filled.error);
      assert.deepEqual(filled.value.find(([n]) => n === 'state'), ['state', 'abc'], 'hidden fields go along');
      assert.deepEqual(filled.value.at(-1), ['nav', 'next'], 'the pressed button is sent');
      const parsed = parsePage(flagship.sections[page]!.items, filled.value, 'ru');
      assert.deepEqual(parsed.errors, {});
      assert.deepEqual(parsed.answers, answers);
    }),
    { numRuns: 300 },
  );
});

test('a synthetic respondent cannot send what the form does not offer', () => {
  const html = renderPage(view(flagship, 0, {}, 'ru'));
  const bad = fillForm(html, [['q_sex', '7']], ['nav', 'next']);
  assert.ok(!bad.ok);
  assert.match(bad.error, /no control q_sex="7"/);
  assert.ok(!fillForm(html, [['q_nonexistent', '1']], ['nav', 'next']).ok);
  assert.ok(!fillForm(html, [], ['nav', 'launch']).ok, 'no such button');
  // Answers already on a page are replaced, not added to: a previous choice is unchecked.
  const answered = renderPage(view(flagship, 0, { sex: { kind: 'choice', code: 1 } }, 'ru'));
  const changed = fillForm(answered, [['q_sex', '2']], ['nav', 'next']);
  assert.ok(changed.ok);
  assert.deepEqual(changed.value.filter(([n]) => n === 'q_sex'), [['q_sex', '2']]);
});
