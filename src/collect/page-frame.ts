// The parts every respondent page shares around its questions: hidden fields, the error summary, the language switch.

import { pick, type LanguageCode, type LocalizedText } from '../core/text.ts';
import type { StudyAbout } from '../instrument/model.ts';
import { esc } from './html.ts';
import { LANGUAGE_NAMES, say } from './messages.ts';

export const hiddenFields = (hidden: Readonly<Record<string, string>>): string =>
  Object.entries(hidden).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');

// The id of an item's group on the page, which the error summary links to, is the kinds' own.
export { groupId } from '../instrument/kinds/html-parts.ts';

export interface SummaryEntry {
  /** The anchor to jump to (without '#'). */
  readonly target: string;
  /** What the problem is about, e.g. the question (shortened if long). */
  readonly subject: string;
  readonly message: string;
}

/** The box at the top of a page that lists every problem, each linking to its field. */
export function errorSummary(lang: LanguageCode, entries: readonly SummaryEntry[]): string {
  if (entries.length === 0) return '';
  const items = entries.map((e) => `<li><a href="#${esc(e.target)}">${e.subject === '' ? '' : `${esc(e.subject)} — `}${esc(e.message)}</a></li>`).join('');
  return `<div class="errs" id="errors"><h2>${esc(say('fixErrors', lang))}</h2><ul>${items}</ul></div>`;
}

/** A question shortened to what fits one line of the summary on a phone. */
export function shortSubject(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 15))}…`;
}

/**
 * The other languages as submit buttons named `field`, at the end of the form: the first submit button
 * of a form is what Enter presses, and that must be the page's own action, never a language switch.
 */
export function languageButtons(languages: readonly LanguageCode[], lang: LanguageCode, field: string, valuePrefix = ''): string {
  const others = languages.filter((l) => l !== lang);
  if (others.length === 0) return '';
  const buttons = others.map((l) => `<button name="${esc(field)}" value="${esc(valuePrefix + l)}" lang="${esc(l)}">${esc(LANGUAGE_NAMES[l] ?? l)}</button>`).join('');
  return `<div class="lang"><span>${esc(say('language', lang))}:</span> ${buttons}</div>`;
}

/** The other languages as plain links (the entry page, where nothing typed is lost by switching). */
export function languageLinks(languages: readonly LanguageCode[], lang: LanguageCode, href: (l: LanguageCode) => string): string {
  const others = languages.filter((l) => l !== lang);
  if (others.length === 0) return '';
  const links = others.map((l) => `<a href="${esc(href(l))}" lang="${esc(l)}" hreflang="${esc(l)}">${esc(LANGUAGE_NAMES[l] ?? l)}</a>`).join(' ');
  return `<nav class="lang" aria-label="${esc(say('language', lang))}">${links}</nav>`;
}

/** Who runs the study and how to reach them, as the instrument declares it. */
export function aboutBlock(about: StudyAbout | undefined, lang: LanguageCode, fallback: LanguageCode): string {
  if (about === undefined) return '';
  const t = (x: LocalizedText): string => esc(pick(x, lang, fallback));
  const ethics = about.ethics === undefined ? '' : `<dt>${esc(say('ethics', lang))}</dt><dd>${esc(about.ethics)}</dd>`;
  return `<dl class="about"><dt>${esc(say('runBy', lang))}</dt><dd>${t(about.organisation)}</dd><dt>${esc(say('contact', lang))}</dt><dd>${esc(about.contact)}</dd>${ethics}</dl>`;
}
