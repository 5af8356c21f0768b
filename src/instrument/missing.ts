// Typed missing values: why an item has no substantive answer. Never a bare null.

/**
 * - `skipped`: the item was shown and the respondent gave no answer.
 * - `not_applicable`: the item was not shown because its relevance was false.
 * - `dont_know`, `refused` ("prefer not to answer"): answers the respondent chose, declared per item.
 * - `suppressed`: the respondent answered, and disclosure control withheld the value from a release
 *   (src/disclosure). Never in collected responses; only in released datasets.
 */
export const MISSING_KINDS = ['skipped', 'not_applicable', 'dont_know', 'refused', 'suppressed'] as const;
export type MissingKind = (typeof MISSING_KINDS)[number];

/** The two missing kinds a respondent can choose, offered per item. */
export type ChosenMissing = Extract<MissingKind, 'dont_know' | 'refused'>;

/**
 * Reserved numeric codes, used wherever a missing kind must be a number: exports (SPSS user-missing,
 * the value behind Stata's .a–.d), relevance expressions (`${q} = -97`). No choice may use them.
 */
export const MISSING_CODE: Readonly<Record<MissingKind, number>> = {
  skipped: -99,
  not_applicable: -98,
  dont_know: -97,
  refused: -96,
  suppressed: -95,
};

/** Compact per-row encoding in datasets: 0 means "a value is present". */
export const MISSING_INDEX: Readonly<Record<MissingKind, number>> = {
  skipped: 1,
  not_applicable: 2,
  dont_know: 3,
  refused: 4,
  suppressed: 5,
};

export const missingKindOfIndex = (index: number): MissingKind | undefined => MISSING_KINDS[index - 1];

export const isReservedCode = (code: number): boolean => Object.values(MISSING_CODE).includes(code);
