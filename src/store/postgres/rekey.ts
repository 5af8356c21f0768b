// The PostgreSQL re-keying: every row turned back with the old storage key and keyed anew, in one transaction.

import type pg from 'pg';
import type { StorageKey } from '../storage-key.ts';

const asBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/**
 * Copies every row, re-keyed, into the unlogged staging tables (not WAL-logged; not temp tables, which would tie the
 * work to one session and break PgBouncer's transaction mode), empties the tables and inserts back in key order. The
 * caller holds the re-keying lock, so the staging tables are this re-keying's alone.
 */
export async function rewriteRows(c: pg.PoolClient, old: StorageKey, fresh: StorageKey, damaged: () => Error): Promise<{ responses: number; coupons: number }> {
  await c.query('TRUNCATE rekey_responses, rekey_coupons');
  await c.query('DECLARE old_responses NO SCROLL CURSOR FOR SELECT study, response_id, period, status, sealed FROM responses');
  let responses = 0;
  for (;;) {
    const { rows } = await c.query<{ study: string; response_id: string; period: string; status: string; sealed: Buffer }>('FETCH 500 FROM old_responses');
    if (rows.length === 0) break;
    const next = rows.map((r) => {
      const rid = old.revealId(r.response_id);
      const sealed = old.unbox(r.study, rid, r.sealed);
      if (sealed === undefined) throw damaged();
      return [r.study, fresh.hideId(rid), r.period, r.status, asBuffer(fresh.box(r.study, rid, sealed))] as const;
    });
    await c.query('INSERT INTO rekey_responses SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[])', [0, 1, 2, 3, 4].map((i) => next.map((n) => n[i])));
    responses += rows.length;
  }
  await c.query('CLOSE old_responses');
  const rekeyId = (stored: string | null): string | null => (stored === null ? null : fresh.hideId(old.revealId(stored)));
  await c.query('DECLARE old_coupons NO SCROLL CURSOR FOR SELECT study, coupon_hash, issued_to, state, expiry, redeemed_by FROM coupons');
  let coupons = 0;
  for (;;) {
    const { rows } = await c.query<{ study: string; coupon_hash: string; issued_to: string | null; state: string; expiry: string | null; redeemed_by: string | null }>('FETCH 2000 FROM old_coupons');
    if (rows.length === 0) break;
    const next = rows.map((r) => [r.study, fresh.hideCoupon(old.revealCoupon(r.coupon_hash)), rekeyId(r.issued_to), r.state, r.expiry, rekeyId(r.redeemed_by)] as const);
    await c.query('INSERT INTO rekey_coupons SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])', [0, 1, 2, 3, 4, 5].map((i) => next.map((n) => n[i])));
    coupons += rows.length;
  }
  await c.query('CLOSE old_coupons');
  await c.query('TRUNCATE responses, coupons');
  await c.query('INSERT INTO responses SELECT * FROM rekey_responses ORDER BY study COLLATE "C", response_id COLLATE "C"');
  await c.query('INSERT INTO coupons SELECT * FROM rekey_coupons ORDER BY study COLLATE "C", coupon_hash COLLATE "C"');
  await c.query('TRUNCATE rekey_responses, rekey_coupons');
  return { responses, coupons };
}
