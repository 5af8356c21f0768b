import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { generateStudyKey, randomBytes, recipientFileText } from '../../src/crypto/index.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../../src/sampling/coupon.ts';
import { hashCouponCode } from '../../src/store/hash.ts';

const STUDY = 'russians-in-serbia';

test('thousands of malformed forms: never a 5xx, never a stack trace, nothing stored, still serving', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-fuzz-'));
  mkdirSync(join(dir, 'study'));
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(dir, 'study', 'instrument.yaml'));
  writeFileSync(join(dir, 'study', 'study.pub'), recipientFileText(await generateStudyKey({ kind: 'x25519' }), STUDY));
  const server = (await startServer({ studyDirs: [join(dir, 'study')], store: `sqlite:${join(dir, 'db.sqlite')}`, host: '127.0.0.1', port: 0, stateDir: join(dir, 'state'), quiet: true })) as RunningServer;
  const seed = couponFromRandom(randomBytes(COUPON_RANDOM_BYTES));
  await server.store.issueSeedCoupons(STUDY, [hashCouponCode(seed)]);
  try {
    // A genuine state token to mutate, so the fuzzer also reaches the page handler past the token check.
    const entry = await (await fetch(`${server.url}/s/${STUDY}`)).text();
    const token = /name="token" value="([^"]*)"/.exec(entry)![1]!;
    const first = await fetch(`${server.url}/s/${STUDY}/start`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token, coupon: formatCoupon(seed), nav: 'start' }).toString() });
    const state = /name="state" value="([^"]*)"/.exec(await first.text())![1]!;
    const fieldNames = ['state', 'token', 'coupon', 'nav', 'lang', 'switch', 'q_sex', 'q_age', 'q_city', 'q_relocated_with', 'm_age', 'q_eval_ru__army', 'x'];
    const value = fc.oneof(fc.string(), fc.constantFrom('', 'next', 'back', 'withdraw', 'lang:en', 'lang:xx', 'dk', 'rf', '-97', '1', '99999999999', state, state.slice(0, -2), `${state}A`, token), fc.string({ unit: 'binary', maxLength: 50 }));
    const rawBody = fc.oneof(
      fc.array(fc.tuple(fc.constantFrom(...fieldNames), value), { maxLength: 12 }).map((pairs) => new URLSearchParams(pairs).toString()),
      fc.string({ maxLength: 200 }),
      fc.constantFrom('%', '%zz', 'a=%E0%A4%A', '&&&=', 'state=%FF', '='.repeat(100)),
    );
    const contentType = fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8', 'text/plain', 'multipart/form-data; boundary=x', '');
    const path = fc.constantFrom(`/s/${STUDY}/page`, `/s/${STUDY}/start`, `/s/${STUDY}`, '/s/unknown/page', `/s/${STUDY}/page?x=1`);
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(path, contentType, rawBody, async (p, type, body) => {
        requests += 1;
        const r = await fetch(`${server.url}${p}`, { method: 'POST', headers: type === '' ? {} : { 'content-type': type }, body });
        const text = await r.text();
        assert.ok(r.status < 500, `${r.status} for ${p} ${type} ${JSON.stringify(body).slice(0, 80)}`);
        assert.doesNotMatch(text, /\bat [\w.<>]+ \(|node:internal|Error:/, 'no stack trace');
        assert.equal(r.headers.get('content-security-policy')?.startsWith("default-src 'none'"), true);
      }),
      { numRuns: 2000 },
    );
    const counts = await server.store.counts(STUDY);
    assert.ok(counts.ok);
    assert.equal(counts.value.responsesTotal, 0, 'nothing stored');
    assert.ok(requests >= 2000);
    assert.equal((await fetch(`${server.url}/s/${STUDY}`)).status, 200, 'still serving');
  } finally {
    await server.close();
  }
});
