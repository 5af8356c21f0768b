// Turns a submitted page's form fields into answers, checking every value against the item it claims to answer.

import type { ChosenMissing } from '../instrument/missing.ts';
import type { Answer, Item } from '../instrument/model.ts';
import { pick } from '../core/text.ts';
import { answerField, DONT_KNOW, missingField, REFUSED, rowField } from './form-fields.ts';
import { say } from './messages.ts';

export interface ParsedPage {
  /** Valid answers; an item left empty is absent (skipped). */
  readonly answers: Readonly<Record<string, Answer>>;
  /** A message per item whose submitted value is not acceptable, in the respondent's language. */
  readonly errors: Readonly<Record<string, string>>;
}

/** Form fields as decoded from application/x-www-form-urlencoded, in order; repeated names allowed. */
export type FormFields = readonly (readonly [string, string])[];

const INTEGER = /^-?[0-9]{1,9}$/;

function chosenMissing(item: Item, value: string): ChosenMissing | undefined {
  const kind = value === DONT_KNOW ? 'dont_know' : value === REFUSED ? 'refused' : undefined;
  return kind !== undefined && item.offers.has(kind) ? kind : undefined;
}

/** Only the fields of `items` are read; anything else in the form is ignored. */
export function parsePage(items: readonly Item[], fields: FormFields, lang: string): ParsedPage {
  const values = new Map<string, string[]>();
  for (const [name, value] of fields) {
    const list = values.get(name) ?? [];
    list.push(value);
    values.set(name, list);
  }
  const all = (name: string): string[] => (values.get(name) ?? []).filter((v) => v !== '');
  const answers: Record<string, Answer> = {};
  const errors: Record<string, string> = {};
  const fail = (item: Item, message: string): void => {
    errors[item.name] = message;
  };

  /** One radio value: a choice code, "don't know" or "refused" — or nothing. */
  const single = (item: Item, field: string, codes: readonly number[]): number | ChosenMissing | undefined | 'error' => {
    const vs = all(field);
    if (vs.length === 0) return undefined;
    if (vs.length > 1) {
      fail(item, say('errOneAnswer', lang));
      return 'error';
    }
    const v = vs[0] ?? '';
    const missing = chosenMissing(item, v);
    if (missing !== undefined) return missing;
    const code = INTEGER.test(v) ? Number(v) : Number.NaN;
    if (!codes.includes(code)) {
      fail(item, say('errChoice', lang));
      return 'error';
    }
    return code;
  };

  for (const item of items) {
    switch (item.kind) {
      case 'note':
        break;
      case 'single': {
        const v = single(item, answerField(item.name), item.choices.map((c) => c.code));
        if (typeof v === 'number') answers[item.name] = { kind: 'choice', code: v };
        else if (v !== undefined && v !== 'error') answers[item.name] = { kind: 'missing', missing: v };
        break;
      }
      case 'multiple': {
        const vs = [...new Set(all(answerField(item.name)))];
        if (vs.length === 0) break;
        const missing = vs.map((v) => chosenMissing(item, v)).filter((m) => m !== undefined);
        const codes = vs.filter((v) => chosenMissing(item, v) === undefined).map((v) => (INTEGER.test(v) ? Number(v) : Number.NaN));
        if (codes.some((c) => !item.choices.some((ch) => ch.code === c))) fail(item, say('errChoice', lang));
        else if (missing.length > 0 && (missing.length > 1 || codes.length > 0)) fail(item, say('errOneAnswer', lang));
        else if (missing[0] !== undefined) answers[item.name] = { kind: 'missing', missing: missing[0] };
        else {
          const lone = item.exclusive.find((x) => codes.includes(x));
          const label = item.choices.find((c) => c.code === lone)?.label;
          if (lone !== undefined && codes.length > 1) fail(item, say('errExclusive', lang, { label: label ? pick(label, lang) : String(lone) }));
          else answers[item.name] = { kind: 'choices', codes: [...codes].sort((a, b) => a - b) };
        }
        break;
      }
      case 'battery': {
        const rows: Record<string, number | ChosenMissing> = {};
        let broken = false;
        for (const row of item.rows) {
          const v = single(item, rowField(item.name, row.name), item.scale.map((c) => c.code));
          if (v === 'error') broken = true;
          else if (v !== undefined) rows[row.name] = v;
        }
        if (!broken && Object.keys(rows).length > 0) answers[item.name] = { kind: 'battery', rows };
        break;
      }
      case 'integer':
      case 'text':
      case 'long_text': {
        const raw = all(answerField(item.name));
        const missing = all(missingField(item.name));
        if (raw.length > 1 || missing.length > 1 || (raw.length > 0 && missing.length > 0)) {
          fail(item, say('errOneAnswer', lang));
          break;
        }
        const m = missing[0];
        if (m !== undefined) {
          const kind = chosenMissing(item, m);
          if (kind === undefined) fail(item, say('errChoice', lang));
          else answers[item.name] = { kind: 'missing', missing: kind };
          break;
        }
        const v = raw[0];
        if (v === undefined) break;
        if (item.kind === 'integer') {
          const trimmed = v.trim();
          const n = INTEGER.test(trimmed) ? Number(trimmed) : Number.NaN;
          if (!(n >= item.min && n <= item.max)) fail(item, say('errInteger', lang, { min: item.min, max: item.max }));
          else answers[item.name] = { kind: 'integer', value: n };
        } else {
          const text = v.replace(/\r\n?/g, '\n');
          if (text.length > item.maxLength) fail(item, say('errTooLong', lang, { max: item.maxLength }));
          else if (text.trim() !== '') answers[item.name] = { kind: 'text', value: text };
        }
        break;
      }
    }
  }
  return { answers, errors };
}
