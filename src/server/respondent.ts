// The respondent's routes: entry with a coupon, one POST per page, sealing and storing once at the end.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { completeResponse, startPath, step, visibleItems, type PathState } from '../collect/path.ts';
import { parsePage, type FormFields } from '../collect/parse-form.ts';
import { renderPage } from '../collect/render-page.ts';
import { renderEntry, renderMessage, renderThanks } from '../collect/render-simple.ts';
import type { TextKey } from '../collect/messages.ts';
import { pick } from '../core/text.ts';
import { randomBytes, seal } from '../crypto/index.ts';
import { openFormState, sealFormState } from '../crypto/form-state.ts';
import { resolveRelevance, type Answers } from '../instrument/relevance.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon, parseCoupon } from '../sampling/coupon.ts';
import { hashCouponCode } from '../store/hash.ts';
import { periodOf } from '../store/period.ts';
import type { Store } from '../store/store.ts';
import type { FormKeyRing } from './form-key-ring.ts';
import { decodeForm, readBody, send } from './http-io.ts';
import { padState } from './page-size.ts';
import type { StudyRuntime } from './study-runtime.ts';

export interface RespondentDeps {
  readonly studies: ReadonlyMap<string, StudyRuntime>;
  readonly store: Store;
  readonly keys: FormKeyRing;
  /** Injected so tests can move time; only ever read coarsely (minutes, periods). */
  readonly now: () => Date;
  /** Told after each stored response (the reshuffle scheduler hides arrival order). */
  readonly onStored?: () => void;
}

/** Everything about an unfinished path, sealed into the respondent's form and nowhere else. */
interface FlowState {
  readonly v: 1;
  /** Random 128-bit response id, fixed at the start: a resubmitted final page is stored once. */
  readonly rid: string;
  readonly coupon: string | null;
  /** The coupons this respondent will receive, fixed at the start so a resubmission shows the same ones. */
  readonly give: readonly string[];
  readonly lang: string;
  readonly page: number;
  readonly answers: Answers;
  /** Random seed of this respondent's order of shuffled choice lists; lives only in the form, never stored. */
  readonly ord?: string;
}

const minutes = (d: Date): number => Math.floor(d.getTime() / 60_000);
/** Room in a padded form state for everything but the answers: id, coupons (up to 20 of ≤ 40 bytes), language, page. */
const STATE_RESERVE = 1200;
/** The authenticated context of a sealed form: study, version and purpose, so an entry token is never taken for a path. */
const context = (s: StudyRuntime, purpose: 'entry' | 'path'): string => `${s.instrument.study}/${s.instrument.version}/${purpose}`;

/** A sealed state we made ourselves; still checked, because a bug here must not become a 500 for a respondent. */
function isFlowState(x: unknown): x is FlowState {
  if (typeof x !== 'object' || x === null) return false;
  const f = x as Record<string, unknown>;
  return f['v'] === 1 && typeof f['rid'] === 'string' && typeof f['lang'] === 'string' && typeof f['page'] === 'number' && Array.isArray(f['give']) && typeof f['answers'] === 'object' && f['answers'] !== null;
}
const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function languageOf(study: StudyRuntime, wanted: string | undefined): string {
  return wanted !== undefined && study.instrument.languages.includes(wanted) ? wanted : study.instrument.languages[0];
}

function message(res: ServerResponse, study: StudyRuntime | undefined, lang: string, status: number, key: TextKey, restart = true): void {
  const title = study ? pick(study.instrument.title, lang) : 'portas';
  send(res, status, renderMessage(lang, title, key, restart && study ? `/s/${study.instrument.study}` : undefined));
}

export async function entryPage(deps: RespondentDeps, study: StudyRuntime, lang: string, res: ServerResponse, problem?: TextKey, typed?: string, status = 200): Promise<void> {
  const key = await deps.keys.current(minutes(deps.now()));
  const token = await sealFormState(key, context(study, 'entry'), { entry: true }, minutes(deps.now()));
  const html = renderEntry({
    instrument: study.instrument,
    lang,
    action: `/s/${study.instrument.study}/start`,
    hidden: { token },
    needsCoupon: !study.settings.entryWithoutCoupon,
    ...(problem ? { problem } : {}),
    ...(typed === undefined ? {} : { typedCoupon: typed }),
  });
  send(res, status, html);
}

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

