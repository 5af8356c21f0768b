// What the kinds' samplers share: plausible numbers within a range, a pick from a list, free text in a language.

import type { Rng } from '../../core/rng.ts';
import type { Answer } from '../model.ts';
import type { SampleContext } from './kind.ts';

export const pickOne = <T>(rng: Rng, list: readonly T[]): T | undefined => (list.length === 0 ? undefined : list[rng.nextInt(list.length)]);

/** The respondent's chosen "don't know" / "prefer not to answer" when drawn, else the answer `draw` makes. */
export function orChosen(s: SampleContext, draw: () => Answer | undefined): Answer | undefined {
  const chosen = s.chosen();
  return chosen === undefined ? draw() : { kind: 'missing', missing: chosen };
}

/** How far above the bottom of a range plausible numbers go when nothing says otherwise (counts, ages, sizes). */
export const PLAUSIBLE_SPAN = 100;

/**
 * A whole number in [lo, hi]. People give small numbers far more often than the huge ones an open range allows
 * (XLSForm integers come with 0…999999999), so draws stay near the bottom, between the marks the constraint
 * names (an age `> 17 and < 120` splits the range at 17 and 120), and sometimes on a mark itself (`. = 1`).
 */
export function plausibleInteger(rng: Rng, lo: number, hi: number, near: readonly number[], span = PLAUSIBLE_SPAN): number | undefined {
  if (!(lo <= hi)) return undefined;
  const top = Math.min(hi, lo + span);
  const inside = near.flatMap((n) => [Math.floor(n), Math.ceil(n)]).filter((n) => n >= lo && n <= hi);
  const marks = [...new Set([lo, top, ...inside])].sort((a, b) => a - b);
  if (rng.nextInt(4) === 0) return pickOne(rng, marks);
  const i = rng.nextInt(Math.max(1, marks.length - 1));
  const a = marks[i] ?? lo;
  const b = marks[i + 1] ?? a;
  return a + Math.floor(rng.nextFloat() * (b - a + 1));
}

const WORDS: Readonly<Record<string, readonly string[]>> = {
  en: ['work', 'family', 'the', 'house', 'friends', 'near', 'river', 'market', 'often', 'school', 'water', 'children', 'road', 'help', 'city', 'small', 'rent', 'weekend', 'neighbours', 'doctor', 'bus', 'garden', 'winter', 'money', 'news', 'kitchen', 'evening', 'quiet', 'and', 'with'],
  ru: ['работа', 'семья', 'дом', 'друзья', 'рядом', 'река', 'рынок', 'часто', 'школа', 'вода', 'дети', 'дорога', 'помощь', 'город', 'маленький', 'аренда', 'выходные', 'соседи', 'врач', 'автобус', 'сад', 'зима', 'деньги', 'новости', 'кухня', 'вечер', 'тихо', 'и', 'с', 'очень'],
};

/** A few words of free text in `lang` (English words where no list is kept), 1 to `maxLength` characters, never blank. */
export function plausibleText(rng: Rng, lang: string, maxLength: number): string {
  const list = WORDS[lang] ?? WORDS['en'] ?? [];
  const count = 1 + rng.nextInt(12);
  let text = '';
  for (let k = 0; k < count; k++) {
    const word = pickOne(rng, list) ?? 'x';
    const next = text === '' ? word : `${text} ${word}`;
    if (next.length > maxLength) break;
    text = next;
  }
  return text === '' ? (pickOne(rng, list) ?? 'x').slice(0, Math.max(1, maxLength)) : text;
}
