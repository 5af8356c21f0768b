// A date at a declared precision (year, month or day): one text field, read leniently, stored as ISO 8601 text.

import { str } from '../load-parts.ts';
import { INSTRUMENT_CODES as C } from '../messages.ts';
import { DATE_PRECISIONS, type DatePrecision } from '../model.ts';
import { answerField } from './fields.ts';
import { freeEntry, inputAttributes, keysAre, mismatch, missingFields, parseFreeEntry } from './html-parts.ts';
import { commonMissingKinds, type KindModule, type KindText } from './kind.ts';
import { orChosen } from './sample-parts.ts';

const ISO: Readonly<Record<DatePrecision, RegExp>> = { year: /^[0-9]{4}$/, month: /^[0-9]{4}-[0-9]{2}$/, day: /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/ };
const DEFAULT_RANGE: Readonly<Record<DatePrecision, readonly [string, string]>> = { year: ['1900', '2100'], month: ['1900-01', '2100-12'], day: ['1900-01-01', '2100-12-31'] };
const FORMAT_HINT: Readonly<Record<DatePrecision, KindText>> = { year: 'datePrecisionYear', month: 'datePrecisionMonth', day: 'datePrecisionDay' };

const pad = (n: string): string => n.padStart(2, '0');

/** A real calendar date? (Month 1–12, day within the month, leap years.) */
function isRealDate(iso: string): boolean {
  const [y, m = '01', d = '01'] = iso.split('-');
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/**
 * What people type, as ISO at the precision: `2024`, `2024-3`, `3.2024`, `03/2024`, `17.03.2024`, `2024-03-17`.
 * Day-first for dotted and slashed dates (the usual order outside the United States); undefined if not a date.
 */
export function readDate(raw: string, precision: DatePrecision): string | undefined {
  const s = raw.trim();
  let iso: string | undefined;
  let m: RegExpExecArray | null;
  if (precision === 'year') iso = /^[0-9]{4}$/.test(s) ? s : undefined;
  else if (precision === 'month') {
    if ((m = /^([0-9]{4})[-./]([0-9]{1,2})$/.exec(s))) iso = `${m[1] ?? ''}-${pad(m[2] ?? '')}`;
    else if ((m = /^([0-9]{1,2})[-./]([0-9]{4})$/.exec(s))) iso = `${m[2] ?? ''}-${pad(m[1] ?? '')}`;
  } else if ((m = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$/.exec(s))) iso = `${m[1] ?? ''}-${pad(m[2] ?? '')}-${pad(m[3] ?? '')}`;
  else if ((m = /^([0-9]{1,2})[./]([0-9]{1,2})[./]([0-9]{4})$/.exec(s))) iso = `${m[3] ?? ''}-${pad(m[2] ?? '')}-${pad(m[1] ?? '')}`;
  return iso !== undefined && isRealDate(iso) ? iso : undefined;
}

/** Plausible dates for an open range: the default 1900…2100 holds far more future and distant past than people give. */
const PLAUSIBLE_RANGE: Readonly<Record<DatePrecision, readonly [string, string]>> = { year: ['1950', '2030'], month: ['1950-01', '2030-12'], day: ['1950-01-01', '2030-12-31'] };
const DAY_MS = 86_400_000;

/** A date at its precision as a whole number (years, months or days), so that a range is drawn from uniformly. */
function ordinal(iso: string, precision: DatePrecision): number {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  return precision === 'year' ? y : precision === 'month' ? y * 12 + m - 1 : Date.UTC(y, m - 1, d) / DAY_MS;
}

function fromOrdinal(n: number, precision: DatePrecision): string {
  if (precision === 'year') return String(n).padStart(4, '0');
  if (precision === 'month') return `${String(Math.floor(n / 12)).padStart(4, '0')}-${pad(String((n % 12) + 1))}`;
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export const date: KindModule<'date'> = {
  kind: 'date',
  describe: 'a date to the year, the month or the day (ISO 8601: 2024, 2024-03, 2024-03-17)',
  keys: ['precision', 'min', 'max'],
  requiredKeys: ['precision'],

  load({ ctx, fields, subject, base }) {
    const text = str(ctx.r, fields, 'precision', subject);
    const precision = DATE_PRECISIONS.find((p) => p === text);
    if (text !== undefined && precision === undefined) ctx.r.error(fields.get('precision')?.value, C.badDate, subject, `precision '${text}' is not one of ${DATE_PRECISIONS.join(', ')}`, "'month' is the usual one for 'when did you arrive'");
    if (precision === undefined) return undefined;
    const bound = (key: 'min' | 'max', dflt: string): string => {
      const v = str(ctx.r, fields, key, subject);
      if (v === undefined) return dflt;
      if (!ISO[precision].test(v) || !isRealDate(v)) {
        ctx.r.error(fields.get(key)?.value, C.badDate, subject, `${key} '${v}' is not a ${precision} date`, `write it as ${DEFAULT_RANGE[precision][0]}`);
        return dflt;
      }
      return v;
    };
    const [dMin, dMax] = DEFAULT_RANGE[precision];
    const min = bound('min', dMin);
    const max = bound('max', dMax);
    if (min > max) ctx.r.error(fields.get('min')?.value, C.badRange, subject, `min ${min} is after max ${max}`);
    return { ...base, kind: 'date', precision, min, max };
  },

  render(item, view, h) {
    const value = h.typed(answerField(item.name), view.answer?.kind === 'date' ? view.answer.value : '');
    const format = `<span class="hint">${h.say(FORMAT_HINT[item.precision])}</span>`;
    return freeEntry(item, view, h, `${format}<input type="text" inputmode="numeric" name="${answerField(item.name)}" value="${h.esc(value)}" maxlength="10" autocomplete="off" ${inputAttributes(item, view, h)}>`);
  },

  parse(item, values, { say }) {
    return parseFreeEntry(item, values, say, (raw) => {
      const iso = readDate(raw, item.precision);
      return iso !== undefined && iso >= item.min && iso <= item.max ? { kind: 'answer', answer: { kind: 'date', value: iso } } : { kind: 'error', message: say('errDate', { min: item.min, max: item.max }) };
    });
  },

  answerFields: (item, answer) => (answer.kind === 'date' ? [[answerField(item.name), answer.value]] : answer.kind === 'missing' ? missingFields(item, answer) : mismatch(item, answer)),
  sample: (item, rng, s) =>
    orChosen(s, () => {
      const [pLo, pHi] = PLAUSIBLE_RANGE[item.precision];
      const [lo, hi] = pLo <= item.max && pHi >= item.min ? [pLo > item.min ? pLo : item.min, pHi < item.max ? pHi : item.max] : [item.min, item.max];
      const a = ordinal(lo, item.precision);
      return { kind: 'date', value: fromOrdinal(a + Math.floor(rng.nextFloat() * (ordinal(hi, item.precision) - a + 1)), item.precision) };
    }),
  isAnswer: (v) => v['kind'] === 'date' && keysAre(v, ['kind', 'value']) && typeof v['value'] === 'string' && DATE_PRECISIONS.some((p) => ISO[p].test(v['value'] as string)),

  // ISO text sorts and reads the same in every package; a year or month has no single day to be a date value.
  columns: (item) => ({ columns: [{ type: 'text', name: item.name, label: item.label, cell: (v) => (v.kind === 'missing' ? { missing: v.missing } : v.kind === 'date' ? { text: v.value } : mismatch(item, v)) }] }),
  missingKinds: (item) => commonMissingKinds(item),
  preview: (item) => [`    [date, ${item.precision}: ${item.min} … ${item.max}]`],
  report: () => ({ codes: [], nets: [], numeric: false, freeText: false }),
  widest: (item) => [{ kind: 'date', value: item.max }],
  xlsform: (item) => ({ type: 'date', columns: item.precision === 'day' ? {} : { appearance: item.precision === 'year' ? 'year' : 'month-year' } }),
};
