// Names of the form fields that carry answers; shared by the page renderer and the form parser.

import { kindOf } from '../instrument/kinds/registry.ts';
import { isQuestion, type Answer, type Item, type ItemValue, type QuestionItem, type Response } from '../instrument/model.ts';

export { answerField, DONT_KNOW, missingField, otherField, REFUSED, rowField } from '../instrument/kinds/fields.ts';

/**
 * The fields a browser sends for `answer` to `item` on our own markup: the inverse of parsePage.
 * Used by synthetic respondents (the flagship replica) that take the survey over HTTP.
 */
export function answerFields(item: QuestionItem, answer: Answer): [string, string][] {
  return kindOf(item).answerFields(item, answer);
}

/** Skipped and not-applicable send nothing; everything else is an answer a person gives (chosen missing kinds too). */
const isGiven = (v: ItemValue): v is Answer => v.kind !== 'missing' || v.missing === 'dont_know' || v.missing === 'refused';

/** What a respondent whose final answers are `response` sets on a page showing `items` (before pressing a button). */
export function respondentFields(items: readonly Item[], response: Response): [string, string][] {
  return items.filter(isQuestion).flatMap((item) => {
    const value = response.values[item.name];
    return value !== undefined && isGiven(value) ? answerFields(item, value) : [];
  });
}
