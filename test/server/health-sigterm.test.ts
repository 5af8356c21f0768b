import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { openerFor } from '../../src/crypto/index.ts';
import { openStore } from '../../src/store/open.ts';
import { STUDY, startSplitPost, studyFolder, walkToLastPage } from './health-fixture.ts';

test('SIGTERM (then SIGINT) to `portas serve` with a submission in flight: it is stored and acknowledged, new connections are refused, exit code 0', async () => {
  const { root, studyDir, key } = await studyFolder('portas-sigterm-');
  const db = join(root, 'db.sqlite');
  const child = spawn(process.execPath, ['bin/portas.js', 'serve', studyDir, '--store', `sqlite:${db}`, '--port', '0', '--state-dir', join(root, 'state')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { resolve(code); }));
  const waitFor = async (pattern: RegExp): Promise<RegExpExecArray> => {
    for (let i = 0; i < 600; i++) {
      const m = pattern.exec(out);
      if (m) return m;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    throw new Error(`no ${String(pattern)} in output:\n${out}\n${err}`);
  };
  const url = (await waitFor(/listening on (http:\/\/\S+)/))[1] ?? '';
  const state = await walkToLastPage(url);
  const inFlight = await startSplitPost(url, state, 'sigterm-marker');
  child.kill('SIGTERM');
  await waitFor(/stopping: no new connections/);
  child.kill('SIGINT'); // a second signal (Ctrl-C after a service manager's SIGTERM) changes nothing
  await assert.rejects(fetch(`${url}/healthz`), 'no new connection is accepted after SIGTERM');
  inFlight.finish();
  const answer = await inFlight.answer;
  assert.ok('status' in answer, `answered: ${JSON.stringify(answer)}`);
  // Post/Redirect/Get: the redirect to the thank-you page, sent after the commit, is the acknowledgement.
  assert.equal(answer.status, 303);
  assert.match(answer.location, /\/thanks\?s=/);
  assert.equal(await exited, 0, `exit code (stderr: ${err})`);
  assert.match(out, /stopped; 1 request\(s\) finished, 0 cut unanswered/);
  assert.equal(out.match(/stopping:/g)?.length, 1, 'one stop');
  assert.equal(err, '', 'no error on a graceful stop');
  const store = await openStore(`sqlite:${db}`);
  assert.ok(store.ok);
  const page = await store.value.pullSealed(STUDY, { limit: 10 });
  assert.ok(page.ok);
  assert.equal(page.value.records.length, 1);
  const opened = await openerFor(key).open(page.value.records[0]!.sealed, { study: STUDY });
  assert.ok(opened.ok);
  assert.deepEqual(opened.value.values['add_anything'], { kind: 'text', value: 'sigterm-marker' });
  await store.value.close();
});
