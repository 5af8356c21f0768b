import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { generateStudyKey, openerFor, recipientFileText } from '../../src/crypto/index.ts';
import { openStore } from '../../src/store/open.ts';
import { onCI } from '../external-tools.ts';

// kill -9 of the server at random moments while 50 respondents press "send" (100 rounds in CI).
const ROUNDS = onCI() ? 100 : 8;
const SUBMITTERS = 50;
const STUDY = 'russians-in-serbia';

test(`kill -9 of portas serve ${String(ROUNDS)} times under ${String(SUBMITTERS)} submitters: every acknowledged response is stored once and opens`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-crash-'));
  mkdirSync(join(dir, 'study'));
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(dir, 'study', 'instrument.yaml'));
  const key = await generateStudyKey({ kind: 'x25519' });
  writeFileSync(join(dir, 'study', 'study.pub'), recipientFileText(key, STUDY));
  writeFileSync(join(dir, 'study', 'study.yaml'), 'entry_without_coupon: true\n');
  const db = join(dir, 'db.sqlite');
  const acknowledged = new Set<string>();
  let seq = 0;

  const startServer = async (): Promise<{ child: ChildProcess; url: string }> => {
    const child = spawn(process.execPath, ['bin/portas.js', 'serve', join(dir, 'study'), '--store', `sqlite:${db}`, '--port', '0', '--state-dir', join(dir, 'state')], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    for (let i = 0; i < 300; i++) {
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) return { child, url };
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    throw new Error(`server did not start: ${out}`);
  };
  const post = async (url: string, fields: Record<string, string>): Promise<{ status: number; html: string }> => {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    return { status: r.status, html: await r.text() };
  };
  const hidden = (html: string, name: string): string => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

  for (let round = 0; round < ROUNDS; round++) {
    const { child, url } = await startServer();
    const base = `${url}/s/${STUDY}`;
    // Walk every respondent to the last page, then press "send" all at once and kill the server meanwhile.
    const ready = await Promise.all(
      Array.from({ length: SUBMITTERS }, async () => {
        try {
          const marker = `crash-marker-${String(round)}-${String(seq++)}`;
          const entry = await (await fetch(base)).text();
          let page = await post(`${base}/start`, { token: hidden(entry, 'token'), nav: 'start' });
          while (!page.html.includes('name="q_add_anything"')) page = await post(`${base}/page`, { state: hidden(page.html, 'state'), nav: 'next' });
          return { marker, state: hidden(page.html, 'state') };
        } catch {
          return undefined;
        }
      }),
    );
    const sends = ready.map(async (r) => {
      if (r === undefined) return;
      try {
        const done = await fetch(`${base}/page`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ state: r.state, nav: 'next', q_add_anything: r.marker }).toString(), redirect: 'manual' });
        // The redirect to the thank-you page is the acknowledgement: it is sent only after the store has committed.
        if (done.status === 303 && (done.headers.get('location') ?? '').includes('/thanks?')) acknowledged.add(r.marker);
      } catch {
        /* the server died mid-request: not acknowledged */
      }
    });
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 1500)));
    const exited = new Promise((r) => {
      if (child.exitCode !== null || child.signalCode !== null) r(undefined);
      else child.once('exit', r);
    });
    child.kill('SIGKILL');
    await Promise.all(sends);
    await exited;
  }

  const sqlite = new Database(db);
  assert.equal(sqlite.pragma('integrity_check', { simple: true }), 'ok');
  sqlite.close();
  const store = await openStore(`sqlite:${db}`);
  assert.ok(store.ok);
  const seen = new Map<string, number>();
  let after: string | undefined;
  const opener = openerFor(key);
  do {
    const page = await store.value.pullSealed(STUDY, { limit: 500, ...(after === undefined ? {} : { after }) });
    assert.ok(page.ok);
    for (const r of page.value.records) {
      const opened = await opener.open(r.sealed, { study: STUDY });
      assert.ok(opened.ok, `response ${r.responseId} does not open`);
      const v = opened.value.values['add_anything'];
      const marker = v?.kind === 'text' ? v.value : '';
      seen.set(marker, (seen.get(marker) ?? 0) + 1);
    }
    after = page.value.next;
  } while (after !== undefined);
  await store.value.close();
  assert.ok(acknowledged.size > 0, 'some submissions were acknowledged');
  for (const marker of acknowledged) assert.equal(seen.get(marker), 1, `acknowledged ${marker} stored exactly once`);
  for (const [marker, n] of seen) assert.equal(n, 1, `${marker} stored once`);
  console.log(`  ${String(ROUNDS)} kills; ${String(acknowledged.size)} acknowledged, ${String(seen.size)} stored (the rest were in flight when the server died)`);
});
