// The Data screens end to end, called as route handlers: pull → open with the passphrase → overview → risk → export .sav.

import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { syntheticStudy } from '../../bench/synthetic-study.ts';
import { skipUnless } from '../external-tools.ts';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { runSyntheticRespondents } from '../../src/study/synthetic-respondents.ts';
import { generateStudyKey, lockStudyKey, randomBytes, recipientFileText } from '../../src/crypto/index.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../../src/sampling/coupon.ts';
import { hashCouponCode, hashToken } from '../../src/store/hash.ts';
import { routes as dataRoutes } from '../../src/studio/data/routes.ts';
import { jobScreen } from '../../src/studio/data/data-screen.ts';
import { jobOf, settled } from '../../src/studio/data/jobs.ts';
import { routes as monitorRoutes } from '../../src/studio/monitor/routes.ts';
import type { StudioResponse, StudioRoute } from '../../src/studio/route.ts';
import { datasetDir, exportsDir, keyFile, pulledDir, setServerConnection, studyDir } from '../../src/studio/workspace.ts';

const STUDY = 'russians-in-serbia';
const N = 14;
const PASSPHRASE = 'correct horse battery staple for the studio';
const REPORT_SPEC = `study: ${STUDY}
title: { ru: "Тест", en: "Test" }
subtitle: { ru: "Тест", en: "Test" }
degree: net_size
period: { ru: "тест", en: "test" }
sections:
  - key: profile
    title: { ru: "Кто", en: "Who" }
    blocks:
      - figure: sex
        title: { ru: "Пол", en: "Sex" }
        item: sex
        base: answered
        categories: [1, 2]
`;
const ws = mkdtempSync(join(tmpdir(), 'portas-studio-data-'));
let server: RunningServer;
const ROUTES: readonly StudioRoute[] = [...dataRoutes, ...monitorRoutes];

/** Calls the route matching METHOD PATH as the studio server would (the anti-forgery check is the server's, not here). */
async function call(method: 'GET' | 'POST', path: string, form: Record<string, string> = {}): Promise<StudioResponse> {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const names: string[] = [];
    const re = new RegExp(`^${r.pattern.replace(/:([a-z]+)/g, (_, n: string) => { names.push(n); return '([^/]+)'; })}$`);
    const m = re.exec(path);
    if (m === null) continue;
    const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
    return r.handle({ method, path, params, query: new URLSearchParams(), form: new Map(Object.entries(form)), files: new Map(), ctx: { workspace: ws, csrfToken: 'test', lang: 'en' } });
  }
  throw new Error(`no route for ${method} ${path}`);
}
const page = (r: StudioResponse): string => {
  if (r.kind !== 'html') assert.fail(`expected a page, got ${r.kind}`);
  return r.html;
};

before(async () => {
  const dir = studyDir(ws, STUDY);
  mkdirSync(dir, { recursive: true });
  for (const f of ['instrument.yaml', 'disclosure.yaml']) copyFileSync(join('studies', STUDY, f), join(dir, f));
  // A one-figure report: the flagship's narrative quotes cells that 14 respondents leave suppressed.
  writeFileSync(join(dir, 'report.yaml'), REPORT_SPEC);
  writeFileSync(join(dir, 'study.yaml'), 'synthetic: true\n');
  const key = await generateStudyKey({ kind: 'hybrid' });
  writeFileSync(join(dir, 'study.pub'), recipientFileText(key, STUDY));
  const locked = await lockStudyKey(key, PASSPHRASE);
  assert.ok(locked.ok);
  mkdirSync(dirname(keyFile(ws, STUDY)), { recursive: true });
  writeFileSync(keyFile(ws, STUDY), locked.value, { mode: 0o600 });
  const started = await startServer({ studyDirs: [dir], store: `sqlite:${join(ws, 'server.sqlite')}`, host: '127.0.0.1', port: 0, stateDir: join(ws, 'server-state'), quiet: true });
  if (Array.isArray(started)) assert.fail(started.join('\n'));
  server = started;
  const token = Buffer.from(randomBytes(32)).toString('base64url');
  assert.ok((await server.store.addToken(STUDY, hashToken(token), 'studio test')).ok);
  const s = syntheticStudy(N, 3);
  const recruiter = s.meta.map((m) => s.meta.findIndex((r) => r.responseId === m.recruiter));
  const seeds = Array.from({ length: recruiter.filter((r) => r < 0).length }, () => couponFromRandom(randomBytes(COUPON_RANDOM_BYTES)));
  assert.ok((await server.store.issueSeedCoupons(STUDY, seeds.map((c) => hashCouponCode(c)))).ok);
  await runSyntheticRespondents({ baseUrl: server.url, instrument: s.instrument, respondents: s.responses.map((response, i) => ({ response, recruiter: recruiter[i] ?? -1 })), seedCoupons: seeds.map((c) => formatCoupon(c)) });
  setServerConnection(ws, STUDY, { url: server.url, token });
});

after(async () => {
  await server.close();
  rmSync(ws, { recursive: true, force: true });
});

