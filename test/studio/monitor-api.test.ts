// The fieldwork monitor on a real server fed by synthetic respondents: token required, aggregates right, no codes.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { syntheticStudy } from '../../bench/synthetic-study.ts';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { runSyntheticRespondents } from '../../src/study/synthetic-respondents.ts';
import { generateStudyKey, randomBytes, recipientFileText } from '../../src/crypto/index.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../../src/sampling/coupon.ts';
import { periodOf } from '../../src/store/period.ts';
import { hashCouponCode, hashToken } from '../../src/store/hash.ts';
import { ApiError, apiGet, fetchMonitor } from '../../src/study/monitor-client.ts';
import { monitorText } from '../../src/study/monitor-words.ts';

const STUDY = 'russians-in-serbia';
const N = 30;
const dir = mkdtempSync(join(tmpdir(), 'portas-monitor-'));
let server: RunningServer;
const token = Buffer.from(randomBytes(32)).toString('base64url');
const seedCodes: string[] = [];
const seedHashes: string[] = [];
const synthetic = syntheticStudy(N, 7);
const recruiterIndex = synthetic.meta.map((m) => synthetic.meta.findIndex((r) => r.responseId === m.recruiter));

before(async () => {
  const studyDir = join(dir, 'study');
  mkdirSync(studyDir);
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(studyDir, 'instrument.yaml'));
  writeFileSync(join(studyDir, 'study.yaml'), 'synthetic: true\n');
  writeFileSync(join(studyDir, 'study.pub'), recipientFileText(await generateStudyKey({ kind: 'hybrid' }), STUDY));
  const started = await startServer({ studyDirs: [studyDir], store: `sqlite:${join(dir, 'db.sqlite')}`, host: '127.0.0.1', port: 0, stateDir: join(dir, 'state'), quiet: true });
  if (Array.isArray(started)) assert.fail(started.join('\n'));
  server = started;
  const seeds = recruiterIndex.filter((r) => r < 0).length;
  // Two seed coupons more than seeds: one stays unused with no expiry, one unused and expiring tomorrow.
  const codes = Array.from({ length: seeds + 2 }, () => couponFromRandom(randomBytes(COUPON_RANDOM_BYTES)));
  seedCodes.push(...codes.map((c) => formatCoupon(c)));
  seedHashes.push(...codes.map((c) => hashCouponCode(c)));
  assert.ok((await server.store.issueSeedCoupons(STUDY, codes.slice(0, seeds + 1).map((c) => hashCouponCode(c)))).ok);
  const tomorrow = periodOf(new Date(Date.now() + 86_400_000), 'day');
  assert.ok((await server.store.issueSeedCoupons(STUDY, codes.slice(seeds + 1).map((c) => hashCouponCode(c)), tomorrow)).ok);
  assert.ok((await server.store.addToken(STUDY, hashToken(token), 'monitor test')).ok);
  await runSyntheticRespondents({
    baseUrl: server.url,
    instrument: synthetic.instrument,
    respondents: synthetic.responses.map((response, i) => ({ response, recruiter: recruiterIndex[i] ?? -1 })),
    seedCoupons: seedCodes.slice(0, seeds),
  });
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the monitor endpoint refuses a request without a token or with another study\'s token', async () => {
  const conn = { url: server.url, study: STUDY };
  await assert.rejects(apiGet({ ...conn, token: '' }, '/monitor'), (e: unknown) => e instanceof ApiError && e.status === 401);
  await assert.rejects(apiGet({ ...conn, token: Buffer.from(randomBytes(32)).toString('base64url') }, '/monitor'), (e: unknown) => e instanceof ApiError && e.status === 403);
  const bare = await fetch(`${server.url}/api/v1/studies/${STUDY}/monitor`);
  assert.equal(bare.status, 401);
});

