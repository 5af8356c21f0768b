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

const epochOf = (path: string): string => {
  const db = new Database(path, { readonly: true });
  const id = db.prepare('SELECT id FROM storage_epoch').pluck().get() as string;
  db.close();
  return id;
};
const keyIds = (path: string): string[] => (JSON.parse(readFileSync(`${path}.key`, 'utf8')) as { keys: { id: string }[] }).keys.map((k) => k.id);

test('start and graceful stop each re-key the store; the key file then holds only the current key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-lifecycle-'));
  try {
    mkdirSync(join(dir, 'study'));
    copyFileSync('studies/russians-in-serbia/instrument.yaml', join(dir, 'study', 'instrument.yaml'));
    writeFileSync(join(dir, 'study', 'study.pub'), recipientFileText(await generateStudyKey({ kind: 'x25519' }), 'russians-in-serbia'));
    const db = join(dir, 'db.sqlite');
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
