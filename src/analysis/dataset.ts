// The dataset: one typed column per variable, laid out for fast estimation and for exports.

import type { LanguageCode, LocalizedText } from '../core/text.ts';
import type { Choice, Net } from '../instrument/model.ts';
import type { MissingKind } from '../instrument/missing.ts';

export type MeasureLevel = 'nominal' | 'ordinal' | 'scale';

interface VariableBase {
  /** Unique, export-safe name: `[a-z][a-z0-9_]*`, at most 64 characters. */
  readonly name: string;
  /** The question (and sub-question) text per language. */
  readonly label: LocalizedText;
  /** The instrument item it comes from; empty for system variables. */
  readonly item: string;
  /** `system` marks collection metadata (response id, period, coupon links), not answers. */
  readonly role: 'answer' | 'system';
  readonly quasiIdentifier: boolean;
  readonly sensitive: boolean;
  /** Per row: 0 when a value is present, else `MISSING_INDEX[kind]`. */
  readonly missing: Uint8Array;
  /** The missing kinds this variable may take (declares SPSS user-missing values, Stata .a–.d). */
  readonly missingKinds: readonly MissingKind[];
}

/** Codes with value labels: single choice, one battery row. Missing rows hold NaN. */
export interface CodedVariable extends VariableBase {
  readonly type: 'coded';
  readonly measure: 'nominal' | 'ordinal';
  readonly values: Float64Array;
  readonly valueLabels: readonly Choice[];
  readonly nets: readonly Net[];
}

/** A 0/1 indicator for one option of a multiple-choice item. Missing rows hold NaN. */
export interface IndicatorVariable extends VariableBase {
  readonly type: 'indicator';
  readonly measure: 'nominal';
  readonly values: Float64Array;
  /** The option's code and label. */
  readonly option: Choice;
}

/** Integers and other quantities. Missing rows hold NaN. */
export interface NumericVariable extends VariableBase {
  readonly type: 'numeric';
  readonly measure: 'scale';
  readonly values: Float64Array;
}

/** Free text (and string system variables). Missing rows hold ''. */
export interface TextVariable extends VariableBase {
  readonly type: 'text';
  readonly measure: 'nominal';
  readonly values: readonly string[];
}

export type Variable = CodedVariable | IndicatorVariable | NumericVariable | TextVariable;

/** Variables that belong together: a multiple-choice item's indicators, a battery's rows. */
export interface VariableSet {
  readonly name: string;
  readonly kind: 'multiple' | 'battery';
  readonly label: LocalizedText;
  readonly variables: readonly string[];
}

export interface Dataset {
  readonly study: string;
  readonly instrumentVersion: string;
  /** Declared languages; the first is the default. */
  readonly languages: readonly LanguageCode[];
  /** Number of rows (responses). */
  readonly n: number;
  readonly variables: readonly Variable[];
  readonly sets: readonly VariableSet[];
  /** True for generated replica data: every output must say so. */
  readonly synthetic: boolean;
}

export function variableByName(dataset: Dataset, name: string): Variable | undefined {
  return dataset.variables.find((v) => v.name === name);
}
