// store.outstandingCoupons on both stores: unredeemed coupons by expiry and seed-or-not, redeemed ones left out.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { pgDatabase, pgSkipReason } from '../store/pg-env.ts';

const STUDY = 'monitor-store';
const h = (s: string): string => createHash('sha256').update(s).digest('hex');
const id = (n: number): string => n.toString(16).padStart(32, 'a');

async function exercise(store: Store): Promise<void> {
  assert.deepEqual(await store.outstandingCoupons(STUDY), { ok: true, value: [] });
  assert.ok((await store.issueSeedCoupons(STUDY, [h('s1'), h('s2'), h('s3')])).ok);
  assert.ok((await store.issueSeedCoupons(STUDY, [h('s4')], '2030-W10')).ok);
  // s1 redeemed by a respondent who hands out three coupons expiring 2030-05, one of them then redeemed.
  assert.ok((await store.submit(STUDY, { responseId: id(1), period: '2030-W09', status: 'complete', sealed: new Uint8Array([1]), redeemCouponHash: h('s1'), issueCouponHashes: [h('c1'), h('c2'), h('c3')], issueExpiry: '2030-05' })).ok);
  assert.ok((await store.submit(STUDY, { responseId: id(2), period: '2030-W09', status: 'partial', sealed: new Uint8Array([2]), redeemCouponHash: h('c1'), issueCouponHashes: [] })).ok);
  const got = await store.outstandingCoupons(STUDY);
  assert.ok(got.ok);
  assert.deepEqual(got.value, [
    { expiry: '2030-05', seed: false, count: 2 },
    { expiry: '2030-W10', seed: true, count: 1 },
    { expiry: null, seed: true, count: 2 },
  ]);
  const other = await store.outstandingCoupons('another-study');
  assert.ok(other.ok);
  assert.deepEqual(other.value, []);
  const bad = await store.outstandingCoupons('Not A Study');
  assert.ok(!bad.ok && bad.error.kind === 'invalid');
}

test('SQLite: outstanding coupons by expiry, seeds apart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-monitor-store-'));
  const opened = await openStore(`sqlite:${join(dir, 'db.sqlite')}`);
  assert.ok(opened.ok);
  try {
    await exercise(opened.value);
  } finally {
    await opened.value.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL: outstanding coupons by expiry, seeds apart', { skip: pgSkipReason() ?? false }, async () => {
  const db = await pgDatabase();
  const opened = await openStore(db.url);
  assert.ok(opened.ok, JSON.stringify(!opened.ok && opened.error));
  try {
    await exercise(opened.value);
  } finally {
    await opened.value.close();
    await db.drop();
  }
});
