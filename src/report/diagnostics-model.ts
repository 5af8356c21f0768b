// The RDS diagnostics a reviewer asks for, as data: convergence, bottlenecks per chain, homophily, activity, the tree, degrees.

import type { LocalizedText } from '../core/text.ts';

/** One category's RDS-II estimate with the analytic standard error (percentage points) and design effect. */
export interface DiagnosticEstimate {
  readonly percent: number;
  readonly se: number | null;
  readonly designEffect: number | null;
  readonly effectiveN: number | null;
}

/** A trace of estimates (percent) against a number of respondents, one series per category. */
export interface Trace {
  readonly sizes: readonly number[];
  /** `percents[k][j]`: category k at sizes[j]; null where undefined or withheld. */
  readonly percents: readonly (readonly (number | null)[])[];
}

export interface DiagnosticVariable {
  readonly key: string;
  readonly title: LocalizedText;
  readonly item: string;
  readonly categories: readonly { readonly key: string; readonly label: LocalizedText }[];
  /** Respondents with a value. */
  readonly n: number;
  /** Unweighted sample share per category, percent. */
  readonly samplePercent: readonly (number | null)[];
  readonly estimates: readonly (DiagnosticEstimate | null)[];
  /** The estimate on the first k respondents in order of recruitment (convergence plot). */
  readonly convergence: Trace;
  /** The same within each chain large enough to show (bottleneck plot), keyed by chain number. */
  readonly bottleneck: readonly { readonly chain: number; readonly trace: Trace }[];
  /** Recruiter category (row) × recruit category (column); null = withheld (a count under the minimum cell). */
  readonly transitions: readonly (readonly (number | null)[])[];
  /** Same-category recruitments over those expected without homophily (RDS package, recruitment = TRUE). */
  readonly recruitmentHomophily: number | null;
  /** RDS package, recruitment = FALSE, RDS-II weights; per category. */
  readonly populationHomophily: readonly (number | null)[];
  /** RDS-II estimate of the mean network size per category (harmonic mean of reported sizes). */
  readonly meanDegree: readonly (number | null)[];
  /** Differential activity: the category's mean network size over everyone else's. */
  readonly activityRatio: readonly (number | null)[];
}

export interface DiagnosticsModel {
  /** Traces move in steps of this many respondents (disclosure control: one step never shows one person). */
  readonly step: number;
  readonly variables: readonly DiagnosticVariable[];
  /** Chains in seed order: size (seed included) and waves beyond the seed. */
  readonly chains: readonly { readonly chain: number; readonly size: number; readonly waves: number }[];
  /** Respondents per wave (index = wave; 0 = seeds). */
  readonly perWave: readonly number[];
  /** Structure only (no answers): each respondent's chain, wave and horizontal position, and who recruited whom. */
  readonly tree: { readonly nodes: readonly { readonly chain: number; readonly wave: number; readonly x: number }[]; readonly edges: readonly (readonly [number, number])[] };
  /** Reported network sizes in bands; counts under the minimum cell are withheld (null). */
  readonly degree: { readonly bands: readonly { readonly label: string; readonly count: number | null }[]; readonly imputed: number; readonly median: number };
}
