// The respondent's pages besides the questionnaire: entry (coupon), the stop question and plain messages.

import { pick, type LanguageCode } from '../core/text.ts';
import type { Instrument } from '../instrument/model.ts';
import { document, esc } from './html.ts';
import { say, type TextKey } from './messages.ts';
import { aboutBlock, errorSummary, hiddenFields, languageLinks } from './page-frame.ts';

export interface EntryView {
  readonly instrument: Instrument;
  readonly lang: LanguageCode;
  readonly action: string;
  /** The entry page's own address, to which the language links add ?lang=. */
  readonly self: string;
  readonly hidden: Readonly<Record<string, string>>;
  readonly needsCoupon: boolean;
  readonly typedCoupon?: string;
  readonly problem?: TextKey;
  readonly synthetic?: boolean;
}

export function renderEntry(view: EntryView): string {
  const { instrument, lang } = view;
  const t = (text: Readonly<Record<string, string>>): string => esc(pick(text, lang, instrument.languages[0]));
  const problem = view.problem === undefined ? undefined : say(view.problem, lang);
  const described = `coupon-hint${problem === undefined ? '' : ' coupon-err'}`;
  const coupon = view.needsCoupon
    ? `<div class="field" id="f_coupon"><label for="coupon">${esc(say('couponLabel', lang))}</label><p class="hint" id="coupon-hint">${esc(say('couponHint', lang))}</p>` +
      (problem === undefined ? '' : `<p class="err" id="coupon-err">${esc(problem)}</p>`) +
      `<input type="text" id="coupon" name="coupon" value="${esc(view.typedCoupon ?? '')}" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="40" aria-describedby="${described}"></div>`
    : '';
  const summary = problem === undefined ? '' : errorSummary(lang, [{ target: 'coupon', subject: say('couponLabel', lang), message: problem }]);
  const body =
    (view.synthetic === true ? '<p class="synthetic">SYNTHETIC / ТЕСТ</p>' : '') +
    languageLinks(instrument.languages, lang, (l) => `${view.self}?lang=${l}`) +
    `<main><form method="post" action="${esc(view.action)}" accept-charset="utf-8">${hiddenFields(view.hidden)}<input type="hidden" name="lang" value="${esc(lang)}">` +
    `${summary}<h1>${t(instrument.title)}</h1><p>${t(instrument.texts.intro)}</p>` +
    `<p>${t(instrument.texts.skipReminder)} ${t(instrument.texts.stopReminder)}</p>${aboutBlock(instrument.about, lang, instrument.languages[0])}${coupon}` +
    `<div class="nav"><button class="go" name="nav" value="start">${esc(say('start', lang))}</button></div></form></main>`;
  return document(lang, pick(instrument.title, lang), body);
}

/** The one question before a respondent's answers are dropped: its own page, asked once. */
export function renderWithdraw(instrument: Instrument, lang: LanguageCode, action: string, hidden: Readonly<Record<string, string>>): string {
  const body =
    `<main><form method="post" action="${esc(action)}" accept-charset="utf-8">${hiddenFields(hidden)}<h1>${esc(say('withdrawTitle', lang))}</h1><p>${esc(say('withdrawText', lang))}</p>` +
    `<div class="nav"><button class="stop" name="nav" value="withdraw-confirm">${esc(say('withdrawConfirm', lang))}</button>` +
    `<button class="back" name="nav" value="withdraw-cancel">${esc(say('withdrawCancel', lang))}</button></div></form></main>`;
  return document(lang, `${pick(instrument.title, lang)} — ${say('withdrawTitle', lang)}`, body);
}

/** A page with one message and, optionally, a way back to the start. */
export function renderMessage(lang: LanguageCode, title: string, message: TextKey, restartAction?: string): string {
  const again = restartAction === undefined ? '' : `<form method="get" action="${esc(restartAction)}"><input type="hidden" name="lang" value="${esc(lang)}"><div class="nav"><button class="go">${esc(say('startAgain', lang))}</button></div></form>`;
  return document(lang, title, `<main><h1>${esc(title)}</h1><p>${esc(say(message, lang))}</p>${again}</main>`);
}
