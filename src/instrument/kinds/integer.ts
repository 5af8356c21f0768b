// A whole number within [min, max], typed into a text field (no browser-side validation needed).

import { checkNumericRange, readInteger, readRecodes } from '../load-parts.ts';
import { answerField, INTEGER } from './fields.ts';
import { freeEntry, inputAttributes, isCode, keysAre, mismatch, missingFields, parseFreeEntry } from './html-parts.ts';
import { commonMissingKinds, type KindModule } from './kind.ts';
import { orChosen, plausibleInteger } from './sample-parts.ts';

export const integer: KindModule<'integer'> = {
  kind: 'integer',
  describe: 'a whole number between min and max',
  keys: ['min', 'max', 'recodes'],
  requiredKeys: ['min', 'max'],

  load({ ctx, fields, subject, base }) {
    const min = readInteger(ctx, fields, 'min', subject);
    const max = readInteger(ctx, fields, 'max', subject);
    if (min === undefined || max === undefined) return undefined;
    checkNumericRange(ctx, fields, subject, min, max);
    return { ...base, kind: 'integer', min, max, recodes: readRecodes(ctx, fields.get('recodes')?.value, subject, undefined, { min, max }) };
  },

  render(item, view, h) {
    // No `pattern` and no type=number: the browser must not answer in its own language before the page can.
    const value = h.typed(answerField(item.name), view.answer?.kind === 'integer' ? String(view.answer.value) : '');
    return freeEntry(item, view, h, `<input type="text" inputmode="numeric" autocomplete="off" name="${answerField(item.name)}" value="${h.esc(value)}" ${inputAttributes(item, view, h)}>`);
  },

  parse(item, values, { say }) {
    return parseFreeEntry(item, values, say, (raw) => {
      const trimmed = raw.trim();
      const n = INTEGER.test(trimmed) ? Number(trimmed) : Number.NaN;
      return n >= item.min && n <= item.max ? { kind: 'answer', answer: { kind: 'integer', value: n } } : { kind: 'error', message: say('errInteger', { min: item.min, max: item.max }) };
    });
  },

  answerFields: (item, answer) => (answer.kind === 'integer' ? [[answerField(item.name), String(answer.value)]] : answer.kind === 'missing' ? missingFields(item, answer) : mismatch(item, answer)),
  sample: (item, rng, s) =>
    orChosen(s, () => {
      const value = plausibleInteger(rng, item.min, item.max, s.near);
      return value === undefined ? undefined : { kind: 'integer', value };
    }),
  isAnswer: (v) => v['kind'] === 'integer' && keysAre(v, ['kind', 'value']) && isCode(v['value']),

  columns: (item) => ({ columns: [{ type: 'numeric', name: item.name, label: item.label, cell: (v) => (v.kind === 'missing' ? v.missing : v.kind === 'integer' ? v.value : mismatch(item, v)) }] }),
  missingKinds: (item) => commonMissingKinds(item),
  preview: (item) => [`    [number ${item.min}–${item.max}]`],
  report: () => ({ codes: [], nets: [], numeric: true, freeText: false }),
  widest: (item) => [{ kind: 'integer', value: item.min }, { kind: 'integer', value: item.max }],
  xlsform: (item) => ({ type: 'integer', columns: { constraint: `. >= ${item.min} and . <= ${item.max}` } }),
};
