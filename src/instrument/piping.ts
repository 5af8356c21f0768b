// `${item}` in a label or hint: an earlier answer shown in the text ("You arrived in ${arrival}…").

import { pick, type LanguageCode } from '../core/text.ts';
import type { Answer, Item } from './model.ts';

export const PIPE = /\$\{([a-z][a-z0-9_]*)\}/g;

/** The names a text pipes in. */
export const pipedNames = (text: string): string[] => [...text.matchAll(PIPE)].map((m) => m[1] ?? '');

/** The answer as a respondent reads it: a choice's label, a number, a date, a text; empty when there is none. */
export function answerText(item: Item | undefined, answer: Answer | undefined, lang: LanguageCode): string {
  if (item === undefined || answer === undefined) return '';
  switch (answer.kind) {
    case 'choice':
      return item.kind === 'single' ? (answer.other ?? pick(item.choices.find((c) => c.code === answer.code)?.label ?? {}, lang)) : '';
    case 'choices':
      return item.kind === 'multiple' ? answer.codes.map((code) => (code === item.other?.code && answer.other !== undefined ? answer.other : pick(item.choices.find((c) => c.code === code)?.label ?? {}, lang))).join(', ') : '';
    case 'integer':
    case 'decimal':
      return String(answer.value);
    case 'date':
    case 'text':
      return answer.value;
    case 'battery':
    case 'missing':
      return '';
  }
}

/** The text with every `${name}` replaced by the respondent's earlier answer (unescaped: escape after). */
export function pipeAnswers(text: string, lang: LanguageCode, items: ReadonlyMap<string, Item>, answers: Readonly<Record<string, Answer>>): string {
  return text.replace(PIPE, (_, name: string) => answerText(items.get(name), answers[name], lang));
}
