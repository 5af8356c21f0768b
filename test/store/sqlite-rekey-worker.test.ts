// The SQLite re-keying on its own thread: what the serving connection writes while the thread's pass runs all lands
// under the fresh key; closing the store stops the pass and the next re-keying finishes it; a thread that throws or
// dies gives the reshuffle a failure, and nothing stored is lost.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Result } from '../../src/core/result.ts';
import { rekeyInWorker } from '../../src/store/sqlite/rekey-in-worker.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { SealedRecord, Store, Submission } from '../../src/store/store.ts';
import { hash, submission } from './fixtures.ts';
import { CLEAN, copiedSoFar, leftovers, untilCopied } from './sqlite-pass.ts';

const value = <T, E>(r: Result<T, E>): T => {
  if (!r.ok) assert.fail(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};

async function pullAll(store: Store, study: string): Promise<SealedRecord[]> {
  const out: SealedRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const page = value(await store.pullSealed(study, after === undefined ? { limit: 1000 } : { after, limit: 1000 }));
    out.push(...page.records);
    if (page.next === undefined) return out;
    after = page.next;
  }
}

/** Every submission is stored, once, with its sealed bytes. */
async function allThere(store: Store, study: string, subs: readonly Submission[]): Promise<void> {
  const all = await pullAll(store, study);
  assert.deepEqual(all.map((r) => r.responseId).sort(), subs.map((s) => s.responseId).sort());
  const byId = new Map(all.map((r) => [r.responseId, r.sealed]));
  for (const s of subs) assert.deepEqual(byId.get(s.responseId), s.sealed);
}

/** SEEDS seeds (one transaction: rows enough for a pass of some seconds) and `rows` responses. */
const SEEDS = 6000;
async function filled(rows: number): Promise<{ dir: string; path: string; store: Store; stored: Submission[]; seeds: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'portas-rekey-worker-'));
  const path = join(dir, 'store.db');
  const store = value(openSqliteStore(path));
  const seeds = Array.from({ length: SEEDS }, hash);
  value(await store.issueSeedCoupons('w', seeds));
  const stored: Submission[] = [];
  for (let i = 0; i < rows; i++) {
    const s = submission({ sealed: new Uint8Array(1024).fill(i % 251), issueCouponHashes: [hash(), hash()] });
    value(await store.submit('w', s));
    stored.push(s);
  }
  return { dir, path, store, stored, seeds };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 2));

