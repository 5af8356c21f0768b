// What every question kind must provide: one module per kind fills this contract, and the registry's type makes it total.

import type { Rng } from '../../core/rng.ts';
import type { LocalizedText } from '../../core/text.ts';
import type { Fields } from '../yaml-reader.ts';
import type { LoadContext } from '../load-parts.ts';
import type { ChosenMissing, MissingKind } from '../missing.ts';
import type { Answer, Choice, Item, ItemKind, ItemValue, Net } from '../model.ts';

/** The item type of one kind (`text` and `long_text` share an interface, so this narrows by kind). */
export type ItemOf<K extends ItemKind> = Item & { readonly kind: K };

/** Respondent texts a kind may use; collect/messages.ts provides every one in every respondent language. */
export type KindText =
  | 'dontKnow'
  | 'refused'
  | 'errInteger'
  | 'errDecimal'
  | 'errDate'
  | 'errChoice'
  | 'errTooLong'
  | 'errExclusive'
  | 'errOneAnswer'
  | 'otherSpecify'
  | 'datePrecisionYear'
  | 'datePrecisionMonth'
  | 'datePrecisionDay';

/** What loading an item hands its kind: the YAML fields, the parts every item has, and the loader's helpers. */
export interface KindLoadInput {
  readonly ctx: LoadContext;
  readonly fields: Fields;
  readonly subject: string;
  readonly base: Omit<ItemOf<ItemKind>, 'kind'>;
}

/** Pure HTML helpers handed in by the page renderer (escaping and the respondent's language). */
export interface RenderHelpers {
  readonly lang: string;
  /** The text in the page's language, escaped, with `${item}` references already piped in. */
  text(text: LocalizedText): string;
  esc(s: string): string;
  /** A respondent message, escaped. */
  say(key: KindText, vars?: Readonly<Record<string, string | number>>): string;
  /** Per-respondent choice order for items that ask for it (identity otherwise). */
  order<T>(itemName: string, list: readonly T[]): readonly T[];
  /**
   * Whether a box is ticked: as sent, when the page comes back with a problem (so nothing the respondent
   * did is undone), else `fromAnswer`.
   */
  checked(field: string, value: string, fromAnswer: boolean): boolean;
  /** A text field's content: as typed when the page comes back with a problem («сорок» stays), else `fromAnswer`. */
  typed(field: string, fromAnswer: string): string;
}

/** What a kind's renderer needs about one item on the page. */
export interface ItemView {
  readonly answer: Answer | undefined;
  /** The message to show next to the field, already in the page's language (not escaped). */
  readonly error: string | undefined;
}

/** The submitted values of one form, by field name, empty strings removed. */
export type SubmittedValues = (name: string) => readonly string[];

/** A parsed item: an answer, nothing (skipped), or a message for the respondent. */
export type ParseOutcome =
  | { readonly kind: 'answer'; readonly answer: Answer }
  | { readonly kind: 'skipped' }
  | { readonly kind: 'error'; readonly message: string };

/**
 * What a kind's sampler draws with besides the Rng: the respondent's habits (choosing "don't know", leaving a part
 * empty), words in the respondent's language, and the numbers the item's constraint compares with.
 */
export interface SampleContext {
  /** "Don't know" or "prefer not to answer" for one field, when the respondent chooses it and the item offers it. */
  chosen(): ChosenMissing | undefined;
  /** Whether one optional part (a battery row, the "other" box) is left empty. */
  leaves(): boolean;
  /** Plausible free text in the respondent's language: 1 to `maxLength` characters, never blank. */
  words(maxLength: number): string;
  /** The numbers the item's constraint mentions (`. >= 18 and . <= 120` gives 18 and 120): where valid answers lie. */
  readonly near: readonly number[];
}

/** How one dataset column reads an item's value; analysis turns these into typed columns. */
export type ColumnSpec =
  | { readonly type: 'coded'; readonly name: string; readonly label: LocalizedText; readonly measure: 'nominal' | 'ordinal'; readonly valueLabels: readonly Choice[]; readonly nets: readonly Net[]; readonly cell: (v: ItemValue) => number | MissingKind }
  | { readonly type: 'indicator'; readonly name: string; readonly label: LocalizedText; readonly option: Choice; readonly cell: (v: ItemValue) => number | MissingKind }
  | { readonly type: 'numeric'; readonly name: string; readonly label: LocalizedText; readonly cell: (v: ItemValue) => number | MissingKind }
  | { readonly type: 'text'; readonly name: string; readonly label: LocalizedText; readonly sensitive?: boolean; readonly besideChoice?: boolean; readonly cell: (v: ItemValue) => TextCell };

