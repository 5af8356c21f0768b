// Which items are asked, given the answers so far: relevance applied in questionnaire order.

import { evaluate, type ExprValue } from './expression.ts';
import { MISSING_CODE } from './missing.ts';
import type { Answer, Instrument, Item } from './model.ts';

export type Answers = Readonly<Record<string, Answer>>;

/** The value an answer contributes to expressions (see docs/instrument-format.md). */
export function expressionValue(answer: Answer | undefined): ExprValue {
  if (answer === undefined) return null;
  switch (answer.kind) {
    case 'choice':
      return answer.code;
    case 'choices':
      return answer.codes;
    case 'integer':
    case 'decimal':
      return answer.value;
    case 'date':
      return answer.value;
    case 'text':
      return answer.value;
    case 'missing':
      return MISSING_CODE[answer.missing];
    case 'battery':
      return null;
  }
}

/**
 * The relevance of every section and item, and the answers that survive it: an answer to an item
 * that is not relevant is dropped, and counts as unanswered for everything after it. Because a
 * condition may refer only to earlier pages, one pass in order settles everything.
 */
export function resolveRelevance(
  instrument: Instrument,
  answers: Answers,
): { readonly relevantSections: readonly boolean[]; readonly relevantItems: ReadonlySet<string>; readonly kept: Answers } {
  const kept: Record<string, Answer> = {};
  const relevantItems = new Set<string>();
  const lookup = (name: string): ExprValue => expressionValue(kept[name]);
  const relevantSections = instrument.sections.map((section) => {
    const sectionRelevant = section.relevance === undefined || evaluate(section.relevance.expr, lookup);
    // Items on one page never depend on each other, so their conditions see only earlier pages.
    const onPage = section.items.filter((item) => sectionRelevant && isItemRelevant(item, lookup));
    for (const item of onPage) {
      relevantItems.add(item.name);
      const a = answers[item.name];
      if (a !== undefined) kept[item.name] = a;
    }
    return sectionRelevant && onPage.length > 0;
  });
  return { relevantSections, relevantItems, kept };
}

function isItemRelevant(item: Item, lookup: (name: string) => ExprValue): boolean {
  return item.relevance === undefined || evaluate(item.relevance.expr, lookup);
}
