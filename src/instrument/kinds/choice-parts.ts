// What single and multiple choice share: "specify other" (load, render, read, preview) and the per-respondent order.

import type { LocalizedText } from '../../core/text.ts';
import { INSTRUMENT_CODES as C } from '../messages.ts';
import { readFlag, type LoadContext } from '../load-parts.ts';
import type { Choice, ItemValue, MultipleChoiceItem, OtherSpec, SingleChoiceItem } from '../model.ts';
import type { Fields } from '../yaml-reader.ts';
import { otherField } from './fields.ts';
import { normaliseFreeText } from './free-text.ts';
import { option } from './html-parts.ts';
import type { ColumnSpec, RenderHelpers, SubmittedValues } from './kind.ts';

export const CHOICE_LIST_KEYS = ['other', 'shuffle'];
const OTHER_KEYS = ['code', 'max_length', 'sensitive'];
const OTHER_MAX = 200;

/** `other: { code: 96 }` (with optional `max_length`, `sensitive`) naming one of the item's choices. */
export function loadOther(ctx: LoadContext, fields: Fields, subject: string, choices: readonly Choice[]): OtherSpec | undefined {
  const entry = fields.get('other');
  if (entry === undefined) return undefined;
  const f = ctx.r.map(entry.value, subject, "'other'", OTHER_KEYS, ['code']);
  if (f === undefined) return undefined;
  const codeNode = f.get('code')?.value ?? null;
  const code = ctx.r.integer(codeNode, subject, "the 'other' code");
  if (code === undefined) return undefined;
  if (!choices.some((c) => c.code === code)) {
    ctx.r.error(codeNode, C.badOther, subject, `'other' code ${code} is not one of the choices`, 'name the code of the "Other" choice');
    return undefined;
  }
  const lengthNode = f.get('max_length')?.value;
  const maxLength = lengthNode === undefined ? OTHER_MAX : (ctx.r.integer(lengthNode, subject, "'max_length'") ?? OTHER_MAX);
  if (maxLength < 1 || maxLength > 32000) ctx.r.error(lengthNode, C.badRange, subject, 'max_length must be between 1 and 32000');
  return { code, maxLength, sensitive: readFlag(ctx, f, 'sensitive', subject, true) };
}

export const loadShuffle = (ctx: LoadContext, fields: Fields, subject: string): boolean => readFlag(ctx, fields, 'shuffle', subject, false);

/** The choices as options, the "other" box right under its choice. */
export function renderChoiceOptions(item: SingleChoiceItem | MultipleChoiceItem, h: RenderHelpers, type: 'radio' | 'checkbox', field: string, checked: (code: number) => boolean, otherText: string): string {
  const list = item.shuffle ? h.order(item.name, item.choices) : item.choices;
  return list
    .map((c) => {
      const box = option(h, type, field, String(c.code), h.text(c.label), checked(c.code));
      if (item.other?.code !== c.code) return box;
      return `${box}<label class="row">${h.say('otherSpecify')} <input type="text" name="${h.esc(otherField(item.name))}" maxlength="${item.other.maxLength}" value="${h.esc(h.typed(otherField(item.name), otherText))}"></label>`;
    })
    .join('');
}

/** The plain-text preview of the choices: `box` before each, the "other" blank (and its column) beside its choice, `note` after. */
export function previewChoices(item: SingleChoiceItem | MultipleChoiceItem, t: (text: LocalizedText) => string, box: '( )' | '[ ]', note: (code: number) => string = () => ''): string[] {
  const other = (code: number): string => (item.other?.code === code ? ` ________ {${item.name}_other${item.other.sensitive ? '; sensitive' : ''}}` : '');
  return [...item.choices.map((c) => `    ${box} ${c.code}. ${t(c.label)}${other(c.code)}${note(c.code)}`), ...(item.shuffle ? ['    (choices in random order)'] : [])];
}

/** The "other" text as submitted: undefined when empty, an error key when too long or sent twice. */
export function readOtherText(item: SingleChoiceItem | MultipleChoiceItem, values: SubmittedValues): { readonly text: string } | { readonly error: 'errTooLong' | 'errOneAnswer' } | undefined {
  if (item.other === undefined) return undefined;
  const texts = values(otherField(item.name)).map(normaliseFreeText).filter((t) => t.trim() !== '');
  if (texts.length > 1) return { error: 'errOneAnswer' };
  const text = texts[0];
  if (text === undefined) return undefined;
  return text.length > item.other.maxLength ? { error: 'errTooLong' } : { text };
}

/** The dataset column of the "other" text, `<item>_other`; not applicable when "other" was not chosen. */
export function otherColumn(item: SingleChoiceItem | MultipleChoiceItem, chosen: (v: ItemValue) => { readonly chosen: boolean; readonly text?: string | undefined }): ColumnSpec[] {
  const other = item.other;
  if (other === undefined) return [];
  const label = Object.fromEntries(Object.entries(item.label).map(([lang, text]) => [lang, `${text}: other (specify)`]));
  return [
    {
      type: 'text',
      name: `${item.name}_other`,
      label,
      sensitive: other.sensitive,
      besideChoice: true,
      cell: (v) => {
        if (v.kind === 'missing') return { missing: v.missing };
        const c = chosen(v);
        if (!c.chosen) return { missing: 'not_applicable' };
        return c.text === undefined ? { missing: 'skipped' } : { text: c.text };
      },
    },
  ];
}
