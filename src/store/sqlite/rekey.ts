// The SQLite re-keying's row work, in steps of a bounded number of rows: list every live row's key and its key under
// the fresh storage key (a temp table, so sorted by the new key), copy the rows in that order into the `*_next` tables
// re-keyed, then redo the rows the log names (written, changed or deleted since the pass began).

import type Database from 'better-sqlite3';
import type { StorageKey } from '../storage-key.ts';
import { asBuffer } from '../stored-rows.ts';
import { KEYED, type KeyedTable } from './rekey-schema.ts';

type Cursor = readonly [study: string, stored: string];
const START: Cursor = ['', ''];

interface Live {
  responses: { period: string; status: string; sealed: Buffer };
  coupons: { issued_to: string | null; state: string; expiry: string | null; redeemed_by: string | null };
}

/** One process's share of a pass from `old` to `fresh`: statements prepared once, cursors kept between steps. */
export class RekeyRows {
  private readonly s;
  private collectAt: { table: KeyedTable; after: Cursor } | undefined = { table: 'responses', after: START };
  private copying: KeyedTable | undefined = 'responses';

  constructor(
    private readonly db: Database.Database,
    private readonly old: StorageKey,
    private readonly fresh: StorageKey,
    private readonly damaged: () => Error,
  ) {
    // The order tables hold old and new keys side by side: zeroed as they are emptied, like the main file.
    db.pragma('temp.secure_delete = ON');
    for (const { table } of KEYED) {
      db.exec(`CREATE TEMP TABLE IF NOT EXISTS rekey_order_${table} (study TEXT NOT NULL, f TEXT NOT NULL, o TEXT NOT NULL, PRIMARY KEY (study, f)) WITHOUT ROWID`);
      db.exec(`DELETE FROM temp.rekey_order_${table}`);
    }
    const per = (fn: (t: (typeof KEYED)[number]) => Database.Statement): Record<KeyedTable, Database.Statement> => ({ responses: fn(KEYED[0]), coupons: fn(KEYED[1]) });
    this.s = {
      keysAfter: per(({ table, key }) => db.prepare(`SELECT study, ${key} FROM ${table} WHERE (study, ${key}) > (?, ?) ORDER BY study, ${key} LIMIT ?`).raw()),
      putOrder: per(({ table }) => db.prepare(`INSERT OR REPLACE INTO temp.rekey_order_${table} (study, f, o) VALUES (?, ?, ?)`)),
      orderFirst: per(({ table }) => db.prepare(`SELECT study, f, o FROM temp.rekey_order_${table} ORDER BY study, f LIMIT ?`).raw()),
      orderDone: per(({ table }) => db.prepare(`DELETE FROM temp.rekey_order_${table} WHERE (study, f) <= (?, ?)`)),
      inNext: per(({ table, key }) => db.prepare(`SELECT 1 FROM ${table}_next WHERE study = ? AND ${key} = ?`).pluck()),
      dropNext: per(({ table, key }) => db.prepare(`DELETE FROM ${table}_next WHERE study = ? AND ${key} = ?`)),
      live: {
        responses: db.prepare('SELECT period, status, sealed FROM responses WHERE study = ? AND response_id = ?'),
        coupons: db.prepare('SELECT issued_to, state, expiry, redeemed_by FROM coupons WHERE study = ? AND coupon_hash = ?'),
      },
      put: {
        responses: db.prepare('INSERT INTO responses_next (study, response_id, period, status, sealed) VALUES (?, ?, ?, ?, ?)'),
        coupons: db.prepare('INSERT INTO coupons_next (study, coupon_hash, issued_to, state, expiry, redeemed_by) VALUES (?, ?, ?, ?, ?, ?)'),
      },
      logged: db.prepare('SELECT tbl, study, stored FROM rekey_log LIMIT ?').raw(),
      unlog: db.prepare('DELETE FROM rekey_log WHERE tbl = ? AND study = ? AND stored = ?'),
      logSize: db.prepare('SELECT count(*) FROM rekey_log').pluck(),
      added: per(({ table }) => db.prepare(`UPDATE rekey_pass SET ${table} = ${table} + ?`)),
      nextCounts: db.prepare('SELECT responses, coupons FROM rekey_pass'),
    };
  }

  /** Rows this process listed: about the size of the tables (the switch counts them only when this is small). */
  listed = 0;

  /** The new tables' row counts, as every step of the pass (in any process) has kept them. */
  nextCounts(): Record<KeyedTable, number> {
    return this.s.nextCounts.get() as Record<KeyedTable, number>;
  }

  private freshKey(table: KeyedTable, stored: string): string {
    return table === 'responses' ? this.fresh.hideId(this.old.revealId(stored)) : this.fresh.hideCoupon(this.old.revealCoupon(stored));
  }

