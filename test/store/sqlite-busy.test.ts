// The serving thread waits for a lock held elsewhere between requests, never asleep in SQLite's busy handler.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { submission } from './fixtures.ts';

test('while another connection holds the write lock, a submission waits without stopping the event loop, then is stored once', { timeout: 20_000 }, async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'portas-busy-')), 'store.sqlite');
  const opened = openSqliteStore(path);
  assert.ok(opened.ok);
  const store = opened.value;
  const other = new Database(path);
  try {
    const s = submission();
    // A re-keying thread's step or another process: the lock is held, here for 300 ms.
    other.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const ticking = setInterval(() => {
      ticks += 1;
    }, 10);
    let settled = false;
    const pending = store.submit('russians-in-serbia', s).finally(() => {
      settled = true;
    });
    // The loop went on serving timers (a page, in the server) while the lock was held, and the submission waited: the
    // old busy handler slept in this thread until its 15 s ran out, then answered 'busy' before the lock came free.
    await sleep(300);
    clearInterval(ticking);
    assert.equal(settled, false, 'no answer while the lock is held elsewhere');
    assert.ok(ticks > 0, 'timers ran while the lock was held');
    other.exec('COMMIT');
    const out = await pending;
    assert.deepEqual(out, { ok: true, value: { kind: 'stored' } });
    // Stored once: the same response again is recognised.
    assert.deepEqual(await store.submit('russians-in-serbia', s), { ok: true, value: { kind: 'already-stored' } });
    // A read (the counts) waits the same way while a commit's exclusive lock would keep it out.
    other.exec('BEGIN EXCLUSIVE');
    const counting = store.counts('russians-in-serbia');
    await sleep(50);
    other.exec('COMMIT');
    const counts = await counting;
    assert.ok(counts.ok, 'the read is answered once the lock is free');
  } finally {
    other.close();
    await store.close();
  }
});
