// Attribution of interview quotes, coarsened: "(Female, ≈ 45 years of age)", "(Женщина, ≈ 45 лет)".

import type { LocalizedText } from '../core/text.ts';
import type { QuotePolicy } from './policy.ts';

export interface QuoteSubject {
  readonly sex?: 'female' | 'male';
  /** Age in years (exact, or the midpoint of a band); rounded before it is shown. */
  readonly age?: number;
  /** Further attributes by name; shown only if the policy lists the name in `extraFields`. */
  readonly extra?: Readonly<Record<string, LocalizedText>>;
}

/** Russian plural of "год" after a number: 1 год, 2–4 года, 5–20 лет, 21 год, 111 лет… */
export function russianYears(n: number): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return 'год';
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return 'года';
  return 'лет';
}

/** Rounds to the nearest multiple of `step` (halves up), never below 5 years of coarsening. */
export function roundAge(age: number, step: number): number {
  const s = Math.max(5, Math.round(step));
  return Math.round(age / s) * s;
}

const WORDS = {
  en: { female: 'Female', male: 'Male', respondent: 'Respondent', age: (a: number) => `≈ ${a} years of age` },
  ru: { female: 'Женщина', male: 'Мужчина', respondent: 'Респондент', age: (a: number) => `≈ ${a} ${russianYears(a)}` },
} as const;

/** The parenthesised attribution in `lang` (English for languages without a translation). */
export function quoteAttribution(subject: QuoteSubject, lang: string, policy: QuotePolicy): string {
  const words = lang === 'ru' ? WORDS.ru : WORDS.en;
  const parts: string[] = [];
  if (policy.fields.includes('sex') && subject.sex !== undefined) parts.push(words[subject.sex]);
  if (policy.fields.includes('age') && subject.age !== undefined && Number.isFinite(subject.age)) {
    parts.push(words.age(roundAge(subject.age, policy.ageRounding)));
  }
  for (const name of policy.extraFields) {
    const text = subject.extra?.[name];
    if (text !== undefined) parts.push(text[lang] ?? text['en'] ?? Object.values(text)[0] ?? '');
  }
  return `(${parts.length === 0 ? words.respondent : parts.join(', ')})`;
}
