// The form-key ring over the store: keys and a generation count only (no time), boxed under the storage key, shared
// by every instance over one store, re-keyed with the rows; an unreadable key is reported, not fatal.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { exportFormKey, openFormState, sealFormState } from '../../src/crypto/form-state.ts';
import { formKeyIdOf, formKeyRing, formKeyStore } from '../../src/server/form-key-ring.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';

const NOW = 29_500_000; // minutes since 1970: some day in 2026

async function withStores(n: number, fn: (stores: Store[], path: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'portas-formkeys-'));
  const path = join(dir, 'store.sqlite');
  const stores: Store[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const s = openSqliteStore(path);
      if (!s.ok) throw new Error(s.error.message);
      stores.push(s.value);
    }
    await fn(stores, path);
  } finally {
    for (const s of stores) await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ring = (store: Store, now: number, onReplaced?: (r: string) => void) =>
  formKeyRing({ rotateMinutes: 60, maxFormAgeMinutes: 180, storage: formKeyStore(store), nowMinutes: now, ...(onReplaced ? { onReplaced } : {}) });

test('the store holds a generation and a box per key: no minute, no time, no raw key bytes', async () => {
  await withStores(1, async ([store], path) => {
    const r = await ring(store!, NOW);
    const first = await exportFormKey(await r.current(NOW));
    await r.current(NOW + 61); // a rotation
    const db = new Database(path, { readonly: true });
    try {
      const cols = (db.prepare('PRAGMA table_info(form_keys)').all() as { name: string }[]).map((c) => c.name);
      assert.deepEqual(cols, ['generation', 'boxed']);
      assert.deepEqual((db.prepare('SELECT generation FROM form_keys ORDER BY 1').pluck().all()), [1, 2]);
    } finally {
      db.close();
    }
    const bytes = readFileSync(path);
    assert.equal(bytes.indexOf(Buffer.from(first.raw)), -1, 'the raw key is boxed');
    assert.equal(bytes.indexOf(Buffer.from(String(NOW).slice(0, 5))), -1, 'no minute count');
  });
});

test('three instances share the keys: a form sealed on one opens on the others, also after a rotation they had not seen', async () => {
  await withStores(3, async (stores) => {
    const [a, b, c] = await Promise.all(stores.map((s) => ring(s, NOW)));
    const first = await a!.current(NOW);
    assert.equal((await b!.current(NOW)).id, first.id, 'B seals with the key A made');
    const token = await sealFormState(first, 'ctx', { a: 1 }, NOW);
    assert.deepEqual(await openFormState(await c!.live(NOW, formKeyIdOf(token)), 'ctx', token, NOW, 180), { ok: true, value: { a: 1 } });
    // A rotates; C has not read the store since, and the form names the new key.
    const rotated = await a!.current(NOW + 61);
    assert.notEqual(rotated.id, first.id);
    const later = await sealFormState(rotated, 'ctx', { a: 2 }, NOW + 61);
    assert.deepEqual(await openFormState(await c!.live(NOW + 61, formKeyIdOf(later)), 'ctx', later, NOW + 61, 180), { ok: true, value: { a: 2 } });
    // B reads the store again at its next minute and seals with A's new key rather than rotating again.
    assert.equal((await b!.current(NOW + 62)).id, rotated.id);
    const set = await stores[0]!.formKeys();
    assert.ok(set.ok);
    assert.equal(set.value.keys.length, 2, 'one rotation, not one per instance');
  });
});

test('after a restart and a reshuffle a form sealed before still opens (it carries its own age); a late one does not', async () => {
  await withStores(1, async ([store]) => {
    const before = await ring(store!, NOW);
    const token = await sealFormState(await before.current(NOW), 'ctx', { a: 1 }, NOW);
    assert.ok((await store!.reshuffle()).ok);
    const after = await ring(store!, NOW + 30);
    assert.deepEqual(await openFormState(await after.live(NOW + 30, formKeyIdOf(token)), 'ctx', token, NOW + 30, 180), { ok: true, value: { a: 1 } });
    const late = await openFormState(await after.live(NOW + 200), 'ctx', token, NOW + 200, 180);
    assert.equal(late.ok, false, 'a form older than its lifetime is refused whatever the key');
  });
});

test('old generations are forgotten: the store keeps only those a live form may need', async () => {
  await withStores(1, async ([store]) => {
    const r = await ring(store!, NOW);
    for (let h = 0; h < 10; h++) await r.current(NOW + h * 60);
    const set = await store!.formKeys();
    assert.ok(set.ok);
    assert.deepEqual(set.value.keys.map((k) => k.generation), [6, 7, 8, 9, 10], 'rotation 60, forms 180: the newest 2 + 3');
  });
});

test('an unreadable stored key is reported once and the ring keeps sealing with a fresh one', async () => {
  await withStores(1, async ([store], path) => {
    const r = await ring(store!, NOW);
    await r.current(NOW);
    const db = new Database(path);
    db.prepare('UPDATE form_keys SET boxed = zeroblob(60)').run();
    db.close();
    const reports: string[] = [];
    const again = await ring(store!, NOW + 1, (x) => reports.push(x));
    assert.deepEqual(reports, ['1 stored form key(s) cannot be read']);
    const key = await again.current(NOW + 1);
    const token = await sealFormState(key, 'ctx', 1, NOW + 1);
    assert.equal((await openFormState(await again.live(NOW + 1, formKeyIdOf(token)), 'ctx', token, NOW + 1, 180)).ok, true);
  });
});
