// The SQLite re-keying in steps: writes, redemptions and revocations during a pass all land; a pass stopped halfway
// (a closing store, a killed process) is carried on by the next re-keying, from another connection; nothing of a pass
// is left in the file once it ends, and the key file holds the current key only.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { Result } from '../../src/core/result.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { SealedRecord, Store, Submission } from '../../src/store/store.ts';
import { hash, submission } from './fixtures.ts';
import { CLEAN, leftovers, untilCopied } from './sqlite-pass.ts';

const value = <T, E>(r: Result<T, E>): T => {
  if (!r.ok) assert.fail(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};
const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

async function pullAll(store: Store, study: string): Promise<SealedRecord[]> {
  const out: SealedRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const page = value(await store.pullSealed(study, after === undefined ? { limit: 500 } : { after, limit: 500 }));
    out.push(...page.records);
    if (page.next === undefined) return out;
    after = page.next;
  }
}

function fresh(): { dir: string; path: string; store: Store } {
  const dir = mkdtempSync(join(tmpdir(), 'portas-rekey-'));
  const path = join(dir, 'store.db');
  return { dir, path, store: value(openSqliteStore(path)) };
}

test('writes, redemptions and revocations during a re-keying all land, under the new key', async () => {
  const { dir, path, store } = fresh();
  try {
    const st = 'during';
    const seeds = Array.from({ length: 40 }, hash);
    value(await store.issueSeedCoupons(st, seeds));
    const stored: Submission[] = [];
    for (let i = 0; i < 300; i++) {
      const s = submission({ issueCouponHashes: [hash(), hash()], ...(i < 20 ? { redeemCouponHash: seeds[i] } : {}) });
      value(await store.submit(st, s));
      stored.push(s);
    }
    const before = value(await store.counts(st)).responsesTotal;
    const pass = store.reshuffle();
    // While it runs: new responses (some redeeming seeds and coupons copied already), and a revocation.
    const during: Submission[] = [];
    await untilCopied(path, 1);
    for (let i = 0; i < 30; i++) {
      await turns(3);
      const redeem = i < 10 ? seeds[20 + i]! : stored[i]!.issueCouponHashes[0]!;
      const s = submission({ redeemCouponHash: redeem, issueCouponHashes: [hash()] });
      assert.deepEqual(value(await store.submit(st, s)), { kind: 'stored' });
      during.push(s);
    }
    const revoked = value(await store.revokeCoupons(st, { kind: 'below', coupon: seeds[39]! }));
    assert.equal(revoked.revoked, 1, 'an unredeemed seed is revoked during the pass');
    const report = value(await pass);
    assert.notEqual(report.skipped, true);
    assert.ok(report.responses >= before, `the pass covered the rows stored before it (${String(report.responses)})`);
    assert.ok((report.pausedMs ?? Infinity) < report.milliseconds, 'the pass ran in several steps');

    const all = await pullAll(store, st);
    assert.deepEqual(all.map((r) => r.responseId).sort(), [...stored, ...during].map((s) => s.responseId).sort());
    for (const s of [...stored, ...during]) assert.deepEqual(all.find((r) => r.responseId === s.responseId)?.sealed, s.sealed);
    const counts = value(await store.counts(st));
    assert.equal(counts.responsesTotal, 330);
    assert.equal(counts.couponsRedeemed, 50);
    assert.equal(counts.couponsIssued, 39 + 600 + 30, 'seeds less the revoked one, and every coupon handed on');
    assert.equal(value(await store.couponState(st, seeds[39]!, '2024-W17')), 'unknown');
    assert.equal(value(await store.couponState(st, stored[15]!.issueCouponHashes[0]!, '2024-W17')), 'used');
    assert.equal(value(await store.couponState(st, during[12]!.issueCouponHashes[0]!, '2024-W17')), 'usable');
    const tree = value(await store.recruitmentEdges(st));
    assert.equal(tree.edges.length, 20, 'the coupons of responses redeemed during the pass link them to their recruiters');
    assert.deepEqual(await store.submit(st, during[3]!), { ok: true, value: { kind: 'already-stored' } });
    assert.deepEqual(leftovers(path), CLEAN);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a pass stopped halfway stays in the file with its key, and the next re-keying, on another connection, finishes it', async () => {
  const { dir, path, store } = fresh();
  try {
    const st = 'halfway';
    const subs = Array.from({ length: 400 }, () => submission({ issueCouponHashes: [hash()] }));
    for (const s of subs) value(await store.submit(st, s));
    const pass = store.reshuffle();
    await untilCopied(path, 1);
    await store.close(); // stops the pass between two steps, as a kill would between two transactions
    const stopped = await pass;
    assert.equal(stopped.ok, false, 'the pass did not finish');
    const mid = leftovers(path);
    assert.ok(mid.tables.includes('rekey_pass') && mid.tables.includes('responses_next'), `the pass is in the file: ${mid.tables.join(', ')}`);
    assert.equal(mid.keys, 2, 'the key file holds the current key and the pass key');

    const other = value(openSqliteStore(path)); // opening keeps both keys: the pass is under way
    try {
      assert.equal(leftovers(path).keys, 2);
      const late = submission();
      value(await other.submit(st, late));
      const report = value(await other.reshuffle());
      assert.equal(report.responses, 401);
      assert.deepEqual((await pullAll(other, st)).map((r) => r.responseId).sort(), [...subs, late].map((s) => s.responseId).sort());
      assert.deepEqual(leftovers(path), CLEAN);
    } finally {
      await other.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a new table that does not match the live one is never switched in: the re-keying fails, the next one starts afresh', async () => {
  const { dir, path, store } = fresh();
  try {
    const st = 'mismatch';
    const subs = Array.from({ length: 200 }, () => submission());
    for (const s of subs) value(await store.submit(st, s));
    const pass = store.reshuffle();
    await untilCopied(path, 1);
    await store.close();
    assert.equal((await pass).ok, false);
    // A row no live row stands for, as a bug in the copy would leave.
    const db = new Database(path);
    db.prepare("INSERT INTO responses_next (study, response_id, period, status, sealed) VALUES (?, ?, '2024-W17', 'complete', x'00')").run(st, 'f'.repeat(32));
    db.close();
    const other = value(openSqliteStore(path));
    try {
      const failed = await other.reshuffle();
      assert.equal(failed.ok ? 'ok' : failed.error.reason, 'corrupt');
      assert.equal((await pullAll(other, st)).length, 200, 'the live rows are untouched');
      const report = value(await other.reshuffle());
      assert.equal(report.responses, 200);
      assert.deepEqual((await pullAll(other, st)).map((r) => r.responseId).sort(), subs.map((s) => s.responseId).sort());
      assert.deepEqual(leftovers(path), CLEAN);
    } finally {
      await other.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
