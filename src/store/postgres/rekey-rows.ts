// Rows turned back with the old storage key and keyed anew, and written in bulk: the re-keying's long copy and its
// catch-up rounds (rekey.ts).

import type pg from 'pg';
import type { StorageKey } from '../storage-key.ts';
import { asBuffer, type CouponRow, type ResponseRow } from '../stored-rows.ts';

export const RESPONSE_COLUMNS = 'study, response_id, period, status, sealed';
export const COUPON_COLUMNS = 'study, coupon_hash, issued_to, state, expiry, redeemed_by';
export const TABLES = [
  { name: 'responses', staging: 'rekey_responses', columns: RESPONSE_COLUMNS, order: 'study COLLATE "C", response_id COLLATE "C"' },
  { name: 'coupons', staging: 'rekey_coupons', columns: COUPON_COLUMNS, order: 'study COLLATE "C", coupon_hash COLLATE "C"' },
] as const;

export type KeyedTable = (typeof TABLES)[number]['name'];

/** Re-keys a batch of rows into the arrays `unnest` takes, one per column. */
export function rekeyed(old: StorageKey, fresh: StorageKey, damaged: () => Error): { responses: (rows: readonly ResponseRow[]) => unknown[][]; coupons: (rows: readonly CouponRow[]) => unknown[][] } {
  const rekeyId = (stored: string | null): string | null => (stored === null ? null : fresh.hideId(old.revealId(stored)));
  const columns = (rows: readonly (readonly unknown[])[], n: number): unknown[][] => Array.from({ length: n }, (_, i) => rows.map((r) => r[i]));
  return {
    responses: (rows) =>
      columns(
        rows.map((r) => {
          const rid = old.revealId(r.response_id);
          const sealed = old.unbox(r.study, rid, r.sealed);
          if (sealed === undefined) throw damaged();
          return [r.study, fresh.hideId(rid), r.period, r.status, asBuffer(fresh.box(r.study, rid, sealed))];
        }),
        5,
      ),
    coupons: (rows) => columns(rows.map((r) => [r.study, fresh.hideCoupon(old.revealCoupon(r.coupon_hash)), rekeyId(r.issued_to), r.state, r.expiry, rekeyId(r.redeemed_by)]), 6),
  };
}

const UNNEST = {
  responses: 'unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[])',
  coupons: 'unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])',
} as const;

/** Inserts re-keyed rows (`rekeyed`'s arrays) of `table` into `into`, in key order; the rows inserted. */
export async function putRows(c: pg.ClientBase, table: KeyedTable, into: string, columns: unknown[][]): Promise<number> {
  const t = TABLES.find((x) => x.name === table) ?? TABLES[0];
  const r = await c.query(`INSERT INTO ${into} (${t.columns}) SELECT * FROM ${UNNEST[table]} AS g(${t.columns}) ORDER BY ${t.order}`, columns);
  return r.rowCount ?? 0;
}

/** Waits `idle` times the time since `since` (a batch's start). */
const breathe = (since: number, idle: number): Promise<void> => (idle <= 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, idle * (performance.now() - since))));

/**
 * Reads `select` through a cursor in batches (the cursor's snapshot is taken when it opens), handing each batch on;
 * after each, `stopped` may end the reading with an error, and the reading waits `idle` times the batch's time.
 */
export async function eachBatch(c: pg.ClientBase, name: string, select: string, size: number, pace: { readonly idle: number; readonly stopped: () => Error | undefined }, fn: (rows: unknown[]) => Promise<void>): Promise<void> {
  await c.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${select}`);
  for (;;) {
    const t0 = performance.now();
    const { rows } = await c.query(`FETCH ${String(size)} FROM ${name}`);
    if (rows.length === 0) break;
    await fn(rows);
    const stop = pace.stopped();
    if (stop !== undefined) throw stop;
    await breathe(t0, pace.idle);
  }
  await c.query(`CLOSE ${name}`);
}
