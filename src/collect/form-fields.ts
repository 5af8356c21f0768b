// Names of the form fields that carry answers; shared by the page renderer and the form parser.

import type { ChosenMissing } from '../instrument/missing.ts';
import type { Answer, QuestionItem } from '../instrument/model.ts';

/** The field of an item's answer (choice code, number, text). */
export const answerField = (item: string): string => `q_${item}`;
/** The field of one battery row. */
export const rowField = (item: string, row: string): string => `q_${item}__${row}`;
/** The field of a typed missing answer for items whose answer is not a choice (integer, text). */
export const missingField = (item: string): string => `m_${item}`;
/** Values that stand for "don't know" and "prefer not to answer" in any answer field. */
export const DONT_KNOW = 'dk';
export const REFUSED = 'rf';

/**
 * The fields a browser sends for `answer` to `item` on our own markup: the inverse of parsePage.
 * Used by synthetic respondents (the flagship replica) that take the survey over HTTP.
 */
export function answerFields(item: QuestionItem, answer: Answer): [string, string][] {
  const missingValue = (m: ChosenMissing): string => (m === 'dont_know' ? DONT_KNOW : REFUSED);
  switch (answer.kind) {
    case 'choice':
      return [[answerField(item.name), String(answer.code)]];
    case 'choices':
      return answer.codes.map((c) => [answerField(item.name), String(c)]);
    case 'battery':
      return Object.entries(answer.rows).map(([row, v]) => [rowField(item.name, row), typeof v === 'number' ? String(v) : missingValue(v)]);
    case 'integer':
      return [[answerField(item.name), String(answer.value)]];
    case 'text':
      return [[answerField(item.name), answer.value]];
    case 'missing': {
      const value = missingValue(answer.missing);
      if (item.kind === 'integer' || item.kind === 'text' || item.kind === 'long_text') return [[missingField(item.name), value]];
      if (item.kind === 'battery') return item.rows.map((r) => [rowField(item.name, r.name), value]);
      return [[answerField(item.name), value]];
    }
  }
}