export async function startPost(deps: RespondentDeps, study: StudyRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const fields = await readForm(req, res, study, study.instrument.languages[0]);
  if (fields === undefined) return;
  const now = minutes(deps.now());
  const lang = languageOf(study, field(fields, 'switch') ?? field(fields, 'lang'));
  const opened = await openFormState(deps.keys.live(now), context(study, 'entry'), field(fields, 'token') ?? '', now, study.settings.maxFormAgeMinutes);
  if (!opened.ok) {
    message(res, study, lang, 400, opened.error === 'expired' || opened.error === 'unknown-key' ? 'formExpired' : 'formInvalid');
    return;
  }
  const typed = field(fields, 'coupon') ?? '';
  if (field(fields, 'switch') !== undefined) {
    await entryPage(deps, study, lang, res, undefined, typed);
    return;
  }
  let coupon: string | null = null;
  if (!study.settings.entryWithoutCoupon || typed.trim() !== '') {
    const parsed = parseCoupon(typed);
    if (!parsed.ok) {
      await entryPage(deps, study, lang, res, 'couponMalformed', typed, 400);
      return;
    }
    const state = await deps.store.couponState(study.instrument.study, hashCouponCode(parsed.value), periodOf(deps.now(), study.settings.period));
    if (!state.ok) {
      message(res, study, lang, 503, 'busy', false);
      return;
    }
    if (state.value !== 'usable') {
      // One page whether unknown, used, revoked or expired: holding a code must not tell whether its owner took part.
      await entryPage(deps, study, lang, res, 'couponUnusable', typed, 400);
      return;
    }
    coupon = parsed.value;
  }
  const give = Array.from({ length: study.settings.couponsPerRespondent }, () => couponFromRandom(randomBytes(COUPON_RANDOM_BYTES)));
  const path = startPath(study.instrument);
  const flow: FlowState = { v: 1, rid: hex(randomBytes(16)), coupon, give, lang, page: path.status === 'answering' ? path.page : 0, answers: {}, ord: hex(randomBytes(8)) };
  await showPage(deps, study, flow, {}, res, 200);
}

async function showPage(deps: RespondentDeps, study: StudyRuntime, flow: FlowState, errors: Readonly<Record<string, string>>, res: ServerResponse, status: number, notice?: TextKey): Promise<void> {
  const now = minutes(deps.now());
  const key = await deps.keys.current(now);
  const state: PathState = { status: 'answering', page: flow.page, answers: flow.answers };
  const { relevantSections } = resolveRelevance(study.instrument, flow.answers);
  const shown = relevantSections.map((r, i) => (r ? i : -1)).filter((i) => i >= 0);
  const n = shown.filter((i) => i <= flow.page).length;
  const html = renderPage({
    instrument: study.instrument,
    lang: flow.lang,
    page: flow.page,
    position: { n, total: shown.length },
    items: visibleItems(study.instrument, state),
    answers: flow.answers,
    errors,
    action: `/s/${study.instrument.study}/page`,
    hidden: { state: await sealFormState(key, context(study, 'path'), padState(study.instrument, STATE_RESERVE, flow), now) },
    isFirst: shown[0] === flow.page,
    isLast: shown.at(-1) === flow.page,
    synthetic: study.synthetic,
    ...(typeof flow.ord === 'string' ? { orderSeed: flow.ord } : {}),
    ...(notice === undefined ? {} : { notice }),
  });
  send(res, status, html);
}

/** The last period the coupons handed out now may be redeemed in, when the study sets `coupon_valid_days`. */
function couponExpiry(study: StudyRuntime, now: Date): { issueExpiry?: string } {
  const days = study.settings.couponValidDays;
  return days === undefined ? {} : { issueExpiry: periodOf(new Date(now.getTime() + days * 86_400_000), study.settings.period) };
}

