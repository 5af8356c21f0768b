// The SQLite re-keying's row work, in steps of a bounded number of rows: list every live row's key and its key under
// the fresh storage key (a temp table, so sorted by the new key), copy the rows in that order into the `*_next` tables
// re-keyed, then redo the rows the log names (written, changed or deleted since the pass began). Reading a batch, its
// crypto and writing it are three calls, so that a caller can do the crypto with no transaction open (below).

import type Database from 'better-sqlite3';
import type { StorageKey } from '../storage-key.ts';
import { asBuffer } from '../stored-rows.ts';
import { KEYED, type KeyedTable } from './rekey-schema.ts';

type Cursor = readonly [study: string, stored: string];
const START: Cursor = ['', ''];

/**
 * A live row's columns but its key, as read (responses: period, status, sealed; coupons: issued_to, state, expiry,
 * redeemed_by); undefined when the row is gone.
 */
type LiveRow = readonly unknown[] | undefined;

/** One row of a batch: where it is, what it was when read, and its re-keyed columns once `rekey` has run. */
export interface Planned {
  readonly table: KeyedTable;
  readonly study: string;
  /** The key under the fresh storage key. */
  readonly f: string;
  /** The key as stored now, under the current key. */
  readonly stored: string;
  readonly live: LiveRow;
  /** The new row's values, ready to insert; 'damaged' when the old key could not open the box. */
  put?: unknown[] | 'damaged';
}

const sameValue = (a: unknown, b: unknown): boolean => (Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : a === b);
const sameRow = (a: LiveRow, b: LiveRow): boolean =>
  a === undefined || b === undefined ? a === b : a.length === b.length && a.every((v, i) => sameValue(v, b[i]));

