import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { openerFor } from '../../src/crypto/index.ts';
import { SECURITY_HEADERS } from '../../src/server/security-headers.ts';
import { openStore } from '../../src/store/open.ts';
import { STUDY, startSplitPost, studyFolder, walkToLastPage } from './health-fixture.ts';

const { root, studyDir, key } = await studyFolder('portas-health-');

async function start(name: string, shutdownGraceMs: number): Promise<{ server: RunningServer; db: string }> {
  const db = join(root, `${name}.sqlite`);
  const server = await startServer({ studyDirs: [studyDir], store: `sqlite:${db}`, host: '127.0.0.1', port: 0, stateDir: join(root, `state-${name}`), quiet: true, shutdownGraceMs });
  if (Array.isArray(server)) throw new Error(server.join('\n'));
  return { server, db };
}

/** The markers of every stored response, opened with the study key. */
async function storedMarkers(db: string): Promise<string[]> {
  const store = await openStore(`sqlite:${db}`);
  assert.ok(store.ok);
  const page = await store.value.pullSealed(STUDY, { limit: 100 });
  assert.ok(page.ok);
  const markers: string[] = [];
  for (const r of page.value.records) {
    const opened = await openerFor(key).open(r.sealed, { study: STUDY });
    assert.ok(opened.ok);
    const v = opened.value.values['add_anything'];
    markers.push(v?.kind === 'text' ? v.value : '(none)');
  }
  await store.value.close();
  return markers;
}

test('/healthz says only "ok": the same bytes and headers before and after responses are stored, no version, date or count', async () => {
  const { server } = await start('healthz', 1000);
  try {
    const probe = async (): Promise<{ status: number; body: string; headers: [string, string][] }> => {
      const r = await fetch(`${server.url}/healthz`);
      return { status: r.status, body: await r.text(), headers: [...r.headers.entries()].filter(([k]) => !['connection', 'keep-alive'].includes(k)).sort() };
    };
    const before = await probe();
    assert.equal(before.status, 200);
    assert.equal(before.body, 'ok');
    const names = before.headers.map(([k]) => k);
    assert.deepEqual(names, [...Object.keys(SECURITY_HEADERS).map((k) => k.toLowerCase()), 'content-length', 'content-type'].sort());
    for (const banned of ['date', 'server', 'x-powered-by', 'etag', 'last-modified', 'set-cookie']) assert.ok(!names.includes(banned), `no ${banned}`);
    const state = await walkToLastPage(server.url);
    const done = await fetch(`${server.url}/s/${STUDY}/page`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ state, nav: 'next' }).toString() });
    assert.match(await done.text(), /class="coupon"/);
    assert.deepEqual(await probe(), before, 'a stored response changes nothing the probe sees');
    const wrongMethod = await fetch(`${server.url}/healthz`, { method: 'POST' });
    assert.equal(wrongMethod.status, 405);
    assert.equal((await fetch(`${server.url}/healthz/x`)).status, 404);
  } finally {
    await server.close();
  }
});

test('stopping with a final POST in flight: the server stops accepting, the POST is stored and acknowledged, then it closes', async () => {
  const { server, db } = await start('in-flight', 30_000);
  const state = await walkToLastPage(server.url);
  // An idle keep-alive connection must not hold the stop open.
  const idle = await fetch(`${server.url}/healthz`);
  assert.equal(await idle.text(), 'ok');
  const inFlight = await startSplitPost(server.url, state, 'in-flight-marker');
  const closing = server.close();
  await assert.rejects(fetch(`${server.url}/healthz`), 'a new connection is refused while draining');
  inFlight.finish();
  const answer = await inFlight.answer;
  assert.ok('status' in answer, `answered: ${JSON.stringify(answer)}`);
  // Post/Redirect/Get: the redirect to the thank-you page, sent after the commit, is the acknowledgement.
  assert.equal(answer.status, 303);
  assert.match(answer.location, /\/thanks\?s=/, 'the acknowledgement points at the thank-you page');
  assert.equal(answer.connection, 'close', 'its connection is not kept alive');
  await closing;
  assert.deepEqual(await storedMarkers(db), ['in-flight-marker']);
});

test('a POST still half-received when the grace period ends is cut: no answer, nothing stored, the store closes cleanly', async () => {
  const { server, db } = await start('cut', 300);
  const state = await walkToLastPage(server.url);
  const halfReceived = await startSplitPost(server.url, state, 'half-marker');
  await server.close();
  const answer = await halfReceived.answer;
  assert.ok('error' in answer, `no answer expected, got ${JSON.stringify(answer)}`);
  halfReceived.finish();
  assert.deepEqual(await storedMarkers(db), []);
});
