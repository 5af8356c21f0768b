// Turns a submitted page's form fields into answers, checking every value against the item it claims to answer.

import { pick } from '../core/text.ts';
import { brokenConstraint } from '../instrument/constraint.ts';
import { kindOf } from '../instrument/kinds/registry.ts';
import type { Answer, Item } from '../instrument/model.ts';
import { say } from './messages.ts';

export interface ParsedPage {
  /** Valid answers; an item left empty is absent (skipped). */
  readonly answers: Readonly<Record<string, Answer>>;
  /** A message per item whose submitted value is not acceptable, in the respondent's language. */
  readonly errors: Readonly<Record<string, string>>;
}

/** The hidden field that lists the items already asked again on a page (see Item.askAgain). */
export const ASKED_AGAIN_FIELD = 'asked_again';

/** Form fields as decoded from application/x-www-form-urlencoded, in order; repeated names allowed. */
export type FormFields = readonly (readonly [string, string])[];

/**
 * Only the fields of `items` are read; anything else in the form is ignored. Each kind checks its own
 * values; then the item's constraint, if any (a constraint never turns a skip into an error).
 */
export function parsePage(items: readonly Item[], fields: FormFields, lang: string): ParsedPage {
  const values = new Map<string, string[]>();
  for (const [name, value] of fields) {
    const list = values.get(name) ?? [];
    list.push(value);
    values.set(name, list);
  }
  const submitted = (name: string): string[] => (values.get(name) ?? []).filter((v) => v !== '');
  const answers: Record<string, Answer> = {};
  const errors: Record<string, string> = {};
  const h = { lang, say: (key: Parameters<typeof say>[0], vars?: Readonly<Record<string, string | number>>) => say(key, lang, vars) };
  // Items already asked again on this page (a hidden field the page carries): their skip now stands.
  const askedAgain = new Set(submitted(ASKED_AGAIN_FIELD).flatMap((v) => v.split(' ')));
  for (const item of items) {
    const outcome = kindOf(item).parse(item, submitted, h);
    if (outcome.kind === 'skipped' && item.askAgain === true && !askedAgain.has(item.name)) {
      errors[item.name] = say('askAgain', lang);
      continue;
    }
    if (outcome.kind === 'error') {
      errors[item.name] = outcome.message;
      continue;
    }
    if (outcome.kind === 'skipped') continue;
    const broken = brokenConstraint(item, outcome.answer);
    if (broken !== undefined) errors[item.name] = pick(broken, lang);
    else answers[item.name] = outcome.answer;
  }
  return { answers, errors };
}
