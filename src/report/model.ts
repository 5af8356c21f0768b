// The report as data: what `compute` derives from a released dataset and a report spec, what
// `render` turns into HTML, and what report.json holds. Every number a reader sees is in here.

import type { Diagnostic } from '../core/diagnostic.ts';
import type { LanguageCode, LocalizedText } from '../core/text.ts';
import type { DiagnosticsModel } from './diagnostics-model.ts';
import type { PopulationSpec, QuotesSpec, SectionSpec, StatementSpec } from './spec.ts';
import type { StrobeEntry } from './strobe.ts';

/** Who a percentage is "of". `asked`: everyone shown the item, "don't know"/"prefer not" kept; `answered`: skips left out too. */
export interface ReportBase {
  readonly kind: 'all' | 'asked' | 'answered' | 'subgroup';
  /** Unweighted number of respondents in the base. */
  readonly n: number;
  /** "Of all 222 respondents", "of those who answered (n = 218)", "of those whose engagement decreased". */
  readonly description: LocalizedText;
}

/** A share of a base. `null` count and percent: suppressed by disclosure control (the reason is in the figure's notes). */
export interface Cell {
  readonly count: number | null;
  /** Unweighted percent, rounded as the spec says (usually 1 decimal); null when suppressed. */
  readonly percent: number | null;
  /** RDS-weighted percent with its 95 % interval, when the study has RDS weights and the cell is not suppressed. */
  readonly weighted?: WeightedEstimate | null;
}

export interface WeightedEstimate {
  readonly percent: number;
  /** The tree-bootstrap percentile 95 % interval. */
  readonly low: number;
  readonly high: number;
  /** Analytic RDS-II standard error in percentage points (R's RDS package); null when undefined (a share of 0 or 100 %). */
  readonly se?: number | null;
  /** The analytic variance over that of a simple random sample of the same n. */
  readonly designEffect?: number | null;
  /** n / design effect: the simple random sample as precise as this estimate. */
  readonly effectiveN?: number | null;
}

/** One category (column) of a figure: a code, a net of codes, or a missing kind. */
export interface Category {
  readonly key: string;
  readonly label: LocalizedText;
  readonly kind: 'value' | 'net' | 'missing';
}

/** One bar (or stacked row) of a figure; for a single item there is one row whose key is the item. */
export interface FigureRow {
  readonly key: string;
  readonly label: LocalizedText;
  readonly base: ReportBase;
  /** Keyed by Category.key. */
  readonly cells: Readonly<Record<string, Cell>>;
}

/** A number from outside the study that the report sets beside its own. */
export interface Comparison {
  /** The category (and row, for batteries) it is compared with; '' when it compares with the whole figure. */
  readonly category: string;
  readonly row?: string;
  readonly value: number;
  /** 'percent' or 'number' (e.g. Russia's mean age 40.3). */
  readonly unit: 'percent' | 'number';
  readonly label: LocalizedText;
  readonly source: LocalizedText;
}

/** A number the seed report published for this figure, shown as "published" beside the replica's. */
export interface Published {
  /** Category key ('' for a statement's one number). */
  readonly category: string;
  /** Battery row; absent on a battery figure: the mean over its rows. */
  readonly row?: string;
  /** As printed: "85.6", "≈ 5". */
  readonly text: string;
  readonly value: number;
  /** Decimals printed (0 or 1); the replica must agree to this rounding. */
  readonly decimals: number;
  /** The row of the published marginals (FLAGSHIP.md) this number reproduces, verbatim. */
  readonly flagship?: string;
}

export interface FigureModel {
  readonly kind: 'figure';
  /** 'fig1' … 'fig11' for the seed report's figures; other stable keys ('sex', 'education') for its text numbers. */
  readonly key: string;
  /** The figure's number in this report (every figure is numbered, in reading order). */
  readonly number?: number;
  /** The seed report's figure number, if it has one ("Figure 1 in the original report"). */
  readonly originalNumber?: number;
  readonly title: LocalizedText;
  /** The instrument items it is computed from. */
  readonly items: readonly string[];
  /** `bars`: one row, one bar per category; `stacked`: one 100 % bar per row (batteries); `multi`: multiple response, one bar per option (shares do not add to 100). */
  readonly chart: 'bars' | 'stacked' | 'multi';
  readonly categories: readonly Category[];
  readonly rows: readonly FigureRow[];
  readonly comparisons: readonly Comparison[];
  readonly published: readonly Published[];
  /** Notes under the figure: nets, suppression, question wording. */
  readonly notes: readonly LocalizedText[];
}

/** A single number from the report's text, e.g. "62 % of those whose engagement decreased no longer feel responsible". */
export interface StatementModel extends Pick<StatementSpec, 'kind' | 'key' | 'text'> {
  readonly items: readonly string[];
  readonly base: ReportBase;
  readonly cell: Cell;
  /** For a statement about a mean (e.g. mean age): the mean over the base, `cell` then counting those with a value. */
  readonly mean?: { readonly value: number; readonly decimals: number };
  readonly comparisons: readonly Comparison[];
  readonly published: readonly Published[];
}

/** A group's share in an association the report describes. */
export interface GroupShare {
  readonly key: string;
  readonly label: LocalizedText;
  readonly base: ReportBase;
  readonly cell: Cell;
}

