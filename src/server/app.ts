// The HTTP app: routes for respondents and researchers on node:http, headers on every status, no state between requests.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderMessage } from '../collect/render-simple.ts';
import { send } from './http-io.ts';
import { durationBucket, type RequestLog } from './request-log.ts';
import { researcherApi } from './researcher-api.ts';
import { pagePost, startPost, type RespondentDeps } from './respondent.ts';
import { codesGet, entryGet, pageGet, stoppedGet, thanksGet } from './respondent-views.ts';
import type { StudyRuntime } from './study-runtime.ts';

export interface AppDeps extends RespondentDeps {
  readonly log: RequestLog;
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

function studyOr404(deps: AppDeps, id: string | undefined, res: ServerResponse): StudyRuntime | undefined {
  const study = id === undefined ? undefined : deps.studies.get(id);
  if (study === undefined) send(res, 404, renderMessage('en', 'portas', 'notFound'));
  return study;
}

const ROUTES: readonly Route[] = [
  route('GET', '/s/:study', async (deps, p, req, res) => {
    const study = studyOr404(deps, p['study'], res);
    if (study) await entryGet(deps, study, req, res);
  }),
  // Post/Redirect/Get: the pages a POST redirects to, each rebuilt from its sealed address.
  route('GET', '/s/:study/page', async (deps, p, req, res) => {
    const study = studyOr404(deps, p['study'], res);
    if (study) await pageGet(deps, study, req, res);
  }),
  route('GET', '/s/:study/thanks', async (deps, p, req, res) => {
    const study = studyOr404(deps, p['study'], res);
    if (study) await thanksGet(deps, study, req, res);
  }),
  route('GET', '/s/:study/codes', async (deps, p, req, res) => {
    const study = studyOr404(deps, p['study'], res);
    if (study) await codesGet(deps, study, req, res);
  }),
  route('GET', '/s/:study/stopped', (deps, p, req, res) => {
    const study = studyOr404(deps, p['study'], res);
    if (study) stoppedGet(study, req, res);
    return Promise.resolve();
  }),
  route('POST', '/s/:study/start', async (deps, p, req, res) => {
    const study = studyOr404(deps, p['study'], res);
    if (study) await startPost(deps, study, req, res);
  }),
  route('POST', '/s/:study/page', async (deps, p, req, res) => {
    const study = studyOr404(deps, p['study'], res);
    if (study) await pagePost(deps, study, req, res);
  }),
  route('GET', '/api/v1/studies/:study/:what', async (deps, p, req, res) => {
    const what = p['what'] ?? '';
    if (!['sealed', 'counts', 'tree'].includes(what) || !deps.studies.has(p['study'] ?? '')) {
      send(res, 404, JSON.stringify({ error: 'api.not-found' }), 'application/json; charset=utf-8');
      return;
    }
    await researcherApi(deps.store, p['study'] ?? '', what, req, res);
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
      if (matching.length > 0) send(res, 405, renderMessage('en', 'portas', 'notFound'), 'text/html; charset=utf-8', { Allow: matching.map((r) => r.method).join(', ') });
      else send(res, 404, renderMessage('en', 'portas', 'notFound'));
      req.resume();
      return;
    }
    pattern = hit.pattern;
    const params = hit.regex.exec(path)?.groups ?? {};
    hit.handler(deps, params, req, res).catch((error: unknown) => {
      deps.onBug(error);
      // A generic page: no stack trace, no detail, and never a thank-you.
      if (!res.headersSent) send(res, 500, renderMessage('en', 'portas', 'error'));
      else res.destroy();
    });
  };
}