test('the monitor counts what the synthetic respondents did: responses, coupons, chains, waves, warnings', async () => {
  const m = await fetchMonitor({ url: server.url, study: STUDY, token });
  const counts = (await apiGet({ url: server.url, study: STUDY, token }, '/counts')) as { responsesTotal: number; couponsIssued: number; couponsRedeemed: number; seedCouponsIssued: number };
  const seeds = recruiterIndex.filter((r) => r < 0).length;
  assert.equal(m.responses.total, N);
  assert.equal(m.responses.byPeriod.reduce((s, p) => s + p.complete + p.partial + p.screenedOut, 0), N);
  assert.ok(m.responses.byPeriod.every((p) => /^\d{4}-W\d{2}$/.test(p.period)), 'periods are the store\'s coarse weeks');
  assert.equal(m.coupons.redeemed, N);
  assert.equal(m.coupons.issued, counts.couponsIssued);
  assert.equal(m.coupons.seedIssued, seeds + 2);
  assert.equal(m.coupons.seedRedeemed, seeds);
  assert.equal(m.coupons.outstanding + m.coupons.expired, counts.couponsIssued - N);
  assert.ok(m.coupons.expiringSoon >= 1, 'the seed coupon valid until tomorrow is close to expiry');
  // The chains from the synthetic tree itself, independently of the server.
  const seedOf = recruiterIndex.map((_, i) => {
    let k = i;
    while ((recruiterIndex[k] ?? -1) >= 0) k = recruiterIndex[k] ?? -1;
    return k;
  });
  const wave = recruiterIndex.map((_, i) => {
    let w = 0;
    for (let k = i; (recruiterIndex[k] ?? -1) >= 0; k = recruiterIndex[k] ?? -1) w++;
    return w;
  });
  const sizes = [...new Set(seedOf)].map((s) => seedOf.filter((x) => x === s).length).sort((a, b) => b - a);
  assert.equal(m.tree.respondents, N);
  assert.equal(m.tree.seeds, seeds);
  assert.deepEqual(m.tree.chains.map((c) => c.size), sizes);
  assert.equal(m.tree.maxWave, Math.max(...wave));
  assert.deepEqual(m.tree.perWave, Array.from({ length: Math.max(...wave) + 1 }, (_, w) => wave.filter((x) => x === w).length));
  assert.equal(m.tree.parents.length, N);
  assert.equal(m.tree.parents.filter((p) => p < 0).length, seeds);
  const idle = sizes.filter((s) => s === 1).length;
  const codes = m.warnings.map((w) => w.code);
  assert.equal(codes.includes('monitor.seeds-recruit-nobody'), idle > 0);
  assert.ok(codes.includes('monitor.seed-coupons-unused'));
  assert.ok(codes.includes('monitor.coupons-expiring'));
});

test('nothing in the monitor identifies a coupon or a response', async () => {
  const body = JSON.stringify(await apiGet({ url: server.url, study: STUDY, token }, '/monitor'));
  assert.doesNotMatch(body, /[0-9a-f]{32}/, 'no response id, no coupon hash');
  for (const code of seedCodes) {
    assert.ok(!body.includes(code) && !body.includes(code.replace(/-/g, '')), 'no coupon code');
  }
  for (const hash of seedHashes) assert.ok(!body.includes(hash), 'no coupon hash');
  const text = monitorText(STUDY, await fetchMonitor({ url: server.url, study: STUDY, token }), 'ru');
  assert.match(text, /Купоны/);
});

test('portas monitor prints the same figures, as text or JSON, and says why a bad token fails', async () => {
  const tokenFile = join(dir, 'token.txt');
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  // A child process (the server answers from this one, so the CLI must not block it).
  const portas = (args: string[]): Promise<{ code: number; out: string; err: string }> =>
    new Promise((resolve) => {
      execFile(process.execPath, ['bin/portas.js', 'monitor', ...args], (e, out, err) => {
        resolve({ code: e === null ? 0 : typeof e.code === 'number' ? e.code : -1, out, err });
      });
    });
  const base = ['--server', server.url, '--study', STUDY, '--token-file', tokenFile];
  const json = await portas([...base, '--json']);
  assert.equal(json.code, 0, json.err);
  assert.equal((JSON.parse(json.out) as { tree: { respondents: number } }).tree.respondents, N);
  const text = await portas(base);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, new RegExp(`respondents in chains: ${String(N)}`));
  assert.equal((await portas([...base, '--socks', 'nonsense'])).code, 2);
  writeFileSync(tokenFile, `${'x'.repeat(43)}\n`);
  const refused = await portas(base);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /403/);
});
