// A synthetic respondent's answers to any questionnaire: page by page in order, only what relevance shows, each
// answer a plausible one its kind accepts and its constraint allows, with skips, "don't know" and refusals.

import type { Rng } from '../core/rng.ts';
import type { LanguageCode } from '../core/text.ts';
import { brokenConstraint } from './constraint.ts';
import { evaluate, type Expr, type ExprValue } from './expression.ts';
import type { SampleContext } from './kinds/kind.ts';
import { kindOf } from './kinds/registry.ts';
import { plausibleText } from './kinds/sample-parts.ts';
import type { ChosenMissing } from './missing.ts';
import { isQuestion, itemsOf, type Answer, type Instrument, type Item, type ItemValue, type Response } from './model.ts';
import { expressionValue } from './relevance.ts';

/** How a synthetic respondent behaves; every chance is per field shown. */
export interface RespondentHabits {
  /** The language the survey is taken in (default: one of the instrument's, at random). */
  readonly language?: LanguageCode;
  /** Leaving a question empty (default 0.05). */
  readonly skip?: number;
  /** Choosing "don't know" or "prefer not to answer" where offered (default 0.06). */
  readonly chosen?: number;
  /** Leaving an optional part empty: a battery row, the "other" box (default 0.1). */
  readonly leave?: number;
}

/** Draws before an answer that its constraint refuses is given up (the question is then left empty, as a person might). */
const CONSTRAINT_TRIES = 40;

/**
 * Every number a constraint mentions (`. > 17 and . < 120`, codes quoted in `selected(., '5')`), read from its source:
 * a constraint may name only its own item (`.`), so no digit there belongs to another name.
 */
const numbersIn = (source: string | undefined): number[] => [...(source ?? '').matchAll(/(?<![\w.])-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)/g)].map((m) => Number(m[0]));

/** One answer to `item` its constraint accepts, or undefined when the respondent leaves it empty. */
function answerOf(item: Item, rng: Rng, habits: Required<Omit<RespondentHabits, 'language'>>, lang: LanguageCode): Answer | undefined {
  if (!isQuestion(item) || rng.nextFloat() < habits.skip) return undefined;
  const offered: readonly ChosenMissing[] = [...item.offers];
  const s: SampleContext = {
    chosen: () => (offered.length > 0 && rng.nextFloat() < habits.chosen ? offered[rng.nextInt(offered.length)] : undefined),
    leaves: () => rng.nextFloat() < habits.leave,
    words: (maxLength) => plausibleText(rng, lang, maxLength),
    near: numbersIn(item.constraint?.source),
  };
  for (let k = 0; k < CONSTRAINT_TRIES; k++) {
    const answer = kindOf(item).sample(item, rng, s);
    if (answer === undefined || brokenConstraint(item, answer) === undefined) return answer;
  }
  return undefined;
}

/**
 * One completed response, exactly as the server would seal it for a respondent who submits these answers:
 * a section's and its items' relevance read the answers of earlier pages (as resolveRelevance does), an item not
 * shown is not applicable, an item shown and left empty is skipped.
 */
export function syntheticResponse(instrument: Instrument, rng: Rng, habits: RespondentHabits = {}): Response {
  const language = habits.language ?? instrument.languages[rng.nextInt(instrument.languages.length)] ?? instrument.languages[0];
  const h = { skip: habits.skip ?? 0.05, chosen: habits.chosen ?? 0.06, leave: habits.leave ?? 0.1 };
  const answers: Record<string, Answer> = {};
  const shown = new Set<string>();
  const lookup = (name: string): ExprValue => expressionValue(answers[name]);
  const relevant = (condition: { readonly expr: Expr } | undefined): boolean => condition === undefined || evaluate(condition.expr, lookup);
  for (const section of instrument.sections) {
    if (!relevant(section.relevance)) continue;
    // Items on one page never depend on each other: every condition on the page is read before any answer on it.
    const onPage = section.items.filter((item) => relevant(item.relevance));
    for (const item of onPage) {
      shown.add(item.name);
      const answer = answerOf(item, rng, h, language);
      if (answer !== undefined) answers[item.name] = answer;
    }
  }
  const values: Record<string, ItemValue> = {};
  for (const item of itemsOf(instrument)) {
    if (isQuestion(item)) values[item.name] = answers[item.name] ?? { kind: 'missing', missing: shown.has(item.name) ? 'skipped' : 'not_applicable' };
  }
  return { study: instrument.study, instrumentVersion: instrument.version, language, values };
}
