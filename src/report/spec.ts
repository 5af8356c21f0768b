// The report spec: which figures, text numbers, associations, population estimates and quotes a study's report shows, in order.

import type { Diagnostic, SourcePosition } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { LanguageCode, LocalizedText } from '../core/text.ts';
import type { Instrument } from '../instrument/model.ts';
import type { MissingKind } from '../instrument/missing.ts';
import type { Comparison, Published } from './model.ts';
import { YamlReader } from '../instrument/yaml-reader.ts';
import { readSections } from './spec-blocks.ts';
// Registers the report's message templates with renderDiagnostic wherever a report spec is read.
import './codes.ts';
import { SpecContext } from './spec-context.ts';
import { readDiagnostics, readStrobe } from './spec-publication.ts';

/** The variable a figure, statement or filter reads: an item, optionally a recode of it or one battery row. */
export interface SourceSpec {
  readonly item: string;
  readonly recode?: string;
  /** The recode's map from the instrument, fine value → coarse code (filled in by the loader). */
  readonly recodeMap?: readonly (readonly [number, number])[];
  readonly row?: string;
}

/** A category shown: one code, a net of codes (the instrument's or the spec's), or missing kinds. A respondent is in it when any listed code or kind applies. */
export interface CategorySpec {
  readonly key: string;
  readonly label: LocalizedText;
  readonly kind: 'value' | 'net' | 'missing';
  readonly codes: readonly number[];
  readonly missing: readonly MissingKind[];
}

/** Holds for a respondent whose value of `source` is one of `codes` / `missing`, or within `range`; `exclude`: has a substantive value that is not. */
export interface FilterSpec {
  readonly source: SourceSpec;
  readonly codes: readonly number[];
  readonly missing: readonly MissingKind[];
  readonly range?: readonly [number, number];
  readonly exclude: boolean;
}

/**
 * Who a percentage is "of". `all`: every respondent; `asked`: everyone shown the item (skips,
 * "don't know", "prefer not" kept); `answered`: skips left out too. Filters (all must hold) make
 * it a subgroup.
 */
export interface BaseSpec {
  readonly kind: 'all' | 'asked' | 'answered';
  readonly filters: readonly FilterSpec[];
  readonly description?: LocalizedText;
}

/** A published number as the spec states it: the model carries it unchanged. */
export type PublishedSpec = Published;

/** An outside number as the spec states it: the model carries it unchanged. */
export type ComparisonSpec = Comparison;

export interface FigureSpec {
  readonly kind: 'figure';
  readonly key: string;
  readonly number?: number;
  readonly title: LocalizedText;
  readonly source: SourceSpec;
  /** Battery rows (key = row name), or one row keyed by the item. */
  readonly rows: readonly { readonly key: string; readonly label: LocalizedText }[];
  readonly chart: 'bars' | 'stacked' | 'multi';
  readonly categories: readonly CategorySpec[];
  readonly base: BaseSpec;
  readonly decimals: number;
  readonly published: readonly PublishedSpec[];
  readonly comparisons: readonly ComparisonSpec[];
  readonly notes: readonly LocalizedText[];
}

export interface StatementSpec {
  readonly kind: 'statement';
  readonly key: string;
  readonly text: LocalizedText;
  readonly source: SourceSpec;
  readonly category: CategorySpec;
  readonly base: BaseSpec;
  readonly decimals: number;
  /** Also report the mean of the (integer) item over the base. */
  readonly mean: boolean;
  readonly published: readonly PublishedSpec[];
  readonly comparisons: readonly ComparisonSpec[];
}

export interface GroupSpec {
  readonly key: string;
  readonly label: LocalizedText;
  readonly filters: readonly FilterSpec[];
  /** Everyone not in the other group, among those for whom the other group's filters are answered. */
  readonly otherwise: boolean;
}

export interface AssociationSpec {
  readonly kind: 'association';
  readonly key: string;
  readonly claim: LocalizedText;
  readonly measure: LocalizedText;
  readonly source: SourceSpec;
  readonly category: CategorySpec;
  readonly base: BaseSpec;
  readonly groups: readonly [GroupSpec, GroupSpec];
  readonly expected: 'higher' | 'lower' | 'none';
}

export interface MultiplierSpec {
  readonly key: string;
  /** The `name` of an entry of the study's population benchmarks (count M and its source). */
  readonly benchmark: string;
  /** The official count in words, per language (the benchmark's own `source` text otherwise). */
  readonly label?: LocalizedText;
  readonly source: SourceSpec;
  /** Codes that put a respondent in the counted group; not-applicable counts as "no". */
  readonly codes: readonly number[];
  readonly caveat: LocalizedText;
}

export interface PopulationSpec {
  readonly kind: 'population';
  readonly key: string;
  readonly title: LocalizedText;
  /** Who belongs to the population estimated (all must hold). */
  readonly eligible: readonly FilterSpec[];
  readonly rows: readonly MultiplierSpec[];
  readonly context: readonly { readonly label: LocalizedText; readonly value: LocalizedText }[];
}

