// The page a new respondent sees once the survey has reached its response cap: polite, in every study language.

import { pick, type LanguageCode } from '../core/text.ts';
import type { Instrument } from '../instrument/model.ts';
import { document, esc } from './html.ts';
import { say } from './messages.ts';
import { aboutBlock, languageLinks } from './page-frame.ts';

/** The closed page in `lang`, linking to itself in the study's other languages; who runs the study stays reachable. */
export function renderClosed(instrument: Instrument, lang: LanguageCode, self: string, synthetic = false): string {
  const body =
    (synthetic ? '<p class="synthetic">SYNTHETIC / ТЕСТ</p>' : '') +
    languageLinks(instrument.languages, lang, (l) => `${self}?lang=${l}`) +
    `<main><h1>${esc(say('closed', lang))}</h1><p>${esc(say('closedText', lang))}</p>${aboutBlock(instrument.about, lang, instrument.languages[0])}</main>`;
  return document(lang, `${pick(instrument.title, lang)} — ${say('closed', lang)}`, body);
}
