// The respondent's pages besides the questionnaire: entry (coupon), thank-you (new coupons) and plain messages.

import { pick, type LanguageCode } from '../core/text.ts';
import type { Instrument } from '../instrument/model.ts';
import { document, esc } from './html.ts';
import { say, type TextKey } from './messages.ts';

const languageButtons = (instrument: Instrument, lang: LanguageCode, field: string): string => {
  const others = instrument.languages.filter((l) => l !== lang);
  return others.length === 0 ? '' : `<div class="lang nav">${others.map((l) => `<button name="${field}" value="${esc(l)}" lang="${esc(l)}">${esc(l.toUpperCase())}</button>`).join('')}</div>`;
};

export interface EntryView {
  readonly instrument: Instrument;
  readonly lang: LanguageCode;
  readonly action: string;
  readonly hidden: Readonly<Record<string, string>>;
  readonly needsCoupon: boolean;
  readonly typedCoupon?: string;
  readonly problem?: TextKey;
}

export function renderEntry(view: EntryView): string {
  const { instrument, lang } = view;
  const t = (text: Readonly<Record<string, string>>): string => esc(pick(text, lang, instrument.languages[0]));
  const hidden = Object.entries(view.hidden).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
  const coupon = view.needsCoupon
    ? `<fieldset><legend>${esc(say('couponLabel', lang))}</legend><p class="hint">${esc(say('couponHint', lang))}</p>` +
      (view.problem ? `<p class="err">${esc(say(view.problem, lang))}</p>` : '') +
      `<label><input type="text" name="coupon" value="${esc(view.typedCoupon ?? '')}" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="40"></label></fieldset>`
    : '';
  const body =
    `<form method="post" action="${esc(view.action)}" accept-charset="utf-8">${hidden}${languageButtons(instrument, lang, 'switch')}` +
    `<input type="hidden" name="lang" value="${esc(lang)}"><h1>${t(instrument.title)}</h1><p>${t(instrument.texts.intro)}</p>` +
    `<p class="small">${t(instrument.texts.skipReminder)} ${t(instrument.texts.stopReminder)}</p>${coupon}` +
    `<div class="nav"><button class="go" name="nav" value="start">${esc(say('start', lang))}</button></div></form>`;
  return document(lang, pick(instrument.title, lang), body);
}

export function renderThanks(instrument: Instrument, lang: LanguageCode, coupons: readonly string[]): string {
  const t = (text: Readonly<Record<string, string>>): string => esc(pick(text, lang, instrument.languages[0]));
  const list = coupons.length === 0 ? '' : `<h2>${esc(say('couponsTitle', lang))}</h2><p>${esc(say('couponsText', lang))}</p>${coupons.map((c) => `<p class="coupon">${esc(c)}</p>`).join('')}`;
  return document(lang, pick(instrument.title, lang), `<h1>${t(instrument.title)}</h1><p>${t(instrument.texts.thanks)}</p>${list}`);
}

/** A page with one message and, optionally, a way back to the start. */
export function renderMessage(lang: LanguageCode, title: string, message: TextKey, restartAction?: string): string {
  const again = restartAction === undefined ? '' : `<form method="get" action="${esc(restartAction)}"><div class="nav"><button>${esc(say('startAgain', lang))}</button></div></form>`;
  return document(lang, title, `<h1>${esc(title)}</h1><p>${esc(say(message, lang))}</p>${again}`);
}