export async function pagePost(deps: RespondentDeps, study: StudyRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const fields = await readForm(req, res, study, study.instrument.languages[0]);
  if (fields === undefined) return;
  const now = minutes(deps.now());
  const opened = await openFormState(deps.keys.live(now), context(study, 'path'), field(fields, 'state') ?? '', now, study.settings.maxFormAgeMinutes);
  if (!opened.ok || !isFlowState(opened.value) || study.instrument.sections[opened.value.page] === undefined) {
    const expired = !opened.ok && (opened.error === 'expired' || opened.error === 'unknown-key');
    message(res, study, study.instrument.languages[0], 400, expired ? 'formExpired' : 'formInvalid');
    return;
  }
  const flow = opened.value;
  const nav = field(fields, 'nav') ?? 'next';
  if (nav === 'withdraw') {
    // Nothing was ever stored; forgetting the form is all there is to do.
    message(res, study, flow.lang, 200, 'withdrawn', false);
    return;
  }
  const state: PathState = { status: 'answering', page: flow.page, answers: flow.answers };
  const items = visibleItems(study.instrument, state);
  const parsed = parsePage(items, fields, flow.lang);
  if (nav.startsWith('lang:')) {
    const lang = languageOf(study, nav.slice(5));
    const relabelled = parsePage(items, fields, lang);
    await showPage(deps, study, { ...flow, lang, answers: { ...flow.answers, ...relabelled.answers } }, relabelled.errors, res, 200);
    return;
  }
  if (Object.keys(parsed.errors).length > 0) {
    await showPage(deps, study, { ...flow, answers: mergePage(study, flow, parsed.answers) }, parsed.errors, res, 400);
    return;
  }
  const next = step(study.instrument, state, { type: nav === 'back' ? 'back' : 'next', pageAnswers: parsed.answers });
  if (next.status === 'answering') {
    await showPage(deps, study, { ...flow, page: next.page, answers: next.answers }, {}, res, 200);
    return;
  }
  if (next.status === 'withdrawn') return;
  await finish(deps, study, flow, next, res);
}

/** This page's submitted answers in place of what the flow held for it (used when re-showing a page). */
function mergePage(study: StudyRuntime, flow: FlowState, pageAnswers: Answers): Answers {
  const onPage = new Set(study.instrument.sections[flow.page]?.items.map((i) => i.name) ?? []);
  const kept = Object.fromEntries(Object.entries(flow.answers).filter(([n]) => !onPage.has(n)));
  return { ...kept, ...pageAnswers };
}

async function finish(deps: RespondentDeps, study: StudyRuntime, flow: FlowState, done: PathState & { status: 'finished' }, res: ServerResponse): Promise<void> {
  const response = completeResponse(study.instrument, done, flow.lang);
  const sealed = await seal(study.recipient, response, study.sealedPlainSize);
  if (!sealed.ok) throw new Error(`sealing failed: ${sealed.error.code}`);
  const stored = await deps.store.submit(study.instrument.study, {
    responseId: flow.rid,
    period: periodOf(deps.now(), study.settings.period),
    status: 'complete',
    sealed: sealed.value,
    ...(flow.coupon === null ? {} : { redeemCouponHash: hashCouponCode(flow.coupon) }),
    issueCouponHashes: flow.give.map((c) => hashCouponCode(c)),
    ...couponExpiry(study, deps.now()),
  });
  if (!stored.ok) {
    const e = stored.error;
    if (e.kind === 'coupon-used' || e.kind === 'coupon-unknown' || e.kind === 'coupon-expired') {
      message(res, study, flow.lang, 409, 'couponUnusable');
      return;
    }
    // Not stored: show the last page again, answers intact, so "send" can simply be pressed again.
    await showPage(deps, study, { ...flow, answers: done.answers }, {}, res, 503, 'storeFailed');
    return;
  }
  if (stored.value.kind === 'stored') deps.onStored?.();
  send(res, 200, renderThanks(study.instrument, flow.lang, flow.give.map((c) => formatCoupon(c as Parameters<typeof formatCoupon>[0]))));
}
