// The questionnaire model: what a study asks, in which languages, in which order, of whom.

import type { SourcePosition } from '../core/diagnostic.ts';
import type { LanguageCode, LocalizedText } from '../core/text.ts';
import type { Expr } from './expression.ts';
import type { ChosenMissing, MissingKind } from './missing.ts';

/** A choice with a stable integer code (what is stored and exported) and a label per language. */
export interface Choice {
  readonly code: number;
  readonly label: LocalizedText;
}

/** A named group of codes ("positive" = 1, 2), declared once and used by tables and reports. */
export interface Net {
  readonly name: string;
  readonly label: LocalizedText;
  readonly codes: readonly number[];
}

/**
 * A coarser version of a choice item for disclosure control (age bands → 10-year bands).
 * `map` sends every fine code to one coarse code; coarse codes are listed in `choices`.
 */
export interface Recode {
  readonly name: string;
  readonly choices: readonly Choice[];
  readonly map: ReadonlyMap<number, number>;
}

/** A relevance condition with the source it came from, for messages. */
export interface Relevance {
  readonly source: string;
  readonly expr: Expr;
  /** Where the expression's first character stands in the instrument file. */
  readonly position?: SourcePosition;
}

export interface ItemFlags {
  /** Could, combined with other such items, single out a person (age band, sex, city, profession…). */
  readonly quasiIdentifier: boolean;
  /** Harmful if linked to a person (political views, legal status…). */
  readonly sensitive: boolean;
}

/**
 * A check of the answer on the server: `expr` refers to the item itself (`.` in the source);
 * when false, `message` is shown next to the field. A constraint never makes an item required.
 */
export interface Constraint {
  readonly source: string;
  readonly expr: Expr;
  readonly message: LocalizedText;
}

interface ItemBase {
  readonly name: string;
  readonly label: LocalizedText;
  readonly hint?: LocalizedText;
  readonly relevance?: Relevance;
  readonly constraint?: Constraint;
  readonly flags: ItemFlags;
  /** "Don't know" / "prefer not to answer" offered as answers (on by default for opinion items). */
  readonly offers: ReadonlySet<ChosenMissing>;
  /**
   * Left empty, the page is shown once more with a gentle reminder; a second skip is accepted.
   * (What XLSForm's `required` becomes: portas never forces an answer.)
   */
  readonly askAgain?: boolean;
  readonly position?: SourcePosition;
}

/**
 * "Specify other": a text box tied to one choice code. Its text is sealed like any answer and is
 * sensitive unless the instrument says otherwise (people name places, groups and people in it).
 */
export interface OtherSpec {
  readonly code: number;
  readonly maxLength: number;
  readonly sensitive: boolean;
}

/** Choice-list options shared by single and multiple choice. */
interface ChoiceListOptions {
  readonly other?: OtherSpec;
  /** Show the choices in a per-respondent random order (the order is never stored). */
  readonly shuffle: boolean;
}

export interface SingleChoiceItem extends ItemBase, ChoiceListOptions {
  readonly kind: 'single';
  readonly choices: readonly Choice[];
  /** True when the codes are ordered (a scale); exports mark the variable ordinal. */
  readonly ordered: boolean;
  readonly nets: readonly Net[];
  readonly recodes: readonly Recode[];
}

/** Several options may be chosen: analysed and exported as one yes/no indicator per option. */
export interface MultipleChoiceItem extends ItemBase, ChoiceListOptions {
  readonly kind: 'multiple';
  readonly choices: readonly Choice[];
  /** Codes that, when chosen, must be the only choice ("none of these"). */
  readonly exclusive: readonly number[];
}

/** One scale asked of several statements (a Likert battery / matrix). */
export interface BatteryItem extends ItemBase {
  readonly kind: 'battery';
  readonly scale: readonly Choice[];
  readonly rows: readonly { readonly name: string; readonly label: LocalizedText }[];
  readonly nets: readonly Net[];
}

export interface IntegerItem extends ItemBase {
  readonly kind: 'integer';
  readonly min: number;
  readonly max: number;
  readonly recodes: readonly Recode[];
}

export interface TextItem extends ItemBase {
  readonly kind: 'text' | 'long_text';
  readonly maxLength: number;
}

