// The HTTP app: routes for respondents and researchers on node:http, headers on every status, no state between requests.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderMessage } from '../collect/render-simple.ts';
import { unlessClosed } from './caps.ts';
import { discardBody, send } from './http-io.ts';
import { durationBucket, type RequestLog } from './request-log.ts';
import { RESEARCHER_API_PATHS, researcherApi } from './researcher-api.ts';
import { pagePost, startPost, type RespondentDeps } from './respondent.ts';
import { codesGet, entryGet, pageGet, stoppedGet, thanksGet } from './respondent-views.ts';
import type { StudyRuntime } from './study-runtime.ts';
import type { ReshuffleHealth } from '../store/reshuffle-scheduler.ts';

export interface AppDeps extends RespondentDeps {
  readonly log: RequestLog;
  /** Whether stored rows are still in arrival order or a reshuffle is overdue (shown with the counts). */
  readonly reshuffleHealth?: () => ReshuffleHealth;
  /** Where unexpected errors go (a bug report, never with request data). */
  readonly onBug: (error: unknown) => void;
}

type Handler = (deps: AppDeps, params: Readonly<Record<string, string>>, req: IncomingMessage, res: ServerResponse) => Promise<void>;

interface Route {
  readonly method: 'GET' | 'POST';
  readonly pattern: string;
  readonly regex: RegExp;
  readonly handler: Handler;
}

const route = (method: Route['method'], pattern: string, handler: Handler): Route => ({
  method,
  pattern,
  regex: new RegExp(`^${pattern.replace(/:(\w+)/g, '(?<$1>[a-z0-9][a-z0-9_-]{0,63})')}$`),
  handler,
});

async function studyOr404(deps: AppDeps, id: string | undefined, req: IncomingMessage, res: ServerResponse): Promise<StudyRuntime | undefined> {
  const study = id === undefined ? undefined : deps.studies.get(id);
  if (study === undefined) {
    await discardBody(req);
    send(res, 404, renderMessage('en', 'portas', 'notFound'));
  }
  return study;
}

/** A respondent route of one study: an unknown study is a 404 before the handler runs. */
const studyRoute = (method: Route['method'], pattern: string, handler: (deps: AppDeps, study: StudyRuntime, req: IncomingMessage, res: ServerResponse) => Promise<void>): Route =>
  route(method, pattern, async (deps, p, req, res) => {
    const study = await studyOr404(deps, p['study'], req, res);
    if (study) await handler(deps, study, req, res);
  });

const ROUTES: readonly Route[] = [
  // Liveness only: the same two bytes whatever the state, so a prober learns no version, count or timing.
  route('GET', '/healthz', (_deps, _p, _req, res) => {
    send(res, 200, 'ok', 'text/plain; charset=utf-8');
    return Promise.resolve();
  }),
  studyRoute('GET', '/s/:study', unlessClosed(entryGet)),
  // Post/Redirect/Get: the pages a POST redirects to, each rebuilt from its sealed address.
  studyRoute('GET', '/s/:study/page', pageGet),
  studyRoute('GET', '/s/:study/thanks', thanksGet),
  studyRoute('GET', '/s/:study/codes', codesGet),
  studyRoute('GET', '/s/:study/stopped', (_deps, study, req, res) => {
    stoppedGet(study, req, res);
    return Promise.resolve();
  }),
  studyRoute('POST', '/s/:study/start', unlessClosed(startPost)),
  studyRoute('POST', '/s/:study/page', pagePost),
  route('GET', '/api/v1/studies/:study/:what', async (deps, p, req, res) => {
    const what = p['what'] ?? '';
    if (!RESEARCHER_API_PATHS.includes(what) || !deps.studies.has(p['study'] ?? '')) {
      send(res, 404, JSON.stringify({ error: 'api.not-found' }), 'application/json; charset=utf-8');
      return;
    }
    await researcherApi(deps.store, p['study'] ?? '', what, req, res, deps.reshuffleHealth, deps.now);
  }),
];

export function createApp(deps: AppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let pattern = '(unmatched)';
    const finish = (): void => {
      deps.log({ method: req.method ?? '?', route: pattern, status: res.statusCode, duration: durationBucket(performance.now() - started) });
    };
    res.on('finish', finish);
    const matching = ROUTES.filter((r) => r.regex.test(path));
    const hit = matching.find((r) => r.method === req.method);
    if (hit === undefined) {
      const allow = matching.map((r) => r.method).join(', ');
      void discardBody(req).then(() => {
        if (allow !== '') send(res, 405, renderMessage('en', 'portas', 'notFound'), 'text/html; charset=utf-8', { Allow: allow });
        else send(res, 404, renderMessage('en', 'portas', 'notFound'));
      });
      return;
    }
    pattern = hit.pattern;
    const params = hit.regex.exec(path)?.groups ?? {};
    hit.handler(deps, params, req, res).catch((error: unknown) => {
      // A body cut off by the client (or by a stop's grace period) is not a bug: nothing was stored, nothing is sent.
      if (!req.complete && req.destroyed) {
        res.destroy();
        return;
      }
      deps.onBug(error);
      // A generic page: no stack trace, no detail, and never a thank-you.
      if (!res.headersSent) send(res, 500, renderMessage('en', 'portas', 'error'));
      else res.destroy();
    });
  };
}
