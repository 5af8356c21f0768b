// The storage key: kept outside the database, replaced and forgotten at every reshuffle; a missing or damaged key file
// is a clear refusal, never a silent empty store; a crash between staging a key and switching to it loses nothing.

import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { keyFile } from '../../src/store/key-file.ts';
import { openStore } from '../../src/store/open.ts';
import { storageKey } from '../../src/store/storage-key.ts';
import type { Store } from '../../src/store/store.ts';
import { hash, submission } from './fixtures.ts';

const fresh = (): { dir: string; path: string; url: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-key-'));
  const path = join(dir, 'store.db');
  return { dir, path, url: `sqlite:${path}` };
};

async function open(url: string): Promise<Store> {
  const r = await openStore(url);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const storedValues = (path: string): { ids: string[]; coupons: string[]; epoch: string } => {
  const db = new Database(path, { readonly: true });
  const ids = db.prepare('SELECT response_id FROM responses').pluck().all() as string[];
  const coupons = db.prepare('SELECT coupon_hash FROM coupons').pluck().all() as string[];
  const epoch = db.prepare('SELECT id FROM storage_epoch').pluck().get() as string;
  db.close();
  return { ids, coupons, epoch };
};

const keyIds = (path: string): string[] => (JSON.parse(readFileSync(`${path}.key`, 'utf8')) as { keys: { id: string }[] }).keys.map((k) => k.id);

test('AES permutation of ids and coupon hashes is deterministic and invertible; a box opens only for its response', () => {
  const k = storageKey('0'.repeat(32), new Uint8Array(32).fill(7));
  const other = storageKey('1'.repeat(32), new Uint8Array(32).fill(8));
  const rid = 'a'.repeat(32);
  const coupon = hash();
  assert.match(k.hideId(rid), /^[0-9a-f]{32}$/);
  assert.equal(k.hideId(rid), k.hideId(rid));
  assert.notEqual(k.hideId(rid), other.hideId(rid));
  assert.equal(k.revealId(k.hideId(rid)), rid);
  assert.equal(k.revealCoupon(k.hideCoupon(coupon)), coupon);
  assert.match(k.hideCoupon(coupon), /^[0-9a-f]{64}$/);
  const sealed = new Uint8Array([1, 2, 3, 4]);
  const box = k.box('s', rid, sealed);
  assert.deepEqual(k.unbox('s', rid, box), sealed);
  assert.equal(k.unbox('s', 'b'.repeat(32), box), undefined, 'bound to the response id');
  assert.equal(other.unbox('s', rid, box), undefined, 'bound to the key');
  assert.notDeepEqual(k.box('s', rid, sealed), box, 'a fresh nonce each time');
});

test('the permutation is AES-256-CBC with a zero IV over the one or two blocks, as stored keys have always been made', () => {
  // The oracle: one CBC cipher per value, as the store made them before it kept one ECB cipher per key. Stored ids of
  // every database ever keyed depend on this staying the same function.
  const secret = new Uint8Array(randomBytes(32));
  const k = storageKey('2'.repeat(32), secret);
  const cbc = (label: string, hex: string, decrypt: boolean): string => {
    const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `portas store ${label}`, 32));
    const c = decrypt ? createDecipheriv('aes-256-cbc', key, Buffer.alloc(16)) : createCipheriv('aes-256-cbc', key, Buffer.alloc(16));
    c.setAutoPadding(false);
    return Buffer.concat([c.update(Buffer.from(hex, 'hex')), c.final()]).toString('hex');
  };
  for (let i = 0; i < 200; i++) {
    const rid = randomBytes(16).toString('hex');
    const coupon = randomBytes(32).toString('hex');
    assert.equal(k.hideId(rid), cbc('response ids', rid, false));
    assert.equal(k.revealId(rid), cbc('response ids', rid, true));
    assert.equal(k.hideCoupon(coupon), cbc('coupon hashes', coupon, false));
    assert.equal(k.revealCoupon(coupon), cbc('coupon hashes', coupon, true));
  }
  assert.equal(storageKey('0'.repeat(32), new Uint8Array(32).fill(7)).hideCoupon('0123456789abcdef'.repeat(4)), '9e1dd50a947723ea3cbbb331a8b14fed796caf9f8b6cbf74e7a58ef9ff117653');
  assert.throws(() => k.revealId('abc'), /one or two AES blocks/);
});

