// The studio's gate: no secret, a foreign Host, a forged or cross-site POST are all refused; only loopback listens.

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROUTES } from '../../src/studio/routes.ts';
import { startStudio, type RunningStudio } from '../../src/studio/server.ts';

let studio: RunningStudio;
let cookie = '';
let csrf = '';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function send(options: { method?: string; path: string; headers?: Record<string, string>; body?: string; host?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: options.host ?? '127.0.0.1', port: studio.port, method: options.method ?? 'GET', path: options.path, headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const secret = (): string => new URL(studio.url).searchParams.get('token') ?? '';
const form = (fields: Record<string, string>): { body: string; headers: Record<string, string> } => ({ body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie } });

before(async () => {
  studio = await startStudio({ workspace: mkdtempSync(join(tmpdir(), 'portas-studio-sec-')), routes: ROUTES });
  const first = await send({ path: `/?token=${secret()}` });
  const set = String(first.headers['set-cookie'] ?? '');
  cookie = set.split(';')[0] ?? '';
  const page = await send({ path: '/', headers: { Cookie: cookie } });
  csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
});

after(() => studio.close());

test('the printed secret sets an HttpOnly, SameSite=Strict cookie and the address loses the secret', async () => {
  const r = await send({ path: `/new?token=${secret()}` });
  assert.equal(r.status, 303);
  assert.equal(r.headers['location'], '/new');
  assert.match(String(r.headers['set-cookie']), /^portas-studio-\d+=[\w-]+; HttpOnly; SameSite=Strict; Path=\/$/);
  assert.notEqual(csrf, '');
});

test('requests without the secret, or with a wrong one, are refused', async () => {
  assert.equal((await send({ path: '/' })).status, 403);
  assert.equal((await send({ path: '/?token=wrong' })).status, 403);
  assert.equal((await send({ path: '/', headers: { Cookie: `${cookie.split('=')[0] ?? ''}=wrong` } })).status, 403);
  assert.equal((await send({ path: '/', headers: { Cookie: cookie } })).status, 200);
});

test('a foreign Host header is refused even with the secret: no DNS rebinding', async () => {
  for (const host of [`evil.example:${String(studio.port)}`, `127.0.0.1.nip.io:${String(studio.port)}`, '127.0.0.1', `127.0.0.1:${String(studio.port + 1)}`]) {
    const r = await send({ path: `/?token=${secret()}`, headers: { Host: host, Cookie: cookie } });
    assert.equal(r.status, 421, host);
  }
  for (const host of [`127.0.0.1:${String(studio.port)}`, `localhost:${String(studio.port)}`]) {
    assert.equal((await send({ path: '/', headers: { Host: host, Cookie: cookie } })).status, 200, host);
  }
});

test('a POST without the anti-forgery token, with a wrong one, or from another origin is refused', async () => {
  const bare = form({ lang: 'ru', back: '/' });
  assert.equal((await send({ method: 'POST', path: '/lang', ...bare })).status, 403);
  const wrong = form({ lang: 'ru', back: '/', csrf: 'x'.repeat(csrf.length) });
  assert.equal((await send({ method: 'POST', path: '/lang', ...wrong })).status, 403);
  const good = form({ lang: 'ru', back: '/', csrf });
  const crossOrigin = await send({ method: 'POST', path: '/lang', body: good.body, headers: { ...good.headers, Origin: 'http://evil.example' } });
  assert.equal(crossOrigin.status, 403);
  const crossSite = await send({ method: 'POST', path: '/lang', body: good.body, headers: { ...good.headers, 'Sec-Fetch-Site': 'cross-site' } });
  assert.equal(crossSite.status, 403);
  const noCookie = await send({ method: 'POST', path: '/lang', body: good.body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(noCookie.status, 403);
  const ok = await send({ method: 'POST', path: '/lang', body: good.body, headers: { ...good.headers, Origin: `http://127.0.0.1:${String(studio.port)}`, 'Sec-Fetch-Site': 'same-origin' } });
  assert.equal(ok.status, 303);
});

test('every page carries a policy that allows nothing from another origin', async () => {
  const r = await send({ path: '/', headers: { Cookie: cookie } });
  const csp = String(r.headers['content-security-policy']);
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /https?:|\*/);
  assert.equal(r.headers['referrer-policy'], 'same-origin');
});

test('the studio listens on the loopback address only', async () => {
  assert.equal(studio.boundTo, '127.0.0.1');
  assert.match(studio.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  // Any other address of this machine (when it has one) does not answer.
  const others = Object.values(networkInterfaces()).flat().filter((i) => i !== undefined && !i.internal && i.family === 'IPv4').map((i) => i?.address ?? '');
  for (const address of others) await assert.rejects(send({ host: address, path: '/' }), /ECONNREFUSED/);
  await assert.rejects(send({ host: '::1', path: '/' }), /ECONNREFUSED|EADDRNOTAVAIL/);
});