/** A text column's cell: the text, or why there is none. */
export type TextCell = { readonly text: string } | { readonly missing: MissingKind };

export interface ColumnsOf {
  readonly columns: readonly ColumnSpec[];
  /** Columns that belong together (a multiple-choice item's indicators, a battery's rows). */
  readonly set?: 'multiple' | 'battery';
}

/** What tables and reports may do with the item's values. */
export interface ReportUsage {
  /** The codes a table shows (empty for numbers and text). */
  readonly codes: readonly Choice[];
  readonly nets: readonly Net[];
  /** Summarised as a number (mean, median, bands). */
  readonly numeric: boolean;
  /** Quoted as free text. */
  readonly freeText: boolean;
}

/** An XLSForm `survey` row's type and extra columns for this item. */
export interface XlsformRow {
  readonly type: string;
  /** Extra columns of the survey row (`constraint`, `parameters`, …). */
  readonly columns?: Readonly<Record<string, string>>;
}

/** Everything the system needs of one question kind. */
export interface KindModule<K extends ItemKind> {
  readonly kind: K;
  /** One line for docs and errors. */
  readonly describe: string;
  /** YAML keys the kind adds to the common ones, and those it requires. */
  readonly keys: readonly string[];
  readonly requiredKeys: readonly string[];
  /** Builds the item from its YAML fields, reporting problems through `ctx`; undefined when it cannot. */
  load(input: KindLoadInput): ItemOf<K> | undefined;
  /** The item's HTML: works with JavaScript off, every field skippable. */
  render(item: ItemOf<K>, view: ItemView, h: RenderHelpers): string;
  /** Reads the item's fields from a submitted form, checking each value against the item. */
  parse(item: ItemOf<K>, values: SubmittedValues, h: Pick<RenderHelpers, 'say' | 'lang'>): ParseOutcome;
  /** The fields a browser sends for `answer` (the inverse of parse), for synthetic respondents. */
  answerFields(item: ItemOf<K>, answer: Answer): [string, string][];
  /**
   * A plausible answer a person could give, as `parse` would return it (codes sorted, rows keyed by name), within
   * the item's own limits; the caller checks the constraint and draws again. Undefined when nothing is given.
   */
  sample(item: ItemOf<K>, rng: Rng, s: SampleContext): Answer | undefined;
  /** The envelope check: is `v` an answer this kind could have produced? Used when sealing and opening. */
  isAnswer(v: Readonly<Record<string, unknown>>): boolean;
  /** Dataset columns and the missing kinds they may hold. */
  columns(item: ItemOf<K>): ColumnsOf;
  missingKinds(item: ItemOf<K>): readonly MissingKind[];
  /** Lines of the plain-text preview under the item's label. */
  preview(item: ItemOf<K>, t: (text: LocalizedText) => string): string[];
  report(item: ItemOf<K>): ReportUsage;
  /**
   * Answers at least as long, as JSON, as any this item can hold (text filled to its maximum with three-byte
   * characters, the most normalised free text takes: free-text.ts; every choice ticked): every sealed response is padded to the study's largest, so a stored
   * record's length says nothing about how much was answered. Empty for items that hold nothing.
   */
  widest(item: ItemOf<K>): readonly Answer[];
  /** The XLSForm type (and columns) this item exports as. */
  xlsform(item: ItemOf<K>): XlsformRow;
}

/** The registry's type: a module for every kind, so a new kind in the model fails to compile until it is complete. */
export type KindRegistry = { readonly [K in ItemKind]: KindModule<K> };

/** The common missing kinds of a question: skipped always, not-applicable under a condition, and its offers. */
export function commonMissingKinds(item: Item): MissingKind[] {
  const kinds: MissingKind[] = ['skipped'];
  if (item.relevance !== undefined) kinds.push('not_applicable');
  for (const m of item.offers) kinds.push(m);
  return kinds;
}

export const chosenMissingOf = (v: ItemValue): ChosenMissing | undefined => (v.kind === 'missing' && (v.missing === 'dont_know' || v.missing === 'refused') ? v.missing : undefined);
