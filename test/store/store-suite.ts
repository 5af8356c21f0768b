// The one behavioural suite every store adapter passes (SQLite and PostgreSQL run exactly these tests).

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { after, before, describe, test as nodeTest } from 'node:test';
import type { Result } from '../../src/core/result.ts';
import type { OpenError } from '../../src/store/migration.ts';
import type { FormKeyRecord } from '../../src/store/form-keys.ts';
import type { SealedRecord, Store, Submission } from '../../src/store/store.ts';
import { hash, submission } from './fixtures.ts';

export interface AdapterHarness {
  readonly store: Store;
  /** Opens a second, independent connection (or pool) to the same database. */
  reopen(): Promise<Result<Store, OpenError>>;
  /** Writes a schema version directly, bypassing the store (to test the refusal of newer databases). */
  setSchemaVersion(version: number): Promise<void>;
  cleanup(): Promise<void>;
}

const value = <T, E>(r: Result<T, E>): T => {
  if (!r.ok) assert.fail(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};

async function pullAll(store: Store, study: string, limit = 100): Promise<SealedRecord[]> {
  const out: SealedRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const page = value(await store.pullSealed(study, after === undefined ? { limit } : { after, limit }));
    out.push(...page.records);
    if (page.next === undefined) return out;
    after = page.next;
  }
}

