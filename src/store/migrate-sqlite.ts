// The SQLite side of `portas migrate-store`: the tables of a store file inside one transaction, read-only for a
// source (it is never written, not even its journal), IMMEDIATE for a target.

import Database from 'better-sqlite3';
import { batches, COUPON_BATCH, type RowKey, type StoreTables, type StoredCoupon, type StoredResponse, type StoredToken } from './migrate-tables.ts';

// Columns are read under the names StoredResponse and StoredCoupon use, so rows need no mapping.
const RESPONSE_COLUMNS = 'study, response_id AS storedId, period, status, sealed AS boxed';
const COUPON_COLUMNS = 'study, coupon_hash AS storedHash, issued_to AS issuedTo, state, expiry, redeemed_by AS redeemedBy';

/**
 * Opens the store file at `path` and begins a transaction: a source is opened read-only (a shared lock keeps a
 * reshuffle out until close), a target read-write with the pragmas the store itself uses (synchronous=FULL,
 * secure_delete, rollback journal), so the commit is durable and nothing freed keeps old bytes.
 */
export function sqliteTables(path: string, role: 'source' | 'target'): StoreTables {
  const db = new Database(path, { readonly: role === 'source', fileMustExist: true });
  db.pragma('busy_timeout = 15000');
  if (role === 'target') {
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    db.exec('BEGIN IMMEDIATE');
  } else {
    db.exec('BEGIN');
    db.prepare('SELECT count(*) FROM sqlite_master').get(); // takes the shared lock now: one snapshot for every read
  }
  const putResponse = role === 'target' ? db.prepare('INSERT INTO responses (study, response_id, period, status, sealed) VALUES (?, ?, ?, ?, ?)') : undefined;
  const putCoupon = role === 'target' ? db.prepare('INSERT INTO coupons (study, coupon_hash, issued_to, state, expiry, redeemed_by) VALUES (?, ?, ?, ?, ?, ?)') : undefined;
  const putToken = role === 'target' ? db.prepare('INSERT INTO tokens (study, token_hash, label) VALUES (?, ?, ?)') : undefined;
  const writer = <T>(s: T | undefined): T => {
    if (s === undefined) throw new Error('migrate-store: a source store is never written');
    return s;
  };
  const count = (table: string): number => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return {
    label: `sqlite:${path}`,
    epoch: () => Promise.resolve(db.prepare('SELECT id FROM storage_epoch').pluck().get() as string),
    schemaVersion: () => Promise.resolve((db.prepare('SELECT max(version) FROM schema_version').pluck().get() as number | null) ?? 0),
    counts: () => Promise.resolve({ responses: count('responses'), coupons: count('coupons'), tokens: count('tokens') }),
    responseKeys: () => Promise.resolve(db.prepare('SELECT study, response_id AS storedId FROM responses').all() as RowKey[]),
    responses(keys: readonly RowKey[]) {
      const out: StoredResponse[] = [];
      const one = db.prepare(`SELECT ${RESPONSE_COLUMNS} FROM responses WHERE study = ? AND response_id = ?`);
      for (const k of keys) {
        const r = one.get(k.study, k.storedId) as StoredResponse | undefined;
        if (r !== undefined) out.push(r);
      }
      return Promise.resolve(out);
    },
    coupons: () => Promise.resolve(db.prepare(`SELECT ${COUPON_COLUMNS} FROM coupons`).all() as StoredCoupon[]),
    tokens: () => Promise.resolve(db.prepare('SELECT study, token_hash AS tokenHash, label FROM tokens').all() as StoredToken[]),
    insertResponses(rows: readonly StoredResponse[]) {
      const put = writer(putResponse);
      for (const r of rows) put.run(r.study, r.storedId, r.period, r.status, Buffer.isBuffer(r.boxed) ? r.boxed : Buffer.from(r.boxed));
      return Promise.resolve();
    },
    insertCoupons(rows: readonly StoredCoupon[]) {
      const put = writer(putCoupon);
      for (const chunk of batches(rows, COUPON_BATCH)) for (const c of chunk) put.run(c.study, c.storedHash, c.issuedTo, c.state, c.expiry, c.redeemedBy);
      return Promise.resolve();
    },
    insertTokens(rows: readonly StoredToken[]) {
      const put = writer(putToken);
      for (const t of rows) put.run(t.study, t.tokenHash, t.label);
      return Promise.resolve();
    },
    wipe() {
      writer(putToken);
      db.exec('DELETE FROM responses; DELETE FROM coupons; DELETE FROM tokens');
      return Promise.resolve();
    },
    setEpoch(id: string) {
      writer(putToken);
      db.prepare('UPDATE storage_epoch SET id = ?').run(id);
      return Promise.resolve();
    },
    commit() {
      db.exec('COMMIT');
      // Pages then follow the new key order even where --replace freed the old rows (secure_delete zeroed them).
      // The rows are committed already: a VACUUM that fails (disk full) leaves them in insertion order, which is
      // the new key's order too, so it must not turn a finished migration into a failed one.
      if (role === 'target') {
        try {
          db.exec('VACUUM');
        } catch {
          // see above
        }
      }
      return Promise.resolve();
    },
    close() {
      if (db.open) {
        if (db.inTransaction) db.exec('ROLLBACK');
        db.close();
      }
      return Promise.resolve();
    },
  };
}