export interface AssociationModel {
  readonly kind: 'association';
  readonly key: string;
  /** The claim as the seed report makes it. */
  readonly claim: LocalizedText;
  /** What is compared: "share naming mobilisation as a factor". */
  readonly measure: LocalizedText;
  readonly groups: readonly GroupShare[];
  /** The direction the report describes: the first group's share is `higher` / `lower` than the second's, or `none` (no strong link). */
  readonly expected: 'higher' | 'lower' | 'none';
  /** Whether the data go that way (for 'none': the test is not significant at 5 %). */
  readonly holds: boolean;
  /** For a direction that holds: whether the test also finds it at the 5 % level (null without a test). A direction alone is weaker evidence. */
  readonly significant?: boolean | null;
  /** Design-based test of the association (Rao–Scott F for weighted data, Pearson χ² otherwise). */
  readonly test: AssociationTest | null;
}

/**
 * A test of association with its full statistic. `chains`: Rao–Scott F on the RDS-II weights with
 * the recruitment chains as clusters (respondents in one chain are not independent); `respondents`:
 * the same with each respondent their own cluster (only when there is a single chain);
 * `unweighted`: Pearson's X² (no recruitment links).
 */
export interface AssociationTest {
  readonly name: string;
  readonly design: 'chains' | 'respondents' | 'unweighted';
  readonly statistic: number;
  /** Numerator degrees of freedom (Pearson: the df). */
  readonly ndf: number;
  /** Denominator degrees of freedom of the F; null for Pearson's X². */
  readonly ddf: number | null;
  readonly p: number;
  /** Clusters (chains) the variance is computed from; null for Pearson's X². */
  readonly clusters: number | null;
}

/** One multiplier estimate of the population size. */
export interface MultiplierRow {
  readonly key: string;
  readonly source: LocalizedText;
  /** The official count M. */
  readonly count: number;
  readonly item: string;
  /** p̂: share of eligible respondents in the counted group (weighted if weights exist), 0…1. */
  readonly share: number;
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
  readonly caveat: LocalizedText;
}

/** `context` is printed beside the estimates: the report's own conclusion, the tabloid claim. */
export interface PopulationModel extends Pick<PopulationSpec, 'kind' | 'key' | 'title' | 'context'> {
  readonly rows: readonly MultiplierRow[];
}

export interface Quote {
  /** As the respondent wrote it. */
  readonly text: string;
  /** The researcher's translation into the report's other languages (the quote bank's), when there is one. */
  readonly translated?: LocalizedText;
  /** Coarsened by disclosure control, e.g. "Female, ≈ 45 years of age". */
  readonly attribution: LocalizedText;
}

export interface QuotesModel extends Pick<QuotesSpec, 'kind' | 'key' | 'title'> {
  readonly quotes: readonly Quote[];
}

export type ReportBlock = FigureModel | StatementModel | AssociationModel | PopulationModel | QuotesModel;

/** A section as the spec gives it; the narrative's `{references}` are filled in from report.json. */
export interface ReportSection extends Pick<SectionSpec, 'key' | 'title' | 'intro' | 'narrative'> {
  readonly blocks: readonly ReportBlock[];
}

export interface SampleSummary {
  readonly n: number;
  /** Coarse collection periods (ISO weeks by default), first and last. */
  readonly firstPeriod: string;
  readonly lastPeriod: string;
  /** The period as the spec states it, shown instead of the stored one (which stays in report.json). */
  readonly statedPeriod?: LocalizedText;
  readonly seeds: number;
  /** Longest recruitment chain (waves after the seeds). */
  readonly waves: number;
}

/** The generated methods section: each paragraph states a fact of this study's design. */
export interface MethodsModel {
  readonly paragraphs: readonly { readonly heading: LocalizedText; readonly text: LocalizedText }[];
}

export interface DisclosureSummary {
  readonly k: number;
  readonly minCell: number;
  /** One line per treatment, e.g. "age shown in 5-year bands", "3 cells suppressed in Fig. 4". */
  readonly lines: readonly LocalizedText[];
}

export interface ReportModel {
  readonly study: string;
  readonly instrumentVersion: string;
  readonly title: LocalizedText;
  readonly subtitle: LocalizedText;
  /** The languages the report is rendered in; the first is the default. */
  readonly languages: readonly LanguageCode[];
  /** Generated replica data: every page says SYNTHETIC DATA. */
  readonly synthetic: boolean;
  readonly sample: SampleSummary;
  /** The researcher's summary, references filled in. */
  readonly summary?: LocalizedText;
  readonly sections: readonly ReportSection[];
  /** RDS diagnostics (convergence, bottlenecks, homophily, the tree, degrees); absent without recruitment links. */
  readonly diagnostics?: DiagnosticsModel;
  /** The STROBE-RDS checklist, item by item. */
  readonly strobe: readonly StrobeEntry[];
  readonly methods: MethodsModel;
  readonly disclosure: DisclosureSummary;
  /** For the researcher, not the reader: what disclosure control withheld and where report.yaml asks for it (not in report.json). */
  readonly warnings?: readonly Diagnostic[];
}
