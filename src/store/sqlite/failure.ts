// Maps SQLite's error codes to the store's typed failures; anything else is a bug and is rethrown.

import Database from 'better-sqlite3';
import type { StorageFailure } from '../store.ts';

const REASONS: readonly [prefix: string, reason: StorageFailure['reason']][] = [
  ['SQLITE_FULL', 'disk-full'],
  ['SQLITE_IOERR', 'io-error'],
  ['SQLITE_READONLY', 'read-only'],
  ['SQLITE_BUSY', 'busy'],
  ['SQLITE_LOCKED', 'busy'],
  ['SQLITE_CANTOPEN', 'unavailable'],
  ['SQLITE_CORRUPT', 'corrupt'],
  ['SQLITE_NOTADB', 'corrupt'],
  ['SQLITE_PROTOCOL', 'busy'],
];

/** The typed failure for an I/O-class SQLite error, or undefined when `e` is not one (then it is a bug). */
export function sqliteFailure(operation: string, e: unknown): StorageFailure | undefined {
  if (!(e instanceof Database.SqliteError)) return undefined;
  const hit = REASONS.find(([prefix]) => e.code.startsWith(prefix));
  if (hit === undefined) return undefined;
  return { kind: 'storage-failed', reason: hit[1], message: `${operation}: SQLite ${e.code}` };
}

/** Runs `fn`, turning I/O-class SQLite errors into a typed failure value; rethrows bugs. */
export function guard<T>(operation: string, fn: () => T): T | StorageFailure {
  try {
    return fn();
  } catch (e) {
    const failure = sqliteFailure(operation, e);
    if (failure === undefined) throw e;
    return failure;
  }
}

export const isFailure = (x: unknown): x is StorageFailure =>
  typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'storage-failed';
