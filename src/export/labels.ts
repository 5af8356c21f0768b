// The value labels every export writes: choice labels, the two indicator values, and the four missing kinds.

import type { Variable } from '../analysis/dataset.ts';
import { pick } from '../core/text.ts';
import type { MissingKind } from '../instrument/missing.ts';

/** How each missing kind is labelled in .sav and .dta value labels. */
export const MISSING_LABELS: Readonly<Record<MissingKind, string>> = {
  skipped: 'skipped',
  not_applicable: 'not applicable',
  dont_know: "don't know",
  refused: 'prefer not to answer',
};

export const NOT_CHOSEN = 'not chosen';
export const chosen = (optionLabel: string): string => `chosen: ${optionLabel}`;

/** Substantive value labels of a variable in one language (missing kinds are added by each format its own way). */
export function substantiveLabels(v: Variable, lang: string): [number, string][] {
  if (v.type === 'coded') return v.valueLabels.map((c) => [c.code, pick(c.label, lang)]);
  if (v.type === 'indicator') return [[0, NOT_CHOSEN], [1, chosen(pick(v.option.label, lang))]];
  return [];
}
