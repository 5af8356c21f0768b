// The one size every sealed response of a study is padded to: computed from the instrument as the envelope of the
// largest response it admits, so that a stored record's length says nothing about how much was answered.

import { MISSING_KINDS, type MissingKind } from '../instrument/missing.ts';
import { kindOf } from '../instrument/kinds/registry.ts';
import type { Instrument, Item, ItemValue } from '../instrument/model.ts';
import { ENVELOPE_FORMAT, paddedSize } from './envelope.ts';

/** Bytes of `x` as UTF-8 JSON. */
export const jsonBytes = (x: unknown): number => new TextEncoder().encode(JSON.stringify(x)).length;

const longest = (candidates: readonly unknown[]): number => Math.max(...candidates.map(jsonBytes));

/** Bytes of the longest JSON value `item` can hold (its kind knows its widest answers, or a missing kind); undefined for notes. */
function longestValue(item: Item, missing: readonly MissingKind[]): number | undefined {
  const widest = kindOf(item).widest(item);
  const missingValues = missing.map((m): ItemValue => ({ kind: 'missing', missing: m }));
  return widest.length === 0 ? undefined : longest([...widest, ...missingValues]);
}

/**
 * The byte length of the largest JSON object of values (`{"name":value,…}`) the instrument's items can hold, each
 * an answer or one of the item's `missing` kinds (any by default). Answers held while a questionnaire is under way
 * have the same shapes, with only the missing kinds the item offers (src/server/page-size.ts pads to that).
 */
export function largestValues(instrument: Instrument, missing: (item: Item) => readonly MissingKind[] = () => MISSING_KINDS): number {
  const entries = instrument.sections
    .flatMap((s) => s.items)
    .flatMap((item) => {
      const value = longestValue(item, missing(item));
      return value === undefined ? [] : [jsonBytes(item.name) + 1 + value];
    });
  return 2 + entries.reduce((a, b) => a + b, 0) + Math.max(0, entries.length - 1);
}

/** The instrument's language whose code is longest as JSON. */
export const longestLanguage = (instrument: Instrument): string => instrument.languages.reduce((a, b) => (jsonBytes(b) > jsonBytes(a) ? b : a));

/** The byte length of the largest envelope (JSON and its newline) any response to `instrument` can encode to. */
export function largestEnvelope(instrument: Instrument): number {
  const frame = { format: ENVELOPE_FORMAT, study: instrument.study, instrumentVersion: instrument.version, language: longestLanguage(instrument), values: {} };
  return jsonBytes(frame) - 2 + largestValues(instrument) + 1;
}

/** The padded plaintext size of every sealed response of the study, or undefined when it exceeds the cap. */
export const studySealedPlainSize = (instrument: Instrument): number | undefined => paddedSize(largestEnvelope(instrument));
