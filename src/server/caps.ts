// Fieldwork caps on the server: the survey closes to new paths at max_responses; no coupons past max_wave or max_chain_size.
// Paths already started always finish and are stored: a cap never costs an answer someone gave.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderClosed } from '../collect/render-closed.ts';
import { mayRecruit, placeInTree } from '../sampling/cap-progress.ts';
import { hashCouponCode } from '../store/hash.ts';
import type { Store } from '../store/store.ts';
import { decodeForm, discardBody, readBody, send } from './http-io.ts';
import { base, languageOf } from './respondent-views.ts';
import type { RespondentDeps } from './respondent.ts';
import type { StudyRuntime } from './study-runtime.ts';

/**
 * How many new-path requests a count of stored responses answers before the store is counted again. An instance
 * forgets its count whenever it stores a response, so it closes at once; another instance of the same deployment
 * within this many requests. Requests, not seconds: no clock is read, so nothing here dates a visitor.
 */
export const COUNT_REUSES = 20;

interface Tally {
  readonly total: number;
  /** New-path requests answered from this count so far. */
  uses: number;
}

const tallies = new WeakMap<Store, Map<string, Tally>>();

function talliesOf(store: Store): Map<string, Tally> {
  let byStudy = tallies.get(store);
  if (byStudy === undefined) {
    byStudy = new Map();
    tallies.set(store, byStudy);
  }
  return byStudy;
}

/** Whether `study` has stored max_responses responses. A store that cannot count leaves the survey open. */
export async function surveyClosed(store: Store, study: StudyRuntime): Promise<boolean> {
  const max = study.settings.caps.maxResponses;
  if (max === undefined) return false;
  const id = study.instrument.study;
  const byStudy = talliesOf(store);
  const known = byStudy.get(id);
  // Responses are never removed, so a closed survey stays closed without asking again.
  if (known !== undefined && (known.total >= max || known.uses < COUNT_REUSES)) {
    known.uses += 1;
    return known.total >= max;
  }
  const counts = await store.counts(id);
  if (!counts.ok) return false;
  byStudy.set(id, { total: counts.value.responsesTotal, uses: 0 });
  return counts.value.responsesTotal >= max;
}

type StudyHandler = (deps: RespondentDeps, study: StudyRuntime, req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** A route that begins a new path: once the survey is closed it shows the closed page instead (status 200, nothing kept). */
export function unlessClosed(handler: StudyHandler): StudyHandler {
  return async (deps, study, req, res) => {
    if (!(await surveyClosed(deps.store, study))) return handler(deps, study, req, res);
    let wanted = new URL(req.url ?? '/', 'http://localhost').searchParams.get('lang');
    if (req.method === 'POST') {
      const body = await readBody(req);
      if (body.ok) {
        const form = decodeForm(req, body.body);
        wanted = (form.ok ? form.fields.find(([n]) => n === 'lang')?.[1] : undefined) ?? wanted;
      }
    } else await discardBody(req);
    send(res, 200, renderClosed(study.instrument, languageOf(study, wanted), base(study), study.synthetic));
  };
}

/**
 * Called once a response is stored (its recruitment link with it): forgets the response count, and returns the coupons
 * the respondent may pass on. Past max_wave or max_chain_size — or when the tree cannot be read to tell — the coupons
 * stored with the response are withdrawn and none is shown. The tree is read only when a recruitment cap is set.
 */
export async function afterStored(store: Store, study: StudyRuntime, responseId: string, give: readonly string[]): Promise<readonly string[]> {
  const id = study.instrument.study;
  talliesOf(store).delete(id);
  const caps = study.settings.caps;
  if (give.length === 0 || (caps.maxWave === undefined && caps.maxChainSize === undefined)) return give;
  const tree = await store.recruitmentEdges(id);
  if (tree.ok && mayRecruit(placeInTree(tree.value, responseId), caps)) return give;
  // Withdrawn one by one: 'below' an unredeemed coupon is that coupon alone. A failure leaves a code nobody was shown.
  for (const c of give) await store.revokeCoupons(id, { kind: 'below', coupon: hashCouponCode(c) });
  return [];
}
