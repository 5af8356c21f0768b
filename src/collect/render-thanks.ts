// The thank-you page: the codes to pass on, the survey's address beside them, and how to pass them safely.

import { pick, type LanguageCode } from '../core/text.ts';
import type { Instrument } from '../instrument/model.ts';
import { document, esc } from './html.ts';
import { say } from './messages.ts';

export interface ThanksView {
  readonly instrument: Instrument;
  readonly lang: LanguageCode;
  /** Formatted codes (ABCD-EFGH-JKM). */
  readonly coupons: readonly string[];
  /** Where a recruit opens the survey; at least one of the two. */
  readonly addresses: SurveyAddresses;
  /** Where the same codes and addresses download as plain text. */
  readonly textHref: string;
  /** The response was kept without its recruiter link: say so. */
  readonly unlinked: boolean;
}

export interface SurveyAddresses {
  readonly public?: string;
  readonly onion?: string;
}

export function renderThanks(view: ThanksView): string {
  const { instrument, lang } = view;
  const t = (text: Readonly<Record<string, string>>): string => esc(pick(text, lang, instrument.languages[0]));
  const s = (key: Parameters<typeof say>[0]): string => esc(say(key, lang));
  const unlinked = view.unlinked ? `<p class="notice">${s('unlinkedThanks')}</p>` : '';
  const invite =
    view.coupons.length === 0
      ? ''
      : `<h2>${s('couponsTitle')}</h2><p>${s('couponsText')}</p><ul class="codes" aria-label="${s('yourCodes')}">${view.coupons.map((c) => `<li class="coupon">${esc(c)}</li>`).join('')}</ul>` +
        addressList(view.addresses, lang) +
        `<p class="notice">${s('notShownAgain')}</p><p><a class="save" href="${esc(view.textHref)}" download="codes.txt">${s('saveText')}</a></p>` +
        `<h2>${s('safeTitle')}</h2><ul><li>${s('safePrivate')}</li><li>${s('safeNoGroups')}</li><li>${s('safeDelete')}</li></ul>`;
  return document(lang, pick(instrument.title, lang), `<main><h1>${t(instrument.title)}</h1><p>${t(instrument.texts.thanks)}</p>${unlinked}${invite}</main>`);
}

function addressList(addresses: SurveyAddresses, lang: LanguageCode): string {
  const rows: string[] = [];
  if (addresses.public !== undefined) rows.push(`<dt>${esc(say('surveyAddress', lang))}</dt><dd class="addr">${esc(addresses.public)}</dd>`);
  if (addresses.onion !== undefined) rows.push(`<dt>${esc(say('onionAddress', lang))}</dt><dd class="addr">${esc(addresses.onion)}</dd>`);
  return rows.length === 0 ? '' : `<dl class="about">${rows.join('')}</dl>`;
}

/** The same as plain text, to save: addresses, codes, advice. No study title, so a saved file says little on its own. */
export function thanksText(view: Omit<ThanksView, 'textHref' | 'instrument' | 'unlinked'>): string {
  const { lang } = view;
  const lines: string[] = [];
  if (view.addresses.public !== undefined) lines.push(`${say('surveyAddress', lang)}: ${view.addresses.public}`);
  if (view.addresses.onion !== undefined) lines.push(`${say('onionAddress', lang)}: ${view.addresses.onion}`);
  lines.push('', `${say('yourCodes', lang)}:`, ...view.coupons, '', `${say('safeTitle', lang)}:`);
  lines.push(`- ${say('safePrivate', lang)}`, `- ${say('safeNoGroups', lang)}`, `- ${say('safeDelete', lang)}`);
  return `${lines.join('\r\n')}\r\n`;
}
