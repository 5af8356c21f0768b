// Table bases: who is counted in the denominator, stated in words and as a stable code.

import type { Diagnostic } from '../../core/diagnostic.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { MISSING_INDEX, type MissingKind } from '../../instrument/missing.ts';
import { type Dataset, type Variable, variableByName } from '../dataset.ts';

/**
 * - `asked` (default, as in the seed report): everyone who was asked — every row whose value is not
 *   `not_applicable`; "skipped", "don't know" and "prefer not to answer" are shown as categories.
 * - `valid`: valid answers only — rows with a substantive value.
 */
export type BaseKind = 'asked' | 'valid';

export interface TableBase {
  readonly code: BaseKind;
  /** The base in words, for the table's footnote. */
  readonly description: string;
  /** Unweighted number of rows in the base. */
  readonly n: number;
  /** Weighted size of the base (present when the table is weighted). */
  readonly weightedN?: number;
}

export const BASE_DESCRIPTION: Readonly<Record<BaseKind, string>> = {
  asked: 'all respondents who were asked the question (skipped, don’t know and prefer not to answer shown as categories)',
  valid: 'respondents who gave a valid answer (skipped, don’t know and prefer not to answer excluded)',
};

/** Missing kinds that appear as categories under the `asked` base, in display order. */
export const SHOWN_MISSING: readonly MissingKind[] = ['dont_know', 'refused', 'skipped', 'suppressed'];

const NOT_APPLICABLE = MISSING_INDEX.not_applicable;

/** 1 when row i is in the base. */
export function inBase(missing: Uint8Array, i: number, base: BaseKind): boolean {
  const m = missing[i] ?? 0;
  return base === 'valid' ? m === 0 : m !== NOT_APPLICABLE;
}

export interface TableOptions {
  readonly base?: BaseKind;
  /** Row weights; unweighted tables when absent. */
  readonly weights?: ArrayLike<number>;
}

export function makeBase(code: BaseKind, n: number, weightedN: number, weighted: boolean): TableBase {
  return weighted ? { code, description: BASE_DESCRIPTION[code], n, weightedN } : { code, description: BASE_DESCRIPTION[code], n };
}

/** Finds a variable of one of the expected types, or explains why not. */
export function findVariable<T extends Variable['type']>(dataset: Dataset, name: string, types: readonly T[]): Result<Extract<Variable, { type: T }>, Diagnostic> {
  const v = variableByName(dataset, name);
  if (v === undefined) return err({ code: 'analysis.unknown-variable', severity: 'error', message: `no variable named '${name}'`, subject: name });
  if (!(types as readonly string[]).includes(v.type)) {
    return err({ code: 'analysis.wrong-variable-type', severity: 'error', message: `variable '${name}' is ${v.type}, expected ${types.join(' or ')}`, subject: name });
  }
  return ok(v as Extract<Variable, { type: T }>);
}

export function checkWeights(dataset: Dataset, weights: ArrayLike<number> | undefined): Diagnostic | undefined {
  if (weights === undefined) return undefined;
  if (weights.length !== dataset.n) return { code: 'analysis.design-length', severity: 'error', message: `the weights have ${weights.length} rows, the dataset ${dataset.n}` };
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] ?? Number.NaN;
    if (!(w >= 0) || !Number.isFinite(w)) return { code: 'analysis.bad-weight', severity: 'error', message: `row ${i + 1}: weight ${w} is not a finite non-negative number` };
  }
  return undefined;
}