  /** Lists up to `limit` more live keys with their new keys (a read; the order table is this connection's own). */
  collect(limit: number): { rows: number; done: boolean } {
    const at = this.collectAt;
    if (at === undefined) return { rows: 0, done: true };
    const rows = this.s.keysAfter[at.table].all(...at.after, limit) as [string, string][];
    for (const [study, stored] of rows) this.s.putOrder[at.table].run(study, this.freshKey(at.table, stored), stored);
    this.listed += rows.length;
    const last = rows.at(-1);
    if (last !== undefined && rows.length === limit) this.collectAt = { table: at.table, after: last };
    else this.collectAt = at.table === 'responses' ? { table: 'coupons', after: START } : undefined;
    return { rows: rows.length, done: this.collectAt === undefined };
  }

  /** Re-keys the live row `stored` of `table` into `table`_next (gone: nothing), as it is now. */
  private copy(table: KeyedTable, study: string, freshKey: string, stored: string): boolean {
    const { old, fresh } = this;
    if (table === 'responses') {
      const r = this.s.live.responses.get(study, stored) as Live['responses'] | undefined;
      if (r === undefined) return false;
      const rid = old.revealId(stored);
      const sealed = old.unbox(study, rid, r.sealed);
      if (sealed === undefined) throw this.damaged();
      this.s.put.responses.run(study, freshKey, r.period, r.status, asBuffer(fresh.box(study, rid, sealed)));
      return true;
    }
    const c = this.s.live.coupons.get(study, stored) as Live['coupons'] | undefined;
    if (c === undefined) return false;
    const id = (v: string | null): string | null => (v === null ? null : fresh.hideId(old.revealId(v)));
    this.s.put.coupons.run(study, freshKey, id(c.issued_to), c.state, c.expiry, id(c.redeemed_by));
    return true;
  }

  /**
   * Copies up to `limit` more rows, in the new key order, that the new tables lack (another process sharing the pass,
   * or the log's redo, may have copied some already). Inside the caller's IMMEDIATE transaction.
   */
  copySome(limit: number): { rows: number; done: boolean } {
    const table = this.copying;
    if (table === undefined) return { rows: 0, done: true };
    const order = this.s.orderFirst[table].all(limit) as [string, string, string][];
    let copied = 0;
    for (const [study, f, o] of order) if (this.s.inNext[table].get(study, f) === undefined && this.copy(table, study, f, o)) copied += 1;
    this.s.added[table].run(copied);
    const last = order.at(-1);
    // Listed rows go once copied, so that the order tables end empty (no long drop, nothing left to zero at the end).
    if (last !== undefined) this.s.orderDone[table].run(last[0], last[1]);
    if (order.length < limit) this.copying = table === 'responses' ? 'coupons' : undefined;
    return { rows: copied, done: this.copying === undefined };
  }

  /** Rows the log names, still to be redone. */
  logSize(): number {
    return this.s.logSize.get() as number;
  }

  /**
   * Redoes up to `limit` logged rows: the new tables' copy goes, the live row as it is now comes back re-keyed (a
   * deleted one does not), in the new key order among themselves. Inside the caller's IMMEDIATE transaction.
   */
  redoLogged(limit: number): number {
    const entries = (this.s.logged.all(limit) as [KeyedTable, string, string][]).map(([table, study, stored]) => ({ table, study, stored, f: this.freshKey(table, stored) }));
    entries.sort((a, b) => (a.table !== b.table ? (a.table < b.table ? -1 : 1) : a.study !== b.study ? (a.study < b.study ? -1 : 1) : a.f < b.f ? -1 : a.f > b.f ? 1 : 0));
    for (const e of entries) {
      const dropped = this.s.dropNext[e.table].run(e.study, e.f).changes;
      const copied = this.copy(e.table, e.study, e.f, e.stored) ? 1 : 0;
      if (copied !== dropped) this.s.added[e.table].run(copied - dropped);
      this.s.unlog.run(e.table, e.study, e.stored);
    }
    return entries.length;
  }

  /** Ends this process's share: its order tables go (they hold old and new keys side by side). */
  dispose(): void {
    for (const { table } of KEYED) this.db.exec(`DROP TABLE IF EXISTS temp.rekey_order_${table}`);
  }
}

/** Live and new row counts of each table: equal when the new tables are complete (checked before the switch). */
export function rowCounts(db: Database.Database): Record<'live' | 'next', Record<KeyedTable, number>> {
  const count = (t: string): number => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
  return {
    live: { responses: count('responses'), coupons: count('coupons') },
    next: { responses: count('responses_next'), coupons: count('coupons_next') },
  };
}
