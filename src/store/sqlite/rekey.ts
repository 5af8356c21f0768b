// The SQLite re-keying: every row turned back with the old storage key and keyed anew, inside the caller's transaction.

import type Database from 'better-sqlite3';
import type { StorageKey } from '../storage-key.ts';
import { asBuffer, type CouponRow, type ResponseRow } from '../stored-rows.ts';

/** Moves every row through temp tables (an unlinked temp file), re-keyed, and back in the new key order. */
export function rewriteRows(db: Database.Database, old: StorageKey, fresh: StorageKey, damaged: () => Error): { responses: number; coupons: number } {
  const responsesAfter = db.prepare('SELECT study, response_id, period, status, sealed FROM responses WHERE (study, response_id) > (?, ?) ORDER BY study, response_id LIMIT 256');
  const couponsAfter = db.prepare('SELECT study, coupon_hash, issued_to, state, expiry, redeemed_by FROM coupons WHERE (study, coupon_hash) > (?, ?) ORDER BY study, coupon_hash LIMIT 1024');
  db.exec('CREATE TEMP TABLE next_responses (study TEXT, response_id TEXT, period TEXT, status TEXT, sealed BLOB)');
  db.exec('CREATE TEMP TABLE next_coupons (study TEXT, coupon_hash TEXT, issued_to TEXT, state TEXT, expiry TEXT, redeemed_by TEXT)');
  const putResponse = db.prepare('INSERT INTO temp.next_responses VALUES (?, ?, ?, ?, ?)');
  const putCoupon = db.prepare('INSERT INTO temp.next_coupons VALUES (?, ?, ?, ?, ?, ?)');
  const rekeyId = (stored: string | null): string | null => (stored === null ? null : fresh.hideId(old.revealId(stored)));
  let responses = 0;
  for (let at = ['', '']; ; ) {
    const rows = responsesAfter.all(...at) as ResponseRow[];
    for (const r of rows) {
      const rid = old.revealId(r.response_id);
      const sealed = old.unbox(r.study, rid, r.sealed);
      if (sealed === undefined) throw damaged();
      putResponse.run(r.study, fresh.hideId(rid), r.period, r.status, asBuffer(fresh.box(r.study, rid, sealed)));
    }
    responses += rows.length;
    const last = rows.at(-1);
    if (last === undefined) break;
    at = [last.study, last.response_id];
  }
  let coupons = 0;
  for (let at = ['', '']; ; ) {
    const rows = couponsAfter.all(...at) as CouponRow[];
    for (const c of rows) putCoupon.run(c.study, fresh.hideCoupon(old.revealCoupon(c.coupon_hash)), rekeyId(c.issued_to), c.state, c.expiry, rekeyId(c.redeemed_by));
    coupons += rows.length;
    const last = rows.at(-1);
    if (last === undefined) break;
    at = [last.study, last.coupon_hash];
  }
  db.exec('DELETE FROM responses');
  db.exec('DELETE FROM coupons');
  db.exec('INSERT INTO responses SELECT * FROM temp.next_responses ORDER BY study, response_id');
  db.exec('INSERT INTO coupons SELECT * FROM temp.next_coupons ORDER BY study, coupon_hash');
  db.exec('DROP TABLE temp.next_responses');
  db.exec('DROP TABLE temp.next_coupons');
  return { responses, coupons };
}
