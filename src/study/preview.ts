// The questionnaire previewed as respondents meet it: page by page in each language, as the server renders it
// (every item of the page shown, whatever earlier answers would skip), or as plain text for a terminal.

import { previewText } from '../collect/preview-text.ts';
import { renderPage } from '../collect/render-page.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Instrument } from '../instrument/model.ts';
import { studyDiagnostic } from './located.ts';

function checkLanguage(instrument: Instrument, lang: string): Diagnostic[] {
  return instrument.languages.includes(lang) ? [] : [studyDiagnostic('study.option', undefined, `'${lang}' is not a language of this questionnaire (${instrument.languages.join(', ')})`, { subject: 'lang' })];
}

/** The whole questionnaire as text, in `lang` (default: its first language). */
export function previewAsText(instrument: Instrument, lang: string = instrument.languages[0]): Result<string, Diagnostic[]> {
  const problems = checkLanguage(instrument, lang);
  return problems.length > 0 ? err(problems) : ok(previewText(instrument, lang));
}

/**
 * Page `page` (from 0) in `lang` as the respondent's HTML page. The form posts to `action` (the studio's own preview
 * route, which moves to the next or previous page); nothing is stored or sealed.
 */
export function previewPage(instrument: Instrument, lang: string, page: number, options: { readonly action?: string; readonly synthetic?: boolean } = {}): Result<{ html: string; pages: number }, Diagnostic[]> {
  const problems = checkLanguage(instrument, lang);
  const pages = instrument.sections.length;
  const section = instrument.sections[page];
  if (section === undefined) problems.push(studyDiagnostic('study.option', undefined, `page ${String(page + 1)} does not exist (the questionnaire has ${String(pages)})`, { subject: 'page' }));
  if (problems.length > 0 || section === undefined) return err(problems);
  const html = renderPage({
    instrument, lang, page, position: { n: page + 1, total: pages }, items: section.items, answers: {}, errors: {}, action: options.action ?? '#', hidden: { page: String(page) },
    isFirst: page === 0, isLast: page === pages - 1, ...(options.synthetic === undefined ? {} : { synthetic: options.synthetic }),
  });
  return ok({ html, pages });
}
