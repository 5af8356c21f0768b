// Names of the form fields that carry answers, and the values of the two chosen missing kinds.

import type { ChosenMissing } from '../missing.ts';
import type { Item } from '../model.ts';

/** The field of an item's answer (choice code, number, text, date). */
export const answerField = (item: string): string => `q_${item}`;
/** The field of one battery row. */
export const rowField = (item: string, row: string): string => `q_${item}__${row}`;
/** The field of a typed missing answer for items whose answer is not a choice (numbers, text, dates). */
export const missingField = (item: string): string => `m_${item}`;
/** The "specify other" text box of a choice item. */
export const otherField = (item: string): string => `o_${item}`;
/** Values that stand for "don't know" and "prefer not to answer" in any answer field. */
export const DONT_KNOW = 'dk';
export const REFUSED = 'rf';

export const MISSING_VALUE: Readonly<Record<ChosenMissing, string>> = { dont_know: DONT_KNOW, refused: REFUSED };

/** A choice item's submitted fields: one per chosen code (a chosen missing kind is a code too), then any "other" text. */
export function choiceFields(item: string, codes: readonly (number | ChosenMissing)[], other?: string): [string, string][] {
  const fields = codes.map((c): [string, string] => [answerField(item), typeof c === 'number' ? String(c) : MISSING_VALUE[c]]);
  return other === undefined ? fields : [...fields, [otherField(item), other]];
}

/** The chosen missing kind a submitted value stands for, if the item offers it. */
export function chosenMissing(item: Item, value: string): ChosenMissing | undefined {
  const kind = value === DONT_KNOW ? 'dont_know' : value === REFUSED ? 'refused' : undefined;
  return kind !== undefined && item.offers.has(kind) ? kind : undefined;
}

export const INTEGER = /^-?[0-9]{1,9}$/;
