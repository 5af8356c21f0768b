// The HTML and form-reading pieces several kinds share: fieldsets, options, typed-missing radios, one free-entry field.

import type { ChosenMissing } from '../missing.ts';
import type { Answer, Choice, Item } from '../model.ts';
import { answerField, chosenMissing, INTEGER, missingField, MISSING_VALUE } from './fields.ts';
import type { ItemView, ParseOutcome, RenderHelpers, SubmittedValues } from './kind.ts';

export function option(h: RenderHelpers, type: 'radio' | 'checkbox', field: string, value: string, labelHtml: string, checked: boolean): string {
  return `<label><input type="${type}" name="${h.esc(field)}" value="${h.esc(value)}"${h.checked(field, value, checked) ? ' checked' : ''}><span>${labelHtml}</span></label>`;
}

export function choiceOptions(h: RenderHelpers, list: readonly Choice[], type: 'radio' | 'checkbox', field: string, checked: (code: number) => boolean): string {
  return list.map((c) => option(h, type, field, String(c.code), h.text(c.label), checked(c.code))).join('');
}

/** "Don't know" / "Prefer not to answer" as options of `field`, when the item offers them. */
export function missingOptions(h: RenderHelpers, item: Item, field: string, type: 'radio' | 'checkbox', chosen: ChosenMissing | undefined): string {
  return [...item.offers].map((m) => option(h, type, field, MISSING_VALUE[m], h.say(m === 'dont_know' ? 'dontKnow' : 'refused'), chosen === m)).join('');
}

/** The error (next to the field) and the hint, as they open every item. */
export function lead(item: Item, view: ItemView, h: RenderHelpers): string {
  const err = view.error === undefined ? '' : `<p class="err" id="e_${h.esc(item.name)}">${h.esc(view.error)}</p>`;
  return err + (item.hint ? `<p class="hint">${h.text(item.hint)}</p>` : '');
}

/** The id of an item's group on the page: the error summary at the top links to it (a plain #anchor, no script). */
export const groupId = (item: string): string => `f_${item}`;

export function fieldset(item: Item, h: RenderHelpers, inner: string): string {
  return `<fieldset id="${h.esc(groupId(item.name))}"><legend id="l_${h.esc(item.name)}">${h.text(item.label)}</legend>${inner}</fieldset>`;
}

/** A free-entry input's id and accessible name (the question's legend), and its error when there is one. */
export function inputAttributes(item: Item, view: ItemView, h: RenderHelpers): string {
  const describedBy = view.error === undefined ? '' : ` aria-describedby="e_${h.esc(item.name)}"`;
  return `id="i_${h.esc(item.name)}" aria-labelledby="l_${h.esc(item.name)}"${describedBy}`;
}

export const chosenOf = (answer: Answer | undefined): ChosenMissing | undefined => (answer?.kind === 'missing' ? answer.missing : undefined);

/** One text field (or textarea) plus the typed-missing radios: numbers, dates and text share this layout. */
export function freeEntry(item: Item, view: ItemView, h: RenderHelpers, inputHtml: string): string {
  return fieldset(item, h, lead(item, view, h) + inputHtml + missingOptions(h, item, missingField(item.name), 'radio', chosenOf(view.answer)));
}

/**
 * Reads a free-entry item: at most one typed value or one chosen missing kind; `convert` checks the text
 * and makes the answer (or says what is wrong). An empty field is a skip.
 */
export function parseFreeEntry(item: Item, values: SubmittedValues, say: RenderHelpers['say'], convert: (raw: string) => ParseOutcome): ParseOutcome {
  const raw = values(answerField(item.name));
  const missing = values(missingField(item.name));
  if (raw.length > 1 || missing.length > 1 || (raw.length > 0 && missing.length > 0)) return { kind: 'error', message: say('errOneAnswer') };
  const m = missing[0];
  if (m !== undefined) {
    const kind = chosenMissing(item, m);
    return kind === undefined ? { kind: 'error', message: say('errChoice') } : { kind: 'answer', answer: { kind: 'missing', missing: kind } };
  }
  const v = raw[0];
  return v === undefined ? { kind: 'skipped' } : convert(v);
}

/** The browser fields of a typed missing answer on a free-entry item. */
export const missingFields = (item: Item, answer: Answer): [string, string][] => (answer.kind === 'missing' ? [[missingField(item.name), MISSING_VALUE[answer.missing]]] : []);

export const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
export const isCode = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
export const keysAre = (x: Readonly<Record<string, unknown>>, keys: readonly string[], optional: readonly string[] = []): boolean => {
  const own = Object.keys(x);
  return keys.every((k) => own.includes(k)) && own.every((k) => keys.includes(k) || optional.includes(k));
};

/** A bug: a response value that does not fit its item (the envelope check keeps these out of sealed records). */
export function mismatch(item: Item, v: { kind: string }): never {
  throw new Error(`item '${item.name}' has a ${v.kind} answer`);
}

/** One radio value: a choice code or a chosen missing kind; undefined when nothing was picked. */
export function readRadio(item: Item, values: SubmittedValues, field: string, codes: readonly number[]): number | ChosenMissing | 'errOneAnswer' | 'errChoice' | undefined {
  const vs = values(field);
  if (vs.length === 0) return undefined;
  if (vs.length > 1) return 'errOneAnswer';
  const v = vs[0] ?? '';
  const missing = chosenMissing(item, v);
  if (missing !== undefined) return missing;
  const code = INTEGER.test(v) ? Number(v) : Number.NaN;
  return codes.includes(code) ? code : 'errChoice';
}
