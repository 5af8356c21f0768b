// What a respondent's unfinished path carries, sealed into their own form or address and nowhere else.

import type { TextKey } from '../collect/messages.ts';
import type { FormFields } from '../collect/parse-form.ts';
import { openFormState, sealFormState } from '../crypto/form-state.ts';
import type { Result } from '../core/result.ts';
import { err, ok } from '../core/result.ts';
import type { UnlinkedReason } from '../instrument/model.ts';
import type { Answers } from '../instrument/relevance.ts';
import { nodeFormCipher } from './form-cipher.ts';
import { formKeyIdOf, type FormKeyRing } from './form-key-ring.ts';
import type { StudyRuntime } from './study-runtime.ts';

/** Everything about an unfinished path. */
export interface FlowState {
  readonly v: 1;
  /** Random 128-bit response id, fixed at the start: a resubmitted final page is stored once. */
  readonly rid: string;
  readonly coupon: string | null;
  /** The coupons this respondent will receive, fixed at the start so a resubmission shows the same ones. */
  readonly give: readonly string[];
  readonly lang: string;
  readonly page: number;
  readonly answers: Answers;
  /**
   * Minute the path began: only the band of (end − start) is ever sealed into the response. Absent in
   * forms sealed before completion times existed (still in a respondent's hands during an upgrade).
   */
  readonly t0?: number;
  /** The coupon can no longer be redeemed (someone else did, or it expired): the response will be kept unlinked. */
  readonly unlinked?: UnlinkedReason;
  /** This page's fields as last sent, when the page is shown again (error, language switch, a cancelled stop). */
  readonly draft?: FormFields;
  /** Random seed of this respondent's order of shuffled choice lists; lives only in the sealed state, never stored. */
  readonly ord?: string;
  /** Spaces that bring the sealed state to the page's one size (src/server/page-size.ts). */
  readonly pad?: string;
}

/** What the address of a questionnaire page shows (Post/Redirect/Get: every POST answers with a redirect to one of these). */
export interface PageLink {
  readonly flow: FlowState;
  readonly view: 'page' | 'withdraw';
  /** Show the problems in the draft (after "next"), or only the draft itself (after a language switch). */
  readonly check: boolean;
  readonly notice?: TextKey;
}

/** What the thank-you address shows. */
export interface ThanksLink {
  readonly give: readonly string[];
  readonly lang: string;
  readonly unlinked: boolean;
}

/** A typed coupon that was refused, shown again on the entry page. */
export interface EntryProblemLink {
  readonly problem: TextKey;
  readonly typed: string;
}

type Purpose = 'entry' | 'path' | 'page' | 'thanks' | 'entry-problem';

/** The authenticated context: study, version and purpose, so no sealed token is taken for another kind. */
const context = (s: StudyRuntime, purpose: Purpose): string => `${s.instrument.study}/${s.instrument.version}/${purpose}`;
export const minutes = (d: Date): number => Math.floor(d.getTime() / 60_000);

export type OpenProblem = 'expired' | 'invalid';

export async function sealFor(keys: FormKeyRing, study: StudyRuntime, purpose: Purpose, value: unknown, now: Date): Promise<string> {
  const m = minutes(now);
  return sealFormState(await keys.current(m), context(study, purpose), value, m, nodeFormCipher);
}

export async function openFor<T>(keys: FormKeyRing, study: StudyRuntime, purpose: Purpose, token: string, now: Date, check: (x: unknown) => x is T): Promise<Result<T, OpenProblem>> {
  const m = minutes(now);
  const opened = await openFormState(await keys.live(m, formKeyIdOf(token)), context(study, purpose), token, m, study.settings.maxFormAgeMinutes, nodeFormCipher);
  if (!opened.ok) return err(opened.error === 'expired' || opened.error === 'unknown-key' ? 'expired' : 'invalid');
  return check(opened.value) ? ok(opened.value) : err('invalid');
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/** A sealed state we made ourselves; still checked, because a bug here must not become a 500 for a respondent. */
export function isFlowState(x: unknown): x is FlowState {
  if (!isObject(x)) return false;
  return x['v'] === 1 && typeof x['rid'] === 'string' && typeof x['lang'] === 'string' && typeof x['page'] === 'number' && (x['t0'] === undefined || typeof x['t0'] === 'number') && Array.isArray(x['give']) && isObject(x['answers']);
}
export const isPageLink = (x: unknown): x is PageLink => isObject(x) && isFlowState(x['flow']) && (x['view'] === 'page' || x['view'] === 'withdraw') && typeof x['check'] === 'boolean';
export const isThanksLink = (x: unknown): x is ThanksLink => isObject(x) && Array.isArray(x['give']) && typeof x['lang'] === 'string' && typeof x['unlinked'] === 'boolean';
export const isEntryProblemLink = (x: unknown): x is EntryProblemLink => isObject(x) && typeof x['problem'] === 'string' && typeof x['typed'] === 'string';

/** Only the fields that carry answers: the draft stays small and never holds the state or the button pressed. */
export const answerFieldsOf = (fields: FormFields): FormFields => fields.filter(([name]) => name.startsWith('q_') || name.startsWith('m_'));
