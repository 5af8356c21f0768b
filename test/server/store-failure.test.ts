import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { err } from '../../src/core/result.ts';
import { generateStudyKey, recipientFileText } from '../../src/crypto/index.ts';

const STUDY = 'russians-in-serbia';

test('a disk-full or I/O error at the end yields an error page with the answers kept, never a thank-you; resending later stores once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-storefail-'));
  mkdirSync(join(dir, 'study'));
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(dir, 'study', 'instrument.yaml'));
  writeFileSync(join(dir, 'study', 'study.pub'), recipientFileText(await generateStudyKey({ kind: 'x25519' }), STUDY));
  writeFileSync(join(dir, 'study', 'study.yaml'), 'entry_without_coupon: true\n');
  const server = (await startServer({ studyDirs: [join(dir, 'study')], store: `sqlite:${join(dir, 'db.sqlite')}`, host: '127.0.0.1', port: 0, stateDir: join(dir, 'state'), quiet: true })) as RunningServer;
  try {
    const post = async (path: string, fields: Record<string, string>) => {
      const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
      return { status: r.status, html: await r.text() };
    };
    const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
    const entry = await (await fetch(`${server.url}/s/${STUDY}`)).text();
    let page = await post(`/s/${STUDY}/start`, { token: hidden(entry, 'token'), nav: 'start' });
    while (!page.html.includes('name="q_add_anything"')) page = await post(`/s/${STUDY}/page`, { state: hidden(page.html, 'state'), nav: 'next' });
    const lastState = hidden(page.html, 'state');

    const realSubmit = server.store.submit.bind(server.store);
    for (const reason of ['disk-full', 'io-error'] as const) {
      server.store.submit = () => Promise.resolve(err({ kind: 'storage-failed', reason, message: `submit: ${reason}` }));
      const failed = await post(`/s/${STUDY}/page`, { state: lastState, nav: 'next', q_add_anything: 'моё последнее слово' });
      assert.equal(failed.status, 503);
      assert.doesNotMatch(failed.html, /class="coupon"/, 'never a thank-you');
      assert.match(failed.html, /Не удалось сохранить ответы\. Они НЕ сохранены/, 'the respondent is told, in their language');
      assert.match(failed.html, /моё последнее слово/, 'the answer is still on the page');
      assert.match(failed.html, /name="state"/, 'and can be sent again');
      assert.doesNotMatch(failed.html, /disk-full|io-error|submit:/, 'no internal detail');
    }
    server.store.submit = realSubmit;
    const again = await post(`/s/${STUDY}/page`, { state: lastState, nav: 'next', q_add_anything: 'моё последнее слово' });
    assert.equal(again.status, 200);
    assert.match(again.html, /class="coupon"/);
    const counts = await server.store.counts(STUDY);
    assert.ok(counts.ok);
    assert.equal(counts.value.responsesTotal, 1);
  } finally {
    await server.close();
  }
});