export function storeSuite(label: string, open: () => Promise<AdapterHarness>, skip?: string): void {
  describe(`store contract: ${label}`, () => {
    // Each test carries the skip, not the suite: a skipped describe() hides how many tests it holds.
    const test = (name: string, fn: () => Promise<void>): void => {
      nodeTest(name, { skip: skip ?? false }, fn);
    };
    let h: AdapterHarness;
    let s: Store;
    let n = 0;
    const study = (): string => `study-${(n += 1)}`;
    before(async () => {
      if (skip !== undefined) return;
      h = await open();
      s = h.store;
    });
    after(async () => {
      if (skip !== undefined) return;
      await h.cleanup();
    });

    test('a submission is stored once; a double tap returns already-stored and changes nothing', async () => {
      const st = study();
      const first = submission();
      assert.deepEqual(value(await s.submit(st, first)), { kind: 'stored' });
      const tap = { ...first, status: 'partial' as const, sealed: new Uint8Array([9, 9, 9]) };
      assert.deepEqual(value(await s.submit(st, tap)), { kind: 'already-stored' });
      const all = await pullAll(s, st);
      assert.equal(all.length, 1);
      assert.deepEqual(all[0], { responseId: first.responseId, period: first.period, status: 'complete', sealed: first.sealed });
    });

    test('coupons: seed → redeem → issued children redeemable; reuse, unknown, other study and expiry are rejected', async () => {
      const st = study();
      const [seed, late] = [hash(), hash()];
      assert.deepEqual(value(await s.issueSeedCoupons(st, [seed])), { issued: 1 });
      assert.deepEqual(value(await s.issueSeedCoupons(st, [late], '2024-W17')), { issued: 1 });
      const child = hash();
      const a = submission({ redeemCouponHash: seed, issueCouponHashes: [child, hash()] });
      assert.deepEqual(value(await s.submit(st, a)), { kind: 'stored' });
      assert.deepEqual(await s.submit(st, submission({ redeemCouponHash: seed })), { ok: false, error: { kind: 'coupon-used' } });
      assert.deepEqual(await s.submit(st, submission({ redeemCouponHash: hash() })), { ok: false, error: { kind: 'coupon-unknown' } });
      assert.deepEqual(await s.submit(study(), submission({ redeemCouponHash: child })), { ok: false, error: { kind: 'coupon-unknown' } });
      assert.deepEqual(await s.submit(st, submission({ redeemCouponHash: late, period: '2024-W18' })), { ok: false, error: { kind: 'coupon-expired' } });
      const b = submission({ redeemCouponHash: child });
      assert.deepEqual(value(await s.submit(st, b)), { kind: 'stored' });
      const tree = value(await s.recruitmentEdges(st));
      assert.deepEqual(tree, { seeds: [a.responseId], edges: [{ recruiter: a.responseId, recruit: b.responseId }] });
      const c = value(await s.counts(st));
      assert.deepEqual(c, { responses: [{ period: '2024-W17', status: 'complete', count: 2 }], responsesTotal: 2, couponsIssued: 4, seedCouponsIssued: 2, couponsRedeemed: 2 });
    });

    test('couponState reads a coupon without redeeming it: usable, used, expired, unknown, other study', async () => {
      const st = study();
      const [seed, late] = [hash(), hash()];
      value(await s.issueSeedCoupons(st, [seed]));
      value(await s.issueSeedCoupons(st, [late], '2024-W17'));
      assert.equal(value(await s.couponState(st, seed, '2024-W17')), 'usable');
      assert.equal(value(await s.couponState(st, seed, '2024-W17')), 'usable', 'reading twice redeems nothing');
      assert.equal(value(await s.couponState(st, late, '2024-W17')), 'usable', 'usable through its expiry period');
      assert.equal(value(await s.couponState(st, late, '2024-W18')), 'expired');
      assert.equal(value(await s.couponState(st, hash(), '2024-W17')), 'unknown');
      assert.equal(value(await s.couponState(study(), seed, '2024-W17')), 'unknown', 'a coupon belongs to one study');
      value(await s.submit(st, submission({ redeemCouponHash: seed })));
      assert.equal(value(await s.couponState(st, seed, '2024-W17')), 'used');
    });

    test('revoke: all unredeemed coupons of a study, or those below one coupon; revoked ones read as unknown', async () => {
      const st = study();
      const [seedA, seedB, spare] = [hash(), hash(), hash()];
      value(await s.issueSeedCoupons(st, [seedA, seedB, spare]));
      const [a1, a2, b1] = [hash(), hash(), hash()];
      const a = submission({ redeemCouponHash: seedA, issueCouponHashes: [a1, a2] });
      value(await s.submit(st, a));
      const [c1] = [hash()];
      value(await s.submit(st, submission({ redeemCouponHash: a1, issueCouponHashes: [c1] })));
      value(await s.submit(st, submission({ redeemCouponHash: seedB, issueCouponHashes: [b1] })));
      // Below seedA: a2 (issued to a, unredeemed) and c1 (a grandchild); not b1, not the spare seed.
      assert.deepEqual(value(await s.revokeCoupons(st, { kind: 'below', coupon: seedA })), { revoked: 2 });
      for (const gone of [a2, c1]) assert.equal(value(await s.couponState(st, gone, '2024-W17')), 'unknown');
      assert.deepEqual(await s.submit(st, submission({ redeemCouponHash: a2 })), { ok: false, error: { kind: 'coupon-unknown' } });
      assert.equal(value(await s.couponState(st, b1, '2024-W17')), 'usable');
      assert.equal(value(await s.couponState(st, seedA, '2024-W17')), 'used', 'a redeemed coupon is never revoked');
      assert.deepEqual(value(await s.revokeCoupons(st, { kind: 'all' })), { revoked: 2 });
      for (const gone of [b1, spare]) assert.equal(value(await s.couponState(st, gone, '2024-W17')), 'unknown');
      assert.equal(value(await s.recruitmentEdges(st)).edges.length, 1, 'the tree keeps every redeemed link');
    });

    test('seed batches larger than one submission may issue (1,000 at once) are one transaction', async () => {
      const st = study();
      const many = Array.from({ length: 1000 }, hash);
      assert.deepEqual(value(await s.issueSeedCoupons(st, many)), { issued: 1000 });
      assert.equal(value(await s.counts(st)).seedCouponsIssued, 1000);
    });

    test('a reshuffle re-keys every row: the same records, tree and coupon states come back under new stored values', async () => {
      const st = study();
      const seed = hash();
      value(await s.issueSeedCoupons(st, [seed]));
      const child = hash();
      const a = submission({ redeemCouponHash: seed, issueCouponHashes: [child] });
      const b = submission({ redeemCouponHash: child, issueCouponHashes: [hash()] });
      value(await s.submit(st, a));
      const before = value(await s.reshuffle());
      value(await s.submit(st, b));
      const after = value(await s.reshuffle());
      assert.notEqual(before.epoch, after.epoch);
      const got = await pullAll(s, st);
      assert.deepEqual(got.map((r) => r.responseId).sort(), [a.responseId, b.responseId].sort());
      assert.deepEqual(got.find((r) => r.responseId === a.responseId)?.sealed, a.sealed);
      assert.deepEqual(value(await s.recruitmentEdges(st)), { seeds: [a.responseId], edges: [{ recruiter: a.responseId, recruit: b.responseId }] });
      assert.equal(value(await s.couponState(st, child, '2024-W17')), 'used');
      assert.deepEqual(value(await s.submit(st, a)), { kind: 'already-stored' }, 'a double tap is still recognised after re-keying');
    });

    test('form keys: the first writer of a generation wins, the newest `keep` stay, a reshuffle keeps them, a second connection reads them', async () => {
      const key = (generation: number, id: string): FormKeyRecord => ({ generation, id, raw: new Uint8Array(32).fill(generation) });
      const before = value(await s.formKeys()).keys.length;
      assert.equal(before, 0, 'a fresh store holds no form key');
      assert.deepEqual(value(await s.addFormKey(key(1, 'first'), 3)).keys.map((k) => k.id), ['first']);
      // Two instances rotating at once: the second key of generation 2 loses, and both then use the first.
      assert.deepEqual(value(await s.addFormKey(key(2, 'winner'), 3)).keys.map((k) => k.id), ['first', 'winner']);
      assert.deepEqual(value(await s.addFormKey(key(2, 'loser'), 3)).keys.map((k) => k.id), ['first', 'winner']);
      for (const g of [3, 4, 5]) value(await s.addFormKey(key(g, `k${String(g)}`), 3));
      const kept = value(await s.formKeys());
      assert.deepEqual(kept.keys.map((k) => k.generation), [3, 4, 5]);
      assert.deepEqual(kept.keys[0]?.raw, new Uint8Array(32).fill(3));
      value(await s.reshuffle());
      const other = value(await h.reopen());
      try {
        assert.deepEqual(value(await other.formKeys()), kept, 'the same keys, re-keyed, through another connection');
      } finally {
        await other.close();
      }
      assert.equal((await s.addFormKey(key(0, 'bad'), 3)).ok, false, 'generation 0 is refused');
    });

    test('concurrent reshuffles from two connections: each finishes and no row is lost', async () => {
      const st = study();
      for (let i = 0; i < 20; i++) value(await s.submit(st, submission()));
      const other = value(await h.reopen());
      try {
        const reports = await Promise.all([s.reshuffle(), other.reshuffle(), s.reshuffle()]).then((rs) => rs.map(value));
        assert.ok(reports.some((r) => r.skipped !== true && r.responses >= 20));
        assert.equal((await pullAll(other, st)).length, 20);
      } finally {
        await other.close();
      }
    });

    test('expiry holds through the whole expiry period, across granularities (month expiry, week submissions)', async () => {
      const st = study();
      const [may1, may2] = [hash(), hash()];
      value(await s.issueSeedCoupons(st, [may1, may2], '2024-05'));
      // 2024-W22 runs Mon 27 May – Sun 2 June: it starts inside May, so the coupon still holds; 2024-W23 starts 3 June.
      assert.deepEqual(value(await s.submit(st, submission({ redeemCouponHash: may1, period: '2024-W22' }))), { kind: 'stored' });
      assert.deepEqual(await s.submit(st, submission({ redeemCouponHash: may2, period: '2024-W23' })), { ok: false, error: { kind: 'coupon-expired' } });
    });

    test('a rejected submission leaves nothing behind: no response, no issued coupon (atomic)', async () => {
      const st = study();
      const taken = hash();
      value(await s.issueSeedCoupons(st, [taken]));
      const orphan = hash();
      const r = await s.submit(st, submission({ issueCouponHashes: [orphan, taken] }));
      assert.deepEqual(r, { ok: false, error: { kind: 'coupon-collision' } });
      const c = value(await s.counts(st));
      assert.equal(c.responsesTotal, 0);
      assert.equal(c.couponsIssued, 1);
      assert.deepEqual(await s.submit(st, submission({ redeemCouponHash: orphan })), { ok: false, error: { kind: 'coupon-unknown' } });
      assert.deepEqual(await s.issueSeedCoupons(st, [hash(), taken]), { ok: false, error: { kind: 'coupon-collision' } });
      assert.equal(value(await s.counts(st)).couponsIssued, 1);
    });

    test('pull pages are resumable, complete, in response-id order (not arrival order)', async () => {
      const st = study();
      const sent = Array.from({ length: 250 }, () => submission());
      for (const x of sent) value(await s.submit(st, x));
      const got = await pullAll(s, st, 100);
      const ids = got.map((r) => r.responseId);
      assert.deepEqual(ids, sent.map((x) => x.responseId).sort());
      assert.notDeepEqual(ids, sent.map((x) => x.responseId));
      const firstPage = value(await s.pullSealed(st, { limit: 100 }));
      assert.equal(firstPage.records.length, 100);
      const again = value(await s.pullSealed(st, { after: firstPage.next ?? '', limit: 100 }));
      assert.deepEqual(again.records.map((r) => r.responseId), ids.slice(100, 200));
      const exact = value(await s.pullSealed(st, { after: ids[149] ?? '', limit: 100 }));
      assert.equal(exact.records.length, 100);
      assert.ok(exact.next !== undefined); // a full page may be the last one: the next call returns it empty
      assert.deepEqual(value(await s.pullSealed(st, { after: exact.next, limit: 100 })).records, []);
    });

    test('counts group responses by period and status', async () => {
      const st = study();
      for (const [period, status] of [['2024-W17', 'complete'], ['2024-W17', 'partial'], ['2024-W18', 'complete'], ['2024-W17', 'complete']] as const) {
        value(await s.submit(st, submission({ period, status })));
      }
      assert.deepEqual(value(await s.counts(st)).responses, [
        { period: '2024-W17', status: 'complete', count: 2 },
        { period: '2024-W17', status: 'partial', count: 1 },
        { period: '2024-W18', status: 'complete', count: 1 },
      ]);
    });

    test('researcher tokens: only hashes, per study, no duplicates', async () => {
      const [st, other] = [study(), study()];
      const t = hash();
      assert.deepEqual(await s.addToken(st, t, 'analyst laptop'), { ok: true, value: undefined });
      assert.deepEqual(await s.addToken(st, t, 'again'), { ok: false, error: { kind: 'token-exists' } });
      assert.deepEqual(await s.checkToken(st, t), { ok: true, value: true });
      assert.deepEqual(await s.checkToken(other, t), { ok: true, value: false });
      assert.deepEqual(await s.checkToken(st, hash()), { ok: true, value: false });
    });

    test('malformed input is refused as a value before any storage is touched', async () => {
      const bad = [
        await s.submit('Bad Study', submission()),
        await s.submit(study(), submission({ responseId: 'ABC' })),
        await s.submit(study(), submission({ period: '2024-05-03T10:00' })),
        await s.submit(study(), submission({ sealed: new Uint8Array() })),
        await s.submit(study(), submission({ issueCouponHashes: ['x'] })),
        await s.pullSealed(study(), { limit: 0 }),
        await s.addToken(study(), 'short', 'x'),
      ];
      for (const r of bad) assert.equal(r.ok ? 'ok' : r.error.kind, 'invalid');
    });

    test('1,000 concurrent submissions redeeming one coupon: exactly one is accepted', async () => {
      const st = study();
      const coupon = hash();
      value(await s.issueSeedCoupons(st, [coupon]));
      const results = await Promise.all(Array.from({ length: 1000 }, () => s.submit(st, submission({ redeemCouponHash: coupon }))));
      const kinds = results.map((r) => (r.ok ? r.value.kind : r.error.kind));
      assert.equal(kinds.filter((k) => k === 'stored').length, 1);
      assert.equal(kinds.filter((k) => k === 'coupon-used').length, 999);
      assert.equal(value(await s.counts(st)).responsesTotal, 1);
    });

    test('the same coupon through a second connection at the same time: still exactly once', async () => {
      const st = study();
      const coupon = hash();
      value(await s.issueSeedCoupons(st, [coupon]));
      const second = value(await h.reopen());
      try {
        const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? s : second).submit(st, submission({ redeemCouponHash: coupon }))));
        assert.equal(results.filter((r) => r.ok).length, 1);
      } finally {
        await second.close();
      }
    });

    test('concurrent double taps of one response: stored once, every other answer already-stored', async () => {
      const st = study();
      const coupon = hash();
      value(await s.issueSeedCoupons(st, [coupon]));
      const x = submission({ redeemCouponHash: coupon, issueCouponHashes: [hash()] });
      const results = await Promise.all(Array.from({ length: 20 }, () => s.submit(st, x)));
      const kinds = results.map((r) => (r.ok ? r.value.kind : r.error.kind)).sort();
      assert.deepEqual(kinds, ['already-stored', ...Array<string>(18).fill('already-stored'), 'stored'].sort());
      assert.equal(value(await s.counts(st)).couponsIssued, 2);
    });

    test('reshuffle keeps every record, coupon and edge exactly', async () => {
      const st = study();
      const seed = hash();
      value(await s.issueSeedCoupons(st, [seed]));
      const child = hash();
      value(await s.submit(st, submission({ redeemCouponHash: seed, issueCouponHashes: [child] })));
      value(await s.submit(st, submission({ redeemCouponHash: child })));
      for (let i = 0; i < 30; i++) value(await s.submit(st, submission({ status: i % 3 === 0 ? 'partial' : 'complete' })));
      const before = { all: await pullAll(s, st), counts: value(await s.counts(st)), tree: value(await s.recruitmentEdges(st)) };
      const report = value(await s.reshuffle());
      assert.ok(report.responses >= 32);
      assert.deepEqual({ all: await pullAll(s, st), counts: value(await s.counts(st)), tree: value(await s.recruitmentEdges(st)) }, before);
      assert.deepEqual(await s.submit(st, submission({ redeemCouponHash: child })), { ok: false, error: { kind: 'coupon-used' } });
    });

    test('property: random sequences of seeding, redeeming, reusing and double taps agree with a plain model', async () => {
      type Op = { seed: true } | { seed: false; coupon: number | null; dupOf: number | null; issue: number; status: 0 | 1 };
      const op: fc.Arbitrary<Op> = fc.oneof(
        fc.constant({ seed: true as const }),
        fc.record({
          seed: fc.constant(false as const),
          coupon: fc.option(fc.nat(20), { nil: null }),
          dupOf: fc.option(fc.nat(10), { nil: null }),
          issue: fc.nat(3),
          status: fc.constantFrom(0 as const, 1 as const),
        }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
          const st = study();
          const coupons: { hash: string; issuedTo: string | null; redeemedBy: string | null }[] = [];
          const stored: Submission[] = [];
          for (const o of ops) {
            if (o.seed) {
              const h = hash();
              value(await s.issueSeedCoupons(st, [h]));
              coupons.push({ hash: h, issuedTo: null, redeemedBy: null });
              continue;
            }
            const dup = o.dupOf === null ? undefined : stored[o.dupOf];
            if (dup !== undefined) {
              assert.deepEqual(await s.submit(st, dup), { ok: true, value: { kind: 'already-stored' } });
              continue;
            }
            const target = o.coupon === null ? undefined : coupons[o.coupon];
            const redeem = o.coupon === null ? undefined : (target?.hash ?? hash());
            const issued = Array.from({ length: o.issue }, hash);
            const sub = submission({ status: o.status === 0 ? 'complete' : 'partial', issueCouponHashes: issued, ...(redeem === undefined ? {} : { redeemCouponHash: redeem }) });
            const expected = redeem === undefined ? 'stored' : target === undefined ? 'coupon-unknown' : target.redeemedBy !== null ? 'coupon-used' : 'stored';
            const got = await s.submit(st, sub);
            assert.equal(got.ok ? got.value.kind : got.error.kind, expected);
            if (expected !== 'stored') continue;
            stored.push(sub);
            if (target !== undefined) target.redeemedBy = sub.responseId;
            coupons.push(...issued.map((h) => ({ hash: h, issuedTo: sub.responseId, redeemedBy: null })));
          }
          const counts = value(await s.counts(st));
          assert.equal(counts.responsesTotal, stored.length);
          assert.equal(counts.couponsIssued, coupons.length);
          assert.equal(counts.seedCouponsIssued, coupons.filter((c) => c.issuedTo === null).length);
          assert.equal(counts.couponsRedeemed, coupons.filter((c) => c.redeemedBy !== null).length);
          const tree = value(await s.recruitmentEdges(st));
          const used = coupons.filter((c) => c.redeemedBy !== null);
          assert.deepEqual(tree.seeds, used.filter((c) => c.issuedTo === null).map((c) => c.redeemedBy).sort());
          assert.deepEqual(
            tree.edges.map((e) => `${e.recruiter}>${e.recruit}`).sort(),
            used.flatMap((c) => (c.issuedTo === null ? [] : [`${c.issuedTo}>${c.redeemedBy ?? ''}`])).sort(),
          );
          assert.deepEqual((await pullAll(s, st, 7)).map((r) => r.responseId), stored.map((x) => x.responseId).sort());
        }),
        { numRuns: 15 },
      );
    });

    test('reopening migrates nothing twice; a database from a newer portas is refused with a clear error', async () => {
      const again = value(await h.reopen());
      await again.close();
      await h.setSchemaVersion(99);
      const refused = await h.reopen();
      if (refused.ok) {
        await refused.value.close();
        assert.fail('a newer schema must be refused');
      }
      assert.equal(refused.error.kind, 'newer-schema');
      assert.match(refused.error.message, /schema version 99.*upgrade portas/);
      await h.setSchemaVersion(1);
    });
  });
}