test('submissions, redemptions and revocations made while the re-keying thread copies all land, under the fresh key', async () => {
  const { dir, path, store, stored, seeds } = await filled(200);
  try {
    const pass = store.reshuffle();
    await untilCopied(path, 1);
    const during: Submission[] = [];
    const revokedSeeds: string[] = [];
    let racing = 0;
    // Writes as long as the pass is in the file (at most 90 of them): seeds and handed-on coupons redeemed, seeds revoked.
    for (let i = 0; i < 90 && copiedSoFar(path) !== undefined; i++) {
      racing += 1;
      const redeem = i % 2 === 0 ? seeds[i / 2]! : stored[i]!.issueCouponHashes[0]!;
      const s = submission({ redeemCouponHash: redeem, issueCouponHashes: [hash()] });
      assert.deepEqual(value(await store.submit('w', s)), { kind: 'stored' });
      during.push(s);
      if (i % 10 === 0) {
        const seed = seeds[SEEDS - 1 - i / 10]!;
        assert.equal(value(await store.revokeCoupons('w', { kind: 'below', coupon: seed })).revoked, 1);
        revokedSeeds.push(seed);
      }
      await tick();
    }
    assert.ok(racing >= 5, `the writes raced the pass (${String(racing)} made while it was in the file)`);
    const report = value(await pass);
    assert.notEqual(report.skipped, true);
    assert.ok(report.responses >= 200, `the pass covered the rows stored before it (${String(report.responses)})`);
    assert.ok((report.pausedMs ?? Infinity) < report.milliseconds && (report.busyMs ?? Infinity) < report.milliseconds, 'the serving thread waited for parts of the pass only');
    assert.deepEqual(leftovers(path), CLEAN);

    // This connection uses the fresh key by itself (a write and a read after the switch), and so does a new one.
    const after = submission();
    value(await store.submit('w', after));
    const everyone = [...stored, ...during, after];
    await allThere(store, 'w', everyone);
    const other = value(openSqliteStore(path));
    try {
      await allThere(other, 'w', everyone);
      const counts = value(await other.counts('w'));
      assert.equal(counts.couponsRedeemed, during.length);
      assert.equal(counts.couponsIssued, SEEDS - revokedSeeds.length + 2 * 200 + during.length, 'seeds less the revoked ones, and every coupon handed on');
      for (const seed of revokedSeeds) assert.equal(value(await other.couponState('w', seed, '2024-W17')), 'unknown');
      assert.equal(value(await other.couponState('w', seeds[0]!, '2024-W17')), 'used');
      assert.equal(value(await other.couponState('w', stored[1]!.issueCouponHashes[0]!, '2024-W17')), 'used');
      assert.equal(value(await other.couponState('w', during.at(-1)!.issueCouponHashes[0]!, '2024-W17')), 'usable');
      const handedOn = during.filter((s) => !seeds.includes(s.redeemCouponHash!)).length;
      assert.equal(value(await other.recruitmentEdges('w')).edges.length, handedOn, 'a coupon handed on links its redeemer to its recruiter');
      assert.deepEqual(await other.submit('w', during[5]!), { ok: true, value: { kind: 'already-stored' } });
    } finally {
      await other.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('closing the store stops the thread\'s pass at its next step; the next re-keying finishes it with nothing lost', async () => {
  const { dir, path, store, stored } = await filled(200);
  try {
    const pass = store.reshuffle();
    await untilCopied(path, 20);
    const late = submission();
    value(await store.submit('w', late));
    await store.close();
    const stopped = await pass;
    assert.equal(stopped.ok ? 'ok' : stopped.error.message, 'reshuffle: the store closed; the pass goes on at the next re-keying');
    const copied = copiedSoFar(path);
    assert.ok(copied !== undefined && copied < 200, `the pass is in the file, halfway (${String(copied)} copied)`);
    assert.equal(leftovers(path).keys, 2, 'the key file holds the current key and the pass key');

    const other = value(openSqliteStore(path));
    try {
      const report = value(await other.reshuffle());
      assert.equal(report.responses, 201);
      await allThere(other, 'w', [...stored, late]);
      assert.deepEqual(leftovers(path), CLEAN);
    } finally {
      await other.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a re-keying thread that throws or dies gives a failure, not a throw', async () => {
  const data = { path: '/nonexistent/store.db', keyPath: '/nonexistent/store.db.key', targetMs: 8, lowerPriority: false };
  const cases: [URL, RegExp][] = [
    [new URL('data:text/javascript,throw new Error("planted")'), /^reshuffle: the re-keying thread failed \(planted\); nothing stored is lost/],
    [new URL('data:text/javascript,process.exit(3)'), /^reshuffle: the re-keying thread stopped early \(exit code 3\)/],
    [new URL('./sqlite-pass.ts', import.meta.url), /^reshuffle: the re-keying thread (failed|stopped early)/],
  ];
  for (const [entry, message] of cases) {
    const started = value(rekeyInWorker(data, entry));
    const out = await started.result;
    assert.match(out.ok ? 'ok' : out.error.message, message);
  }
  // No entry beside the module (a bundle of the sources): no thread is started, so the store re-keys on its own thread.
  const missing = rekeyInWorker(data, new URL('./no-such-entry.js', import.meta.url));
  assert.match(missing.ok ? 'started' : missing.error, /^no worker entry at .*no-such-entry\.js/);
  // The real thread on a file that is not there: its open fails, and says so.
  const out = await value(rekeyInWorker(data)).result;
  assert.match(out.ok ? 'ok' : out.error.message, /^reshuffle: the re-keying thread failed \(.*\); nothing stored is lost/);
});

test('a thread that fails mid-pass (its key file damaged) gives the reshuffle a failure; the next one carries on, nothing lost', async () => {
  const { dir, path, store, stored } = await filled(200);
  try {
    const pass = store.reshuffle();
    await untilCopied(path, 1);
    const keyPath = `${path}.key`;
    const keys = readFileSync(keyPath, 'utf8'); // the current key and the pass key
    writeFileSync(keyPath, 'not a key file');
    const failed = await pass;
    assert.match(failed.ok ? 'ok' : failed.error.message, /^reshuffle: the re-keying thread failed \(.*the storage key file is damaged.*\)/);
    writeFileSync(keyPath, keys);
    const report = value(await store.reshuffle());
    assert.equal(report.responses, 200);
    await allThere(store, 'w', stored);
    assert.deepEqual(leftovers(path), CLEAN);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
