// The tables, triggers and renames of a SQLite re-keying pass (docs/storage.md, "SQLite: a re-keying in steps"). Each
// function runs inside the caller's IMMEDIATE transaction and costs the same whatever the size of the tables, except
// `drainSome`, which deletes at most the rows it is told to.

import type Database from 'better-sqlite3';

/** The keyed tables a pass rewrites, with their primary key's second column. */
export const KEYED = [
  { table: 'responses', key: 'response_id' },
  { table: 'coupons', key: 'coupon_hash' },
] as const;
export type KeyedTable = (typeof KEYED)[number]['table'];

const exists = (db: Database.Database, name: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(name) !== undefined;

/** The fresh epoch id of the pass under way (begun by any process, possibly one since killed), if any. */
export function passUnderWay(db: Database.Database): string | undefined {
  if (!exists(db, 'rekey_pass')) return undefined;
  return db.prepare('SELECT id FROM rekey_pass').pluck().get() as string | undefined;
}

/**
 * An index of the new table cannot take the old index's name while the old table exists, and SQLite cannot rename an
 * index: the names alternate between `x` and `x_b` from one pass to the next. Nothing refers to an index by name.
 */
const otherName = (index: string): string => (index.endsWith('_b') ? index.slice(0, -2) : `${index}_b`);

/** The statements that create `table`_next like `table` (columns, checks, indexes), read from the live schema. */
function nextTableSql(db: Database.Database, table: KeyedTable): string[] {
  const rows = db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = ? AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC").all(table) as { type: string; name: string; sql: string }[];
  const next = `${table}_next`;
  return rows.map((r) => {
    const out =
      r.type === 'table'
        ? r.sql.replace(new RegExp(`^CREATE TABLE ("?)${table}\\1`), `CREATE TABLE ${next}`)
        : r.sql.replace(new RegExp(`^CREATE (UNIQUE )?INDEX ("?)${r.name}\\2 ON ("?)${table}\\3`), `CREATE $1INDEX ${otherName(r.name)} ON ${next}`);
    if (out === r.sql) throw new Error(`re-keying: cannot derive ${next} from ${r.name}: ${r.sql.slice(0, 60)}`);
    return out;
  });
}

/**
 * Starts a pass towards epoch `freshId`: empty `*_next` tables shaped like the live ones, a log that triggers fill with
 * the key of every row written, changed or deleted from now on (by any connection), and the pass's row. The log holds
 * keyed values under the current key, like the tables; it is the tail of arrivals that the live tables hold anyway.
 */
export function beginPass(db: Database.Database, freshId: string): void {
  for (const { table } of KEYED) for (const sql of nextTableSql(db, table)) db.exec(sql);
  db.exec('CREATE TABLE rekey_log (tbl TEXT NOT NULL, study TEXT NOT NULL, stored TEXT NOT NULL, PRIMARY KEY (tbl, study, stored)) WITHOUT ROWID');
  for (const { table, key } of KEYED) {
    const log = (row: 'NEW' | 'OLD'): string => `INSERT OR IGNORE INTO rekey_log VALUES ('${table}', ${row}.study, ${row}.${key})`;
    db.exec(`CREATE TRIGGER rekey_${table}_insert AFTER INSERT ON ${table} BEGIN ${log('NEW')}; END`);
    db.exec(`CREATE TRIGGER rekey_${table}_update AFTER UPDATE ON ${table} BEGIN ${log('OLD')}; ${log('NEW')}; END`);
    db.exec(`CREATE TRIGGER rekey_${table}_delete AFTER DELETE ON ${table} BEGIN ${log('OLD')}; END`);
  }
  // The new tables' row counts, kept by every step that adds or removes a row there (the switch reports them).
  db.exec('CREATE TABLE rekey_pass (id TEXT NOT NULL PRIMARY KEY, responses INTEGER NOT NULL DEFAULT 0, coupons INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID');
  db.prepare('INSERT INTO rekey_pass (id) VALUES (?)').run(freshId);
}

function endPass(db: Database.Database): void {
  for (const { table } of KEYED) for (const what of ['insert', 'update', 'delete']) db.exec(`DROP TRIGGER IF EXISTS rekey_${table}_${what}`);
  db.exec('DROP TABLE IF EXISTS rekey_log');
  db.exec('DROP TABLE IF EXISTS rekey_pass');
}

/**
 * The switch, once the new tables hold every live row re-keyed and the log is empty: the live tables become `*_old`
 * and the new ones take their names (catalogue changes only). The caller switches the epoch in the same transaction;
 * the old rows, under a key forgotten right after, are deleted in steps (`drainSome`).
 */
export function swapTables(db: Database.Database): void {
  endPass(db);
  for (const { table } of KEYED) {
    db.exec(`ALTER TABLE ${table} RENAME TO ${table}_old`);
    db.exec(`ALTER TABLE ${table}_next RENAME TO ${table}`);
  }
}

/** Gives a pass up (its key is lost): what it had copied becomes `*_old`, deleted in steps like any old rows. */
export function abandonPass(db: Database.Database): void {
  endPass(db);
  for (const { table } of KEYED) if (exists(db, `${table}_next`)) db.exec(`ALTER TABLE ${table}_next RENAME TO ${table}_old`);
}

/** Rows are still to be deleted from an `*_old` table (a switch, or a give-up, whose clean-up a kill interrupted). */
export const oldTablesLeft = (db: Database.Database): boolean => KEYED.some(({ table }) => exists(db, `${table}_old`));

/**
 * Deletes up to `limit` rows of each `*_old` table (secure_delete zeroes their cells and pages), and drops a table once
 * empty (a DROP of an empty table frees a handful of pages). Returns how many rows went.
 */
export function drainSome(db: Database.Database, limit: number): number {
  let deleted = 0;
  for (const { table, key } of KEYED) {
    const old = `${table}_old`;
    if (!exists(db, old)) continue;
    const n = db.prepare(`DELETE FROM ${old} WHERE (study, ${key}) IN (SELECT study, ${key} FROM ${old} ORDER BY study, ${key} LIMIT ?)`).run(limit).changes;
    deleted += n;
    if (n < limit) db.exec(`DROP TABLE ${old}`);
    if (deleted >= limit) break;
  }
  return deleted;
}
