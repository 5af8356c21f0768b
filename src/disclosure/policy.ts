// The disclosure policy of a study: thresholds and permissions every release is checked against.

import type { MissingInKeys } from './keys.ts';
import type { RiskMethod } from './individual-risk.ts';

/** Who a quote may be attributed to: sex and rounded age by default, as in the seed report. */
export interface QuotePolicy {
  /** Which of sex and age to show. Default both. */
  readonly fields: readonly ('sex' | 'age')[];
  /** Ages are rounded to the nearest multiple of this. Default 5; never below 5. */
  readonly ageRounding: number;
  /** Further attributes the study allows (e.g. `city`), shown only when listed here. Default none. */
  readonly extraFields: readonly string[];
}

export interface DisclosurePolicy {
  /** Every combination of quasi-identifier values must be shared by at least k records. Default 5. */
  readonly k: number;
  /** Distinct l-diversity reported for sensitive variables (not enforced). Default 2. */
  readonly l: number;
  /** Published table counts from 1 to minCell − 1 are suppressed. Default 5. */
  readonly minCell: number;
  /** Decimals of published percentages. Default 0: with n in the hundreds, a decimal adds no information. */
  readonly percentDigits: number;
  /** How a missing value in a key counts. Default `wildcard` (sdcMicro's rule; needed by local suppression). */
  readonly missingInKeys: MissingInKeys;
  /** Individual risk estimator. Default `approx` (sdcMicro's default). */
  readonly riskMethod: RiskMethod;
  /** Size of the population sampled, for the individual risk when there are no weights. Default unknown. */
  readonly populationSize?: number;
  /** Quasi-identifiers from most to least important, for local suppression. Default: by number of values. */
  readonly importance?: readonly string[];
  /** Whether free-text answers may leave in microdata. Default false. */
  readonly releaseFreeText: boolean;
  /** System variables (response id, period, coupon links) that may leave in microdata. Default none. */
  readonly keepSystemVariables: readonly string[];
  /** Refuse microdata whose expected re-identifications exceed this share of n after treatment. Default: no limit. */
  readonly maxGlobalRisk?: number;
  readonly quote: QuotePolicy;
}

export const DEFAULT_POLICY: DisclosurePolicy = {
  k: 5,
  l: 2,
  minCell: 5,
  percentDigits: 0,
  missingInKeys: 'wildcard',
  riskMethod: 'approx',
  releaseFreeText: false,
  keepSystemVariables: [],
  quote: { fields: ['sex', 'age'], ageRounding: 5, extraFields: [] },
};

/** A policy from partial settings, with the defaults above for the rest. */
export function disclosurePolicy(settings: Partial<Omit<DisclosurePolicy, 'quote'>> & { readonly quote?: Partial<QuotePolicy> } = {}): DisclosurePolicy {
  const { quote, ...rest } = settings;
  return { ...DEFAULT_POLICY, ...rest, quote: { ...DEFAULT_POLICY.quote, ...quote } };
}
