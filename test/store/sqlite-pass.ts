// Test helpers for the SQLite re-keying: what a pass has left in the file, read from a connection of the test's own,
// and a wait until a pass (on the store's re-keying thread) has got that far.

import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Tables, triggers and the key file's ids: what a finished pass must leave. */
export function leftovers(path: string): { tables: string[]; triggers: number; keys: number; epochKept: boolean } {
  const db = new Database(path, { readonly: true });
  db.pragma('busy_timeout = 15000');
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  const triggers = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'").pluck().get() as number;
  const epoch = db.prepare('SELECT id FROM storage_epoch').pluck().get() as string;
  db.close();
  const ids = (JSON.parse(readFileSync(`${path}.key`, 'utf8')) as { keys: { id: string }[] }).keys.map((k) => k.id);
  return { tables, triggers, keys: ids.length, epochKept: ids.includes(epoch) };
}
export const CLEAN = { tables: ['coupons', 'form_keys', 'responses', 'schema_version', 'storage_epoch', 'tokens'], triggers: 0, keys: 1, epochKept: true };

/** Rows the pass under way has put in the new responses table so far; undefined when no pass is under way. */
export function copiedSoFar(path: string): number | undefined {
  const db = new Database(path, { readonly: true });
  try {
    db.pragma('busy_timeout = 15000');
    const under = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'rekey_pass'").pluck().get() !== undefined;
    return under ? (db.prepare('SELECT responses FROM rekey_pass').pluck().get() as number | undefined) ?? 0 : undefined;
  } finally {
    db.close();
  }
}

/** Waits (polling, the event loop free) until the pass under way has copied at least `rows` responses. */
export async function untilCopied(path: string, rows: number, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while ((copiedSoFar(path) ?? -1) < rows) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`no pass copied ${String(rows)} rows within ${String(timeoutMs)} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
