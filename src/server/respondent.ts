// The respondent's POSTs: entry with a coupon, one POST per page, sealing and storing once at the end.
// Every POST that moves the respondent answers with a redirect (Post/Redirect/Get), so Back and Reload never resend a form.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { completeResponse, startPath, step, visibleItems, type PathState } from '../collect/path.ts';
import { parsePage, type FormFields } from '../collect/parse-form.ts';
import type { TextKey } from '../collect/messages.ts';
import { randomBytes, seal } from '../crypto/index.ts';
import { completionBand } from '../instrument/completion-time.ts';
import type { UnlinkedReason } from '../instrument/model.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, parseCoupon } from '../sampling/coupon.ts';
import { hashCouponCode } from '../store/hash.ts';
import { periodOf } from '../store/period.ts';
import type { Store } from '../store/store.ts';
import { afterStored } from './caps.ts';
import type { FormKeyRing } from './form-key-ring.ts';
import { answerFieldsOf, isFlowState, minutes, openFor, type FlowState } from './flow-state.ts';
import { decodeForm, readBody, redirect } from './http-io.ts';
import { base, goToEntryProblem, goToPage, goToThanks, languageOf, message, showPageLink } from './respondent-views.ts';
import type { StudyRuntime } from './study-runtime.ts';

export { entryPage } from './respondent-views.ts';

