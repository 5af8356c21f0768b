// Renders one questionnaire page as a plain HTML form: works with JavaScript, SVG and web fonts all off.

import { pick, type LanguageCode } from '../core/text.ts';
import type { RenderHelpers } from '../instrument/kinds/kind.ts';
import { kindOf } from '../instrument/kinds/registry.ts';
import { itemsOf, type Answer, type Instrument, type Item } from '../instrument/model.ts';
import { pipeAnswers } from '../instrument/piping.ts';
import { document, esc } from './html.ts';
import { ASKED_AGAIN_FIELD } from './parse-form.ts';
import { shuffled } from './order.ts';
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
  /** Answers from earlier pages, for `${item}` piping in labels. */
  readonly earlier?: Readonly<Record<string, Answer>>;
  /** A per-respondent secret that fixes the order of shuffled choice lists (never stored; absent = list order). */
  readonly orderSeed?: string;
}

export function renderPage(view: PageView): string {
  const { instrument, lang } = view;
  const t = (text: Readonly<Record<string, string>>): string => esc(pick(text, lang, instrument.languages[0]));
  const section = instrument.sections[view.page];
  const summary = errorSummary(
    lang,
    view.items.flatMap((item) => {
      const message = view.errors[item.name];
      return message === undefined ? [] : [{ target: groupId(item.name), subject: shortSubject(pick(item.label, lang, instrument.languages[0])), message }];
    }),
  );
  const notice = view.notice === undefined ? '' : `<p class="notice">${esc(say(view.notice, lang))}</p>`;
  const h = helpers(view);
  const items = view.items.map((item) => renderItem(item, view, h)).join('') + askedAgainField(view);
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

/** The helpers a kind's renderer gets: the page's language, escaping, piping of earlier answers, the respondent's order. */
function helpers(view: PageView): RenderHelpers {
  const { instrument, lang } = view;
  const items = new Map([...itemsOf(instrument)].map((i) => [i.name, i]));
  const earlier = { ...(view.earlier ?? {}), ...view.answers };
  return {
    lang,
    esc,
    text: (text) => esc(pipeAnswers(pick(text, lang, instrument.languages[0]), lang, items, earlier)),
    say: (key, vars) => esc(say(key, lang, vars)),
    order: (itemName, list) => (view.orderSeed === undefined ? list : shuffled(list, `${view.orderSeed}/${itemName}`)),
    ...shownFrom(view.draft),
  };
}

/** Items asked again on this showing: on the next submit their skip is accepted (never a third time). */
function askedAgainField(view: PageView): string {
  const names = view.items.filter((i) => i.askAgain === true && view.errors[i.name] !== undefined).map((i) => i.name);
  return names.length === 0 ? '' : `<input type="hidden" name="${ASKED_AGAIN_FIELD}" value="${esc(names.join(' '))}">`;
}

function renderItem(item: Item, view: PageView, h: RenderHelpers): string {
  return kindOf(item).render(item, { answer: view.answers[item.name], error: view.errors[item.name] }, h);
}

/** What fields show: what was sent when the page comes back with a problem, else the accepted answers. */
function shownFrom(draft: FormFields | undefined): Pick<RenderHelpers, 'checked' | 'typed'> {
  if (draft === undefined) return { checked: (_f, _v, fromAnswer) => fromAnswer, typed: (_f, fromAnswer) => fromAnswer };
  const sent = new Set(draft.map(([f, v]) => `${f}\u0000${v}`));
  return {
    checked: (field, value) => sent.has(`${field}\u0000${value}`),
    typed: (field) => draft.find(([f]) => f === field)?.[1] ?? '',
  };
}
