// The researcher API: sealed records for `portas pull`, counts and the recruitment tree — never an opened answer.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { hashToken } from '../store/hash.ts';
import type { ReshuffleHealth } from '../store/reshuffle-scheduler.ts';
import type { Store } from '../store/store.ts';
import { send } from './http-io.ts';
import { monitorFigures } from '../sampling/monitor-figures.ts';
import { periodDays } from '../store/period.ts';

const json = (res: ServerResponse, status: number, value: unknown): void => {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
};

const MAX_PAGE = 1000;

/** What the researcher API answers, after /api/v1/studies/:study/. */
export const RESEARCHER_API_PATHS: readonly string[] = ['sealed', 'counts', 'tree', 'monitor'];

const DAY_MS = 86_400_000;

/** The fieldwork monitor: aggregates only (src/sampling/monitor-figures.ts), from three snapshots of the store. */
async function monitor(store: Store, study: string, res: ServerResponse, now: Date): Promise<void> {
  const [counts, tree, outstanding] = [await store.counts(study), await store.recruitmentEdges(study), await store.outstandingCoupons(study)];
  for (const r of [counts, tree, outstanding]) {
    if (!r.ok) {
      json(res, 503, { error: `api.${r.error.kind}`, message: r.error.message });
      return;
    }
  }
  if (!counts.ok || !tree.ok || !outstanding.ok) return;
  json(res, 200, monitorFigures(counts.value, tree.value, outstanding.value, Math.floor(now.getTime() / DAY_MS), periodDays));
}

/** Handles GET /api/v1/studies/:study/{sealed|counts|tree|monitor}; the bearer token must belong to the study. */
export async function researcherApi(store: Store, study: string, what: string, req: IncomingMessage, res: ServerResponse, reshuffleHealth?: () => ReshuffleHealth, now: () => Date = () => new Date()): Promise<void> {
  const auth = req.headers.authorization ?? '';
  const token = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(auth)?.[1];
  if (token === undefined) {
    json(res, 401, { error: 'api.unauthorised', message: 'send Authorization: Bearer <token> (portas token add)' });
    return;
  }
  const allowed = await store.checkToken(study, hashToken(token));
  if (!allowed.ok) {
    json(res, 503, { error: 'api.store-unavailable', message: allowed.error.message });
    return;
  }
  if (!allowed.value) {
    json(res, 403, { error: 'api.forbidden', message: 'this token does not belong to this study' });
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (what === 'sealed') {
    const limit = Math.min(MAX_PAGE, Math.max(1, Number(url.searchParams.get('limit') ?? '200') || 200));
    const after = url.searchParams.get('after') ?? undefined;
    const page = await store.pullSealed(study, { limit, ...(after === undefined ? {} : { after }) });
    if (!page.ok) {
      json(res, page.error.kind === 'invalid' ? 400 : 503, { error: `api.${page.error.kind}`, message: page.error.message });
      return;
    }
    json(res, 200, {
      records: page.value.records.map((r) => ({ responseId: r.responseId, period: r.period, status: r.status, sealed: Buffer.from(r.sealed).toString('base64') })),
      ...(page.value.next === undefined ? {} : { next: page.value.next }),
    });
    return;
  }
  if (what === 'monitor') {
    await monitor(store, study, res, now());
    return;
  }
  const result = what === 'counts' ? await store.counts(study) : await store.recruitmentEdges(study);
  if (!result.ok) {
    json(res, 503, { error: `api.${result.error.kind}`, message: result.error.message });
    return;
  }
  // The counts also say whether the storage promise holds right now: rows in arrival order, a reshuffle overdue.
  json(res, 200, what === 'counts' && reshuffleHealth !== undefined ? { ...result.value, reshuffle: reshuffleHealth() } : result.value);
}
