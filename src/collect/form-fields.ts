// Names of the form fields that carry answers; shared by the page renderer and the form parser.

/** The field of an item's answer (choice code, number, text). */
export const answerField = (item: string): string => `q_${item}`;
/** The field of one battery row. */
export const rowField = (item: string, row: string): string => `q_${item}__${row}`;
/** The field of a typed missing answer for items whose answer is not a choice (integer, text). */
export const missingField = (item: string): string => `m_${item}`;
/** Values that stand for "don't know" and "prefer not to answer" in any answer field. */
export const DONT_KNOW = 'dk';
export const REFUSED = 'rf';
