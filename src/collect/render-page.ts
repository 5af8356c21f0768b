// Renders one questionnaire page as a plain HTML form: works with JavaScript, SVG and web fonts all off.

import { pick, type LanguageCode } from '../core/text.ts';
import type { ChosenMissing } from '../instrument/missing.ts';
import type { Answer, Choice, Instrument, Item } from '../instrument/model.ts';
import { answerField, DONT_KNOW, missingField, REFUSED, rowField } from './form-fields.ts';
import { document, esc } from './html.ts';
import { say, type TextKey } from './messages.ts';

export interface PageView {
  readonly instrument: Instrument;
  readonly lang: LanguageCode;
  readonly page: number;
  /** 1-based position among the pages this respondent is shown, and their count so far. */
  readonly position: { readonly n: number; readonly total: number };
  readonly items: readonly Item[];
  /** Answers to show as already given on this page. */
  readonly answers: Readonly<Record<string, Answer>>;
  /** Problems with what was submitted, by item name (already in the page's language). */
  readonly errors: Readonly<Record<string, string>>;
  /** Where the form posts (same origin). */
  readonly action: string;
  /** Opaque hidden fields: the sealed path state and the anti-forgery token. */
  readonly hidden: Readonly<Record<string, string>>;
  readonly isFirst: boolean;
  readonly isLast: boolean;
  /** A message about the whole page (e.g. "not saved, send again"), shown above everything. */
  readonly notice?: TextKey;
  readonly synthetic?: boolean;
}

const MISSING_VALUE: Readonly<Record<ChosenMissing, string>> = { dont_know: DONT_KNOW, refused: REFUSED };

export function renderPage(view: PageView): string {
  const { instrument, lang } = view;
  const t = (text: Readonly<Record<string, string>>): string => esc(pick(text, lang, instrument.languages[0]));
  const section = instrument.sections[view.page];
  const hidden = Object.entries(view.hidden).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
  const errors = Object.keys(view.errors).length > 0 ? `<p class="err">${esc(say('fixErrors', lang))}</p>` : '';
  const notice = view.notice === undefined ? '' : `<p class="err">${esc(say(view.notice, lang))}</p>`;
  const items = view.items.map((item) => renderItem(item, view, t)).join('');
  const otherLanguages = instrument.languages.filter((l) => l !== lang);
  const switcher =
    otherLanguages.length === 0
      ? ''
      : `<div class="lang nav">${otherLanguages.map((l) => `<button name="nav" value="lang:${esc(l)}" lang="${esc(l)}">${esc(l.toUpperCase())}</button>`).join('')}</div>`;
  const reminder = view.isFirst ? `<p class="small">${t(instrument.texts.intro)}</p><p class="small">${t(instrument.texts.skipReminder)} ${t(instrument.texts.stopReminder)}</p>` : `<p class="small">${t(instrument.texts.skipReminder)}</p>`;
  const body =
    (view.synthetic === true ? '<p class="synthetic">SYNTHETIC / ТЕСТ</p>' : '') +
    `<form method="post" action="${esc(view.action)}" accept-charset="utf-8">${hidden}${switcher}` +
    `${notice}<h1>${section ? t(section.title) : ''}</h1><p class="small">${esc(say('page', lang, view.position))}</p>${reminder}${errors}${items}` +
    `<div class="nav"><button class="go" name="nav" value="next">${esc(say(view.isLast ? 'finish' : 'next', lang))}</button>` +
    `${view.isFirst ? '' : `<button name="nav" value="back">${esc(say('back', lang))}</button>`}</div>` +
    `<div class="nav"><button class="stop" name="nav" value="withdraw">${esc(say('withdraw', lang))}</button></div></form>`;
  return document(lang, `${pick(instrument.title, lang)} — ${section ? pick(section.title, lang) : ''}`, body);
}

function renderItem(item: Item, view: PageView, t: (text: Readonly<Record<string, string>>) => string): string {
  const { lang } = view;
  const error = view.errors[item.name];
  const err = error === undefined ? '' : `<p class="err" id="e_${esc(item.name)}">${esc(error)}</p>`;
  const hint = item.hint ? `<p class="hint">${t(item.hint)}</p>` : '';
  const answer = view.answers[item.name];
  const missingOptions = (field: string, type: 'radio' | 'checkbox', chosen: ChosenMissing | undefined): string =>
    [...item.offers].map((m) => option(type, field, MISSING_VALUE[m], esc(say(m === 'dont_know' ? 'dontKnow' : 'refused', lang)), chosen === m)).join('');
  const chosenMissing = answer?.kind === 'missing' ? answer.missing : undefined;
  switch (item.kind) {
    case 'note':
      return `<p>${t(item.label)}</p>`;
    case 'single': {
      const code = answer?.kind === 'choice' ? answer.code : undefined;
      return fieldset(item, t, err + hint + choices(item.choices, 'radio', answerField(item.name), (c) => c === code, t) + missingOptions(answerField(item.name), 'radio', chosenMissing));
    }
    case 'multiple': {
      const codes = answer?.kind === 'choices' ? answer.codes : [];
      return fieldset(item, t, err + hint + choices(item.choices, 'checkbox', answerField(item.name), (c) => codes.includes(c), t) + missingOptions(answerField(item.name), 'checkbox', chosenMissing));
    }
    case 'battery': {
      const rows = item.rows
        .map((row) => {
          const cell = answer?.kind === 'battery' ? answer.rows[row.name] : undefined;
          const field = rowField(item.name, row.name);
          const inner = choices(item.scale, 'radio', field, (c) => c === cell, t) + missingOptions(field, 'radio', typeof cell === 'string' ? cell : chosenMissing);
          return `<fieldset class="row"><legend>${t(row.label)}</legend>${inner}</fieldset>`;
        })
        .join('');
      return fieldset(item, t, err + hint + rows);
    }
    case 'integer': {
      const value = answer?.kind === 'integer' ? String(answer.value) : '';
      const input = `<input type="text" inputmode="numeric" pattern="-?[0-9]*" name="${answerField(item.name)}" value="${esc(value)}" aria-describedby="e_${esc(item.name)}">`;
      return fieldset(item, t, err + hint + `<label>${input}</label>` + missingOptions(missingField(item.name), 'radio', chosenMissing));
    }
    case 'text':
    case 'long_text': {
      const value = answer?.kind === 'text' ? answer.value : '';
      const input =
        item.kind === 'text'
          ? `<input type="text" name="${answerField(item.name)}" maxlength="${item.maxLength}" value="${esc(value)}">`
          : `<textarea name="${answerField(item.name)}" maxlength="${item.maxLength}">${esc(value)}</textarea>`;
      return fieldset(item, t, err + hint + `<label>${input}</label>` + missingOptions(missingField(item.name), 'radio', chosenMissing));
    }
  }
}

function fieldset(item: Item, t: (text: Readonly<Record<string, string>>) => string, inner: string): string {
  return `<fieldset><legend>${t(item.label)}</legend>${inner}</fieldset>`;
}

function choices(list: readonly Choice[], type: 'radio' | 'checkbox', field: string, checked: (code: number) => boolean, t: (text: Readonly<Record<string, string>>) => string): string {
  return list.map((c) => option(type, field, String(c.code), t(c.label), checked(c.code))).join('');
}

function option(type: 'radio' | 'checkbox', field: string, value: string, labelHtml: string, checked: boolean): string {
  return `<label><input type="${type}" name="${esc(field)}" value="${esc(value)}"${checked ? ' checked' : ''}>${labelHtml}</label>`;
}