export interface QuotesSpec {
  readonly kind: 'quotes';
  readonly key: string;
  readonly title: LocalizedText;
  readonly items: readonly string[];
  /** At most this many quotes per item. */
  readonly max: number;
  readonly sex?: { readonly item: string; readonly female: number; readonly male: number };
  readonly age?: string;
  /** Passages in every language; a quote containing one in its own language shows it in the reader's, marked as translated. */
  readonly translations: readonly LocalizedText[];
}

export type BlockSpec = FigureSpec | StatementSpec | AssociationSpec | PopulationSpec | QuotesSpec;

export interface SectionSpec {
  readonly key: string;
  readonly title: LocalizedText;
  readonly intro?: LocalizedText;
  /** The researcher's text for the section; numbers in it are `{path.in.report.json}` references, never typed (docs/report-spec.md). */
  readonly narrative?: LocalizedText;
  readonly blocks: readonly BlockSpec[];
}

export interface ReportSpec {
  readonly study: string;
  readonly title: LocalizedText;
  readonly subtitle: LocalizedText;
  /** The instrument's languages; the first is the default. */
  readonly languages: readonly LanguageCode[];
  /** The integer item holding each respondent's network size (RDS degree). */
  readonly degree: string;
  /** The collection period as the report states it, when the stored periods do not (a replica's dates, a period given in months). */
  readonly period?: LocalizedText;
  /** The report's summary, with `{path}` references like a section's narrative. */
  readonly summary?: LocalizedText;
  /** Key variables whose RDS diagnostics the report shows. */
  readonly diagnostics: readonly DiagnosticsVariableSpec[];
  /** The researcher's answers to STROBE-RDS items, keyed by item id (src/report/strobe.ts). */
  readonly strobe: Readonly<Record<string, LocalizedText>>;
  readonly sections: readonly SectionSpec[];
  /** Where each block (by key), `summary` and `sections.<key>.narrative` stand in report.yaml: warnings computed later point there. */
  readonly positions?: ReadonlyMap<string, SourcePosition>;
}

/** A key variable of the RDS diagnostics: a single-choice item or a recode, with its categories. */
export interface DiagnosticsVariableSpec {
  readonly key: string;
  readonly title: LocalizedText;
  readonly source: SourceSpec;
  readonly categories: readonly { readonly key: string; readonly label: LocalizedText }[];
}

const TOP_KEYS = ['study', 'title', 'subtitle', 'degree', 'period', 'summary', 'diagnostics', 'strobe', 'sections'] as const;

/** Parses and checks a report spec against the study's instrument; errors name file:line:col and the field. */
export function loadReportSpec(text: string, file: string, instrument: Instrument): Result<ReportSpec, Diagnostic[]> {
  const r = new YamlReader(file, text);
  if (r.root === null) return err(r.diagnostics);
  const top = r.map(r.root, undefined, 'the report spec', TOP_KEYS, ['study', 'title', 'subtitle', 'sections']);
  if (top === undefined) return err(r.diagnostics);
  const ctx = new SpecContext(r, instrument);
  const study = r.string(top.get('study')?.value ?? null, 'study', "'study'");
  if (study !== undefined && study !== instrument.study) ctx.fail(top.get('study')?.value, 'report.wrong-study', 'study', `the spec is for study '${study}', the instrument for '${instrument.study}'`);
  const title = ctx.text(top.get('title')?.value, 'title');
  const subtitle = ctx.text(top.get('subtitle')?.value, 'subtitle');
  const degreeNode = top.get('degree')?.value;
  const degree = degreeNode === undefined ? undefined : r.string(degreeNode, 'degree', "'degree'");
  if (degree !== undefined) {
    const item = ctx.item(degreeNode, degree, 'degree');
    if (item !== undefined && item.kind !== 'integer') ctx.fail(degreeNode, 'report.wrong-item-kind', 'degree', `item '${degree}' is ${item.kind}; the network size must be an integer item`);
  }
  const sections = readSections(ctx, top.get('sections')?.value ?? null);
  const summary = ctx.optText(top, 'summary', 'summary');
  ctx.mark('summary', top.get('summary')?.value);
  const period = ctx.optText(top, 'period', 'period');
  const diagnostics = readDiagnostics(ctx, top.get('diagnostics')?.value);
  const strobe = readStrobe(ctx, top.get('strobe')?.value);
  if (r.diagnostics.some((d) => d.severity === 'error') || study === undefined || title === undefined || subtitle === undefined) return err(r.diagnostics);
  return ok({ study, title, subtitle, languages: instrument.languages, degree: degree ?? '', ...(period === undefined ? {} : { period }), ...(summary === undefined ? {} : { summary }), diagnostics, strobe, sections, positions: ctx.positions });
}
