// The one size every sealed response of a study is padded to: computed from the instrument as the envelope of the
// largest response it admits, so that a stored record's length says nothing about how much was answered.

import { MISSING_KINDS } from '../instrument/missing.ts';
import { kindOf } from '../instrument/kinds/registry.ts';
import type { Instrument, Item, ItemValue } from '../instrument/model.ts';
import { ENVELOPE_FORMAT, paddedSize } from './envelope.ts';

const longest = (candidates: readonly unknown[]): number => Math.max(...candidates.map((c) => JSON.stringify(c).length));

const missingValues: readonly ItemValue[] = MISSING_KINDS.map((missing) => ({ kind: 'missing', missing }));

/** Bytes of the longest JSON value `item` can hold in an envelope (its kind knows its widest answers); undefined for notes. */
function longestValue(item: Item): number | undefined {
  const widest = kindOf(item).widest(item);
  return widest.length === 0 ? undefined : longest([...widest, ...missingValues]);
}

/**
 * The byte length of the largest JSON object of values (`{"name":value,…}`) the items of sections 0…`lastSection`
 * can hold — all sections by default. Answers held while a questionnaire is under way have the same shapes.
 */
export function largestValues(instrument: Instrument, lastSection = Number.POSITIVE_INFINITY): number {
  const entries = instrument.sections
    .filter((_, i) => i <= lastSection)
    .flatMap((s) => s.items)
    .flatMap((item) => {
      const value = longestValue(item);
      return value === undefined ? [] : [JSON.stringify(item.name).length + 1 + value];
    });
  return 2 + entries.reduce((a, b) => a + b, 0) + Math.max(0, entries.length - 1);
}

/** The byte length of the largest envelope (JSON and its newline) any response to `instrument` can encode to. */
export function largestEnvelope(instrument: Instrument): number {
  const longestLanguage = instrument.languages.reduce((a, b) => (JSON.stringify(b).length > JSON.stringify(a).length ? b : a));
  const frame = JSON.stringify({ format: ENVELOPE_FORMAT, study: instrument.study, instrumentVersion: instrument.version, language: longestLanguage, values: {} });
  const utf8 = (text: string): number => new TextEncoder().encode(text).length;
  return utf8(frame) - 2 + largestValues(instrument) + 1;
}

/** The padded plaintext size of every sealed response of the study, or undefined when it exceeds the cap. */
export const studySealedPlainSize = (instrument: Instrument): number | undefined => paddedSize(largestEnvelope(instrument));
