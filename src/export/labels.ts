// The value labels every export writes, in the language of the file: choice labels, the two indicator values, the missing kinds.

import type { Variable } from '../analysis/dataset.ts';
import { pick } from '../core/text.ts';
import type { MissingKind } from '../instrument/missing.ts';

/** The languages the fixed labels below are written in; an export in any other language is refused. */
export const LABEL_LANGUAGES = ['ru', 'en'] as const;
export type LabelLanguage = (typeof LABEL_LANGUAGES)[number];

export const isLabelLanguage = (lang: string): lang is LabelLanguage => (LABEL_LANGUAGES as readonly string[]).includes(lang);

/** How each missing kind is labelled in value labels (.sav, .dta, syntax files), per language. */
export const MISSING_LABELS: Readonly<Record<MissingKind, Readonly<Record<LabelLanguage, string>>>> = {
  skipped: { ru: 'нет ответа (вопрос пропущен)', en: 'skipped' },
  not_applicable: { ru: 'вопрос не задавался', en: 'not applicable' },
  dont_know: { ru: 'затрудняюсь ответить', en: "don't know" },
  refused: { ru: 'предпочитаю не отвечать', en: 'prefer not to answer' },
  suppressed: { ru: 'скрыто для защиты респондентов', en: 'suppressed (disclosure control)' },
};

const NOT_CHOSEN: Readonly<Record<LabelLanguage, string>> = { ru: 'не выбрано', en: 'not chosen' };
const CHOSEN: Readonly<Record<LabelLanguage, string>> = { ru: 'выбрано', en: 'chosen' };

/** The label of a missing kind in `lang` (English for a language without fixed labels; exports refuse those first). */
export const missingLabel = (kind: MissingKind, lang: string): string => MISSING_LABELS[kind][isLabelLanguage(lang) ? lang : 'en'];
export const notChosen = (lang: string): string => NOT_CHOSEN[isLabelLanguage(lang) ? lang : 'en'];
export const chosenWord = (lang: string): string => CHOSEN[isLabelLanguage(lang) ? lang : 'en'];
export const chosen = (optionLabel: string, lang: string): string => `${chosenWord(lang)}: ${optionLabel}`;

/** Substantive value labels of a variable in one language (missing kinds are added by each format its own way). */
export function substantiveLabels(v: Variable, lang: string): [number, string][] {
  if (v.type === 'coded') return v.valueLabels.map((c) => [c.code, pick(c.label, lang)]);
  if (v.type === 'indicator') return [[0, notChosen(lang)], [1, chosen(pick(v.option.label, lang), lang)]];
  return [];
}

/**
 * Why `lang` cannot label an export of a dataset in `languages`, or undefined when it can: the dataset must hold the
 * language (else its questions would silently come out in another one) and the fixed labels must exist in it.
 */
export function languageProblem(lang: string, languages: readonly string[]): string | undefined {
  if (!languages.includes(lang)) return `the dataset has no texts in '${lang}' (it has ${languages.join(', ')})`;
  if (!isLabelLanguage(lang)) return `portas has no missing-value and indicator labels in '${lang}' (it has ${LABEL_LANGUAGES.join(', ')})`;
  return undefined;
}
