// The respondent's path through a questionnaire as a pure state machine: pages, next, back, withdraw, finish.

import { resolveRelevance, type Answers } from '../instrument/relevance.ts';
import { isQuestion, itemsOf, type Answer, type Instrument, type Item, type ItemValue, type Response } from '../instrument/model.ts';
import type { LanguageCode } from '../core/text.ts';

/**
 * Where a respondent is. There is deliberately no "partly saved" state: a path in progress lives
 * only in the respondent's own form; withdrawn holds nothing at all.
 */
export type PathState =
  | { readonly status: 'answering'; readonly page: number; readonly answers: Answers }
  | { readonly status: 'finished'; readonly answers: Answers }
  | { readonly status: 'withdrawn' };

/** What the respondent did on the current page: the answers on it (absent = skipped) and where to go. */
export type PathEvent =
  | { readonly type: 'next'; readonly pageAnswers: Answers }
  | { readonly type: 'back'; readonly pageAnswers: Answers }
  | { readonly type: 'withdraw' };

export function startPath(instrument: Instrument): PathState {
  const first = nextRelevantPage(instrument, {}, -1);
  return first === undefined ? { status: 'finished', answers: {} } : { status: 'answering', page: first, answers: {} };
}

/** The items shown on the current page: only relevant ones. Empty unless answering. */
export function visibleItems(instrument: Instrument, state: PathState): readonly Item[] {
  if (state.status !== 'answering') return [];
  const section = instrument.sections[state.page];
  if (section === undefined) return [];
  const { relevantItems } = resolveRelevance(instrument, state.answers);
  return section.items.filter((item) => relevantItems.has(item.name));
}

export function step(instrument: Instrument, state: PathState, event: PathEvent): PathState {
  if (event.type === 'withdraw') return { status: 'withdrawn' };
  if (state.status !== 'answering') return state;
  const section = instrument.sections[state.page];
  if (section === undefined) return state;

  // Replace this page's answers with what was submitted: an answer left out is a skip.
  const merged: Record<string, Answer> = {};
  const onPage = new Set(section.items.map((i) => i.name));
  for (const [name, answer] of Object.entries(state.answers)) if (!onPage.has(name)) merged[name] = answer;
  for (const [name, answer] of Object.entries(event.pageAnswers)) if (onPage.has(name)) merged[name] = answer;
  const { kept } = resolveRelevance(instrument, merged);

  if (event.type === 'back') {
    const previous = previousRelevantPage(instrument, kept, state.page);
    return { status: 'answering', page: previous ?? state.page, answers: kept };
  }
  const next = nextRelevantPage(instrument, kept, state.page);
  return next === undefined ? { status: 'finished', answers: kept } : { status: 'answering', page: next, answers: kept };
}

/** The sealed-to-be response: every question has a value — an answer, or why there is none. */
export function completeResponse(instrument: Instrument, state: PathState & { status: 'finished' }, language: LanguageCode): Response {
  const { relevantItems, kept } = resolveRelevance(instrument, state.answers);
  const values: Record<string, ItemValue> = {};
  for (const item of itemsOf(instrument)) {
    if (!isQuestion(item)) continue;
    const answer = kept[item.name];
    values[item.name] = answer ?? { kind: 'missing', missing: relevantItems.has(item.name) ? 'skipped' : 'not_applicable' };
  }
  return { study: instrument.study, instrumentVersion: instrument.version, language, values };
}

function nextRelevantPage(instrument: Instrument, answers: Answers, after: number): number | undefined {
  const { relevantSections } = resolveRelevance(instrument, answers);
  for (let p = after + 1; p < relevantSections.length; p++) if (relevantSections[p]) return p;
  return undefined;
}

function previousRelevantPage(instrument: Instrument, answers: Answers, before: number): number | undefined {
  const { relevantSections } = resolveRelevance(instrument, answers);
  for (let p = before - 1; p >= 0; p--) if (relevantSections[p]) return p;
  return undefined;
}
