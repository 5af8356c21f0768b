// The PostgreSQL re-keying: every row turned back with the old storage key and keyed anew, in one transaction — the
// costly part while submissions go on, only the rows changed meanwhile and the swap under the exclusive epoch lock.

import type pg from 'pg';
import type { StorageKey } from '../storage-key.ts';
import { asBuffer, type CouponRow, type ResponseRow } from '../stored-rows.ts';

const RESPONSE_COLUMNS = 'study, response_id, period, status, sealed';
const COUPON_COLUMNS = 'study, coupon_hash, issued_to, state, expiry, redeemed_by';
const rowKey = (study: string, stored: string): string => `${study}\u0000${stored}`;
const couponSignature = (r: CouponRow): string => [r.issued_to, r.state, r.expiry, r.redeemed_by].map((x) => x ?? '\u0000').join('\u0001');

/** Reads `select` through a cursor in batches (the cursor's snapshot is taken when it opens), handing each batch on. */
async function eachBatch(c: pg.PoolClient, name: string, select: string, size: number, fn: (rows: unknown[]) => Promise<void>): Promise<void> {
  await c.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${select}`);
  for (;;) {
    const { rows } = await c.query(`FETCH ${String(size)} FROM ${name}`);
    if (rows.length === 0) break;
    await fn(rows);
  }
  await c.query(`CLOSE ${name}`);
}

/**
 * Copies every row, re-keyed, into the unlogged staging tables (not WAL-logged; not temp tables, which would tie the
 * work to one session and break PgBouncer's transaction mode), then calls `exclusive` (which takes the epoch lock
 * exclusively: no submission commits from then on), brings the staging tables up to date with the rows committed or
 * changed meanwhile, empties the tables and inserts back in key order. Submissions wait only for that second part.
 * The caller holds the re-keying lock, so the staging tables are this re-keying's alone.
 */
export async function rewriteRows(c: pg.PoolClient, old: StorageKey, fresh: StorageKey, damaged: () => Error, exclusive: () => Promise<void>): Promise<{ responses: number; coupons: number }> {
  const rekeyId = (stored: string | null): string | null => (stored === null ? null : fresh.hideId(old.revealId(stored)));
  const putResponses = async (rows: readonly ResponseRow[]): Promise<void> => {
    const next = rows.map((r) => {
      const rid = old.revealId(r.response_id);
      const sealed = old.unbox(r.study, rid, r.sealed);
      if (sealed === undefined) throw damaged();
      return [r.study, fresh.hideId(rid), r.period, r.status, asBuffer(fresh.box(r.study, rid, sealed))] as const;
    });
    await c.query('INSERT INTO rekey_responses SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[])', [0, 1, 2, 3, 4].map((i) => next.map((n) => n[i])));
  };
  const putCoupons = async (rows: readonly CouponRow[]): Promise<void> => {
    const next = rows.map((r) => [r.study, fresh.hideCoupon(old.revealCoupon(r.coupon_hash)), rekeyId(r.issued_to), r.state, r.expiry, rekeyId(r.redeemed_by)] as const);
    await c.query('INSERT INTO rekey_coupons SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])', [0, 1, 2, 3, 4, 5].map((i) => next.map((n) => n[i])));
  };
  // Staged rows that no longer match the table: deleted from the staging table by their new stored values.
  const unstage = async (table: 'rekey_responses' | 'rekey_coupons', column: string, keys: readonly string[], hide: (stored: string) => string): Promise<void> => {
    if (keys.length === 0) return;
    const pairs = keys.map((k) => k.split('\u0000') as [string, string]);
    await c.query(`DELETE FROM ${table} t USING unnest($1::text[], $2::text[]) AS g(study, v) WHERE t.study = g.study AND t.${column} = g.v`, [pairs.map((p) => p[0]), pairs.map((p) => hide(p[1]))]);
  };

  await c.query('TRUNCATE rekey_responses, rekey_coupons');
  // 1. While submissions go on: everything committed so far.
  const staged = new Set<string>();
  await eachBatch(c, 'old_responses', `SELECT ${RESPONSE_COLUMNS} FROM responses`, 500, async (batch) => {
    const rows = batch as ResponseRow[];
    for (const r of rows) staged.add(rowKey(r.study, r.response_id));
    await putResponses(rows);
  });
  const stagedCoupons = new Map<string, string>();
  await eachBatch(c, 'old_coupons', `SELECT ${COUPON_COLUMNS} FROM coupons`, 2000, async (batch) => {
    const rows = batch as CouponRow[];
    for (const r of rows) stagedCoupons.set(rowKey(r.study, r.coupon_hash), couponSignature(r));
    await putCoupons(rows);
  });

  // 2. Nothing commits from here on: what changed meanwhile, then the swap.
  await exclusive();
  const current = (await c.query<{ study: string; response_id: string }>('SELECT study, response_id FROM responses')).rows;
  const present = new Set(current.map((r) => rowKey(r.study, r.response_id)));
  await unstage('rekey_responses', 'response_id', [...staged].filter((k) => !present.has(k)), (s) => fresh.hideId(old.revealId(s)));
  const added = current.filter((r) => !staged.has(rowKey(r.study, r.response_id)));
  for (let i = 0; i < added.length; i += 500) {
    const batch = added.slice(i, i + 500);
    const { rows } = await c.query<ResponseRow>(`SELECT r.study, r.response_id, r.period, r.status, r.sealed FROM responses r JOIN unnest($1::text[], $2::text[]) AS g(study, id) ON r.study = g.study AND r.response_id = g.id`, [batch.map((r) => r.study), batch.map((r) => r.response_id)]);
    await putResponses(rows);
  }
  const changed: CouponRow[] = [];
  await eachBatch(c, 'now_coupons', `SELECT ${COUPON_COLUMNS} FROM coupons`, 5000, async (batch) => {
    for (const r of batch as CouponRow[]) {
      const k = rowKey(r.study, r.coupon_hash);
      if (stagedCoupons.get(k) !== couponSignature(r)) changed.push(r);
      stagedCoupons.delete(k);
    }
    return Promise.resolve();
  });
  const changedKeys = changed.map((r) => rowKey(r.study, r.coupon_hash));
  await unstage('rekey_coupons', 'coupon_hash', [...stagedCoupons.keys(), ...changedKeys], (s) => fresh.hideCoupon(old.revealCoupon(s)));
  for (let i = 0; i < changed.length; i += 2000) await putCoupons(changed.slice(i, i + 2000));
  await c.query('TRUNCATE responses, coupons');
  const responses = await c.query('INSERT INTO responses SELECT * FROM rekey_responses ORDER BY study COLLATE "C", response_id COLLATE "C"');
  const coupons = await c.query('INSERT INTO coupons SELECT * FROM rekey_coupons ORDER BY study COLLATE "C", coupon_hash COLLATE "C"');
  await c.query('TRUNCATE rekey_responses, rekey_coupons');
  return { responses: responses.rowCount ?? 0, coupons: coupons.rowCount ?? 0 };
}
