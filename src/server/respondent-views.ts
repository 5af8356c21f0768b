// The respondent's GET pages: entry, a questionnaire page or the stop question by its sealed address, thanks, codes as text.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TextKey } from '../collect/messages.ts';
import { parsePage } from '../collect/parse-form.ts';
import { visibleItems, type PathState } from '../collect/path.ts';
import { renderPage, type PageView } from '../collect/render-page.ts';
import { renderEntry, renderMessage, renderWithdraw } from '../collect/render-simple.ts';
import { renderThanks, thanksText, type SurveyAddresses } from '../collect/render-thanks.ts';
import { pick } from '../core/text.ts';
import { resolveRelevance } from '../instrument/relevance.ts';
import { formatCoupon } from '../sampling/coupon.ts';
import { isEntryProblemLink, isPageLink, isThanksLink, openFor, sealFor, type PageLink, type ThanksLink } from './flow-state.ts';
import { redirect, send } from './http-io.ts';
import { floorAnswers, padState } from './page-size.ts';
import type { RespondentDeps } from './respondent.ts';
import type { StudyRuntime } from './study-runtime.ts';

/**
 * A sealed page address longer than this is not used for a redirect: the page is sent in answer to the
 * POST instead (Back then asks to resend, but nothing is lost). The padded state of the flagship makes an
 * address of about 11 KiB; this leaves room for a browser's other headers within Node's default 16 KiB head.
 */
const MAX_REDIRECT_URL = 12 * 1024;

/** The request head the server accepts: Node's default, which holds the longest redirect address with room to spare. */
export const MAX_REQUEST_HEAD = 16 * 1024;

export const base = (study: StudyRuntime): string => `/s/${study.instrument.study}`;

export function languageOf(study: StudyRuntime, wanted: string | null | undefined): string {
  return wanted !== undefined && wanted !== null && study.instrument.languages.includes(wanted) ? wanted : study.instrument.languages[0];
}

export function message(res: ServerResponse, study: StudyRuntime | undefined, lang: string, status: number, key: TextKey, restart = true): void {
  const title = study ? pick(study.instrument.title, lang) : 'portas';
  send(res, status, renderMessage(lang, title, key, restart && study ? base(study) : undefined));
}

const query = (req: IncomingMessage): URLSearchParams => new URL(req.url ?? '/', 'http://localhost').searchParams;

export async function entryGet(deps: RespondentDeps, study: StudyRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const q = query(req);
  const lang = languageOf(study, q.get('lang'));
  const sealed = q.get('s');
  if (sealed === null) return entryPage(deps, study, lang, res);
  const opened = await openFor(deps.keys, study, 'entry-problem', sealed, deps.now(), isEntryProblemLink);
  // An old or damaged problem address is simply the entry page again.
  return opened.ok ? entryPage(deps, study, lang, res, opened.value.problem, opened.value.typed) : entryPage(deps, study, lang, res);
}

export async function entryPage(deps: RespondentDeps, study: StudyRuntime, lang: string, res: ServerResponse, problem?: TextKey, typed?: string): Promise<void> {
  const token = await sealFor(deps.keys, study, 'entry', { entry: true }, deps.now());
  const html = renderEntry({
    instrument: study.instrument,
    lang,
    action: `${base(study)}/start`,
    self: base(study),
    hidden: { token },
    needsCoupon: !study.settings.entryWithoutCoupon,
    synthetic: study.synthetic,
    ...(problem ? { problem } : {}),
    ...(typed === undefined ? {} : { typedCoupon: typed }),
  });
  send(res, 200, html);
}

/** Answers a POST with a redirect to the sealed address of `link` (or, if that would be too long, with the page itself). */
export async function goToPage(deps: RespondentDeps, study: StudyRuntime, link: PageLink, res: ServerResponse): Promise<void> {
  const padded: PageLink = { ...link, flow: padState(study.instrument, link.flow) };
  const url = `${base(study)}/page?s=${await sealFor(deps.keys, study, 'page', padded, deps.now())}`;
  if (url.length <= MAX_REDIRECT_URL) redirect(res, url);
  else await showPageLink(deps, study, link, res);
}

export async function pageGet(deps: RespondentDeps, study: StudyRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const opened = await openFor(deps.keys, study, 'page', query(req).get('s') ?? '', deps.now(), isPageLink);
  if (!opened.ok) {
    message(res, study, languageOf(study, query(req).get('lang')), opened.error === 'expired' ? 410 : 400, opened.error === 'expired' ? 'formExpired' : 'formInvalid');
    return;
  }
  await showPageLink(deps, study, opened.value, res);
}

