// Free text: one line (`text`) or several (`long_text`), at most max_length characters. Sealed like every answer.

import { readInteger } from '../load-parts.ts';
import { INSTRUMENT_CODES as C } from '../messages.ts';
import type { TextItem } from '../model.ts';
import { answerField } from './fields.ts';
import { freeEntry, inputAttributes, keysAre, mismatch, missingFields, parseFreeEntry } from './html-parts.ts';
import { normaliseFreeText, widestText } from './free-text.ts';
import { commonMissingKinds, type KindModule } from './kind.ts';
import { orChosen } from './sample-parts.ts';

function textKind<K extends TextItem['kind']>(kind: K, defaultLength: number): KindModule<K> {
  return {
    kind,
    describe: kind === 'text' ? 'one line of free text' : 'several lines of free text',
    keys: ['max_length'],
    requiredKeys: [],

    load({ ctx, fields, subject, base }) {
      const maxLength = readInteger(ctx, fields, 'max_length', subject) ?? defaultLength;
      if (maxLength < 1 || maxLength > 32000) ctx.r.error(fields.get('max_length')?.value, C.badRange, subject, 'max_length must be between 1 and 32000');
      return { ...base, kind, maxLength };
    },

    render(item, view, h) {
      const value = h.typed(answerField(item.name), view.answer?.kind === 'text' ? view.answer.value : '');
      const common = `name="${answerField(item.name)}" maxlength="${item.maxLength}" ${inputAttributes(item, view, h)}`;
      const input = kind === 'text' ? `<input type="text" ${common} value="${h.esc(value)}">` : `<textarea ${common}>${h.esc(value)}</textarea>`;
      return freeEntry(item, view, h, input);
    },

    parse(item, values, { say }) {
      return parseFreeEntry(item, values, say, (raw) => {
        const text = normaliseFreeText(raw);
        if (text.length > item.maxLength) return { kind: 'error', message: say('errTooLong', { max: item.maxLength }) };
        return text.trim() === '' ? { kind: 'skipped' } : { kind: 'answer', answer: { kind: 'text', value: text } };
      });
    },

    answerFields: (item, answer) => (answer.kind === 'text' ? [[answerField(item.name), answer.value]] : answer.kind === 'missing' ? missingFields(item, answer) : mismatch(item, answer)),
    sample: (item, _rng, s) => orChosen(s, () => ({ kind: 'text', value: s.words(item.maxLength) })),
    isAnswer: (v) => v['kind'] === 'text' && keysAre(v, ['kind', 'value']) && typeof v['value'] === 'string',

    columns: (item) => ({ columns: [{ type: 'text', name: item.name, label: item.label, cell: (v) => (v.kind === 'missing' ? { missing: v.missing } : v.kind === 'text' ? { text: v.value } : mismatch(item, v)) }] }),
    missingKinds: (item) => commonMissingKinds(item),
    preview: (item) => [`    [text, up to ${item.maxLength} characters]`],
    report: () => ({ codes: [], nets: [], numeric: false, freeText: true }),
    widest: (item) => [{ kind: 'text', value: widestText(item.maxLength) }],
    xlsform: () => ({ type: 'text', columns: kind === 'long_text' ? { appearance: 'multiline' } : {} }),
  };
}

export const text = textKind('text', 200);
export const longText = textKind('long_text', 5000);
