import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_POLICY, disclosurePolicy, quoteAttribution, roundAge, russianYears } from '../../src/disclosure/index.ts';

const q = DEFAULT_POLICY.quote;

test('the seed report\'s form: sex and age rounded to 5 years (FLAGSHIP.md: "(Female, ≈ 45 years of age)")', () => {
  assert.equal(quoteAttribution({ sex: 'female', age: 46 }, 'en', q), '(Female, ≈ 45 years of age)');
  assert.equal(quoteAttribution({ sex: 'female', age: 46 }, 'ru', q), '(Женщина, ≈ 45 лет)');
  assert.equal(quoteAttribution({ sex: 'male', age: 33 }, 'ru', q), '(Мужчина, ≈ 35 лет)');
  assert.equal(quoteAttribution({ sex: 'male', age: 33 }, 'sr', q), '(Male, ≈ 35 years of age)');
});

test('age rounds to the nearest multiple of 5 (halves up), never finer than 5', () => {
  assert.deepEqual([22, 22.5, 27, 47.4, 47.5].map((a) => roundAge(a, 5)), [20, 25, 25, 45, 50]);
  assert.equal(roundAge(43, 1), 45);
  assert.equal(roundAge(43, 10), 40);
});

test('Russian plural of год: 1 год, 2–4 года, 5–20 лет, 21 год, 22 года, 111 лет, 112 лет', () => {
  const cases: [number, string][] = [[1, 'год'], [2, 'года'], [4, 'года'], [5, 'лет'], [11, 'лет'], [12, 'лет'], [14, 'лет'], [20, 'лет'], [21, 'год'], [22, 'года'], [25, 'лет'], [101, 'год'], [111, 'лет'], [112, 'лет'], [124, 'года']];
  for (const [n, word] of cases) assert.equal(russianYears(n), word, String(n));
  const tenYears = disclosurePolicy({ quote: { ageRounding: 10 } }).quote;
  assert.equal(quoteAttribution({ age: 41 }, 'ru', tenYears), '(≈ 40 лет)');
});

test('nothing else unless the study allows it; nothing known gives "Respondent"', () => {
  const subject = { sex: 'female', age: 61, extra: { city: { en: 'Novi Sad', ru: 'Нови-Сад' } } } as const;
  assert.equal(quoteAttribution(subject, 'en', q), '(Female, ≈ 60 years of age)');
  const withCity = disclosurePolicy({ quote: { extraFields: ['city'] } }).quote;
  assert.equal(quoteAttribution(subject, 'ru', withCity), '(Женщина, ≈ 60 лет, Нови-Сад)');
  assert.equal(quoteAttribution(subject, 'en', disclosurePolicy({ quote: { fields: ['sex'] } }).quote), '(Female)');
  assert.equal(quoteAttribution({}, 'en', q), '(Respondent)');
  assert.equal(quoteAttribution({}, 'ru', q), '(Респондент)');
});