/**
 * One process's share of a pass from `old` to `fresh`: statements prepared once, cursors kept between steps.
 *
 * Why the crypto may run outside the write transaction (the argument; the tests plant the races): a batch is read in
 * one short transaction (`planCopy`, `planRedo`), re-keyed with no transaction open (`rekey`), and written in an
 * IMMEDIATE one (`putCopy`, `putRedo`) that first reads each live row again and writes a row only if it is exactly as
 * it was read (every column, the sealed bytes included). Such a write puts into the new tables what a copy made inside
 * the write transaction would put: the live row as it is at this commit, re-keyed. A row that differs (or went, or
 * came back) was changed after the read, so after the pass began, and the triggers logged its key at that change; it is
 * skipped here and left to the log, whose redo copies it as it is then (a redo that meanwhile took its log entry away
 * copied it as it was at that redo, and any later change logs it again). So the batch's skipped rows are exactly
 * rows the log names or a redo covered, and the rows it writes are current: the same two facts as when every step ran
 * in one transaction. The last redo and the switch stay one transaction (`redoLogged`), so nothing lands between the
 * last check and the switch.
 */
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
        responses: db.prepare('SELECT period, status, sealed FROM responses WHERE study = ? AND response_id = ?').raw(),
        coupons: db.prepare('SELECT issued_to, state, expiry, redeemed_by FROM coupons WHERE study = ? AND coupon_hash = ?').raw(),
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

  private liveRow(table: KeyedTable, study: string, stored: string): LiveRow {
    return this.s.live[table].get(study, stored) as unknown[] | undefined;
  }

  /** Up to `limit` more live keys, in the old key order (a read). */
  listKeys(limit: number): { table: KeyedTable; rows: Cursor[]; limit: number } | undefined {
    const at = this.collectAt;
    if (at === undefined) return undefined;
    return { table: at.table, rows: this.s.keysAfter[at.table].all(...at.after, limit) as [string, string][], limit };
  }

  /** Keys them anew: the rows of the order table. Needs no transaction. */
  keyAnew(keys: { table: KeyedTable; rows: Cursor[]; limit: number }): { table: KeyedTable; rows: Cursor[]; limit: number; listed: (readonly [string, string, string])[] } {
    return { ...keys, listed: keys.rows.map(([study, stored]) => [study, this.freshKey(keys.table, stored), stored] as const) };
  }

  /**
   * Lists them in the order table: this connection's own temp table, so the caller's transaction takes no lock on the
   * database. True when every live key is listed.
   */
  order(keys: { table: KeyedTable; rows: Cursor[]; limit: number; listed: (readonly [string, string, string])[] } | undefined): boolean {
    if (keys === undefined) return true;
    const { table, rows, limit, listed } = keys;
    for (const r of listed) this.s.putOrder[table].run(...r);
    this.listed += rows.length;
    const last = rows.at(-1);
    if (last !== undefined && rows.length === limit) this.collectAt = { table, after: last };
    else this.collectAt = table === 'responses' ? { table: 'coupons', after: START } : undefined;
    return this.collectAt === undefined;
  }

  /** The next `limit` listed rows, in the new key order, with the live rows of those the new tables lack (a read). */
  planCopy(limit: number): { table: KeyedTable; rows: Planned[]; listed: number; last: Cursor | undefined } | undefined {
    const table = this.copying;
    if (table === undefined) return undefined;
    const order = this.s.orderFirst[table].all(limit) as [string, string, string][];
    const rows: Planned[] = [];
    for (const [study, f, stored] of order) {
      if (this.s.inNext[table].get(study, f) !== undefined) continue;
      const live = this.liveRow(table, study, stored);
      if (live !== undefined) rows.push({ table, study, f, stored, live });
    }
    const last = order.at(-1);
    return { table, rows, listed: order.length, last: last === undefined ? undefined : [last[0], last[1]] };
  }

  /** The crypto of a batch: each row's columns under the fresh key. Needs no transaction. */
  rekey(rows: readonly Planned[]): void {
    const { old, fresh } = this;
    const id = (v: unknown): unknown => (typeof v === 'string' ? fresh.hideId(old.revealId(v)) : v);
    for (const p of rows) {
      const live = p.live;
      if (live === undefined) continue;
      if (p.table === 'coupons') {
        const [issuedTo, state, expiry, redeemedBy] = live;
        p.put = [p.study, p.f, id(issuedTo), state, expiry, id(redeemedBy)];
        continue;
      }
      const [period, status, boxed] = live;
      const rid = old.revealId(p.stored);
      const sealed = boxed instanceof Uint8Array ? old.unbox(p.study, rid, boxed) : undefined;
      p.put = sealed === undefined ? 'damaged' : [p.study, p.f, period, status, asBuffer(fresh.box(p.study, rid, sealed))];
    }
  }

  /** Still as read? Then `p.put` is what a copy made now would write (the argument above). */
  private unchanged(p: Planned): boolean {
    return sameRow(this.liveRow(p.table, p.study, p.stored), p.live);
  }

  private insert(p: Planned): number {
    if (p.put === undefined) return 0;
    if (p.put === 'damaged') throw this.damaged();
    this.s.put[p.table].run(...p.put);
    return 1;
  }

  /**
   * Writes a planned copy batch: each row the new tables still lack and that is unchanged since the read. Inside the
   * caller's IMMEDIATE transaction, which holds inserts and point reads only.
   */
  putCopy(batch: { table: KeyedTable; rows: Planned[]; listed: number; last: Cursor | undefined }, limit: number): boolean {
    const { table } = batch;
    let copied = 0;
    for (const p of batch.rows) if (this.s.inNext[table].get(p.study, p.f) === undefined && this.unchanged(p)) copied += this.insert(p);
    this.s.added[table].run(copied);
    // Listed rows go once copied, so that the order tables end empty (no long drop, nothing left to zero at the end).
    if (batch.last !== undefined) this.s.orderDone[table].run(...batch.last);
    if (batch.listed < limit) this.copying = table === 'responses' ? 'coupons' : undefined;
    return this.copying === undefined;
  }

  /** Rows the log names, still to be redone. */
  logSize(): number {
    return this.s.logSize.get() as number;
  }

  /** Up to `limit` logged rows with their live rows now (gone: undefined), in the new key order among themselves. */
  planRedo(limit: number): Planned[] {
    const rows = (this.s.logged.all(limit) as [KeyedTable, string, string][]).map(([table, study, stored]): Planned => ({ table, study, stored, f: this.freshKey(table, stored), live: this.liveRow(table, study, stored) }));
    return rows.sort((a, b) => (a.table !== b.table ? (a.table < b.table ? -1 : 1) : a.study !== b.study ? (a.study < b.study ? -1 : 1) : a.f < b.f ? -1 : a.f > b.f ? 1 : 0));
  }

  /**
   * Redoes a planned batch: for each row unchanged since the read, the new tables' copy goes, the live row comes back
   * re-keyed (a deleted one does not) and its log entry goes; a changed row stays logged. Inside the caller's
   * IMMEDIATE transaction.
   */
  putRedo(rows: readonly Planned[]): number {
    let done = 0;
    for (const p of rows) {
      if (!this.unchanged(p)) continue;
      const dropped = this.s.dropNext[p.table].run(p.study, p.f).changes;
      const copied = this.insert(p);
      if (copied !== dropped) this.s.added[p.table].run(copied - dropped);
      this.s.unlog.run(p.table, p.study, p.stored);
      done += 1;
    }
    return done;
  }

  /** Reads, re-keys and redoes up to `limit` logged rows, all inside the caller's IMMEDIATE transaction (the switch). */
  redoLogged(limit: number): number {
    const rows = this.planRedo(limit);
    this.rekey(rows);
    return this.putRedo(rows);
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