/** Renders a questionnaire page (or the stop question) from what its address carries; no side effects. */
export async function showPageLink(deps: RespondentDeps, study: StudyRuntime, link: PageLink, res: ServerResponse, status = 200, notice?: TextKey): Promise<void> {
  const { flow } = link;
  if (study.instrument.sections[flow.page] === undefined) {
    message(res, study, flow.lang, 400, 'formInvalid');
    return;
  }
  if (link.view === 'withdraw') {
    const state = await sealFor(deps.keys, study, 'path', padState(study.instrument, flow), deps.now());
    send(res, status, renderWithdraw(study.instrument, flow.lang, `${base(study)}/page`, { state }));
    return;
  }
  const { draft, ...withoutDraft } = flow;
  const pathState: PathState = { status: 'answering', page: flow.page, answers: flow.answers };
  const items = visibleItems(study.instrument, pathState);
  const errors = draft !== undefined && link.check ? parsePage(items, draft, flow.lang).errors : {};
  const { relevantSections } = resolveRelevance(study.instrument, flow.answers);
  const shown = relevantSections.map((r, i) => (r ? i : -1)).filter((i) => i >= 0);
  const view: PageView = {
    instrument: study.instrument,
    lang: flow.lang,
    page: flow.page,
    position: { n: shown.filter((i) => i <= flow.page).length, total: shown.length },
    items,
    answers: flow.answers,
    ...(draft === undefined ? {} : { draft }),
    errors,
    action: `${base(study)}/page`,
    hidden: { state: await sealFor(deps.keys, study, 'path', padState(study.instrument, withoutDraft), deps.now()) },
    ...(typeof flow.ord === 'string' ? { orderSeed: flow.ord } : {}),
    isFirst: shown[0] === flow.page,
    isLast: shown.at(-1) === flow.page,
    synthetic: study.synthetic,
    ...((notice ?? link.notice) === undefined ? {} : { notice: notice ?? link.notice }),
  };
  // The floor: every item of the section shown, every text full (page-size.ts), so no answer moves the page's size.
  const all = study.instrument.sections[flow.page]?.items ?? [];
  const { draft: _shownAsSent, ...withoutSent } = view;
  const floor = renderPage({ ...withoutSent, items: all, answers: { ...flow.answers, ...floorAnswers(all) }, errors: {}, isFirst: false });
  send(res, status, renderPage(view), undefined, undefined, floor);
}

function addressesOf(study: StudyRuntime, req: IncomingMessage): SurveyAddresses {
  const { publicAddress, onionAddress } = study.settings;
  if (publicAddress !== undefined || onionAddress !== undefined) return { ...(publicAddress === undefined ? {} : { public: publicAddress }), ...(onionAddress === undefined ? {} : { onion: onionAddress }) };
  // Not configured: the address this respondent used (host and path, no scheme: a browser adds it).
  const host = req.headers.host ?? '';
  return /^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(host) ? { public: `${host}${base(study)}` } : {};
}

async function openThanks(deps: RespondentDeps, study: StudyRuntime, req: IncomingMessage, res: ServerResponse): Promise<{ link: ThanksLink; token: string } | undefined> {
  const token = query(req).get('s') ?? '';
  const opened = await openFor(deps.keys, study, 'thanks', token, deps.now(), isThanksLink);
  if (opened.ok) return { link: opened.value, token };
  message(res, study, languageOf(study, query(req).get('lang')), opened.error === 'expired' ? 410 : 400, opened.error === 'expired' ? 'formExpired' : 'formInvalid', false);
  return undefined;
}

const formatted = (give: readonly string[]): string[] => give.map((c) => formatCoupon(c as Parameters<typeof formatCoupon>[0]));

export async function thanksGet(deps: RespondentDeps, study: StudyRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const opened = await openThanks(deps, study, req, res);
  if (opened === undefined) return;
  const { link, token } = opened;
  const html = renderThanks({
    instrument: study.instrument,
    lang: languageOf(study, link.lang),
    coupons: formatted(link.give),
    addresses: addressesOf(study, req),
    textHref: `${base(study)}/codes?s=${token}`,
    unlinked: link.unlinked,
  });
  send(res, 200, html);
}

export async function codesGet(deps: RespondentDeps, study: StudyRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const opened = await openThanks(deps, study, req, res);
  if (opened === undefined) return;
  const text = thanksText({ lang: languageOf(study, opened.link.lang), coupons: formatted(opened.link.give), addresses: addressesOf(study, req) });
  send(res, 200, text, 'text/plain; charset=utf-8', { 'Content-Disposition': 'attachment; filename="codes.txt"' });
}

export function stoppedGet(study: StudyRuntime, req: IncomingMessage, res: ServerResponse): void {
  message(res, study, languageOf(study, query(req).get('lang')), 200, 'withdrawn', false);
}

export async function goToThanks(deps: RespondentDeps, study: StudyRuntime, link: ThanksLink, res: ServerResponse): Promise<void> {
  redirect(res, `${base(study)}/thanks?s=${await sealFor(deps.keys, study, 'thanks', link, deps.now())}`);
}

export async function goToEntryProblem(deps: RespondentDeps, study: StudyRuntime, lang: string, problem: TextKey, typed: string, res: ServerResponse): Promise<void> {
  redirect(res, `${base(study)}?lang=${lang}&s=${await sealFor(deps.keys, study, 'entry-problem', { problem, typed }, deps.now())}`);
}
