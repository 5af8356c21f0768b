// Multiple choice: any number of codes (checkboxes), with exclusive codes ("none of these") and "specify other".

import { choicesRef } from '../load-parts.ts';
import type { ItemValue } from '../model.ts';
import { INSTRUMENT_CODES as C } from '../messages.ts';
import { answerField, chosenMissing, choiceFields, INTEGER } from './fields.ts';
import { CHOICE_LIST_KEYS, loadOther, loadShuffle, otherColumn, previewChoices, readOtherText, renderChoiceOptions } from './choice-parts.ts';
import { chosenOf, fieldset, isCode, keysAre, lead, missingOptions, mismatch } from './html-parts.ts';
import { commonMissingKinds, type KindModule } from './kind.ts';
import { widestText } from './free-text.ts';
import { orChosen, pickOne } from './sample-parts.ts';

export const multiple: KindModule<'multiple'> = {
  kind: 'multiple',
  describe: 'any number of answers from a list; analysed as one yes/no indicator per choice',
  keys: ['choices', 'exclusive', ...CHOICE_LIST_KEYS],
  requiredKeys: ['choices'],

  load({ ctx, fields, subject, base }) {
    const { r } = ctx;
    const choices = choicesRef(ctx, fields, subject, 'choices') ?? [];
    const exclusive: number[] = [];
    const exclusiveNode = fields.get('exclusive');
    for (const e of exclusiveNode === undefined ? [] : (r.seq(exclusiveNode.value, subject, "'exclusive'") ?? [])) {
      const code = r.integer(e, subject, 'an exclusive code');
      if (code === undefined) continue;
      if (!choices.some((c) => c.code === code)) r.error(e, C.badExclusive, subject, `exclusive code ${code} is not one of the choices`);
      else exclusive.push(code);
    }
    const other = loadOther(ctx, fields, subject, choices);
    return { ...base, kind: 'multiple', choices, exclusive, ...(other ? { other } : {}), shuffle: loadShuffle(ctx, fields, subject) };
  },

  render(item, view, h) {
    const a = view.answer;
    const codes = a?.kind === 'choices' ? a.codes : [];
    const otherText = a?.kind === 'choices' ? (a.other ?? '') : '';
    const field = answerField(item.name);
    return fieldset(item, h, lead(item, view, h) + renderChoiceOptions(item, h, 'checkbox', field, (c) => codes.includes(c), otherText) + missingOptions(h, item, field, 'checkbox', chosenOf(a)));
  },

  parse(item, values, { say, lang }) {
    const read = readOtherText(item, values);
    if (read !== undefined && 'error' in read) return { kind: 'error', message: say(read.error, { max: item.other?.maxLength ?? 0 }) };
    const other = read?.text;
    const vs = [...new Set(values(answerField(item.name)))];
    const missing = vs.map((v) => chosenMissing(item, v)).filter((m) => m !== undefined);
    const codes = vs.filter((v) => chosenMissing(item, v) === undefined).map((v) => (INTEGER.test(v) ? Number(v) : Number.NaN));
    const otherCode = item.other?.code;
    // Text in the "other" box means "other" is chosen, ticked or not (the box cannot tick itself with JS off).
    if (other !== undefined && otherCode !== undefined && !codes.includes(otherCode)) codes.push(otherCode);
    if (codes.length === 0 && missing.length === 0) return { kind: 'skipped' };
    if (codes.some((c) => !item.choices.some((ch) => ch.code === c))) return { kind: 'error', message: say('errChoice') };
    if (missing.length > 0 && (missing.length > 1 || codes.length > 0)) return { kind: 'error', message: say('errOneAnswer') };
    if (missing[0] !== undefined) return { kind: 'answer', answer: { kind: 'missing', missing: missing[0] } };
    const lone = item.exclusive.find((x) => codes.includes(x));
    if (lone !== undefined && codes.length > 1) {
      const label = item.choices.find((c) => c.code === lone)?.label;
      return { kind: 'error', message: say('errExclusive', { label: label ? (label[lang] ?? Object.values(label)[0] ?? '') : String(lone) }) };
    }
    return { kind: 'answer', answer: { kind: 'choices', codes: [...codes].sort((a, b) => a - b), ...(other === undefined ? {} : { other }) } };
  },

  answerFields(item, answer) {
    if (answer.kind === 'choices') return choiceFields(item.name, answer.codes, answer.other);
    if (answer.kind === 'missing') return choiceFields(item.name, [answer.missing]);
    return mismatch(item, answer);
  },

  // One to three choices, the way most people tick; an exclusive choice ("none of these") alone.
  sample: (item, rng, s) =>
    orChosen(s, () => {
      const first = pickOne(rng, item.choices);
      if (first === undefined) return undefined;
      const codes = new Set([first.code]);
      const rest = item.choices.filter((c) => !item.exclusive.includes(c.code));
      if (!item.exclusive.includes(first.code)) for (let k = rng.nextInt(3); k > 0; k--) codes.add(pickOne(rng, rest)?.code ?? first.code);
      const other = item.other !== undefined && codes.has(item.other.code) && !s.leaves() ? s.words(item.other.maxLength) : undefined;
      return { kind: 'choices', codes: [...codes].sort((a, b) => a - b), ...(other === undefined ? {} : { other }) };
    }),
  isAnswer: (v) => v['kind'] === 'choices' && keysAre(v, ['kind', 'codes'], ['other']) && Array.isArray(v['codes']) && v['codes'].every(isCode) && (v['other'] === undefined || typeof v['other'] === 'string'),

  columns(item) {
    const indicators = item.choices.map((option) => ({
      type: 'indicator' as const,
      name: `${item.name}_${option.code}`,
      label: Object.fromEntries(Object.entries(item.label).map(([lang, text]) => [lang, `${text}: ${option.label[lang] ?? ''}`])),
      option,
      cell: (v: ItemValue) => (v.kind === 'missing' ? v.missing : v.kind === 'choices' ? (v.codes.includes(option.code) ? 1 : 0) : mismatch(item, v)),
    }));
    return { columns: [...indicators, ...otherColumn(item, (v) => (v.kind === 'choices' && item.other !== undefined && v.codes.includes(item.other.code) ? { chosen: true, text: v.other } : { chosen: false }))], set: 'multiple' };
  },
  missingKinds: (item) => commonMissingKinds(item),

  preview(item, t) {
    return previewChoices(item, t, '[ ]', (code) => (item.exclusive.includes(code) ? '  (only)' : ''));
  },
  report: (item) => ({ codes: item.choices, nets: [], numeric: false, freeText: false }),
  widest: (item) => [{ kind: 'choices', codes: item.choices.map((c) => c.code), ...(item.other === undefined ? {} : { other: widestText(item.other.maxLength) }) }],
  xlsform: (item) => ({ type: `select_multiple ${item.name}`, columns: item.shuffle ? { parameters: 'randomize=true' } : {} }),
};
