// `${item}` in a label or hint: an earlier answer shown in the text ("You arrived in ${arrival}…").

import { pick, type LanguageCode } from '../core/text.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { INSTRUMENT_CODES } from './messages.ts';
import type { Answer, Item, Section } from './model.ts';

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

/** Every `${name}` in a label, hint or choice label must be a question asked on an earlier page. */
export function checkPiping(sections: readonly Section[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const pageOf = new Map<string, { page: number; item: Item }>();
  sections.forEach((s, page) => {
    for (const item of s.items) pageOf.set(item.name, { page, item });
  });
  sections.forEach((s, page) => {
    for (const item of s.items) {
      const texts = [item.label, ...(item.hint ? [item.hint] : []), ...('choices' in item ? item.choices.map((c) => c.label) : [])];
      const names = new Set(texts.flatMap((t) => Object.values(t).flatMap(pipedNames)));
      for (const name of names) {
        const target = pageOf.get(name);
        const problem =
          target === undefined ? `the text pipes in '\${${name}}', which is not an item` : target.page >= page ? `the text pipes in '\${${name}}', which is not asked on an earlier page` : target.item.kind === 'note' || target.item.kind === 'battery' ? `the text pipes in '\${${name}}', a ${target.item.kind}, which has no single answer to show` : undefined;
        if (problem !== undefined) out.push({ code: INSTRUMENT_CODES.badPiping, severity: 'error', message: problem, subject: `item '${item.name}'`, hint: 'with JavaScript off a page cannot change while it is filled in: pipe answers from earlier pages', ...(item.position ? { position: item.position } : {}) });
      }
    }
  });
  return out;
}