export interface RespondentDeps {
  readonly studies: ReadonlyMap<string, StudyRuntime>;
  readonly store: Store;
  readonly keys: FormKeyRing;
  /** Injected so tests can move time; only ever read coarsely (minutes, periods). */
  readonly now: () => Date;
  /** Told after each stored response (the reshuffle scheduler hides arrival order). */
  readonly onStored?: () => void;
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

async function readForm(req: IncomingMessage, res: ServerResponse, study: StudyRuntime, lang: string): Promise<FormFields | undefined> {
  const body = await readBody(req);
  if (!body.ok) {
    message(res, study, lang, 413, 'tooLarge');
    return undefined;
  }
  const form = decodeForm(req, body.body);
  if (!form.ok) {
    message(res, study, lang, form.problem === 'too-large' ? 413 : 400, form.problem === 'too-large' ? 'tooLarge' : 'badRequest');
    return undefined;
  }
  return form.fields;
}

const field = (fields: FormFields, name: string): string | undefined => fields.find(([n]) => n === name)?.[1];
const isEntry = (x: unknown): x is { entry: true } => typeof x === 'object' && x !== null && (x as Record<string, unknown>)['entry'] === true;
const unlinkedReason = (state: 'used' | 'expired' | 'unknown'): UnlinkedReason => (state === 'used' ? 'coupon-used' : state === 'expired' ? 'coupon-expired' : 'coupon-unknown');

export async function startPost(deps: RespondentDeps, study: StudyRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const fields = await readForm(req, res, study, study.instrument.languages[0]);
  if (fields === undefined) return;
  const lang = languageOf(study, field(fields, 'lang'));
  const opened = await openFor(deps.keys, study, 'entry', field(fields, 'token') ?? '', deps.now(), isEntry);
  if (!opened.ok) {
    message(res, study, lang, 400, opened.error === 'expired' ? 'formExpired' : 'formInvalid');
    return;
  }
  const typed = field(fields, 'coupon') ?? '';
  let coupon: string | null = null;
  if (!study.settings.entryWithoutCoupon || typed.trim() !== '') {
    const parsed = parseCoupon(typed);
    if (!parsed.ok) return goToEntryProblem(deps, study, lang, 'couponMalformed', typed, res);
    const state = await deps.store.couponState(study.instrument.study, hashCouponCode(parsed.value), periodOf(deps.now(), study.settings.period));
    if (!state.ok) {
      message(res, study, lang, 503, 'busy', false);
      return;
    }
    if (state.value !== 'usable') {
      // One page whether unknown, used, revoked or expired: holding a code must not tell whether its owner took part.
      return goToEntryProblem(deps, study, lang, 'couponUnusable', typed, res);
    }
    coupon = parsed.value;
  }
  const give = Array.from({ length: study.settings.couponsPerRespondent }, () => couponFromRandom(randomBytes(COUPON_RANDOM_BYTES)));
  const path = startPath(study.instrument);
  const flow: FlowState = { v: 1, rid: hex(randomBytes(16)), coupon, give, lang, page: path.status === 'answering' ? path.page : 0, answers: {}, t0: minutes(deps.now()), ord: hex(randomBytes(8)) };
  await goToPage(deps, study, { flow, view: 'page', check: false }, res);
}

/** The last period the coupons handed out now may be redeemed in, when the study sets `coupon_valid_days`. */
function couponExpiry(study: StudyRuntime, now: Date): { issueExpiry?: string } {
  const days = study.settings.couponValidDays;
  return days === undefined ? {} : { issueExpiry: periodOf(new Date(now.getTime() + days * 86_400_000), study.settings.period) };
}

export async function pagePost(deps: RespondentDeps, study: StudyRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const fields = await readForm(req, res, study, study.instrument.languages[0]);
  if (fields === undefined) return;
  const opened = await openFor(deps.keys, study, 'path', field(fields, 'state') ?? '', deps.now(), isFlowState);
  if (!opened.ok || study.instrument.sections[opened.value.page] === undefined) {
    message(res, study, study.instrument.languages[0], 400, !opened.ok && opened.error === 'expired' ? 'formExpired' : 'formInvalid');
    return;
  }
  const { draft: heldDraft, ...flow } = opened.value;
  const nav = field(fields, 'nav') ?? 'next';
  const draft = answerFieldsOf(fields);
  switch (nav) {
    case 'withdraw':
      return goToPage(deps, study, { flow: { ...flow, draft }, view: 'withdraw', check: false }, res);
    case 'withdraw-confirm':
      // Nothing was ever stored; forgetting the form is all there is to do.
      redirect(res, `${base(study)}/stopped?lang=${flow.lang}`);
      return;
    case 'withdraw-cancel':
      return goToPage(deps, study, { flow: heldDraft === undefined ? flow : { ...flow, draft: heldDraft }, view: 'page', check: false }, res);
  }
  if (nav.startsWith('lang:')) return goToPage(deps, study, { flow: { ...flow, lang: languageOf(study, nav.slice(5)), draft }, view: 'page', check: false }, res);

  const state: PathState = { status: 'answering', page: flow.page, answers: flow.answers };
  const parsed = parsePage(visibleItems(study.instrument, state), fields, flow.lang);
  if (Object.keys(parsed.errors).length > 0) return goToPage(deps, study, { flow: { ...flow, draft }, view: 'page', check: true }, res);

  // Someone else may have finished with the same coupon since this path began: say so now, not after the last page.
  const recheck = await recheckCoupon(deps, study, flow);
  const next = step(study.instrument, state, { type: nav === 'back' ? 'back' : 'next', pageAnswers: parsed.answers });
  if (next.status === 'answering') {
    const notice: TextKey | undefined = recheck.unlinked !== undefined && flow.unlinked === undefined ? 'unlinkedNotice' : undefined;
    return goToPage(deps, study, { flow: { ...recheck, page: next.page, answers: next.answers }, view: 'page', check: false, ...(notice === undefined ? {} : { notice }) }, res);
  }
  if (next.status === 'withdrawn') return;
  await finish(deps, study, recheck, next, res);
}

async function recheckCoupon(deps: RespondentDeps, study: StudyRuntime, flow: FlowState): Promise<FlowState> {
  if (flow.coupon === null || flow.unlinked !== undefined) return flow;
  const state = await deps.store.couponState(study.instrument.study, hashCouponCode(flow.coupon), periodOf(deps.now(), study.settings.period));
  // A failed check changes nothing: the final submit checks again, atomically.
  if (!state.ok || state.value === 'usable') return flow;
  return { ...flow, unlinked: unlinkedReason(state.value) };
}

/**
 * Seals and stores. A coupon that cannot be redeemed at the end (the same-code race, or expiry during the
 * path) never drops the answers: the response is kept without the recruiter link, marked `unlinked` inside
 * the sealed response, and the respondent is told so. The recruitment tree loses one edge; no answer is lost.
 */
async function finish(deps: RespondentDeps, study: StudyRuntime, flow: FlowState, done: PathState & { status: 'finished' }, res: ServerResponse): Promise<void> {
  const band = flow.t0 === undefined ? undefined : completionBand(minutes(deps.now()) - flow.t0).code;
  const attempt = async (unlinked: UnlinkedReason | undefined) => {
    const response = { ...completeResponse(study.instrument, done, flow.lang), collection: { ...(band === undefined ? {} : { completionBand: band }), ...(unlinked === undefined ? {} : { unlinked }) } };
    const sealed = await seal(study.recipient, response, study.sealedPlainSize);
    if (!sealed.ok) throw new Error(`sealing failed: ${sealed.error.code}`);
    return deps.store.submit(study.instrument.study, {
      responseId: flow.rid,
      period: periodOf(deps.now(), study.settings.period),
      status: 'complete',
      sealed: sealed.value,
      ...(flow.coupon === null || unlinked !== undefined ? {} : { redeemCouponHash: hashCouponCode(flow.coupon) }),
      issueCouponHashes: flow.give.map((c) => hashCouponCode(c)),
      ...couponExpiry(study, deps.now()),
    });
  };
  let unlinked = flow.unlinked;
  let stored = await attempt(unlinked);
  if (!stored.ok && (stored.error.kind === 'coupon-used' || stored.error.kind === 'coupon-expired' || stored.error.kind === 'coupon-unknown')) {
    unlinked = stored.error.kind;
    stored = await attempt(unlinked);
  }
  if (!stored.ok) {
    // Not stored: show the last page again, answers intact, so "send" can simply be pressed again.
    await showPageLink(deps, study, { flow: { ...flow, answers: done.answers }, view: 'page', check: false }, res, 503, 'storeFailed');
    return;
  }
  if (stored.value.kind === 'stored') deps.onStored?.();
  await goToThanks(deps, study, { give: await afterStored(deps.store, study, flow.rid, flow.give), lang: flow.lang, unlinked: unlinked !== undefined }, res);
}
