// Missing and zero network sizes, replaced as the R package RDS does: by the largest reported size.

import type { Diagnostic } from '../../core/diagnostic.ts';
import { err, ok, type Result } from '../../core/result.ts';

export interface DegreeImputation {
  readonly rule: 'max-observed';
  /** How many sizes were missing or zero and were replaced. */
  readonly replaced: number;
  readonly of: number;
  /** The value they were replaced by (the largest reported size). */
  readonly value: number;
  /** A sentence to print with every estimate. */
  readonly note: string;
}

/**
 * RDS.estimates.local and compute.weights in the RDS package (Handcock, Gile et al.) warn
 * "k of n network sizes were missing or zero. The estimator will presume these are <max>" and set
 * them to the maximum observed size. That choice is conservative (a large size is a small weight).
 */
export function imputeDegrees(degrees: readonly (number | null)[]): Result<{ degrees: number[]; imputation: DegreeImputation }, Diagnostic> {
  const valid = degrees.filter((d): d is number => d !== null && Number.isFinite(d) && d > 0);
  if (valid.length === 0) {
    return err({ code: 'rds.no-degrees', severity: 'error', message: 'no respondent reported a positive network size; RDS weights cannot be computed', hint: 'check the degree column' });
  }
  const value = Math.max(...valid);
  let replaced = 0;
  const out = degrees.map((d) => {
    if (d !== null && Number.isFinite(d) && d > 0) return d;
    replaced += 1;
    return value;
  });
  const note =
    replaced === 0
      ? `all ${degrees.length} network sizes reported and positive; no imputation`
      : `${replaced} of ${degrees.length} network sizes were missing or zero; they are presumed to be ${value}, the largest reported (as the R package RDS does)`;
  return ok({ degrees: out, imputation: { rule: 'max-observed', replaced, of: degrees.length, value, note } });
}
