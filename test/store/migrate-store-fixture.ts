// A store with everything a running study has: a recruitment tree, used, unused, expired and revoked coupons, tokens;
// and what each of them must still do after `portas migrate-store`.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { SealedRecord, Store } from '../../src/store/store.ts';
import { hash, submission } from './fixtures.ts';

export interface Population {
  /** Response ids of study `alpha` in arrival order. */
  readonly arrival: readonly string[];
  readonly usable: readonly string[];
  readonly used: readonly string[];
  readonly expired: readonly string[];
  readonly revoked: readonly string[];
  readonly tokens: readonly { readonly study: string; readonly hash: string }[];
}

/** `n` responses in `alpha`, each redeeming an open coupon and issuing three; `beta` without coupons, its seeds revoked. */
export async function populate(store: Store, n: number): Promise<Population> {
  const open: string[] = [];
  const seeds = Array.from({ length: 10 }, hash);
  assert.ok((await store.issueSeedCoupons('alpha', seeds)).ok);
  open.push(...seeds);
  const expired = Array.from({ length: 5 }, hash);
  assert.ok((await store.issueSeedCoupons('alpha', expired, '2024-W10')).ok);
  const used: string[] = [];
  const arrival: string[] = [];
  for (let i = 0; i < n; i++) {
    const redeem = open.shift();
    const issued = [hash(), hash(), hash()];
    const s = submission({ period: `2024-W${String(11 + (i % 8))}`, status: i % 7 === 0 ? 'partial' : 'complete', issueCouponHashes: issued, issueExpiry: '2025-W01', ...(redeem === undefined ? {} : { redeemCouponHash: redeem }) });
    const r = await store.submit('alpha', s);
    assert.ok(r.ok, JSON.stringify(r));
    arrival.push(s.responseId);
    if (redeem !== undefined) used.push(redeem);
    open.push(...issued);
  }
  for (let i = 0; i < 50; i++) assert.ok((await store.submit('beta', submission({ issueCouponHashes: [] }))).ok);
  const revoked = Array.from({ length: 5 }, hash);
  assert.ok((await store.issueSeedCoupons('beta', revoked)).ok);
  assert.ok((await store.revokeCoupons('beta', { kind: 'all' })).ok);
  const tokens = [{ study: 'alpha', hash: hash() }, { study: 'alpha', hash: hash() }, { study: 'beta', hash: hash() }];
  for (const t of tokens) assert.ok((await store.addToken(t.study, t.hash, `researcher ${t.hash.slice(0, 4)}`)).ok);
  return { arrival, usable: open, used, expired, revoked, tokens };
}

export async function everything(store: Store, study: string): Promise<SealedRecord[]> {
  const out: SealedRecord[] = [];
  for (let after: string | undefined; ; ) {
    const page = await store.pullSealed(study, { limit: 500, ...(after === undefined ? {} : { after }) });
    assert.ok(page.ok);
    out.push(...page.value.records);
    if (page.value.next === undefined) return out;
    after = page.value.next;
  }
}

/** A store's whole content through the public interface, for deepEqual between source and target. */
export async function snapshot(store: Store): Promise<unknown> {
  const out: Record<string, unknown> = {};
  for (const study of ['alpha', 'beta']) {
    const records = (await everything(store, study)).map((r) => ({ ...r, sealed: Buffer.from(r.sealed).toString('base64') }));
    out[study] = { records, counts: await store.counts(study), tree: await store.recruitmentEdges(study) };
  }
  return out;
}

/** Coupons and tokens behave on the target as on the source: each open coupon redeems exactly once. */
export async function checkBehaviour(store: Store, p: Population): Promise<void> {
  const state = async (h: string, study = 'alpha', at = '2024-W20'): Promise<string> => {
    const s = await store.couponState(study, h, at);
    assert.ok(s.ok);
    return s.value;
  };
  for (const h of p.used.slice(0, 20)) assert.equal(await state(h), 'used');
  for (const h of p.expired) assert.equal(await state(h), 'expired');
  for (const h of p.revoked) assert.equal(await state(h, 'beta'), 'unknown');
  for (const h of p.usable.slice(0, 20)) {
    assert.equal(await state(h), 'usable');
    const first = await store.submit('alpha', submission({ period: '2024-W20', redeemCouponHash: h }));
    assert.deepEqual(first, { ok: true, value: { kind: 'stored' } });
    const second = await store.submit('alpha', submission({ period: '2024-W20', redeemCouponHash: h }));
    assert.deepEqual(second, { ok: false, error: { kind: 'coupon-used' } });
  }
  for (const t of p.tokens) assert.deepEqual(await store.checkToken(t.study, t.hash), { ok: true, value: true });
  assert.deepEqual(await store.checkToken('alpha', hash()), { ok: true, value: false });
  assert.deepEqual(await store.checkToken('beta', p.tokens[0]?.hash ?? ''), { ok: true, value: false });
}

/** SHA-256 of each file (absent files as '-'): the source must come out of a migration byte for byte as it went in. */
export function fingerprint(...paths: string[]): string[] {
  return paths.map((p) => (existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : '-'));
}
