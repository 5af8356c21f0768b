// `portas studio`'s web server: loopback only, behind the printed secret, every POST checked, every screen a route.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from '../crypto/index.ts';
import { readBody } from '../server/http-io.ts';
import { CSRF_FIELD, escapeHtml, layout } from './layout.ts';
import { parseBody } from './multipart.ts';
import type { StudioContext, StudioRequest, StudioResponse, StudioRoute } from './route.ts';
import { cookieName, FILE_CSP, hostAllowed, postFromStudio, readCookie, sameSecret, STUDIO_CSP, STUDIO_HEADERS } from './security.ts';

/** Uploads are questionnaires and key shares: a few MiB at most. */
const MAX_BODY = 32 * 1024 * 1024;
const LANG_COOKIE = 'portas-studio-lang';

export interface StudioOptions {
  readonly workspace: string;
  readonly routes: readonly StudioRoute[];
  /** 0 (the default) takes a free port. */
  readonly port?: number;
  readonly lang?: 'en' | 'ru';
}

export interface RunningStudio {
  /** The address to open, with the secret: `http://127.0.0.1:PORT/?token=…`. */
  readonly url: string;
  /** The address without the secret. */
  readonly origin: string;
  readonly port: number;
  /** The address the socket is bound to: always 127.0.0.1. */
  readonly boundTo: string;
  close(): Promise<void>;
}

const token = (): string => Buffer.from(randomBytes(24)).toString('base64url');

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, w] of want.entries()) {
    const g = got[i] ?? '';
    if (w.startsWith(':')) {
      if (g === '') return undefined;
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return undefined;
      }
    } else if (w !== g) return undefined;
  }
  return params;
}

export async function startStudio(options: StudioOptions): Promise<RunningStudio> {
  const secret = token();
  const csrfToken = token();
  let port = 0;

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { ...STUDIO_HEADERS, 'Content-Security-Policy': STUDIO_CSP, 'Content-Type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  };
  const refuse = (res: ServerResponse, status: number, why: string): void => {
    send(res, status, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>portas studio</title></head><body><h1>portas studio</h1><p>${escapeHtml(why)}</p></body></html>`);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req, port)) {
      refuse(res, 421, 'This address is not the studio. Open the link portas studio printed in the terminal.');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${String(port)}`);
    const cookie = readCookie(req, cookieName(port));
    if (!sameSecret(cookie, secret)) {
      const given = url.searchParams.get('token') ?? undefined;
      if (req.method === 'GET' && sameSecret(given, secret)) {
        // The secret moves from the address (history, screen) into a cookie no script and no other site can read.
        url.searchParams.delete('token');
        res.writeHead(303, { ...STUDIO_HEADERS, Location: url.pathname + url.search, 'Set-Cookie': `${cookieName(port)}=${secret}; HttpOnly; SameSite=Strict; Path=/` });
        res.end();
        return;
      }
      refuse(res, 403, 'Open the studio with the link portas studio printed in the terminal (it carries a secret).');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'POST') {
      refuse(res, 405, 'The studio answers GET and POST only.');
      return;
    }
    const method = req.method;
    const langCookie = readCookie(req, LANG_COOKIE);
    const ctx: StudioContext = { workspace: options.workspace, csrfToken, lang: langCookie === 'ru' || langCookie === 'en' ? langCookie : (options.lang ?? 'en') };
    let form = new Map<string, string>();
    let files = new Map<string, { name: string; bytes: Uint8Array }>();
    if (method === 'POST') {
      if (!postFromStudio(req, port)) {
        refuse(res, 403, 'A form from another site was refused.');
        return;
      }
      const body = await readBody(req, MAX_BODY);
      if (!body.ok) {
        refuse(res, 413, 'That upload is too large for the studio (32 MiB at most).');
        return;
      }
      const parsed = parseBody(req.headers['content-type'] ?? '', body.body);
      if (typeof parsed === 'string') {
        refuse(res, 400, parsed);
        return;
      }
      if (!sameSecret(parsed.form.get(CSRF_FIELD), csrfToken)) {
        refuse(res, 403, 'The form is out of date or did not come from the studio: go back, reload the page and send it again.');
        return;
      }
      parsed.form.delete(CSRF_FIELD);
      ({ form, files } = parsed);
      if (url.pathname === '/lang') {
        const lang = form.get('lang') === 'ru' ? 'ru' : 'en';
        const back = form.get('back') ?? '/';
        res.writeHead(303, { ...STUDIO_HEADERS, Location: back.startsWith('/') && !back.startsWith('//') ? back : '/', 'Set-Cookie': `${LANG_COOKIE}=${lang}; SameSite=Strict; Path=/` });
        res.end();
        return;
      }
    }
    for (const route of options.routes) {
      if (route.method !== method) continue;
      const params = match(route.pattern, url.pathname);
      if (params === undefined) continue;
      const request: StudioRequest = { method, path: url.pathname, params, query: url.searchParams, form, files, ctx };
      respond(res, await route.handle(request));
      return;
    }
    send(res, 404, layout(ctx, { title: 'Not found', body: `<h1>${ctx.lang === 'ru' ? 'Страница не найдена' : 'No such page'}</h1><p><a href="/">${ctx.lang === 'ru' ? 'К списку исследований' : 'Back to the studies'}</a></p>` }));
  }

  function respond(res: ServerResponse, r: StudioResponse): void {
    if (r.kind === 'html') send(res, r.status ?? 200, r.html);
    else if (r.kind === 'redirect') {
      res.writeHead(303, { ...STUDIO_HEADERS, Location: r.location.startsWith('/') && !r.location.startsWith('//') ? r.location : '/' });
      res.end();
    } else {
      const shown = /^(text\/html|application\/pdf|image\/|text\/plain)/.test(r.type);
      res.writeHead(200, {
        ...STUDIO_HEADERS,
        'Content-Security-Policy': FILE_CSP,
        'Content-Type': r.type,
        'Content-Disposition': `${shown ? 'inline' : 'attachment'}; filename="${r.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      });
      res.end(r.bytes);
    }
  }

  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A bug, not an expected failure: the researcher sees what happened, the terminal gets the detail.
      console.error('portas studio:', e);
      if (!res.headersSent) refuse(res, 500, `Something went wrong in the studio: ${e instanceof Error ? e.message : String(e)}`);
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  port = bound.port;
  const origin = `http://127.0.0.1:${String(port)}`;
  return {
    url: `${origin}/?token=${secret}`,
    origin,
    port,
    boundTo: bound.address,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
