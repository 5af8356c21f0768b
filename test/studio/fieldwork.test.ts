// Fieldwork through the routes themselves: settings written as the server reads them, coupons into the store,
// a researcher token kept as a secret, and a deploy bundle that holds no secret.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadStudyRuntime } from '../../src/server/study-runtime.ts';
import type { StudioRequest, StudioResponse } from '../../src/studio/route.ts';
import { ROUTES } from '../../src/studio/routes.ts';
import { getServerConnection, readServerToken, studyDir } from '../../src/studio/workspace.ts';

const ws = mkdtempSync(join(tmpdir(), 'portas-studio-fieldwork-'));
const ID = 'fw-study';

async function call(method: 'GET' | 'POST', pattern: string, params: Record<string, string>, form: Record<string, string> = {}): Promise<StudioResponse> {
  const route = ROUTES.find((r) => r.method === method && r.pattern === pattern);
  assert.ok(route, pattern);
  const req: StudioRequest = { method, path: pattern, params, query: new URLSearchParams(), form: new Map(Object.entries(form)), files: new Map(), ctx: { workspace: ws, csrfToken: 't', lang: 'en' } };
  return route.handle(req);
}
const htmlOf = (r: StudioResponse): string => (r.kind === 'html' ? r.html : '');
const statusOf = (r: StudioResponse): number | string => (r.kind === 'html' ? (r.status ?? 200) : r.kind);

test('a flagship copy, its key, its settings, coupons, a token and a bundle without secrets', { timeout: 180_000 }, async () => {
  assert.equal((await call('POST', '/new/flagship', {}, { id: ID })).kind, 'redirect');
  assert.ok(existsSync(join(studyDir(ws, ID), 'report.yaml')));
  const made = await call('POST', '/studies/:study/keys/make', { study: ID }, { passphrase: 'orbit lantern velvet quarry maple', confirm: 'orbit lantern velvet quarry maple', holders: '' });
  assert.match(htmlOf(made), /Print the recovery sheet/);
  assert.equal(statusOf(await call('POST', '/studies/:study/keys/make', { study: ID }, { passphrase: 'orbit lantern velvet quarry maple', confirm: 'orbit lantern velvet quarry maple' })), 409, 'a second key is never made');

  const refused = await call('POST', '/studies/:study/fieldwork/settings', { study: ID }, { coupons: '21', period: 'hour', valid_days: 'x', public: 'http://plain.example', onion: '' });
  assert.equal(statusOf(refused), 422);
  for (const field of ['coupons', 'period', 'valid_days', 'public']) assert.match(htmlOf(refused), new RegExp(`id="${field}-err"`));
  await call('POST', '/studies/:study/fieldwork/settings', { study: ID }, { coupons: '2', period: 'month', valid_days: '30', entry: '1', public: 'https://survey.example.org/s/fw-study', onion: '' });
  const runtime = loadStudyRuntime(studyDir(ws, ID));
  assert.ok(runtime.ok, runtime.ok ? '' : runtime.problems.join('\n'));
  assert.deepEqual({ ...runtime.study.settings }, { couponsPerRespondent: 2, entryWithoutCoupon: true, period: 'month', maxFormAgeMinutes: 180, couponValidDays: 30, publicAddress: 'https://survey.example.org/s/fw-study', caps: {} });

  const store = `sqlite:${join(ws, 'try.sqlite')}`;
  const sheet = await call('POST', '/studies/:study/fieldwork/coupons', { study: ID }, { n: '4', expiry: '', store });
  assert.equal((htmlOf(sheet).match(/class="coupon"/g) ?? []).length, 4);
  assert.equal(statusOf(await call('POST', '/studies/:study/fieldwork/coupons', { study: ID }, { n: '4', expiry: 'soon', store })), 422);

  await call('POST', '/studies/:study/fieldwork/token', { study: ID }, { url: 'http://127.0.0.1:8080/', socks: '', store });
  const connection = getServerConnection(ws, ID);
  assert.ok(connection);
  assert.equal(connection.url, 'http://127.0.0.1:8080');
  assert.match(readServerToken(connection) ?? '', /^[\w-]{43}$/);
  assert.equal(statSync(connection.tokenFile).mode & 0o777, 0o600);

  const bundle = await call('POST', '/studies/:study/fieldwork/bundle', { study: ID }, { store: 'sqlite', port: '8080' });
  assert.ok(bundle.kind === 'file', htmlOf(bundle));
  const tgz = join(ws, 'bundle.tar.gz');
  writeFileSync(tgz, bundle.bytes);
  const listing = execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).split('\n');
  for (const f of ['portas-fw-study/install.sh', 'portas-fw-study/portas.service', 'portas-fw-study/portas.torrc', 'portas-fw-study/COMMANDS.txt', 'portas-fw-study/studies/fw-study/study.pub', 'portas-fw-study/studies/fw-study/study.yaml']) assert.ok(listing.includes(f), f);
  const everything = execFileSync('tar', ['-xzOf', tgz], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.doesNotMatch(everything, /AGE-SECRET-KEY|BEGIN AGE ENCRYPTED FILE/);
  assert.ok(!everything.includes(readFileSync(connection.tokenFile, 'utf8').trim()));
});
