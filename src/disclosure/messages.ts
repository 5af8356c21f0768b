// The disclosure module's message catalogue: stable codes, researcher-facing texts (codes and names, never a row or a free-text answer).

import type { Diagnostic } from '../core/diagnostic.ts';

export type DisclosureCode =
  | 'disclosure.recode-type'
  | 'disclosure.recode-unmapped'
  | 'disclosure.topcode-type'
  | 'disclosure.too-few-records'
  | 'disclosure.k-not-reached'
  | 'disclosure.risk-too-high'
  | 'disclosure.policy'
  | 'disclosure.table-shape'
  | 'disclosure.release-line';

export function disclosureError(code: DisclosureCode, message: string, subject?: string, hint?: string): Diagnostic {
  return {
    code,
    severity: 'error',
    message,
    ...(subject === undefined ? {} : { subject }),
    ...(hint === undefined ? {} : { hint }),
  };
}
