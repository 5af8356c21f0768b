// The pragmas every SQLite connection of a store sets: the serving one and the re-keying thread's own.

import type Database from 'better-sqlite3';

/**
 * Rollback journal (DELETE), not WAL: a WAL file is an append-only log of page images in commit order that outlives
 * checkpoints — an arrival-ordered history we must not keep on disk.
 */
export function configure(db: Database.Database): void {
  db.pragma('busy_timeout = 15000');
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON'); // freed cells and pages are zeroed, so moved or rewritten rows leave no copy behind
  // A re-keying lists old and new keys in temp tables: an unlinked temp file (SQLITE_TMPDIR), not memory.
  db.pragma('temp_store = FILE');
  db.pragma('cell_size_check = ON');
}