test('each reshuffle replaces every stored id, coupon hash and box; the key file then holds only the new key', async () => {
  const { dir, path, url } = fresh();
  try {
    const store = await open(url);
    const seed = hash();
    assert.ok((await store.issueSeedCoupons('s', [seed])).ok);
    const subs = Array.from({ length: 20 }, () => submission({ issueCouponHashes: [hash()] }));
    for (const x of subs) assert.ok((await store.submit('s', x)).ok);
    const before = storedValues(path);
    assert.deepEqual(keyIds(path), [before.epoch]);
    assert.ok(subs.every((x) => !before.ids.includes(x.responseId)), 'no response id is stored in clear');
    const r = await store.reshuffle();
    assert.ok(r.ok);
    const after = storedValues(path);
    assert.equal(after.epoch, r.value.epoch);
    assert.notEqual(after.epoch, before.epoch);
    assert.deepEqual(keyIds(path), [after.epoch], 'the old key is forgotten');
    assert.equal(after.ids.filter((id) => before.ids.includes(id)).length, 0);
    assert.equal(after.coupons.filter((c) => before.coupons.includes(c)).length, 0);
    const bytes = readFileSync(path);
    for (const x of subs) assert.equal(bytes.indexOf(Buffer.from(x.sealed)), -1, 'sealed bytes never appear as submitted');
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing or damaged key file is a clear refusal naming the file, and nothing stored is touched', async () => {
  const { dir, path, url } = fresh();
  try {
    const store = await open(url);
    assert.ok((await store.submit('s', submission())).ok);
    await store.close();
    const saved = readFileSync(`${path}.key`);
    rmSync(`${path}.key`);
    const missing = await openStore(url);
    assert.equal(missing.ok ? 'ok' : missing.error.kind, 'missing-key');
    assert.match(missing.ok ? '' : missing.error.message, /store\.db\.key.*does not hold the key/);
    writeFileSync(`${path}.key`, '');
    const damaged = await openStore(url);
    assert.equal(damaged.ok ? 'ok' : damaged.error.kind, 'missing-key');
    assert.match(damaged.ok ? '' : damaged.error.message, /store\.db\.key: the storage key file is damaged/);
    writeFileSync(`${path}.key`, saved);
    const again = await open(url);
    const page = await again.pullSealed('s', { limit: 10 });
    assert.equal(page.ok ? page.value.records.length : -1, 1);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a crash after a key was staged but before the switch: the next open drops the staged key and reads everything', async () => {
  const { dir, path, url } = fresh();
  try {
    const store = await open(url);
    const x = submission();
    assert.ok((await store.submit('s', x)).ok);
    await store.close();
    const epoch = storedValues(path).epoch;
    keyFile(`${path}.key`).stage(); // what a reshuffle writes before its commit
    assert.equal(keyIds(path).length, 2);
    const again = await open(url);
    assert.deepEqual(keyIds(path), [epoch]);
    const page = await again.pullSealed('s', { limit: 10 });
    assert.deepEqual(page.ok ? page.value.records.map((r) => r.responseId) : [], [x.responseId]);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a database of schema 1 (ids and hashes in clear) is re-keyed at open, nothing lost', async () => {
  const { dir, path, url } = fresh();
  try {
    const store = await open(url);
    await store.close();
    // Rebuild the state a schema-1 database had: clear rows, no storage key.
    const db = new Database(path);
    const rid = 'c'.repeat(32);
    const seed = hash();
    db.prepare("UPDATE storage_epoch SET id = 'clear'").run();
    db.prepare("INSERT INTO responses VALUES ('s', ?, '2024-W17', 'complete', x'0102')").run(rid);
    db.prepare("INSERT INTO coupons VALUES ('s', ?, NULL, 'redeemed', NULL, ?)").run(seed, rid);
    db.close();
    const again = await open(url);
    const after = storedValues(path);
    assert.notEqual(after.epoch, 'clear');
    assert.notDeepEqual(after.ids, [rid]);
    assert.notDeepEqual(after.coupons, [seed]);
    const page = await again.pullSealed('s', { limit: 10 });
    assert.deepEqual(page.ok ? page.value.records.map((r) => [r.responseId, [...r.sealed]]) : [], [[rid, [1, 2]]]);
    const tree = await again.recruitmentEdges('s');
    assert.deepEqual(tree.ok ? tree.value.seeds : [], [rid]);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
