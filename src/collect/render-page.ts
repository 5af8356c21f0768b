// Renders one questionnaire page as a plain HTML form: works with JavaScript, SVG and web fonts all off.

import { pick, type LanguageCode } from '../core/text.ts';
import type { ChosenMissing } from '../instrument/missing.ts';
import type { Answer, Choice, Instrument, Item } from '../instrument/model.ts';
import { answerField, DONT_KNOW, missingField, REFUSED, rowField } from './form-fields.ts';
import { document, esc } from './html.ts';
import { say, type TextKey } from './messages.ts';
import { errorSummary, groupId, hiddenFields, languageButtons, shortSubject } from './page-frame.ts';
import type { FormFields } from './parse-form.ts';

export interface PageView {
  readonly instrument: Instrument;
  readonly lang: LanguageCode;
  readonly page: number;
  /** 1-based position among the pages this respondent is shown, and their count so far. */
  readonly position: { readonly n: number; readonly total: number };
  readonly items: readonly Item[];
  /** Answers to show as already given on this page. */
  readonly answers: Readonly<Record<string, Answer>>;
  /**
   * What was sent from this page when it is shown again (an error, a language switch, a cancelled stop):
   * every field is shown exactly as ticked or typed, including values that were not accepted.
   */
  readonly draft?: FormFields;
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

type Translate = (text: Readonly<Record<string, string>>) => string;

/** How an input learns what to show: from the draft when there is one, else from the accepted answer. */
interface Shown {
  checked(field: string, value: string, fromAnswer: boolean): boolean;
  text(field: string, fromAnswer: string): string;
}

const MISSING_VALUE: Readonly<Record<ChosenMissing, string>> = { dont_know: DONT_KNOW, refused: REFUSED };

export function renderPage(view: PageView): string {
  const { instrument, lang } = view;
  const t: Translate = (text) => esc(pick(text, lang, instrument.languages[0]));
  const section = instrument.sections[view.page];
  const shown = shownFrom(view.draft);
  const summary = errorSummary(
    lang,
    view.items.flatMap((item) => {
      const message = view.errors[item.name];
      return message === undefined ? [] : [{ target: groupId(item.name), subject: shortSubject(pick(item.label, lang, instrument.languages[0])), message }];
    }),
  );
  const notice = view.notice === undefined ? '' : `<p class="notice">${esc(say(view.notice, lang))}</p>`;
  const items = view.items.map((item) => renderItem(item, view, t, shown)).join('');
  const back = view.isFirst ? '' : `<button class="back" name="nav" value="back">${esc(say('back', lang))}</button>`;
  const body =
    (view.synthetic === true ? '<p class="synthetic">SYNTHETIC / ТЕСТ</p>' : '') +
    `<main><form method="post" action="${esc(view.action)}" accept-charset="utf-8">${hiddenFields(view.hidden)}` +
    `<p class="small">${esc(say('page', lang, view.position))}</p>${summary}${notice}<h1>${section ? t(section.title) : ''}</h1>` +
    `<p class="small">${t(instrument.texts.skipReminder)}</p>${items}` +
    `<div class="nav"><button class="go" name="nav" value="next">${esc(say(view.isLast ? 'finish' : 'next', lang))}</button>${back}</div>` +
    `<div class="foot"><button class="stop" name="nav" value="withdraw">${esc(say('withdraw', lang))}</button></div>` +
    `${languageButtons(instrument.languages, lang, 'nav', 'lang:')}</form></main>`;
  return document(lang, `${pick(instrument.title, lang)} — ${section ? pick(section.title, lang) : ''}`, body);
}

function shownFrom(draft: FormFields | undefined): Shown {
  if (draft === undefined) return { checked: (_f, _v, fromAnswer) => fromAnswer, text: (_f, fromAnswer) => fromAnswer };
  const sent = new Set(draft.map(([f, v]) => `${f}\u0000${v}`));
  return {
    checked: (field, value) => sent.has(`${field}\u0000${value}`),
    text: (field) => draft.find(([f]) => f === field)?.[1] ?? '',
  };
}

function renderItem(item: Item, view: PageView, t: Translate, shown: Shown): string {
  const { lang } = view;
  const error = view.errors[item.name];
  const errorId = `e_${item.name}`;
  const err = error === undefined ? '' : `<p class="err" id="${esc(errorId)}">${esc(error)}</p>`;
  const describedBy = error === undefined ? '' : ` aria-describedby="${esc(errorId)}"`;
  const hint = item.hint ? `<p class="hint">${t(item.hint)}</p>` : '';
  const answer = view.answers[item.name];
  const missingOptions = (field: string, type: 'radio' | 'checkbox', chosen: ChosenMissing | undefined): string =>
    [...item.offers].map((m) => option(type, field, MISSING_VALUE[m], esc(say(m === 'dont_know' ? 'dontKnow' : 'refused', lang)), shown.checked(field, MISSING_VALUE[m], chosen === m))).join('');
  const chosenMissing = answer?.kind === 'missing' ? answer.missing : undefined;
  switch (item.kind) {
    case 'note':
      return `<p>${t(item.label)}</p>`;
    case 'single': {
      const code = answer?.kind === 'choice' ? answer.code : undefined;
      const field = answerField(item.name);
      return fieldset(item, t, err + hint + choices(item.choices, 'radio', field, (c) => shown.checked(field, String(c), c === code), t) + missingOptions(field, 'radio', chosenMissing));
    }
    case 'multiple': {
      const codes = answer?.kind === 'choices' ? answer.codes : [];
      const field = answerField(item.name);
      return fieldset(item, t, err + hint + choices(item.choices, 'checkbox', field, (c) => shown.checked(field, String(c), codes.includes(c)), t) + missingOptions(field, 'checkbox', chosenMissing));
    }
    case 'battery': {
      const rows = item.rows
        .map((row) => {
          const cell = answer?.kind === 'battery' ? answer.rows[row.name] : undefined;
          const field = rowField(item.name, row.name);
          const inner = choices(item.scale, 'radio', field, (c) => shown.checked(field, String(c), c === cell), t) + missingOptions(field, 'radio', typeof cell === 'string' ? cell : chosenMissing);
          return `<fieldset class="row"><legend>${t(row.label)}</legend>${inner}</fieldset>`;
        })
        .join('');
      return fieldset(item, t, err + hint + rows);
    }
    case 'integer': {
      // No `pattern` and no type=number: the browser must not answer in its own language before ours can.
      const value = shown.text(answerField(item.name), answer?.kind === 'integer' ? String(answer.value) : '');
      const input = `<input type="text" inputmode="numeric" autocomplete="off" id="i_${esc(item.name)}" name="${answerField(item.name)}" value="${esc(value)}" aria-labelledby="l_${esc(item.name)}"${describedBy}>`;
      return fieldset(item, t, err + hint + input + missingOptions(missingField(item.name), 'radio', chosenMissing));
    }
    case 'text':
    case 'long_text': {
      const value = shown.text(answerField(item.name), answer?.kind === 'text' ? answer.value : '');
      const common = `id="i_${esc(item.name)}" name="${answerField(item.name)}" maxlength="${item.maxLength}" aria-labelledby="l_${esc(item.name)}"${describedBy}`;
      const input = item.kind === 'text' ? `<input type="text" ${common} value="${esc(value)}">` : `<textarea ${common}>${esc(value)}</textarea>`;
      return fieldset(item, t, err + hint + input + missingOptions(missingField(item.name), 'radio', chosenMissing));
    }
  }
}

function fieldset(item: Item, t: Translate, inner: string): string {
  return `<fieldset id="${esc(groupId(item.name))}"><legend id="l_${esc(item.name)}">${t(item.label)}</legend>${inner}</fieldset>`;
}

function choices(list: readonly Choice[], type: 'radio' | 'checkbox', field: string, checked: (code: number) => boolean, t: Translate): string {
  return list.map((c) => option(type, field, String(c.code), t(c.label), checked(c.code))).join('');
}

function option(type: 'radio' | 'checkbox', field: string, value: string, labelHtml: string, checked: boolean): string {
  return `<label><input type="${type}" name="${esc(field)}" value="${esc(value)}"${checked ? ' checked' : ''}><span>${labelHtml}</span></label>`;
}
