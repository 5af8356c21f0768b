// The PostgreSQL re-keying's whole transaction in its worker thread (connections of its own): it commits while the
// serving thread's event loop is blocked (and on that thread, where no worker entry exists, it cannot); what is written
// while it copies comes out exactly once and under the new key; closing during it ends it cleanly; its failure is a
// Result.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { defaultKeyFile } from '../../src/store/open.ts';
import { openPostgresStore, type PostgresOptions } from '../../src/store/postgres/postgres-store.ts';
import type { Rewritten } from '../../src/store/postgres/rekey.ts';
import type { Store, Submission } from '../../src/store/store.ts';
import { hash, submission } from './fixtures.ts';
import { pgDatabaseForFile } from './pg-env.ts';

const target = pgDatabaseForFile();
const skip = target.skip;
const PERIOD = '2024-W17';

const open = async (extra: Partial<PostgresOptions> = {}): Promise<Store> => {
  const r = await openPostgresStore(target.url, { keyFile: defaultKeyFile(target.url), ...extra });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** A direct connection, as an operator's psql would be. */
async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: target.url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/** The re-keying's backends (its transaction's and its pass bumps'), while it has them: they name themselves. */
const rekeyBackends = async (): Promise<number> => (await sql<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'portas re-keying%'"))[0]?.n ?? -1;

/** Until the re-keying's transaction is in its long copy (its last statement reads or fills the staging tables). */
async function untilCopying(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const copying = await sql("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'portas re-keying' AND query ~ 'old_responses|rekey_responses'");
    if (copying.length > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the re-keying never began its copy');
}

/** The database's epoch, read by another process: this thread's event loop stays blocked meanwhile. */
const epochFromAnotherProcess = (): string =>
  execFileSync(process.execPath, ['-e', "const pg=require('pg');const c=new pg.Client({connectionString:process.argv[1]});c.connect().then(()=>c.query('SELECT id FROM storage_epoch')).then((r)=>{process.stdout.write(r.rows[0].id);return c.end();})", target.url], { encoding: 'utf8' });

/**
 * Blocks this thread's event loop (as a saturated serving thread would, and more) for at most `ms`, reading the epoch
 * from another process meanwhile: whether it changed from `before` — the re-keying committed — while the loop was
 * blocked.
 */
function committedWhileBlocked(before: string, ms: number): boolean {
  assert.equal(epochFromAnotherProcess(), before, 'the re-keying ended before the loop was blocked: inconclusive');
  const until = performance.now() + ms;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (performance.now() < until) {
    if (epochFromAnotherProcess() !== before) return true;
    Atomics.wait(pause, 0, 0, 100); // blocked, without taking the CPU from the re-keying
  }
  return false;
}

/** Fills `study` with `n` responses of 2 KiB (a copy long enough to act during), the submissions kept by id. */
async function fill(store: Store, study: string, n: number): Promise<Map<string, Submission>> {
  const kept = new Map<string, Submission>();
  let next = 0;
  await Promise.all(Array.from({ length: 6 }, async () => {
    while (next < n) {
      next += 1;
      const s = submission({ sealed: new Uint8Array(randomBytes(2048)) });
      assert.ok((await store.submit(study, s)).ok);
      kept.set(s.responseId, s);
    }
  }));
  return kept;
}

/** Every response of `study`, pulled (so turned back with the current key): by id, its sealed bytes. */
async function pulled(store: Store, study: string): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  let after: string | undefined;
  for (;;) {
    const page = await store.pullSealed(study, { limit: 500, ...(after === undefined ? {} : { after }) });
    assert.ok(page.ok);
    for (const r of page.value.records) {
      assert.equal(out.has(r.responseId), false, 'a response pulled twice');
      out.set(r.responseId, r.sealed);
    }
    if (page.value.next === undefined) return out;
    after = page.value.next;
  }
}

test('submissions and redemptions made while the worker copies are all there after the re-keying, once each, under the new key', { skip }, async (t) => {
  // Paced (idle 3), so that the copy of 2,500 rows lasts long enough for many submissions during it.
  const seen: Rewritten[] = [];
  const a = await open({ catchUp: { rounds: 4, few: 64, idle: 3 }, onRekeyed: (r) => seen.push(r) });
  const b = await open();
  try {
    const study = 'during-copy';
    const seeds = Array.from({ length: 1000 }, () => hash());
    assert.ok((await a.issueSeedCoupons(study, seeds)).ok);
    const kept = await fill(a, study, 2500);
    const epochBefore = (await sql<{ id: string }>('SELECT id FROM storage_epoch'))[0]?.id;
    const flag = { done: false };
    const rekey = a.reshuffle().finally(() => {
      flag.done = true;
    });
    // From the moment the re-keying begins (so also before the worker's cursors open) to its end, B stores responses,
    // each redeeming a seed (a row the copy has read or will read as issued) and issuing a coupon (a new row).
    let duringCopy = 0;
    const issued: string[] = [];
    let redeemed = 0;
    while (!flag.done && redeemed < seeds.length) {
      const child = hash();
      const s = submission({ redeemCouponHash: seeds[redeemed] ?? '', issueCouponHashes: [child], sealed: new Uint8Array(randomBytes(512)) });
      assert.ok((await b.submit(study, s)).ok);
      kept.set(s.responseId, s);
      issued.push(child);
      redeemed += 1;
      if ((await rekeyBackends()) > 0) duringCopy += 1;
    }
    const report = await rekey;
    assert.ok(report.ok && report.value.skipped === undefined, JSON.stringify(report));
    t.diagnostic(`responses stored during the re-keying ${String(redeemed)}, of which while the worker copied ${String(duringCopy)}`);
    assert.ok(redeemed < seeds.length, 'the seeds ran out before the re-keying ended');
    assert.ok(duringCopy >= 20, `only ${String(duringCopy)} submissions overlapped the copy`);
    assert.notEqual(report.value.epoch, epochBefore);
    // The re-keying ran in its worker thread, lowered to the lowest priority where the platform has per-thread priorities.
    assert.equal(seen.at(-1)?.thread.offThread, true);
    assert.equal(seen.at(-1)?.thread.lowered, process.platform === 'linux');

    // Every response once, its bytes as submitted: found and opened under the new key, by the other store too.
    const got = await pulled(b, study);
    assert.equal(got.size, kept.size);
    for (const [id, s] of kept) assert.deepEqual(got.get(id), s.sealed, 'a response lost or damaged');
    // The report counts the rows at its exclusive part: B's last submissions may have waited for it and landed after.
    assert.ok(report.value.responses <= kept.size && report.value.responses >= kept.size - 5, `${String(report.value.responses)} of ${String(kept.size)}`);
    // Stored ids and coupon hashes are under the new key: none of them is a submitted id or hash in clear, nor
    // appears twice.
    const stored = await sql<{ response_id: string }>('SELECT response_id FROM responses');
    assert.equal(new Set(stored.map((r) => r.response_id)).size, kept.size);
    assert.ok(stored.every((r) => !kept.has(r.response_id)));
    const coupons = await sql<{ coupon_hash: string; state: string }>('SELECT coupon_hash, state FROM coupons');
    assert.equal(coupons.length, seeds.length + issued.length);
    assert.equal(new Set(coupons.map((c) => c.coupon_hash)).size, coupons.length);
    // Coupon states: redeemed seeds used (their copies as issued, made by the long copy, replaced), the rest usable.
    const counts = await b.counts(study);
    assert.ok(counts.ok);
    assert.equal(counts.value.couponsRedeemed, redeemed);
    for (const seed of seeds.slice(0, redeemed)) assert.deepEqual(await b.couponState(study, seed, PERIOD), { ok: true, value: 'used' });
    for (const seed of seeds.slice(redeemed)) assert.deepEqual(await b.couponState(study, seed, PERIOD), { ok: true, value: 'usable' });
    for (const child of issued) assert.deepEqual(await b.couponState(study, child, PERIOD), { ok: true, value: 'usable' });
    const tree = await b.recruitmentEdges(study);
    assert.ok(tree.ok);
    assert.equal(tree.value.seeds.length, redeemed);
    // The staging tables were emptied with the swap.
    assert.deepEqual(await sql('SELECT (SELECT count(*)::int FROM rekey_responses) AS r, (SELECT count(*)::int FROM rekey_coupons) AS c'), [{ r: 0, c: 0 }]);
  } finally {
    await a.close();
    await b.close();
  }
});

test('the whole transaction runs in the worker: it re-keys, swaps and commits while the serving event loop is blocked', { skip }, async () => {
  const seen: Rewritten[] = [];
  const a = await open({ catchUp: { rounds: 4, few: 64, idle: 1 }, onRekeyed: (r) => seen.push(r) });
  try {
    const kept = await fill(a, 'blocked-loop', 1500);
    const before = (await sql<{ id: string }>('SELECT id FROM storage_epoch'))[0]?.id ?? '';
    const rekey = a.reshuffle();
    await untilCopying();
    // From here to its commit the re-keying needs nothing of this thread: the copy, the rounds, the exclusive part,
    // the swap and the commit all run in its worker, with its own connections.
    assert.ok(committedWhileBlocked(before, 60_000), 'the re-keying did not commit while the serving thread was blocked');
    const report = await rekey;
    assert.ok(report.ok && report.value.skipped === undefined, JSON.stringify(report));
    assert.ok(report.value.pausedMs !== undefined && report.value.pausedMs > 0);
    const thread = seen.at(-1)?.thread;
    assert.equal(thread?.offThread, true);
    assert.equal(thread.lowered, process.platform === 'linux');
    // Back at normal priority under the exclusive lock, where this process may raise its threads' priority (root here).
    if (process.getuid?.() === 0) assert.equal(thread.normalWhileExclusive, true);
    const got = await pulled(a, 'blocked-loop');
    assert.equal(got.size, kept.size);
    for (const [id, s] of kept) assert.deepEqual(got.get(id), s.sealed);
    assert.equal(await rekeyBackends(), 0, 'the worker closed its connections');
  } finally {
    await a.close();
  }
});

test('where no worker entry exists (a bundle of the sources), the same transaction runs on the serving thread: it waits for a blocked loop, and re-keys', { skip }, async () => {
  const seen: Rewritten[] = [];
  const a = await open({ catchUp: { rounds: 4, few: 64, idle: 1 }, onRekeyed: (r) => seen.push(r), rekeyWorker: new URL('./children/no-such-rekey-worker.js', import.meta.url) });
  try {
    const kept = await fill(a, 'no-worker', 1500);
    const before = (await sql<{ id: string }>('SELECT id FROM storage_epoch'))[0]?.id ?? '';
    const rekey = a.reshuffle();
    await untilCopying();
    // What the test above would see if the transaction stayed on the serving thread: nothing moves while it is blocked.
    assert.equal(committedWhileBlocked(before, 1_500), false);
    const report = await rekey;
    assert.ok(report.ok && report.value.skipped === undefined, JSON.stringify(report));
    assert.notEqual(report.value.epoch, before);
    assert.deepEqual(seen.at(-1)?.thread, { offThread: false, lowered: false, normalWhileExclusive: true });
    const got = await pulled(a, 'no-worker');
    assert.equal(got.size, kept.size);
    for (const [id, s] of kept) assert.deepEqual(got.get(id), s.sealed);
  } finally {
    await a.close();
  }
});

test('closing the store while the worker copies ends the copy and the re-keying cleanly; the next one begins afresh', { skip }, async () => {
  const study = 'close-during-copy';
  const a = await open({ catchUp: { rounds: 4, few: 64, idle: 3 } });
  const kept = await fill(a, study, 1500);
  const epochBefore = (await sql<{ id: string }>('SELECT id FROM storage_epoch'))[0]?.id;
  const rekey = a.reshuffle();
  await untilCopying();
  await new Promise((r) => setTimeout(r, 200)); // a few batches into the copy
  await a.close();
  const out = await rekey;
  assert.ok(!out.ok, 'the re-keying ended unfinished');
  assert.match(out.error.message, /store closed/);
  // The worker's connections are gone, and what it copied was rolled back with its transaction.
  assert.equal(await rekeyBackends(), 0);
  assert.deepEqual(await sql('SELECT (SELECT count(*)::int FROM rekey_responses) AS r, (SELECT count(*)::int FROM rekey_coupons) AS c'), [{ r: 0, c: 0 }]);
  assert.equal((await sql<{ id: string }>('SELECT id FROM storage_epoch'))[0]?.id, epochBefore);
  const b = await open();
  try {
    assert.equal((await pulled(b, study)).size, kept.size);
    const again = await b.reshuffle();
    assert.ok(again.ok && again.value.skipped === undefined);
    const got = await pulled(b, study);
    for (const [id, s] of kept) assert.deepEqual(got.get(id), s.sealed);
  } finally {
    await b.close();
  }
});

for (const [how, entry, message] of [
  ['throws', new URL('./children/copy-worker-crash.js', import.meta.url), /re-keying failed \(Error: the copy worker crashed on purpose\)/],
  ['ends its thread', new URL('./children/copy-worker-exit.js', import.meta.url), /re-keying thread stopped early \(exit code 7\)/],
] as const) {
  test(`a re-keying worker that ${how} makes the reshuffle a failure Result; nothing is lost and the store goes on`, { skip }, async () => {
    const study = `worker-${how.replace(/\W/g, '-')}`;
    const a = await open({ rekeyWorker: entry });
    try {
      const kept = await fill(a, study, 50);
      const out = await a.reshuffle();
      assert.ok(!out.ok);
      assert.equal(out.error.kind, 'storage-failed');
      assert.match(out.error.message, message);
      // The key file keeps the database's key only, every response opens, and submissions go on.
      assert.deepEqual([...(await pulled(a, study)).keys()].sort(), [...kept.keys()].sort());
      assert.ok((await a.submit(study, submission())).ok);
    } finally {
      await a.close();
    }
    const b = await open();
    try {
      const again = await b.reshuffle();
      assert.ok(again.ok && again.value.skipped === undefined);
      assert.equal((await pulled(b, study)).size, 51);
    } finally {
      await b.close();
    }
  });
}

test("the re-keying's connection lost mid-way (its backend ended) makes the reshuffle a failure Result; nothing is lost", { skip }, async () => {
  const study = 'copy-backend-ended';
  const a = await open({ catchUp: { rounds: 4, few: 64, idle: 3 } });
  try {
    const kept = await fill(a, study, 1500);
    const rekey = a.reshuffle();
    await untilCopying();
    await sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'portas re-keying'");
    const out = await rekey;
    assert.ok(!out.ok);
    assert.equal(out.error.reason, 'unavailable');
    assert.match(out.error.message, /^reshuffle: PostgreSQL /);
    const again = await a.reshuffle();
    assert.ok(again.ok && again.value.skipped === undefined);
    const got = await pulled(a, study);
    assert.equal(got.size, kept.size);
    for (const [id, s] of kept) assert.deepEqual(got.get(id), s.sealed);
  } finally {
    await a.close();
  }
});

test('a stored box the old key does not open stops the re-keying as a corrupt-storage failure, naming no row', { skip }, async () => {
  const study = 'damaged-row';
  const a = await open();
  try {
    await fill(a, study, 20);
    assert.ok((await a.reshuffle()).ok); // every row now keyed (and boxed) under a storage key
    await sql("UPDATE responses SET sealed = set_byte(sealed, 20, get_byte(sealed, 20) # 255) WHERE response_id = (SELECT min(response_id) FROM responses)");
    const out = await a.reshuffle();
    assert.ok(!out.ok);
    assert.equal(out.error.reason, 'corrupt');
    assert.match(out.error.message, /^reshuffle: PostgreSQL storage key missing or row damaged$/);
  } finally {
    await a.close();
  }
});