test('pull runs as a job watched by a self-refreshing page, then every response is here, still sealed', async () => {
  const r = await call('POST', `/studies/${STUDY}/data/pull`);
  assert.deepEqual(r, { kind: 'redirect', location: `/studies/${STUDY}/data/job/pull` });
  const job = jobOf(STUDY, 'pull');
  assert.ok(job !== undefined);
  const ctx = { workspace: ws, csrfToken: 'test', lang: 'en' as const };
  assert.match(jobScreen(ctx, STUDY, { kind: 'pull', state: 'running', done: 3, total: N, message: '' }, 'pull'), /http-equiv="refresh" content="1".*<progress max="14" value="3">/s);
  await settled(job);
  assert.equal(job.state, 'done', job.message);
  assert.equal(job.total, N);
  assert.equal(readdirSync(join(pulledDir(ws, STUDY), 'sealed')).length, N);
  const finished = page(await call('GET', `/studies/${STUDY}/data/job/pull`));
  assert.doesNotMatch(finished, /http-equiv="refresh"/, 'a finished job stops refreshing');
  assert.match(finished, new RegExp(`${String(N)} sealed responses on this computer`));
});

test('a wrong passphrase writes nothing; the right one opens every response', async () => {
  await call('POST', `/studies/${STUDY}/data/open`, { passphrase: 'not the passphrase of this key' });
  const wrong = await settled(jobOf(STUDY, 'open') ?? assert.fail('no open job'));
  assert.equal(wrong.state, 'failed');
  assert.match(wrong.message, /passphrase/i);
  assert.equal(existsSync(datasetDir(ws, STUDY)), false, 'nothing written');
  await call('POST', `/studies/${STUDY}/data/open`, { passphrase: PASSPHRASE });
  const right = await settled(jobOf(STUDY, 'open') ?? assert.fail('no open job'));
  assert.equal(right.state, 'done', right.message);
  assert.match(right.message, new RegExp(`^${String(N)} responses opened`));
});

test('the overview lists every item with its missing kinds, and the risk page measures the opened data', async () => {
  const overview = page(await call('GET', `/studies/${STUDY}/data/overview`));
  assert.match(overview, new RegExp(`Responses: <b>${String(N)}</b>`));
  assert.match(overview, /<span class="mono">sex<\/span>/);
  assert.match(overview, /not asked|skipped/);
  const risk = page(await call('GET', `/studies/${STUDY}/data/risk`));
  assert.match(risk, /Quasi-identifiers/);
});

test('an export shows the disclosure log first, writes the .sav only on confirmation, and serves it', async () => {
  const preview = page(await call('POST', `/studies/${STUDY}/data/export`, { 'format-sav': '1' }));
  assert.match(preview, /What would be released/);
  assert.match(preview, /k-anonymity|k = /i);
  assert.equal(existsSync(join(exportsDir(ws, STUDY), 'sav')), false, 'nothing written before the confirmation');
  const id = /name="preview" value="([0-9a-f]{32})"/.exec(preview)?.[1] ?? assert.fail('no preview id');
  const done = page(await call('POST', `/studies/${STUDY}/data/export/confirm`, { preview: id }));
  assert.match(done, /files written/);
  const files = readdirSync(join(exportsDir(ws, STUDY), 'sav'));
  const sav = files.find((f) => f.endsWith('.sav')) ?? assert.fail(`no .sav among ${files.join(', ')}`);
  assert.ok(files.includes('disclosure-log.md'));
  const got = await call('GET', `/studies/${STUDY}/data/exports/sav/${encodeURIComponent(sav)}`);
  assert.ok(got.kind === 'file');
  assert.equal(new TextDecoder().decode(got.bytes.subarray(0, 4)), '$FL2');
  const again = await call('POST', `/studies/${STUDY}/data/export/confirm`, { preview: id });
  assert.ok(again.kind === 'html' && again.status === 409, 'a confirmation is used once');
  const climb = await call('GET', `/studies/${STUDY}/data/exports/sav/..%2F..%2Fkeys`);
  assert.ok(climb.kind === 'html' && climb.status === 404);
});

test('the report is made as a job, read in each of its languages and downloaded as PDF', { skip: skipUnless('Chromium') }, async () => {
  const r = await call('POST', `/studies/${STUDY}/data/report`);
  assert.deepEqual(r, { kind: 'redirect', location: `/studies/${STUDY}/data/job/report` });
  const job = await settled(jobOf(STUDY, 'report') ?? assert.fail('no report job'));
  assert.equal(job.state, 'done', job.message);
  for (const lang of ['en', 'ru']) {
    const got = await call('GET', `/studies/${STUDY}/data/report/report.${lang}.html`);
    assert.ok(got.kind === 'file' && got.type.startsWith('text/html'));
    assert.match(new TextDecoder().decode(got.bytes), new RegExp(`<html lang="${lang}"`));
    const pdf = await call('GET', `/studies/${STUDY}/data/report/report.${lang}.pdf`);
    assert.ok(pdf.kind === 'file' && pdf.type === 'application/pdf');
    assert.equal(new TextDecoder().decode(pdf.bytes.subarray(0, 5)), '%PDF-');
  }
  assert.match(page(await call('GET', `/studies/${STUDY}/data`)), /report\.ru\.html/);
});

test('the monitor screen shows the figures and the chains picture without an id or a code', async () => {
  const html = page(await call('GET', `/studies/${STUDY}/monitor`));
  assert.match(html, /<svg/);
  assert.match(html, new RegExp(`respondents in chains: <b>${String(N)}</b>`));
  assert.doesNotMatch(html, /[0-9a-f]{32}/);
});
