// Several server instances over one PostgreSQL database: one re-keys at a time (the others skip), none keeps a stale
// storage key, and the pool holds no session state, so it works behind PgBouncer in transaction mode.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { defaultKeyFile } from '../../src/store/open.ts';
import { openPostgresStore, RESHUFFLE_LOCK, type PostgresOptions } from '../../src/store/postgres/postgres-store.ts';
import type { Store } from '../../src/store/store.ts';
import { hash, submission } from './fixtures.ts';
import { pgDatabaseForFile } from './pg-env.ts';

const target = pgDatabaseForFile();
const skip = target.skip;

const open = async (extra: Partial<PostgresOptions> = {}): Promise<Store> => {
  const r = await openPostgresStore(target.url, { keyFile: defaultKeyFile(target.url), ...extra });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

test('a reshuffle that finds another instance re-keying skips, changing nothing; once free it re-keys', { skip }, async () => {
  const store = await open();
  const holder = new pg.Client({ connectionString: target.url });
  await holder.connect();
  try {
    const epoch = (await holder.query<{ id: string }>('SELECT id FROM storage_epoch')).rows[0]?.id;
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock($1)', [RESHUFFLE_LOCK]);
    const skipped = await store.reshuffle();
    assert.ok(skipped.ok);
    assert.equal(skipped.value.skipped, true);
    assert.equal(skipped.value.epoch, epoch);
    await holder.query('COMMIT');
    const done = await store.reshuffle();
    assert.ok(done.ok);
    assert.equal(done.value.skipped, undefined);
    assert.notEqual(done.value.epoch, epoch);
  } finally {
    await holder.end();
    await store.close();
  }
});

test('after one instance re-keys, another reads, writes and opens form keys under the new key at once (no stale key)', { skip }, async () => {
  const [a, b] = [await open(), await open()];
  try {
    const study = 'instances';
    const seed = hash();
    assert.ok((await a.issueSeedCoupons(study, [seed])).ok);
    assert.ok((await b.addFormKey({ generation: 1, id: 'k1', raw: new Uint8Array(32).fill(7) }, 4)).ok);
    for (let round = 0; round < 3; round++) {
      const r = await a.reshuffle();
      assert.ok(r.ok && r.value.skipped === undefined);
      assert.equal((await b.submit(study, submission())).ok, true, `round ${String(round)}: B submits under A's new key`);
      const keys = await b.formKeys();
      assert.ok(keys.ok);
      assert.deepEqual(keys.value.keys.map((k) => k.id), ['k1']);
      assert.equal(keys.value.unreadable, 0);
    }
    const used = await b.submit(study, submission({ redeemCouponHash: seed }));
    assert.deepEqual(used, { ok: true, value: { kind: 'stored' } });
    assert.deepEqual(await a.submit(study, submission({ redeemCouponHash: seed })), { ok: false, error: { kind: 'coupon-used' } });
  } finally {
    await a.close();
    await b.close();
  }
});

/** Every statement a pool client sends, in order, with the client it went through. */
function recordStatements(): { readonly seen: { client: object; text: string; named: boolean }[]; restore(): void } {
  const seen: { client: object; text: string; named: boolean }[] = [];
  const proto = pg.Client.prototype as unknown as Record<string, unknown>;
  const original = proto['query'] as (...args: unknown[]) => unknown;
  Object.defineProperty(proto, 'query', {
    configurable: true,
    writable: true,
    value: function (this: object, ...args: unknown[]): unknown {
      const first = args[0];
      const text = typeof first === 'string' ? first : typeof first === 'object' && first !== null ? String((first as { text?: unknown }).text) : '';
      const named = typeof first === 'object' && first !== null && (first as { name?: unknown }).name !== undefined;
      seen.push({ client: this, text, named });
      return Reflect.apply(original, this, args);
    },
  });
  return {
    seen,
    restore: () => {
      Object.defineProperty(proto, 'query', { configurable: true, writable: true, value: original });
    },
  };
}

test('PgBouncer transaction mode: every statement runs inside a transaction; no session SET, lock, LISTEN, PREPARE or temp table', { skip }, async () => {
  const recorder = recordStatements();
  let store: Store | undefined;
  try {
    // The re-keying on this thread (no worker entry), so that its statements are recorded too: the same code runs in
    // its worker thread, where this recorder does not reach.
    store = await open({ rekeyWorker: new URL('./children/no-such-rekey-worker.js', import.meta.url) });
    const study = 'bouncer';
    const seed = hash();
    await store.issueSeedCoupons(study, [seed]);
    await store.submit(study, submission({ redeemCouponHash: seed, issueCouponHashes: [hash(), hash()] }));
    await store.couponState(study, seed, '2024-W17');
    await store.pullSealed(study, { limit: 10 });
    await store.counts(study);
    await store.recruitmentEdges(study);
    await store.addToken(study, hash(), 'label');
    await store.revokeCoupons(study, { kind: 'all' });
    await store.addFormKey({ generation: 1, id: 'k1', raw: new Uint8Array(32) }, 4);
    await store.formKeys();
    await store.reshuffle();
  } finally {
    recorder.restore();
    await store?.close();
  }
  const seen = recorder.seen;
  assert.ok(seen.length > 40, `statements recorded (${String(seen.length)})`);
  const open_ = new Set<object>();
  for (const { client, text, named } of seen) {
    const sql = text.trim().toUpperCase();
    assert.equal(named, false, `no named prepared statement: ${text}`);
    if (sql.startsWith('BEGIN')) {
      assert.ok(!open_.has(client), 'no nested BEGIN');
      open_.add(client);
      assert.match(sql, /^BEGIN(; SET LOCAL [A-Z_]+ = \w+)?$/, 'only SET LOCAL beside BEGIN');
      continue;
    }
    assert.ok(open_.has(client), `outside a transaction: ${text}`);
    if (sql === 'COMMIT' || sql === 'ROLLBACK') open_.delete(client);
    assert.doesNotMatch(sql, /^SET (?!LOCAL)|^RESET|^LISTEN|^PREPARE|^DISCARD|TEMP(ORARY)? TABLE|WITH HOLD|PG_(TRY_)?ADVISORY_LOCK(_SHARED)?\(/, `session state: ${text}`);
  }
  assert.equal(open_.size, 0, 'every transaction ended');
});

test('a re-keying while submissions, redemptions and revocations go on: every row, coupon state and edge comes out right', { skip }, async () => {
  const [a, b] = [await open(), await open()];
  try {
    const study = 'during';
    const seeds = Array.from({ length: 300 }, () => hash());
    assert.ok((await a.issueSeedCoupons(study, seeds)).ok);
    for (let i = 0; i < 300; i++) assert.ok((await a.submit(study, submission({ sealed: new Uint8Array(4096).fill(i % 251) }))).ok);
    const late = Array.from({ length: 40 }, () => hash());
    assert.ok((await a.issueSeedCoupons('other', late)).ok);
    // While A re-keys, B redeems seeds, stores new responses and revokes another study's coupons.
    const rekey = a.reshuffle();
    const during = await Promise.all(seeds.slice(0, 60).map((seed) => b.submit(study, submission({ redeemCouponHash: seed, issueCouponHashes: [hash()] }))));
    const revoked = await b.revokeCoupons('other', { kind: 'all' });
    const report = await rekey;
    assert.ok(report.ok && report.value.skipped === undefined);
    assert.ok(during.every((r) => r.ok) && revoked.ok);
    const counts = await b.counts(study);
    assert.ok(counts.ok);
    assert.equal(counts.value.responsesTotal, 360);
    assert.equal(counts.value.couponsRedeemed, 60);
    assert.equal(counts.value.couponsIssued, 360);
    for (const seed of seeds.slice(0, 60)) assert.deepEqual(await b.couponState(study, seed, '2024-W17'), { ok: true, value: 'used' });
    assert.deepEqual(await b.couponState(study, seeds[100] ?? '', '2024-W17'), { ok: true, value: 'usable' });
    assert.deepEqual(await b.couponState('other', late[0] ?? '', '2024-W17'), { ok: true, value: 'unknown' });
    const tree = await b.recruitmentEdges(study);
    assert.ok(tree.ok);
    assert.equal(tree.value.seeds.length, 60);
  } finally {
    await a.close();
    await b.close();
  }
});
