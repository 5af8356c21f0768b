// An item back in instrument.yaml's own shape (the inverse of loading), for the XLSForm exporter's `portas` column.

import type { LocalizedText } from '../../core/text.ts';
import type { Choice, Item, Net, Recode } from '../model.ts';

export type Doc = Record<string, unknown>;

const choiceDoc = (c: Choice): Doc => ({ code: c.code, ...c.label });
const netDoc = (n: Net): Doc => ({ name: n.name, codes: [...n.codes], ...n.label });

/** A recode map as written in YAML: coarse code → fine codes, or [lo, hi] ranges for integers. */
function recodeDoc(r: Recode, ranges: boolean): Doc {
  const byCoarse = new Map<number, number[]>();
  for (const [fine, coarse] of [...r.map].sort((a, b) => a[0] - b[0])) byCoarse.set(coarse, [...(byCoarse.get(coarse) ?? []), fine]);
  const map: Record<string, unknown> = {};
  for (const [coarse, fines] of byCoarse) {
    if (!ranges) {
      map[String(coarse)] = fines;
      continue;
    }
    const spans: [number, number][] = [];
    for (const f of fines) {
      const last = spans.at(-1);
      if (last !== undefined && last[1] === f - 1) last[1] = f;
      else spans.push([f, f]);
    }
    map[String(coarse)] = spans;
  }
  return { name: r.name, choices: r.choices.map(choiceDoc), map };
}

/**
 * The keys of the item that XLSForm's own columns do not carry: ranges, precision, flags, offers,
 * nets, recodes, exclusive codes, "other", shuffling, the constraint and relevance as written.
 */
export function portasKeys(item: Item): Doc {
  const out: Doc = {};
  if (item.relevance) out['relevance'] = item.relevance.source;
  if (item.constraint) out['constraint'] = { check: item.constraint.source, message: { ...item.constraint.message } };
  if (item.flags.quasiIdentifier) out['quasi_identifier'] = true;
  if (item.flags.sensitive) out['sensitive'] = true;
  if (item.offers.has('dont_know')) out['dont_know'] = true;
  if (item.offers.has('refused')) out['refused'] = true;
  if (item.askAgain === true) out['ask_again'] = true;
  switch (item.kind) {
    case 'single':
      if (item.ordered) out['ordered'] = true;
      if (item.nets.length > 0) out['nets'] = item.nets.map(netDoc);
      if (item.recodes.length > 0) out['recodes'] = item.recodes.map((r) => recodeDoc(r, false));
      break;
    case 'multiple':
      if (item.exclusive.length > 0) out['exclusive'] = [...item.exclusive];
      break;
    case 'battery':
      if (item.nets.length > 0) out['nets'] = item.nets.map(netDoc);
      break;
    case 'integer':
      Object.assign(out, { min: item.min, max: item.max });
      if (item.recodes.length > 0) out['recodes'] = item.recodes.map((r) => recodeDoc(r, true));
      break;
    case 'decimal':
      Object.assign(out, { min: item.min, max: item.max, decimals: item.decimals });
      break;
    case 'date':
      Object.assign(out, { precision: item.precision, min: item.min, max: item.max });
      break;
    case 'text':
    case 'long_text':
      out['max_length'] = item.maxLength;
      break;
    case 'note':
      break;
  }
  if ((item.kind === 'single' || item.kind === 'multiple') && item.other) out['other'] = { code: item.other.code, max_length: item.other.maxLength, sensitive: item.other.sensitive };
  if ((item.kind === 'single' || item.kind === 'multiple') && item.shuffle) out['shuffle'] = true;
  return out;
}

export const textDoc = (t: LocalizedText): Doc => ({ ...t });
