// The one size every sealed response of a study is padded to: computed from the instrument as the envelope of the
// largest response it admits, so that a stored record's length says nothing about how much was answered.

import { MISSING_KINDS } from '../instrument/missing.ts';
import type { Instrument, Item, ItemValue } from '../instrument/model.ts';
import { ENVELOPE_FORMAT, paddedSize } from './envelope.ts';

/**
 * JSON.stringify writes a control character as `\u00XX` (six bytes), the most any UTF-16 unit of a text answer can
 * take; answers are limited to `maxLength` units (parse-form), so a text item's worst case is six bytes per unit.
 */
const WIDEST_UNIT = '\u0001';

const longest = (candidates: readonly unknown[]): number => Math.max(...candidates.map((c) => JSON.stringify(c).length));

const missingValues: readonly ItemValue[] = MISSING_KINDS.map((missing) => ({ kind: 'missing', missing }));

/** Bytes of the longest JSON value `item` can hold in an envelope; undefined for items that hold none (notes). */
function longestValue(item: Item): number | undefined {
  switch (item.kind) {
    case 'note':
      return undefined;
    case 'single':
      return longest([...item.choices.map((c) => ({ kind: 'choice', code: c.code })), ...missingValues]);
    case 'multiple':
      return longest([{ kind: 'choices', codes: item.choices.map((c) => c.code) }, ...missingValues]);
    case 'battery': {
      const cell = longest([...item.scale.map((c) => c.code), 'dont_know', 'refused']);
      const rows = item.rows.reduce((n, r) => n + JSON.stringify(r.name).length + 1 + cell, 0) + Math.max(0, item.rows.length - 1);
      return Math.max(JSON.stringify({ kind: 'battery', rows: {} }).length + rows, longest(missingValues));
    }
    case 'integer':
      return longest([{ kind: 'integer', value: item.min }, { kind: 'integer', value: item.max }, ...missingValues]);
    case 'text':
    case 'long_text':
      return longest([{ kind: 'text', value: WIDEST_UNIT.repeat(item.maxLength) }, ...missingValues]);
  }
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
