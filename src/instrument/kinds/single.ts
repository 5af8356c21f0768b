// Single choice: one code from a list (radio buttons), optionally ordered, with nets, recodes and "specify other".

import { choicesRef, readFlag, readNets, readRecodes } from '../load-parts.ts';
import { answerField, choiceFields } from './fields.ts';
import { CHOICE_LIST_KEYS, loadOther, loadShuffle, otherColumn, previewChoices, readOtherText, renderChoiceOptions } from './choice-parts.ts';
import { chosenOf, fieldset, isCode, keysAre, lead, missingOptions, mismatch, readRadio } from './html-parts.ts';
import { commonMissingKinds, type KindModule } from './kind.ts';
import { widestText } from './free-text.ts';
import { orChosen, pickOne } from './sample-parts.ts';

export const single: KindModule<'single'> = {
  kind: 'single',
  describe: 'one answer from a list of coded choices',
  keys: ['choices', 'ordered', 'nets', 'recodes', ...CHOICE_LIST_KEYS],
  requiredKeys: ['choices'],

  load({ ctx, fields, subject, base }) {
    const choices = choicesRef(ctx, fields, subject, 'choices') ?? [];
    const other = loadOther(ctx, fields, subject, choices);
    return {
      ...base,
      kind: 'single',
      choices,
      ordered: readFlag(ctx, fields, 'ordered', subject, false),
      nets: readNets(ctx, fields.get('nets')?.value, subject, choices),
      recodes: readRecodes(ctx, fields.get('recodes')?.value, subject, choices),
      ...(other ? { other } : {}),
      shuffle: loadShuffle(ctx, fields, subject),
    };
  },

  render(item, view, h) {
    const a = view.answer;
    const code = a?.kind === 'choice' ? a.code : undefined;
    const otherText = a?.kind === 'choice' ? (a.other ?? '') : '';
    const field = answerField(item.name);
    return fieldset(item, h, lead(item, view, h) + renderChoiceOptions(item, h, 'radio', field, (c) => c === code, otherText) + missingOptions(h, item, field, 'radio', chosenOf(a)));
  },

  parse(item, values, { say }) {
    const picked = readRadio(item, values, answerField(item.name), item.choices.map((c) => c.code));
    const read = readOtherText(item, values);
    if (read !== undefined && 'error' in read) return { kind: 'error', message: say(read.error, { max: item.other?.maxLength ?? 0 }) };
    const other = read?.text;
    if (picked === 'errOneAnswer' || picked === 'errChoice') return { kind: 'error', message: say(picked) };
    const otherCode = item.other?.code;
    // Text typed into the "other" box with nothing ticked means "other": the respondent cannot tick with JS off for them.
    if (picked === undefined) return other === undefined || otherCode === undefined ? { kind: 'skipped' } : { kind: 'answer', answer: { kind: 'choice', code: otherCode, other } };
    if (typeof picked !== 'number') return other === undefined ? { kind: 'answer', answer: { kind: 'missing', missing: picked } } : { kind: 'error', message: say('errOneAnswer') };
    if (other !== undefined && picked !== otherCode) return { kind: 'error', message: say('errOneAnswer') };
    return { kind: 'answer', answer: { kind: 'choice', code: picked, ...(other === undefined ? {} : { other }) } };
  },

  answerFields(item, answer) {
    if (answer.kind === 'choice') return choiceFields(item.name, [answer.code], answer.other);
    if (answer.kind === 'missing') return choiceFields(item.name, [answer.missing]);
    return mismatch(item, answer);
  },

  sample: (item, rng, s) =>
    orChosen(s, () => {
      const choice = pickOne(rng, item.choices);
      if (choice === undefined) return undefined;
      const other = item.other?.code === choice.code && !s.leaves() ? s.words(item.other.maxLength) : undefined;
      return { kind: 'choice', code: choice.code, ...(other === undefined ? {} : { other }) };
    }),
  isAnswer: (v) => v['kind'] === 'choice' && keysAre(v, ['kind', 'code'], ['other']) && isCode(v['code']) && (v['other'] === undefined || typeof v['other'] === 'string'),

  columns(item) {
    return {
      columns: [
        {
          type: 'coded',
          name: item.name,
          label: item.label,
          measure: item.ordered ? 'ordinal' : 'nominal',
          valueLabels: item.choices,
          nets: item.nets,
          cell: (v) => (v.kind === 'missing' ? v.missing : v.kind === 'choice' ? v.code : mismatch(item, v)),
        },
        ...otherColumn(item, (v) => (v.kind === 'choice' && v.code === item.other?.code ? { chosen: true, text: v.other } : { chosen: false })),
      ],
    };
  },
  missingKinds: (item) => commonMissingKinds(item),

  preview(item, t) {
    return previewChoices(item, t, '( )');
  },
  report: (item) => ({ codes: item.choices, nets: item.nets, numeric: false, freeText: false }),
  widest: (item) => item.choices.map((c) => ({ kind: 'choice', code: c.code, ...(item.other === undefined ? {} : { other: widestText(item.other.maxLength) }) })),
  xlsform: (item) => ({ type: `select_one ${item.name}`, columns: item.shuffle ? { parameters: 'randomize=true' } : {} }),
};
