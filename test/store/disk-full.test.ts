// A full or read-only disk during submit surfaces as a typed failure: never a silent success, never a partial row.
// Needs a small filesystem: a size-limited tmpfs mounted here (root with CAP_SYS_ADMIN), else a read-only directory
// (non-root users); when neither is possible the test skips and says why.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { submission } from './fixtures.ts';

function tryMount(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=384k', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'portas-full-'));
const mounted = tryMount(dir);
const isRoot = process.getuid?.() === 0;
const skipFull = mounted ? false : 'cannot mount a size-limited tmpfs here (needs root with CAP_SYS_ADMIN)';
const skipReadOnly = isRoot ? 'root ignores directory permissions (the tmpfs test above covers root)' : false;

async function openIn(path: string): Promise<Store> {
  const r = await openStore(`sqlite:${path}`);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const integrity = (path: string): unknown => {
  const db = new Database(path, { readonly: true });
  const out = db.pragma('integrity_check', { simple: true });
  db.close();
  return out;
};

test('disk full during submit: typed disk-full failure, no partial row, acknowledged rows intact, retry succeeds after space returns', { skip: skipFull }, async () => {
  const path = join(dir, 'full.db');
  const store = await openIn(path);
  const acknowledged: string[] = [];
  let failure: unknown;
  let failed: ReturnType<typeof submission> | undefined;
  for (let i = 0; i < 200 && failure === undefined; i++) {
    const s = submission({ sealed: new Uint8Array(12_000).fill(i % 251) });
    const r = await store.submit('s', s);
    if (r.ok) acknowledged.push(s.responseId);
    else [failure, failed] = [r.error, s];
  }
  assert.ok(failed !== undefined, 'the filesystem never filled up');
  assert.deepEqual(failure, { kind: 'storage-failed', reason: 'disk-full', message: 'submit: SQLite SQLITE_FULL' });
  const pulled = await store.pullSealed('s', { limit: 10_000 });
  assert.ok(pulled.ok);
  assert.deepEqual(pulled.value.records.map((r) => r.responseId).sort(), [...acknowledged].sort());
  await store.close();
  assert.equal(integrity(path), 'ok');
  execFileSync('mount', ['-o', 'remount,size=4m', dir]);
  const again = await openIn(path);
  assert.deepEqual(await again.submit('s', failed), { ok: true, value: { kind: 'stored' } });
  await again.close();
  assert.equal(integrity(path), 'ok');
});

test('a directory the store may not write into (non-root fallback): typed failure', { skip: skipReadOnly }, async () => {
  const sub = join(dir, 'locked');
  execFileSync('mkdir', [sub]);
  const path = join(sub, 'locked.db');
  const store = await openIn(path);
  chmodSync(sub, 0o555); // the rollback journal cannot be created next to the database
  try {
    const r = await store.submit('s', submission());
    assert.ok(!r.ok && r.error.kind === 'storage-failed', JSON.stringify(r));
  } finally {
    chmodSync(sub, 0o755);
    await store.close();
  }
});

test('the database file removed under a running store (an I/O-class failure anyone can inject): typed failure, no success', async () => {
  const own = mkdtempSync(join(tmpdir(), 'portas-moved-'));
  try {
    const path = join(own, 'moved.db');
    const store = await openIn(path);
    assert.ok((await store.submit('s', submission())).ok);
    rmSync(path); // SQLite notices that its file is gone and refuses to write (SQLITE_READONLY_DBMOVED)
    const r = await store.submit('s', submission());
    assert.ok(!r.ok && r.error.kind === 'storage-failed' && r.error.reason === 'read-only', JSON.stringify(r));
    await store.close();
  } finally {
    rmSync(own, { recursive: true, force: true });
  }
});

// Cleanup is a hook, not a test: a test that asserts nothing would count as a pass.
after(() => {
  if (mounted) execFileSync('umount', ['--lazy', dir]);
  rmSync(dir, { recursive: true, force: true });
});
