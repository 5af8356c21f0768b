// A number with a fractional part (a decimal point or comma), within [min, max], to a declared number of decimals.

import { checkNumericRange, readInteger } from '../load-parts.ts';
import { INSTRUMENT_CODES as C } from '../messages.ts';
import type { YNode } from '../yaml-reader.ts';
import { answerField } from './fields.ts';
import { freeEntry, inputAttributes, keysAre, mismatch, missingFields, parseFreeEntry } from './html-parts.ts';
import { commonMissingKinds, type KindModule } from './kind.ts';
import { orChosen, PLAUSIBLE_SPAN, plausibleInteger } from './sample-parts.ts';
import type { LoadContext } from '../load-parts.ts';

const DECIMAL = /^(-?[0-9]{1,12})(?:[.,]([0-9]{1,12}))?$/;
const DEFAULT_DECIMALS = 2;

function number(ctx: LoadContext, node: YNode | undefined, subject: string, what: string): number | undefined {
  if (node === undefined) return undefined;
  const s = ctx.r.string(node, subject, what);
  const n = s === undefined ? Number.NaN : Number(s);
  if (s !== undefined && !Number.isFinite(n)) ctx.r.error(node, C.wrongType, subject, `${what} must be a number`);
  return Number.isFinite(n) ? n : undefined;
}

export const decimal: KindModule<'decimal'> = {
  kind: 'decimal',
  describe: 'a number with a fractional part between min and max (a point or a comma as the separator)',
  keys: ['min', 'max', 'decimals'],
  requiredKeys: ['min', 'max'],

  load({ ctx, fields, subject, base }) {
    const min = number(ctx, fields.get('min')?.value, subject, "'min'");
    const max = number(ctx, fields.get('max')?.value, subject, "'max'");
    const decimals = readInteger(ctx, fields, 'decimals', subject) ?? DEFAULT_DECIMALS;
    if (min === undefined || max === undefined) return undefined;
    checkNumericRange(ctx, fields, subject, min, max);
    if (decimals < 0 || decimals > 6) ctx.r.error(fields.get('decimals')?.value, C.badRange, subject, 'decimals must be between 0 and 6');
    return { ...base, kind: 'decimal', min, max, decimals };
  },

  render(item, view, h) {
    const value = h.typed(answerField(item.name), view.answer?.kind === 'decimal' ? String(view.answer.value) : '');
    return freeEntry(item, view, h, `<input type="text" inputmode="decimal" autocomplete="off" name="${answerField(item.name)}" value="${h.esc(value)}" ${inputAttributes(item, view, h)}>`);
  },

  parse(item, values, { say }) {
    return parseFreeEntry(item, values, say, (raw) => {
      const m = DECIMAL.exec(raw.trim().replace(/\s/g, ''));
      const n = m === null ? Number.NaN : Number(`${m[1] ?? ''}.${m[2] ?? '0'}`);
      const places = m?.[2]?.length ?? 0;
      return n >= item.min && n <= item.max && places <= item.decimals
        ? { kind: 'answer', answer: { kind: 'decimal', value: n } }
        : { kind: 'error', message: say('errDecimal', { min: item.min, max: item.max, decimals: item.decimals }) };
    });
  },

  answerFields: (item, answer) => (answer.kind === 'decimal' ? [[answerField(item.name), String(answer.value)]] : answer.kind === 'missing' ? missingFields(item, answer) : mismatch(item, answer)),
  // Drawn in units of the last decimal, so the answer has no more decimals than the item takes (`+ 0` makes −0 plain 0).
  sample: (item, rng, s) =>
    orChosen(s, () => {
      const unit = 10 ** item.decimals;
      const units = plausibleInteger(rng, Math.ceil(item.min * unit), Math.floor(item.max * unit), s.near.map((n) => n * unit), PLAUSIBLE_SPAN * unit);
      return units === undefined ? undefined : { kind: 'decimal', value: units / unit + 0 };
    }),
  isAnswer: (v) => v['kind'] === 'decimal' && keysAre(v, ['kind', 'value']) && typeof v['value'] === 'number' && Number.isFinite(v['value']),

  columns: (item) => ({ columns: [{ type: 'numeric', name: item.name, label: item.label, cell: (v) => (v.kind === 'missing' ? v.missing : v.kind === 'decimal' ? v.value : mismatch(item, v)) }] }),
  missingKinds: (item) => commonMissingKinds(item),
  preview: (item) => [`    [decimal ${item.min}–${item.max}, up to ${item.decimals} decimals]`],
  report: () => ({ codes: [], nets: [], numeric: true, freeText: false }),
  // No double's shortest JSON form is longer than this one's (sign, 17 digits, point, e-3xx): a bound for any value.
  widest: () => [{ kind: 'decimal', value: -1.2345678901234567e-300 }],
  xlsform: (item) => ({ type: 'decimal', columns: { constraint: `. >= ${item.min} and . <= ${item.max}` } }),
};
