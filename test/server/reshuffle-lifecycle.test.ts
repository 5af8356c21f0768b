// The server re-keys and rewrites the store at start and at a graceful stop, so neither a restart nor a stop leaves
// rows in arrival order or an old key behind.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { generateStudyKey, recipientFileText } from '../../src/crypto/index.ts';
import { submission } from '../store/fixtures.ts';

const epochOf = (path: string): string => {
  const db = new Database(path, { readonly: true });
  const id = db.prepare('SELECT id FROM storage_epoch').pluck().get() as string;
  db.close();
  return id;
};
const keyIds = (path: string): string[] => (JSON.parse(readFileSync(`${path}.key`, 'utf8')) as { keys: { id: string }[] }).keys.map((k) => k.id);

/** The flagship's instrument and a fresh study key in `dir`/study; the path of the SQLite file the server will use. */
async function flagshipStudyIn(dir: string): Promise<string> {
  mkdirSync(join(dir, 'study'));
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(dir, 'study', 'instrument.yaml'));
  writeFileSync(join(dir, 'study', 'study.pub'), recipientFileText(await generateStudyKey({ kind: 'x25519' }), 'russians-in-serbia'));
  return join(dir, 'db.sqlite');
}

test('start and graceful stop each re-key the store; the key file then holds only the current key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-lifecycle-'));
  try {
    const db = await flagshipStudyIn(dir);
    const options = { studyDirs: [join(dir, 'study')], store: `sqlite:${db}`, host: '127.0.0.1', port: 0, stateDir: join(dir, 'state'), quiet: true };
    const seen: string[] = [];
    for (let i = 0; i < 2; i++) {
      const server = (await startServer(options)) as RunningServer;
      assert.equal((await server.firstReshuffle).ok, true);
      seen.push(epochOf(db)); // after the start-up re-keying
      assert.equal(server.reshuffles.health().overdue, false);
      await server.close();
      seen.push(epochOf(db)); // after the stop's
      assert.deepEqual(keyIds(db), [seen.at(-1)]);
    }
    assert.equal(new Set(seen).size, 4, `four epochs: ${seen.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a stop whose re-keying outlasts its bound says so once, is not reported as a failed reshuffle, and the next start finishes the pass", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-lifecycle-'));
  try {
    const db = await flagshipStudyIn(dir);
    // No time at all for the stop's re-keying: closing the store cuts the pass at its next step.
    const options = { studyDirs: [join(dir, 'study')], store: `sqlite:${db}`, host: '127.0.0.1', port: 0, stateDir: join(dir, 'state'), quiet: true, finalReshuffleMs: 0 };
    const server = (await startServer(options)) as RunningServer;
    assert.equal((await server.firstReshuffle).ok, true);
    const subs = Array.from({ length: 300 }, () => submission());
    for (const s of subs) assert.ok((await server.store.submit('russians-in-serbia', s)).ok);
    const epoch = epochOf(db);
    const warnings: string[] = [];
    t.mock.method(console, 'error', (line: string) => warnings.push(line));
    await server.close();
    t.mock.restoreAll();
    assert.equal(epochOf(db), epoch, 'the pass was cut before its switch');
    assert.deepEqual(warnings.map((w) => /did not finish within/.test(w)), [true], warnings.join('\n'));
    const again = (await startServer({ ...options, finalReshuffleMs: 30_000 })) as RunningServer;
    assert.equal((await again.firstReshuffle).ok, true);
    assert.notEqual(epochOf(db), epoch);
    const page = await again.store.pullSealed('russians-in-serbia', { limit: 1000 });
    assert.deepEqual(page.ok ? page.value.records.map((r) => r.responseId).sort() : [], subs.map((s) => s.responseId).sort());
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
