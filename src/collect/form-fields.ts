// Names of the form fields that carry answers; shared by the page renderer and the form parser.

import { kindOf } from '../instrument/kinds/registry.ts';
import type { Answer, QuestionItem } from '../instrument/model.ts';

export { answerField, DONT_KNOW, missingField, otherField, REFUSED, rowField } from '../instrument/kinds/fields.ts';

/**
 * The fields a browser sends for `answer` to `item` on our own markup: the inverse of parsePage.
 * Used by synthetic respondents (the flagship replica) that take the survey over HTTP.
 */
export function answerFields(item: QuestionItem, answer: Answer): [string, string][] {
  return kindOf(item).answerFields(item, answer);
}