/** A number with a fractional part, within [min, max], with at most `decimals` digits after the point. */
export interface DecimalItem extends ItemBase {
  readonly kind: 'decimal';
  readonly min: number;
  readonly max: number;
  readonly decimals: number;
}

/** How exact a date is asked: "2024", "2024-03" or "2024-03-17". */
export const DATE_PRECISIONS = ['year', 'month', 'day'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/** A calendar date at a declared precision, between two dates of that precision (ISO 8601 text). */
export interface DateItem extends ItemBase {
  readonly kind: 'date';
  readonly precision: DatePrecision;
  readonly min: string;
  readonly max: string;
}

/** Text shown to the respondent; asks nothing. */
export interface NoteItem extends ItemBase {
  readonly kind: 'note';
}

export type Item = SingleChoiceItem | MultipleChoiceItem | BatteryItem | IntegerItem | DecimalItem | DateItem | TextItem | NoteItem;
export type ItemKind = Item['kind'];
export type QuestionItem = Exclude<Item, NoteItem>;

/** A page of the questionnaire. */
export interface Section {
  readonly name: string;
  readonly title: LocalizedText;
  readonly relevance?: Relevance;
  readonly items: readonly Item[];
}

/** Fixed texts every respondent sees; skip and stop reminders are required by design. */
export interface InstrumentTexts {
  readonly intro: LocalizedText;
  readonly skipReminder: LocalizedText;
  readonly stopReminder: LocalizedText;
  readonly thanks: LocalizedText;
}

/** Who runs the study and how a respondent reaches them; shown on the entry page. */
export interface StudyAbout {
  readonly organisation: LocalizedText;
  /** An e-mail address, a Signal username or an onion address: plain text, shown as written. */
  readonly contact: string;
  /** An ethics committee's approval reference, if there is one. */
  readonly ethics?: string;
}

export interface Instrument {
  /** Study id, bound into every sealed response. */
  readonly study: string;
  /** Instrument version, bound into every sealed response. */
  readonly version: string;
  readonly title: LocalizedText;
  /** Declared languages; the first is the default. */
  readonly languages: readonly [LanguageCode, ...LanguageCode[]];
  readonly texts: InstrumentTexts;
  readonly about?: StudyAbout;
  readonly sections: readonly Section[];
}

// ---- answers -------------------------------------------------------------------------------

/** What a respondent can give for one item. Skipped and not-applicable are never "given". */
export type Answer =
  | { readonly kind: 'choice'; readonly code: number; readonly other?: string }
  | { readonly kind: 'choices'; readonly codes: readonly number[]; readonly other?: string }
  | { readonly kind: 'battery'; readonly rows: Readonly<Record<string, number | ChosenMissing>> }
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'decimal'; readonly value: number }
  /** ISO 8601 at the item's precision: `2024`, `2024-03`, `2024-03-17`. */
  | { readonly kind: 'date'; readonly value: string }
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'missing'; readonly missing: ChosenMissing };

/** The final value of an item in a completed response: an answer, or why there is none. */
export type ItemValue = Answer | { readonly kind: 'missing'; readonly missing: MissingKind };

/** Why a response was kept without the link to its recruiter: its coupon could not be redeemed at the end. */
export type UnlinkedReason = 'coupon-used' | 'coupon-expired' | 'coupon-unknown';

/** Facts about how the response was collected; coarse on purpose (never a clock time). */
export interface CollectionFacts {
  /** Completion-time band code (see completion-time.ts). */
  readonly completionBand?: number;
  /** Present when the response was kept unlinked (another respondent redeemed the same coupon first, or it expired). */
  readonly unlinked?: UnlinkedReason;
}

/** A completed response: the whole of what gets sealed. */
export interface Response {
  readonly study: string;
  readonly instrumentVersion: string;
  readonly language: LanguageCode;
  /** One entry for every question item of the instrument (notes excluded). */
  readonly values: Readonly<Record<string, ItemValue>>;
  readonly collection?: CollectionFacts;
}

/** Iterates items in questionnaire order. */
export function* itemsOf(instrument: Instrument): Generator<Item> {
  for (const section of instrument.sections) yield* section.items;
}

export const isQuestion = (item: Item): item is QuestionItem => item.kind !== 'note';
